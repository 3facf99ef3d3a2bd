package dev.topowatch.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One KRaft node that is both broker and controller: its properties and the formatting of its
 * storage. What {@link EmbeddedKafka} starts; kept apart from its life cycle.
 */
final class KraftNode {
  static final int NODE_ID = 1;
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private KraftNode() {}

  /** The combined broker and controller's properties: PLAINTEXT listeners on {@code host}, logs under {@code dataDir/logs}. */
  static Properties properties(Path dataDir, String host, int brokerPort, int controllerPort) {
    Path logDir = dataDir.resolve("logs");
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    props.put("log.dirs", logDir.toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "8");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    // The analyzer commits run state in transactions; 50 partitions (the default) are many for one process.
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "true");
    props.put("num.partitions", "1");
    // The default 128 MiB dedupe buffer alone breaks a small heap.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
    props.put("message.max.bytes", String.valueOf(16 * 1024 * 1024));
    return props;
  }

  /** Formats {@code dataDir/logs} as a new single-node cluster, unless it already holds one. */
  static void formatIfNeeded(KafkaConfig config, Path dataDir) throws IOException {
    Path logDir = dataDir.resolve("logs");
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    Files.createDirectories(logDir);
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(logDir.toString())
          .run();
    } catch (Exception e) {
      throw new IOException("formatting " + logDir + " failed: " + e.getMessage(), e);
    }
  }
}
