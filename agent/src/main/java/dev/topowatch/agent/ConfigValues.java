package dev.topowatch.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Parses typed values, recording what was wrong and falling back to defaults. */
final class ConfigValues {
  private final Map<String, String> raw;
  private final List<String> problems;

  ConfigValues(Map<String, String> raw, List<String> problems) {
    this.raw = raw;
    this.problems = problems;
  }

  String string(String key) {
    String v = raw.get(key);
    return v == null || v.isBlank() ? AgentConfig.DEFAULTS.get(key) : v.trim();
  }

  private <T> T bad(String key, String why, T fallback) {
    problems.add(key + "=" + raw.get(key) + ": " + why + "; using " + fallback);
    return fallback;
  }

  int integer(String key, int min, int max) {
    int fallback = Integer.parseInt(AgentConfig.DEFAULTS.get(key));
    String v = string(key);
    try {
      int n = Integer.parseInt(v);
      return n < min || n > max ? bad(key, "must be in [" + min + ", " + max + "]", fallback) : n;
    } catch (NumberFormatException e) {
      return bad(key, "not an integer", fallback);
    }
  }

  boolean bool(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    return bad(key, "not true or false", Boolean.parseBoolean(AgentConfig.DEFAULTS.get(key)));
  }

  OptionalDouble alpha() {
    String v = string("powergrad.alpha");
    if (v == null) {
      return OptionalDouble.empty();
    }
    try {
      double a = Double.parseDouble(v);
      if (a >= 0 && a <= 1) {
        return OptionalDouble.of(a);
      }
      problems.add("powergrad.alpha=" + v + ": must be in [0, 1]; PowerGrad off");
    } catch (NumberFormatException e) {
      problems.add("powergrad.alpha=" + v + ": not a number; PowerGrad off");
    }
    return OptionalDouble.empty();
  }

  Pattern regex(String key) {
    String v = string(key);
    if (v == null) {
      return null;
    }
    try {
      return Pattern.compile(v);
    } catch (PatternSyntaxException e) {
      return bad(key, "not a regular expression (" + e.getDescription() + ")", null);
    }
  }

  AgentConfig.SampleDType dtype(String key) {
    try {
      return AgentConfig.SampleDType.valueOf(string(key).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return bad(key, "not one of float32, float16, bfloat16", AgentConfig.SampleDType.FLOAT32);
    }
  }

  long bytes(String key, long min, long max) {
    long fallback = Long.parseLong(AgentConfig.DEFAULTS.get(key));
    String v = string(key).toLowerCase(Locale.ROOT);
    long unit = 1;
    if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
      unit = v.endsWith("k") ? 1L << 10 : v.endsWith("m") ? 1L << 20 : 1L << 30;
      v = v.substring(0, v.length() - 1);
    }
    try {
      long n = Math.multiplyExact(Long.parseLong(v.trim()), unit);
      return n < min || n > max ? bad(key, "must be in [" + min + ", " + max + "]", fallback) : n;
    } catch (ArithmeticException e) {
      return bad(key, "must be in [" + min + ", " + max + "]", fallback);
    } catch (NumberFormatException e) {
      return bad(key, "not a byte count (e.g. 65536, 64m)", fallback);
    }
  }

  OptionalInt port(String key) {
    String v = string(key);
    if (v == null) {
      return OptionalInt.empty();
    }
    try {
      int p = Integer.parseInt(v);
      if (p >= 0 && p <= 65535) {
        return OptionalInt.of(p);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(key + "=" + v + ": not a port; no metrics endpoint");
    return OptionalInt.empty();
  }

  Map<String, String> tags(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    String v = string(key);
    if (v == null) {
      return Map.of();
    }
    for (String pair : v.split(";")) {
      int colon = pair.indexOf(':');
      if (colon > 0) {
        out.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
      } else if (!pair.isBlank()) {
        problems.add("tags: '" + pair + "' is not name:value; ignored");
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
