package dev.topowatch.experiment.alerts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code promtool test rules} (Debian's {@code prometheus} package) and reads what a failing
 * check says it got: the only way to learn, with Prometheus's own rule engine, which alerts a
 * recorded series fires. Every check of a probe file expects silence, so each alert that did fire
 * shows up as a failure with its labels and annotations.
 */
public final class Promtool {

  private static final Pattern CHECK = Pattern.compile("^\\s*alertname: (\\S+), time: (\\S+),\\s*$");
  private static final Pattern NAME = Pattern.compile("^\\s*name: (.*),\\s*$");
  private static final Pattern PAIR = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One failed check: the test group, alert, evaluation minute, and what fired. */
  public record Failure(String group, String alert, long minute, List<FiredAlert> got) {}

  public record Result(int exitCode, String output) {}

  private final Path binary;

  public Promtool(Path binary) {
    this.binary = binary;
  }

  /** promtool from PATH; a clear error when it is missing. */
  public static Promtool find() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return new Promtool(p);
      }
    }
    throw new IllegalStateException("promtool not found on PATH: install Debian's prometheus package (apt-get install prometheus)");
  }

  public Result test(Path workDir, Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary.toString(), "test", "rules", workDir.relativize(file.toAbsolutePath()).toString())
        .directory(workDir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("promtool test rules " + file + " did not finish in 300 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** The failed checks of a promtool report. */
  static List<Failure> failures(String output) {
    List<Failure> out = new ArrayList<>();
    String group = "";
    String alert = null;
    long minute = -1;
    List<FiredAlert> got = null;
    Map<String, String> labels = null;
    for (String line : output.split("\n")) {
      Matcher name = NAME.matcher(line);
      Matcher check = CHECK.matcher(line);
      String trimmed = line.trim();
      if (name.matches()) {
        group = name.group(1).trim();
      } else if (check.matches()) {
        alert = check.group(1);
        minute = minutes(check.group(2));
        got = null;
      } else if (trimmed.startsWith("got:[") && alert != null) {
        got = new ArrayList<>();
        if (trimmed.startsWith("got:[]")) {
          out.add(new Failure(group, alert, minute, got));
          alert = null;
          got = null;
        }
      } else if (got != null && trimmed.startsWith("Labels:{")) {
        labels = pairs(trimmed.substring("Labels:".length()));
      } else if (got != null && trimmed.startsWith("Annotations:{")) {
        got.add(new FiredAlert(labels, pairs(trimmed.substring("Annotations:".length()))));
      } else if (got != null && trimmed.equals("]")) {
        out.add(new Failure(group, alert, minute, got));
        alert = null;
        got = null;
      }
    }
    return out;
  }

  /** {@code {a="x", b="y"}} in Go's quoting. */
  static Map<String, String> pairs(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = PAIR.matcher(text);
    while (m.find()) {
      out.put(m.group(1), unquote(m.group(2)));
    }
    return out;
  }

  private static String unquote(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(n);
      }
    }
    return out.toString();
  }

  /** A Go duration as promtool prints it (1h15m, 5m, 0s) in minutes. */
  static long minutes(String duration) {
    Matcher m = Pattern.compile("(\\d+)([hms])").matcher(duration);
    long seconds = 0;
    while (m.find()) {
      long v = Long.parseLong(m.group(1));
      seconds += switch (m.group(2)) {
        case "h" -> v * 3600;
        case "m" -> v * 60;
        default -> v;
      };
    }
    return seconds / 60;
  }
}
