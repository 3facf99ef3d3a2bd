package dev.topowatch.proto;

import dev.topowatch.proto.v1.TelemetryProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The explicit step that records additions to the wire contract in the snapshot, run apart from the
 * tests ({@code mvn -pl proto -am test -Dtopowatch.contract.update=true} runs it before them). It
 * compares first and writes only a compatible schema: a removed, renumbered or retyped field is
 * refused and the snapshot is left as it was, so {@link TelemetryCompatibilityTest} still fails.
 */
public final class ContractUpdate {

  /** Thrown when the schema breaks the recorded contract; lists every incompatibility. */
  static final class IncompatibleContractException extends RuntimeException {
    IncompatibleContractException(List<String> broken) {
      super("telemetry.proto breaks the recorded contract; the snapshot was not updated:\n  "
          + String.join("\n  ", broken));
    }
  }

  private ContractUpdate() {}

  /**
   * Records {@code current} in {@code snapshot} if it is compatible with what is recorded there.
   *
   * @return the entries added to the snapshot (empty when nothing changed)
   * @throws IncompatibleContractException if {@code current} breaks the recorded contract
   */
  static Set<String> update(Path snapshot, Map<String, String> current) throws IOException {
    Map<String, String> recorded = ContractSnapshot.parse(Files.readAllLines(snapshot, StandardCharsets.UTF_8));
    List<String> broken = ContractSnapshot.incompatibilities(recorded, current);
    if (!broken.isEmpty()) {
      throw new IncompatibleContractException(broken);
    }
    Set<String> added = new TreeSet<>(current.keySet());
    added.removeAll(recorded.keySet());
    if (!added.isEmpty()) {
      Files.write(snapshot, ContractSnapshot.render(current), StandardCharsets.UTF_8);
    }
    return added;
  }

  /** {@code ContractUpdate SNAPSHOT_FILE}: updates the snapshot from the compiled telemetry.proto. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ContractUpdate SNAPSHOT_FILE");
    }
    Set<String> added = update(Path.of(args[0]), ContractSnapshot.of(TelemetryProto.getDescriptor()));
    System.out.println(added.isEmpty()
        ? "contract snapshot up to date"
        : "contract snapshot: recorded " + String.join(", ", added));
  }
}
