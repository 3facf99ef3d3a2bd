package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.topology.LevelGridAccess;
import dev.topowatch.topology.Thresholds;
import dev.topowatch.topology.Volume;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Level codes found on the host with float comparisons equal the cpu back end's levels. */
class LevelCodesTest {
  @Provide
  Arbitrary<Volume> volumes() {
    return RandomBatches.volume(6);
  }

  @Provide
  Arbitrary<double[]> thresholds() {
    return RandomBatches.thresholds(1, 300);
  }

  @Property(tries = 500, seed = "20261203")
  void codesEqualTheCpuLevels(@ForAll("volumes") Volume volume, @ForAll("thresholds") double[] thresholds) {
    Thresholds t = Thresholds.of(thresholds);
    float[] tf = LevelCodes.roundDown(t.sorted());
    int[] expected = LevelGridAccess.levels(volume, thresholds);
    int width = LevelCodes.width(t.distinct());
    try (Arena a = Arena.ofConfined()) {
      MemorySegment codes = a.allocate(4L * volume.size() + 8);
      LevelCodes.write(volume, tf, width, codes, 3, new float[volume.size()]);
      for (int i = 0; i < volume.size(); i++) {
        assertThat(LevelCodes.level(volume.get(i), tf)).as("value %s", volume.get(i)).isEqualTo(expected[i]);
        int written = width == 1 ? Byte.toUnsignedInt(codes.get(JAVA_BYTE, 3 + i))
            : Short.toUnsignedInt(codes.get(JAVA_SHORT_UNALIGNED, 3 + 2L * i));
        assertThat(written).isEqualTo(expected[i]);
      }
    }
  }

  @Example
  void roundingDownKeepsTheDoubleComparison() {
    double t = 0.1; // not a float: 0.1f is above it
    float[] tf = LevelCodes.roundDown(new double[] {t, 1e300, Double.POSITIVE_INFINITY});
    assertThat((double) tf[0]).isLessThanOrEqualTo(t);
    assertThat(Math.nextUp(tf[0]) > t).isTrue();
    assertThat(tf[1]).isEqualTo(Float.MAX_VALUE);
    assertThat(LevelCodes.level(0.1f, tf)).isEqualTo(1); // 0.1f > 0.1
    assertThat(LevelCodes.level(Float.POSITIVE_INFINITY, tf)).isEqualTo(3);
    assertThat(LevelCodes.level(Float.NaN, tf)).isEqualTo(3);
    assertThat(LevelCodes.level(Float.NEGATIVE_INFINITY, tf)).isZero();
    assertThat(LevelCodes.width(255)).isEqualTo(1);
    assertThat(LevelCodes.width(256)).isEqualTo(2);
    assertThat(LevelCodes.width(65536)).isEqualTo(4);
  }
}
