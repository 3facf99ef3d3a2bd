package dev.topowatch.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The agent's only output: one line on stderr with a {@code [topowatch]} prefix. */
public final class Log {
  private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

  private Log() {}

  public static void info(String message) {
    System.err.println("[topowatch] " + message);
  }

  /** Prints a message the first time {@code key} is seen, so a failing hook cannot flood stderr. */
  public static void once(String key, String message) {
    if (ONCE.size() < 1000 && ONCE.add(key)) {
      info(message);
    }
  }
}
