package dev.topowatch.analyzer.load;

import dev.topowatch.harness.AnalyzerClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One scrape of an analyzer's {@code /metrics} (Prometheus text), with the sums the load commands report. */
public final class MetricsPage {

  private record Series(String name, String labels, double value) {}

  private final List<Series> series;

  private MetricsPage(List<Series> series) {
    this.series = series;
  }

  /** Scrapes {@code baseUrl/metrics}. */
  public static MetricsPage scrape(String baseUrl) throws IOException, InterruptedException {
    String text = new AnalyzerClient(URI.create(baseUrl + "/")).metricsText();
    if (text == null) {
      throw new IOException(baseUrl + "/metrics did not answer");
    }
    return parse(text);
  }

  static MetricsPage parse(String text) {
    List<Series> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String id = line.substring(0, space);
      int brace = id.indexOf('{');
      out.add(new Series(brace < 0 ? id : id.substring(0, brace), brace < 0 ? "" : id.substring(brace),
          parseValue(line.substring(space + 1))));
    }
    return new MetricsPage(out);
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }

  /** Sum of the series of {@code name} whose labels contain every fragment (e.g. {@code area="heap"}); 0 when none. */
  public double sum(String name, String... labelFragments) {
    double total = 0;
    for (Series s : series) {
      if (s.name().equals(name) && matches(s, labelFragments)) {
        total += s.value();
      }
    }
    return total;
  }

  /** Number of series on the page: what Prometheus stores per scrape of this analyzer. */
  public int seriesCount() {
    return series.size();
  }

  /** Cumulative counts of a histogram's buckets by upper bound ({@code +Inf} last). */
  public Map<Double, Double> buckets(String histogram) {
    Map<Double, Double> out = new TreeMap<>();
    for (Series s : series) {
      if (s.name().equals(histogram + "_bucket")) {
        int i = s.labels().indexOf("le=\"") + 4;
        String le = s.labels().substring(i, s.labels().indexOf('"', i));
        out.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value(), Double::sum);
      }
    }
    return out;
  }

  private static boolean matches(Series s, String[] fragments) {
    for (String f : fragments) {
      if (!s.labels().contains(f)) {
        return false;
      }
    }
    return true;
  }
}
