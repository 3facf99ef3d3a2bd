package dev.topowatch.analyzer.access;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The web page's logins: a random id per login, valid for a fixed time from the login (no sliding
 * renewal, so a stolen cookie dies on schedule), until logout, or until the analyzer restarts.
 *
 * <p>Why random ids kept here rather than a cookie derived from the token (an HMAC of it): logout
 * really ends a session, a restart or a new token ends them all, and the cookie reveals nothing
 * about the token. The ids are looked up by their SHA-256, so neither the lookup's timing nor a heap
 * dump gives away a usable id. At most {@code maxSessions} are kept (the oldest go first), so
 * repeated logins cannot grow memory without bound.
 */
final class Sessions {

  private static final int ID_BYTES = 32;

  private final Duration ttl;
  private final int maxSessions;
  private final LongSupplier clockMs;
  private final SecureRandom random = new SecureRandom();
  /** Digest of an id (base64) → its expiry, Unix ms. */
  private final Map<String, Long> expiries = new HashMap<>();

  Sessions(Duration ttl, int maxSessions, LongSupplier clockMs) {
    if (ttl.isNegative() || ttl.isZero() || maxSessions < 1) {
      throw new IllegalArgumentException("sessions need a positive lifetime and room for one, was " + ttl + ", " + maxSessions);
    }
    this.ttl = ttl;
    this.maxSessions = maxSessions;
    this.clockMs = clockMs;
  }

  /** A new session; returns its id, the cookie's value. */
  synchronized String open() {
    long now = clockMs.getAsLong();
    expiries.values().removeIf(expiry -> expiry <= now);
    while (expiries.size() >= maxSessions) {
      expiries.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
          .ifPresent(oldest -> expiries.remove(oldest.getKey()));
    }
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    expiries.put(key(id), now + ttl.toMillis());
    return id;
  }

  /** When the session ends, Unix ms; empty for an unknown, ended or expired id. */
  synchronized OptionalLong expiry(String id) {
    if (id == null || id.isEmpty()) {
      return OptionalLong.empty();
    }
    String key = key(id);
    Long expiry = expiries.get(key);
    if (expiry == null) {
      return OptionalLong.empty();
    }
    if (expiry <= clockMs.getAsLong()) {
      expiries.remove(key);
      return OptionalLong.empty();
    }
    return OptionalLong.of(expiry);
  }

  boolean valid(String id) {
    return expiry(id).isPresent();
  }

  /** Ends the session (logout); an unknown id is ignored. */
  synchronized void close(String id) {
    if (id != null && !id.isEmpty()) {
      expiries.remove(key(id));
    }
  }

  Duration ttl() {
    return ttl;
  }

  synchronized int size() {
    return expiries.size();
  }

  private static String key(String id) {
    return Base64.getEncoder().encodeToString(ApiToken.sha256(id));
  }
}
