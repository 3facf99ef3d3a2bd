package dev.topowatch.analyzer.cli;

import dev.topowatch.broker.BrokerSecurity;
import dev.topowatch.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker}: the embedded single-node KRaft broker as a process of its own, for running several
 * analyzers (and agents) against one broker on one machine. Same data-directory rules as the embedded
 * one: formatted on first use, refused while another broker holds it, shut down cleanly on SIGTERM or
 * Ctrl-C (its shutdown hook). Its default directory is the embedded broker's, so moving from {@code
 * serve} alone to {@code broker} + {@code serve --kafka-bootstrap} keeps the data. With a key store
 * it speaks TLS with SCRAM-SHA-512 logins, as the embedded one does ({@link BrokerSecurity}). A Kafka
 * cluster of several brokers stays the way to run in production (deploy/README.md).
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single-node Kafka (KRaft) broker until SIGTERM or Ctrl-C, for several analyzers to share.",
      "Prints its bootstrap address once clients can connect. For production, use a Kafka cluster."
    })
public final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092", description = "client port; 0 picks a free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "listener address, also advertised to clients (default ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "broker data, formatted on first use (default ~/.topowatch/kafka, the embedded broker's)")
  Path dataDir;

  @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE", description = "any broker property, e.g. -p num.partitions=6 (repeatable)")
  Map<String, String> properties = new LinkedHashMap<>();

  // The same settings as serve's embedded broker (broker.*), and the same environment variables, so
  // that passwords need not appear on a command line.
  @Option(names = "--keystore", paramLabel = "FILE", defaultValue = "${env:TOPOWATCH_ANALYZER_BROKER_KEYSTORE}",
      description = "PKCS12 (or JKS) key store: clients connect with TLS and SCRAM-SHA-512 logins; unset: PLAINTEXT")
  String keyStore;

  @Option(names = "--keystore-password", paramLabel = "PASSWORD", defaultValue = "${env:TOPOWATCH_ANALYZER_BROKER_KEYSTORE_PASSWORD}",
      description = "its password (default from TOPOWATCH_ANALYZER_BROKER_KEYSTORE_PASSWORD)")
  String keyStorePassword;

  @Option(names = "--scram-users", paramLabel = "NAME:PASSWORD,...", defaultValue = "${env:TOPOWATCH_ANALYZER_BROKER_SCRAM_USERS}",
      description = "the users it accepts, exactly (default from TOPOWATCH_ANALYZER_BROKER_SCRAM_USERS)")
  String scramUsers;

  @Override
  public Integer call() throws Exception {
    EmbeddedKafka.Builder builder = EmbeddedKafka.builder().host(host).port(port);
    if (dataDir != null) {
      builder.dataDir(dataDir);
    }
    properties.forEach(builder::brokerProperty);
    BrokerSecurity.fromSettings(keyStore, keyStorePassword, scramUsers).ifPresent(builder::security);
    // Its own shutdown hook closes the logs cleanly when SIGTERM or Ctrl-C ends this process.
    EmbeddedKafka kafka = builder.build().start();
    System.out.println("topowatch broker ready: bootstrap " + kafka.bootstrapServers() + ", " + kafka.securityProtocol()
        + ", data in " + kafka.dataDir() + " (stop with Ctrl-C or SIGTERM)");
    System.out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
