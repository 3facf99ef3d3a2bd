package dev.topowatch.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kafka class names in user settings follow the agent's relocated Kafka client (the jar itself is checked end to end). */
@Timeout(10)
class RelocatedClassNamesTest {
  private static final String SHADED = "dev.topowatch.agent.shaded." + String.join(".", "org", "apache", "kafka") + ".";
  private static final String KAFKA = String.join(".", "org", "apache", "kafka") + ".";

  @Test
  void jaasLoginModulesAndClassSettingsAreRelocated() {
    String jaas = KAFKA + "common.security.scram.ScramLoginModule required username=\"alice\" password=\"a,b\";";
    assertThat(RelocatedClassNames.relocate(jaas, SHADED))
        .isEqualTo(SHADED + "common.security.scram.ScramLoginModule required username=\"alice\" password=\"a,b\";");
    assertThat(RelocatedClassNames.relocate(KAFKA + "A, " + KAFKA + "B", SHADED)).isEqualTo(SHADED + "A, " + SHADED + "B");
  }

  @Test
  void anythingElseIsLeftAlone() {
    assertThat(RelocatedClassNames.relocate(SHADED + "common.X", SHADED)).isEqualTo(SHADED + "common.X");
    assertThat(RelocatedClassNames.relocate("SASL_SSL", SHADED)).isEqualTo("SASL_SSL");
    assertThat(RelocatedClassNames.relocate("com.example." + KAFKA + "X", SHADED)).isEqualTo("com.example." + KAFKA + "X");
    assertThat(RelocatedClassNames.relocate(KAFKA + "X", KAFKA)).isEqualTo(KAFKA + "X");
    assertThat(RelocatedClassNames.relocate(null, SHADED)).isNull();
  }

  @Test
  void unshadedBuildsKeepKafkasOwnNames() {
    assertThat(RelocatedClassNames.ACTUAL).isEqualTo(KAFKA);
  }
}
