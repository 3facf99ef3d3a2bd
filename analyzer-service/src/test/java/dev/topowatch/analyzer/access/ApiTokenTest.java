package dev.topowatch.analyzer.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ApiTokenTest {

  @Test
  void theTokenMatchesOnlyItselfAndOnlyAsBearer() {
    ApiToken token = new ApiToken("s3cret");
    assertThat(token.matches("s3cret")).isTrue();
    assertThat(token.matches("s3cret ")).isFalse();
    assertThat(token.matches("s3cre")).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
    assertThat(token.matchesBearer("Bearer s3cret")).isTrue();
    assertThat(token.matchesBearer("bearer  s3cret ")).isTrue();
    assertThat(token.matchesBearer("Basic s3cret")).isFalse();
    assertThat(token.matchesBearer("s3cret")).isFalse();
    assertThat(token.matchesBearer(null)).isFalse();
    assertThatThrownBy(() -> new ApiToken(" ")).hasMessageContaining("blank");
  }
}
