package dev.topowatch.analyzer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;

/** One compact JSON object per command, on the command's standard output. */
final class CliJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CliJson() {}

  /** Writes {@code fields} in their iteration order (pass a LinkedHashMap) and a newline. */
  static void print(PrintWriter out, Map<String, Object> fields) {
    try {
      out.println(MAPPER.writeValueAsString(fields));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
