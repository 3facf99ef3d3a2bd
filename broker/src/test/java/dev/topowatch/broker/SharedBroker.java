package dev.topowatch.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded broker for a whole test class, in a temporary directory removed afterwards:
 * {@code @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();}. Shared with the
 * integration tests through this module's test jar.
 */
public final class SharedBroker implements BeforeAllCallback, AfterAllCallback {

  private Path dir;
  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("topowatch-broker");
    kafka = EmbeddedKafka.builder().dataDir(dir).port(0).build().start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    kafka.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }
}
