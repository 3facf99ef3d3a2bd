package dev.topowatch.it.agent;

import dev.topowatch.broker.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts an in-process Kafka broker for {@code agent/bench/overhead.sh}: prints {@code
 * bootstrap=HOST:PORT} once it is up and runs until its standard input closes.
 */
public final class BenchBroker {
  private BenchBroker() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("topowatch-bench-kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).port(0).build().start()) {
      System.out.println("bootstrap=" + kafka.bootstrapServers());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the script to close our stdin
      }
    }
  }
}
