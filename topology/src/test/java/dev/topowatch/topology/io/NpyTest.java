package dev.topowatch.topology.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Fixtures written by numpy itself (src/test/resources/npy/make_fixtures.py). */
class NpyTest {
  private static final double[] ZERO_TO_23 = IntStream.range(0, 24).asDoubleStream().toArray();

  static Path fixture(String name) {
    try {
      return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"f4_c.npy", "f8_big.npy", "f4_big.npy", "i4_c.npy", "i8_fortran.npy",
      "i4_big_fortran.npy", "u1_c.npy", "f4_v2.npy", "f4_v3.npy"})
  void readsEveryTypeOrderAndVersionInCOrder(String name) throws IOException {
    NpyArray a = Npy.read(fixture(name));
    assertThat(a.shape()).containsExactly(2, 3, 4);
    assertThat(a.size()).isEqualTo(24);
    assertThat(a.toDoubles()).containsExactly(ZERO_TO_23);
    float[] f = a.toFloats();
    assertThat(f[23]).isEqualTo(23f);
    assertThat(f[5]).isEqualTo(5f); // element (0,1,1): differs between C and Fortran storage
  }

  @Test
  void fortranOrderIsReportedAndTransposed() throws IOException {
    NpyArray a = Npy.read(fixture("i8_fortran.npy"));
    assertThat(a.fortranOrder()).isTrue();
    assertThat(a.dtype()).isEqualTo("<i8");
    assertThat(a.toLongs()).containsExactly(IntStream.range(0, 24).asLongStream().toArray());
  }

  @Test
  void readsBooleans() throws IOException {
    NpyArray a = Npy.read(fixture("b1_c.npy"));
    assertThat(a.dtype()).isEqualTo("|b1");
    assertThat(a.toLongs()).containsExactly(IntStream.range(0, 24).mapToLong(i -> i % 3 == 0 ? 1 : 0).toArray());
  }

  @Test
  void readsOneDimensionalAndScalarArrays() throws IOException {
    assertThat(Npy.read(fixture("f8_1d.npy")).shape()).containsExactly(5);
    NpyArray scalar = Npy.read(fixture("f4_scalar.npy"));
    assertThat(scalar.shape()).isEmpty();
    assertThat(scalar.toFloats()).containsExactly(7f);
  }

  @Test
  void floatsAreNotIntegers() throws IOException {
    NpyArray a = Npy.read(fixture("f4_c.npy"));
    assertThat(a.isIntegral()).isFalse();
    assertThatThrownBy(a::toLongs).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<f4");
  }

  @Test
  void rejectsBadMagic() {
    assertThatThrownBy(() -> Npy.read(fixture("bad_magic.npy")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad magic string");
  }

  @Test
  void rejectsMalformedHeader() {
    assertThatThrownBy(() -> Npy.read(fixture("malformed_header.npy")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed header")
        .hasMessageContaining("shape");
  }

  @Test
  void rejectsAFileThatEndsInsideItsHeader() {
    assertThatThrownBy(() -> Npy.read(fixture("short_header.npy")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends inside the header");
  }

  @Test
  void rejectsUnsupportedDtype() {
    assertThatThrownBy(() -> Npy.read(fixture("c8_unsupported.npy")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported dtype '<c8'");
  }

  @Test
  void rejectsTruncatedData() {
    assertThatThrownBy(() -> Npy.read(fixture("truncated.npy")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than its header says").hasMessageContaining("needs 96 data bytes")
        .hasMessageContaining("has 86");
  }

  @Test
  void rejectsUnknownVersion() {
    byte[] bytes = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0, 0, 0};
    assertThatThrownBy(() -> Npy.parse(bytes))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9.0");
  }

  @Test
  void rejectsAHeaderThatIsNotADictionary() {
    byte[] header = "not a dict      \n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] bytes = new byte[10 + header.length];
    System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0}, 0, bytes, 0, 10);
    System.arraycopy(header, 0, bytes, 10, header.length);
    assertThatThrownBy(() -> Npy.parse(bytes))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a dictionary");
  }
}
