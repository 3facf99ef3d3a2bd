package dev.topowatch.experiment.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table built row by row. */
final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(c == null ? "" : c.toString());
    }
    rows.add(row);
    return this;
  }

  String markdown() {
    StringBuilder out = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> out.append("---|"));
    out.append('\n');
    for (List<String> row : rows) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  /** A number with {@code decimals} decimals, "n/a" for NaN; the minus sign as in prose. */
  static String num(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v).replace("-", "−");
  }

  /** A p-value: three decimals, or "< 0.001". */
  static String p(double p) {
    if (Double.isNaN(p)) {
      return "n/a";
    }
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }
}
