package dev.topowatch.analyzer.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Logins: random ids, a fixed lifetime from the login, logout, a bound on how many are kept. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SessionsTest {

  private final AtomicLong now = new AtomicLong(1_000_000);

  @Test
  void aSessionLastsItsLifetimeFromTheLoginAndNoLongerWhateverItsUse() {
    Sessions sessions = new Sessions(Duration.ofMinutes(10), 10, now::get);
    String id = sessions.open();
    assertThat(sessions.expiry(id)).hasValue(1_000_000 + 600_000);
    now.addAndGet(599_999);
    assertThat(sessions.valid(id)).isTrue(); // used just before the end: not renewed
    now.addAndGet(1);
    assertThat(sessions.valid(id)).isFalse();
    assertThat(sessions.size()).isZero();
  }

  @Test
  void logoutEndsOnlyThatSession() {
    Sessions sessions = new Sessions(Duration.ofHours(1), 10, now::get);
    String a = sessions.open();
    String b = sessions.open();
    sessions.close(a);
    assertThat(sessions.valid(a)).isFalse();
    assertThat(sessions.valid(b)).isTrue();
    sessions.close("never-issued");
    sessions.close(null);
    assertThat(sessions.valid(b)).isTrue();
  }

  @Test
  void idsAreLongRandomAndOnlyIssuedOnesAreValid() {
    Sessions sessions = new Sessions(Duration.ofHours(1), 1000, now::get);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      String id = sessions.open();
      assertThat(id).matches("[A-Za-z0-9_-]{43}"); // 32 random bytes, base64url
      ids.add(id);
    }
    assertThat(ids).hasSize(500);
    String one = ids.iterator().next();
    assertThat(sessions.valid(one)).isTrue();
    assertThat(sessions.valid(one.substring(1) + "A")).isFalse();
    assertThat(sessions.valid("")).isFalse();
    assertThat(sessions.valid(null)).isFalse();
  }

  @Test
  void atTheBoundTheOldestSessionMakesRoom() {
    Sessions sessions = new Sessions(Duration.ofHours(1), 3, now::get);
    String first = sessions.open();
    now.addAndGet(1);
    String second = sessions.open();
    now.addAndGet(1);
    String third = sessions.open();
    now.addAndGet(1);
    String fourth = sessions.open();
    assertThat(sessions.size()).isEqualTo(3);
    assertThat(sessions.valid(first)).isFalse();
    assertThat(sessions.valid(second)).isTrue();
    assertThat(sessions.valid(third)).isTrue();
    assertThat(sessions.valid(fourth)).isTrue();
  }

  @Test
  void expiredSessionsAreDroppedWhenANewOneOpens() {
    Sessions sessions = new Sessions(Duration.ofSeconds(1), 100, now::get);
    for (int i = 0; i < 50; i++) {
      sessions.open();
    }
    now.addAndGet(1_000);
    sessions.open();
    assertThat(sessions.size()).isEqualTo(1);
  }

  @Test
  void aLifetimeMustBePositive() {
    assertThatThrownBy(() -> new Sessions(Duration.ZERO, 10, now::get)).hasMessageContaining("positive lifetime");
  }
}
