package dev.topowatch.analyzer.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs a warning per key at most once per interval, saying how many were suppressed meanwhile. */
final class RateLimitedLog {

  private final Logger log;
  private final long intervalMs;
  private final ConcurrentHashMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

  RateLimitedLog(Logger log, long intervalMs) {
    this.log = log;
    this.intervalMs = intervalMs;
  }

  void warn(String key, String message) {
    long now = System.currentTimeMillis();
    AtomicLong last = lastLogged.computeIfAbsent(key, k -> new AtomicLong(Long.MIN_VALUE / 2));
    long previous = last.get();
    if (now - previous >= intervalMs && last.compareAndSet(previous, now)) {
      long skipped = suppressed.computeIfAbsent(key, k -> new AtomicLong()).getAndSet(0);
      log.warn("{}{}", message, skipped > 0 ? " (" + skipped + " more like it suppressed)" : "");
    } else {
      suppressed.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }
  }
}
