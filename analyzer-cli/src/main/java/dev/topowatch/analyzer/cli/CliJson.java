package dev.topowatch.analyzer.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One compact JSON object per command, on the command's standard output. Uses Jackson's streaming
 * generator rather than an ObjectMapper: a one-shot command line pays for every class it loads.
 */
final class CliJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private CliJson() {}

  /**
   * Writes {@code fields} in their iteration order (pass a LinkedHashMap) and a newline. Values may
   * be null, strings, booleans, numbers, nested maps, lists and (nested) arrays of int, long and double.
   */
  static void print(PrintWriter out, Map<String, Object> fields) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(text)) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(text);
    out.flush();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof java.util.List<?> l) {
      write(g, l.toArray());
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof int[] a) {
      g.writeArray(a, 0, a.length);
    } else if (v instanceof long[] a) {
      g.writeArray(a, 0, a.length);
    } else if (v instanceof double[] a) {
      g.writeArray(a, 0, a.length);
    } else if (v instanceof Object[] a) {
      g.writeStartArray();
      for (Object o : a) {
        write(g, o);
      }
      g.writeEndArray();
    } else {
      throw new IllegalStateException("cannot write " + (v == null ? "null" : v.getClass()) + " as JSON");
    }
  }
}
