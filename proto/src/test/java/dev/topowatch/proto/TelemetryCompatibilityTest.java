package dev.topowatch.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topowatch.proto.v1.TelemetryProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the wire contract: every field and enum value in the checked-in snapshot must still exist
 * with the same number and type, and no number may be reused under another name. This test only
 * reads the snapshot.
 *
 * <p>Adding a field or value is compatible but must be recorded, by a separate step that refuses
 * incompatible changes ({@link ContractUpdate}): {@code mvn -pl proto -am test
 * -Dtopowatch.contract.update=true}; commit the snapshot with the change.
 */
class TelemetryCompatibilityTest {

  private static final Path SNAPSHOT = Path.of("src/test/resources/telemetry-contract.txt");

  @Test
  void currentSchemaKeepsEveryFieldOfTheSnapshot() throws IOException {
    assertCompatibleWith(SNAPSHOT);
  }

  /** Compares the compiled schema with a snapshot file; never writes it, whatever the flags. */
  private static void assertCompatibleWith(Path snapshot) throws IOException {
    Map<String, String> current = ContractSnapshot.of(TelemetryProto.getDescriptor());
    Map<String, String> recorded = ContractSnapshot.parse(Files.readAllLines(snapshot, StandardCharsets.UTF_8));

    List<String> broken = ContractSnapshot.incompatibilities(recorded, current);

    assertThat(broken).as("incompatible changes to telemetry.proto").isEmpty();
    Set<String> unrecorded = new TreeSet<>(current.keySet());
    unrecorded.removeAll(recorded.keySet());
    assertThat(unrecorded)
        .as("new fields: record them with mvn -pl proto -am test -Dtopowatch.contract.update=true")
        .isEmpty();
  }

  @Test
  void aChangedFieldNumberOrTypeIsDetected() {
    Map<String, String> recorded =
        Map.of(
            "topowatch.v1.ActivationSample.step", "field 2 TYPE_INT64 LABEL_OPTIONAL",
            "topowatch.v1.ActivationSample.data", "field 10 TYPE_BYTES LABEL_OPTIONAL",
            "topowatch.v1.DType.FLOAT32", "enum 1");
    Map<String, String> changed =
        Map.of(
            "topowatch.v1.ActivationSample.step", "field 2 TYPE_INT32 LABEL_OPTIONAL",
            "topowatch.v1.ActivationSample.payload", "field 10 TYPE_BYTES LABEL_OPTIONAL",
            "topowatch.v1.DType.FLOAT32", "enum 4");

    List<String> broken = ContractSnapshot.incompatibilities(recorded, changed);

    assertThat(broken)
        .anyMatch(s -> s.contains("ActivationSample.step"))
        .anyMatch(s -> s.contains("ActivationSample.data"))
        .anyMatch(s -> s.contains("DType.FLOAT32"))
        .anyMatch(s -> s.contains("reuses number 10"));
  }

  @Test
  void theUpdateStepRefusesARenumberedFieldAndLeavesTheSnapshotAlone(@TempDir Path dir) throws IOException {
    Path snapshot = recordedSnapshot(dir);
    byte[] before = Files.readAllBytes(snapshot);
    Map<String, String> renumbered = new TreeMap<>(ContractSnapshot.of(TelemetryProto.getDescriptor()));
    renumbered.put("topowatch.v1.ActivationSample.step", "field 12 TYPE_INT64 LABEL_OPTIONAL");

    assertThatThrownBy(() -> ContractUpdate.update(snapshot, renumbered))
        .isInstanceOf(ContractUpdate.IncompatibleContractException.class)
        .hasMessageContaining("ActivationSample.step changed from 'field 2 TYPE_INT64");
    assertThat(Files.readAllBytes(snapshot)).isEqualTo(before);
  }

  @Test
  void theUpdateStepRefusesARetypedField(@TempDir Path dir) throws IOException {
    Path snapshot = recordedSnapshot(dir);
    Map<String, String> retyped = new TreeMap<>(ContractSnapshot.of(TelemetryProto.getDescriptor()));
    retyped.put("topowatch.v1.ActivationSample.step", "field 2 TYPE_INT32 LABEL_OPTIONAL");

    assertThatThrownBy(() -> ContractUpdate.update(snapshot, retyped))
        .isInstanceOf(ContractUpdate.IncompatibleContractException.class)
        .hasMessageContaining("TYPE_INT32");
    assertThat(ContractSnapshot.incompatibilities(
        ContractSnapshot.parse(Files.readAllLines(snapshot, StandardCharsets.UTF_8)), retyped)).isNotEmpty();
  }

  @Test
  void theUpdateStepRecordsAnAddedField(@TempDir Path dir) throws IOException {
    Path snapshot = recordedSnapshot(dir);
    Map<String, String> added = new TreeMap<>(ContractSnapshot.of(TelemetryProto.getDescriptor()));
    added.put("topowatch.v1.ActivationSample.checksum", "field 12 TYPE_UINT32 LABEL_OPTIONAL");

    assertThat(ContractUpdate.update(snapshot, added)).containsExactly("topowatch.v1.ActivationSample.checksum");
    assertThat(ContractSnapshot.parse(Files.readAllLines(snapshot, StandardCharsets.UTF_8))).isEqualTo(added);
  }

  /**
   * The update flag drives the update step only: with it set, a snapshot that records {@code step}
   * under another number (as if the schema had renumbered it) still fails the comparison and is
   * not rewritten.
   */
  @Test
  void withTheUpdateFlagSetARenumberedFieldStillFails(@TempDir Path dir) throws IOException {
    Path snapshot = recordedSnapshot(dir);
    List<String> lines = Files.readAllLines(snapshot, StandardCharsets.UTF_8);
    lines.replaceAll(l -> l.startsWith("topowatch.v1.ActivationSample.step =")
        ? "topowatch.v1.ActivationSample.step = field 12 TYPE_INT64 LABEL_OPTIONAL" : l);
    Files.write(snapshot, lines, StandardCharsets.UTF_8);
    byte[] before = Files.readAllBytes(snapshot);
    String was = System.setProperty("topowatch.contract.update", "true");
    try {
      assertThatThrownBy(() -> assertCompatibleWith(snapshot))
          .isInstanceOf(AssertionError.class).hasMessageContaining("ActivationSample.step");
    } finally {
      if (was == null) {
        System.clearProperty("topowatch.contract.update");
      } else {
        System.setProperty("topowatch.contract.update", was);
      }
    }
    assertThat(Files.readAllBytes(snapshot)).isEqualTo(before);
  }

  private static Path recordedSnapshot(Path dir) throws IOException {
    return Files.copy(SNAPSHOT, dir.resolve("telemetry-contract.txt"));
  }
}
