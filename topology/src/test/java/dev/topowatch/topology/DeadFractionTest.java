package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The dead fraction against the engine's own sublevel set at η = 0: present cells over cells that can be present. */
class DeadFractionTest {

  @Property(tries = 1000, seed = "20261207")
  void isTheShareOfTheSublevelSetAtZero(@ForAll @Size(min = 1, max = 200) float[] values) {
    long inSublevel = 0;
    long notNaN = 0;
    for (float v : values) {
      if (!Float.isNaN(v)) {
        notNaN++;
        if (Float.compare(v, 0f) <= 0 || v == 0f) { // −0.0 and +0.0 are both ≤ 0
          inSublevel++;
        }
      }
    }
    double expected = notNaN == 0 ? Double.NaN : (double) inSublevel / notNaN;
    assertThat(DeadFraction.of(values)).isEqualTo(expected);
  }

  @Test
  void countsZerosAndInfinitiesAsTheSpecSays() {
    assertThat(DeadFraction.of(new float[] {0f, -0f, 1f, 2f})).isEqualTo(0.5);
    assertThat(DeadFraction.of(new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN})).isEqualTo(0.5);
    assertThat(DeadFraction.of(new float[] {Float.NaN})).isNaN();
    assertThat(DeadFraction.of(new float[0])).isNaN();
  }
}
