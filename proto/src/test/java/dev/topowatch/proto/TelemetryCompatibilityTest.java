package dev.topowatch.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.proto.v1.TelemetryProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Guards the wire contract: every field and enum value in the checked-in snapshot must still exist
 * with the same number and type, and no number may be reused under another name.
 *
 * <p>Adding a field or value is compatible but must be recorded: regenerate the snapshot with
 * {@code mvn -pl proto test -Dtopowatch.contract.update=true} and commit it with the change.
 */
class TelemetryCompatibilityTest {

  private static final Path SNAPSHOT = Path.of("src/test/resources/telemetry-contract.txt");

  @Test
  void currentSchemaKeepsEveryFieldOfTheSnapshot() throws IOException {
    Map<String, String> current = ContractSnapshot.of(TelemetryProto.getDescriptor());
    if (Boolean.getBoolean("topowatch.contract.update")) {
      Files.write(SNAPSHOT, ContractSnapshot.render(current), StandardCharsets.UTF_8);
    }
    Map<String, String> recorded = ContractSnapshot.parse(Files.readAllLines(SNAPSHOT, StandardCharsets.UTF_8));

    List<String> broken = ContractSnapshot.incompatibilities(recorded, current);

    assertThat(broken).as("incompatible changes to telemetry.proto").isEmpty();
    Set<String> unrecorded = new TreeSet<>(current.keySet());
    unrecorded.removeAll(recorded.keySet());
    assertThat(unrecorded)
        .as("new fields: record them with -Dtopowatch.contract.update=true")
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
}
