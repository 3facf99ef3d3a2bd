package dev.topowatch.analyzer.config;

import java.time.Duration;
import java.util.Locale;

/** The value syntaxes settings share: durations ({@code 30s}) and byte sizes ({@code 1g}). */
public final class SettingValues {
  private SettingValues() {}

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601 or plain seconds. */
  public static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      char unit = s.charAt(s.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
      }
      double amount = Double.parseDouble(s.substring(0, s.length() - 1).trim());
      long unitMillis =
          switch (unit) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "'");
          };
      return Duration.ofMillis(Math.round(amount * unitMillis));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 30s, 5m, 2h)", e);
    }
  }

  /** Parses {@code 512}, {@code 64k}, {@code 500m}, {@code 2g} (binary units, bytes). */
  public static long parseBytes(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      int shift = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
        case 'k' -> 10;
        case 'm' -> 20;
        case 'g' -> 30;
        case 't' -> 40;
        default -> 0;
      };
      long amount = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1).trim());
      if (amount < 0 || amount > (Long.MAX_VALUE >> shift)) {
        throw new IllegalArgumentException("out of range");
      }
      return amount << shift;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 500m, 2g)", e);
    }
  }
}
