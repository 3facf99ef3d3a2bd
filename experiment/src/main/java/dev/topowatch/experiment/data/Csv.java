package dev.topowatch.experiment.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV table with a header row, as the experiment writes and reads it (RFC 4180 through Jackson's
 * CSV codec, the one the analyzer's and the trainer's files use too): an empty field is a missing
 * value, {@code NaN}/{@code Inf} are non-finite numbers.
 */
public final class Csv {

  private static final CsvMapper CODEC = new CsvMapper();

  private final List<String> header;
  private final List<String[]> rows;
  private final Map<String, Integer> columns = new LinkedHashMap<>();

  public Csv(List<String> header) {
    this(header, new ArrayList<>());
  }

  private Csv(List<String> header, List<String[]> rows) {
    this.header = List.copyOf(header);
    this.rows = rows;
    for (int i = 0; i < header.size(); i++) {
      columns.put(header.get(i), i);
    }
  }

  public static Csv read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses CSV text; {@code source} names it in error messages. */
  public static Csv parse(String text, String source) {
    List<String[]> records;
    try (MappingIterator<String[]> it = CODEC.readerFor(String[].class)
        .with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.SKIP_EMPTY_LINES).readValues(text)) {
      records = it.readAll();
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not CSV: " + e.getMessage(), e);
    }
    if (records.isEmpty()) {
      throw new IllegalArgumentException(source + " is empty (a CSV file needs a header)");
    }
    List<String> header = Arrays.asList(records.get(0));
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      String[] fields = records.get(i);
      if (fields.length != header.size()) {
        throw new IllegalArgumentException(source + " record " + (i + 1) + ": " + fields.length + " fields, header has " + header.size());
      }
      rows.add(fields);
    }
    return new Csv(header, rows);
  }

  public List<String> header() {
    return header;
  }

  public int size() {
    return rows.size();
  }

  public boolean has(String column) {
    return columns.containsKey(column);
  }

  /** Adds a row; numbers are written with {@link #num(double)}, everything else with {@code toString}. */
  public Csv add(Object... values) {
    if (values.length != header.size()) {
      throw new IllegalArgumentException(values.length + " values for " + header.size() + " columns " + header);
    }
    String[] row = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      row[i] = v == null ? "" : v instanceof Double d ? num(d) : v instanceof Float f ? num(f) : v.toString();
    }
    rows.add(row);
    return this;
  }

  public String text(int row, String column) {
    return rows.get(row)[index(column)];
  }

  /** The field as a number; NaN when it is empty. */
  public double num(int row, String column) {
    String s = text(row, column);
    return s.isEmpty() ? Double.NaN : parse(s);
  }

  public int integer(int row, String column) {
    return Integer.parseInt(text(row, column));
  }

  public void write(Path file) {
    StringWriter out = new StringWriter();
    try (SequenceWriter w = CODEC.writerFor(String[].class).with(CsvSchema.emptySchema()).writeValues(out)) {
      w.write(header.toArray(String[]::new));
      for (String[] row : rows) {
        w.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, out.toString(), StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Six significant digits: enough for every figure on the page, small files. */
  public static String num(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
  }

  private static double parse(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private int index(String column) {
    Integer i = columns.get(column);
    if (i == null) {
      throw new IllegalArgumentException("no column '" + column + "' in " + header);
    }
    return i;
  }
}
