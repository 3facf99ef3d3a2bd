package dev.topowatch.experiment.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One XChart line/scatter chart with the page's house style (white background, legend outside on
 * the right, readable fonts), saved as PNG. NaN points are left out, so a series with gaps still draws.
 */
final class Chart {

  /** Colours by series family, readable on white and for the common colour-vision deficiencies. */
  static final Color[] PALETTE = {
      new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
      new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(120, 120, 120)};

  private final XYChart chart;

  Chart(String title, String xTitle, String yTitle) {
    chart = new XYChartBuilder().width(900).height(480).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    Styler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setLegendBorderColor(Color.LIGHT_GRAY);
    s.setChartTitleBoxVisible(false);
    s.setPlotBorderColor(Color.GRAY);
    s.setSeriesColors(PALETTE);
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setAxisTitleFont(chart.getStyler().getAxisTitleFont().deriveFont(14f));
    chart.getStyler().setDecimalPattern("#,##0.###");
  }

  /** A line through the finite points; {@code dashed} for the secondary quantity; {@code axis} 0 left, 1 right. */
  Chart line(String name, double[] x, double[] y, int colour, boolean dashed, boolean markers, int axis) {
    double[][] p = finite(x, y);
    if (p[0].length == 0) {
      return this;
    }
    XYSeries s = chart.addSeries(name, p[0], p[1]);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setLineColor(PALETTE[colour % PALETTE.length]);
    s.setMarkerColor(PALETTE[colour % PALETTE.length]);
    s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    s.setLineStyle(dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
        : new BasicStroke(1.8f));
    s.setYAxisGroup(axis);
    return this;
  }

  /** Unconnected markers. */
  Chart points(String name, double[] x, double[] y, int colour) {
    double[][] p = finite(x, y);
    if (p[0].length == 0) {
      return this;
    }
    XYSeries s = chart.addSeries(name, p[0], p[1]);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(PALETTE[colour % PALETTE.length]);
    return this;
  }

  Chart rightAxis(String title) {
    chart.setYAxisGroupTitle(1, title);
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    return this;
  }

  Chart logY() {
    chart.getStyler().setYAxisLogarithmic(true);
    return this;
  }

  void save(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double[][] finite(double[] x, double[] y) {
    int[] keep = java.util.stream.IntStream.range(0, x.length).filter(i -> Double.isFinite(x[i]) && Double.isFinite(y[i])).toArray();
    return new double[][] {Arrays.stream(keep).mapToDouble(i -> x[i]).toArray(), Arrays.stream(keep).mapToDouble(i -> y[i]).toArray()};
  }
}
