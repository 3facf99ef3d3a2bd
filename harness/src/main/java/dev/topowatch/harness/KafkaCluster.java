package dev.topowatch.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real Kafka cluster on loopback: {@code n} child JVMs of Apache Kafka's own server ({@code
 * kafka.Kafka}, from the kafka artifacts the broker module already depends on; the caller's class
 * path must hold them), each a combined broker and controller, all {@code n} of them voters of the KRaft quorum, each formatted by Kafka's own {@code
 * kafka.tools.StorageTool}. The brokers keep Kafka's stock topic defaults (replication factor 1,
 * {@code min.insync.replicas} 1), so whatever replication the analyzer's topics get is the analyzer's
 * choice; only Kafka's internal topics are set to 3 replicas, 2 in sync. Small heaps and few threads
 * (256 MiB, C1 only): three of them fit beside the analyzers on a 2-core, 24 GiB machine.
 * {@link #close()} stops every node still running.
 */
public final class KafkaCluster implements AutoCloseable {

  /** Kafka's line once a node serves clients. */
  static final Pattern STARTED = Pattern.compile("Kafka Server started");
  private static final java.time.Duration START_TIMEOUT = java.time.Duration.ofSeconds(120);
  private static final List<String> JVM = List.of("-Xmx256m", "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Xss512k", "-Djava.awt.headless=true",
      // The analyzer's simplelogger.properties (same class path) keeps Kafka at warn; the start line is info.
      "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info");

  /** One node: its id, ports and data, and its process while it runs. */
  public static final class Node {
    final int id;
    final int port;
    final int controllerPort;
    final Path dir;
    AnalyzerProcess process;
    int starts;

    Node(int id, int port, int controllerPort, Path dir) {
      this.id = id;
      this.port = port;
      this.controllerPort = controllerPort;
      this.dir = dir;
    }

    public int id() {
      return id;
    }

    public boolean isAlive() {
      return process != null && process.isAlive();
    }
  }

  private final Path dir;
  private final List<Node> nodes = new ArrayList<>();
  /** Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding (as kafka-storage random-uuid prints). */
  private final String clusterId = clusterId();

  /** Picks ports and writes each node's configuration; {@link #start()} starts them. */
  public KafkaCluster(Path dir, int n) throws IOException {
    this.dir = dir;
    for (int i = 1; i <= n; i++) {
      nodes.add(new Node(i, freePort(), freePort(), dir.resolve("kafka-" + i)));
    }
    String voters = nodes.stream().map(x -> x.id + "@127.0.0.1:" + x.controllerPort).collect(Collectors.joining(","));
    for (Node node : nodes) {
      Files.createDirectories(node.dir);
      Properties p = new Properties();
      p.put("process.roles", "broker,controller");
      p.put("node.id", String.valueOf(node.id));
      p.put("controller.quorum.voters", voters);
      p.put("listeners", "PLAINTEXT://127.0.0.1:" + node.port + ",CONTROLLER://127.0.0.1:" + node.controllerPort);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port);
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      p.put("controller.listener.names", "CONTROLLER");
      p.put("inter.broker.listener.name", "PLAINTEXT");
      p.put("log.dirs", node.dir.resolve("logs").toString());
      int replicas = Math.min(3, n);
      String minIsr = String.valueOf(Math.min(2, replicas));
      p.put("offsets.topic.replication.factor", String.valueOf(replicas));
      p.put("offsets.topic.num.partitions", "6");
      p.put("transaction.state.log.replication.factor", String.valueOf(replicas));
      p.put("transaction.state.log.min.isr", minIsr);
      p.put("transaction.state.log.num.partitions", "6");
      p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicas));
      p.put("share.coordinator.state.topic.min.isr", minIsr);
      p.put("group.initial.rebalance.delay.ms", "0");
      p.put("message.max.bytes", String.valueOf(16 * 1024 * 1024)); // the run-state topic's largest checkpoints
      // A small machine: few threads, a small cleaner buffer (the default 128 MiB alone breaks a small heap).
      p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
      p.put("num.network.threads", "2");
      p.put("num.io.threads", "2");
      p.put("num.replica.fetchers", "1");
      p.put("num.recovery.threads.per.data.dir", "1");
      p.put("background.threads", "2");
      try (var out = Files.newBufferedWriter(node.dir.resolve("server.properties"))) {
        p.store(out, "node " + node.id + " of a " + n + "-node test cluster");
      }
    }
  }

  /**
   * Formats every node (first start only) and starts them all; returns once each serves clients. On
   * failure the nodes it started are stopped again (a caller's try-with-resources never got the cluster).
   */
  public KafkaCluster start() throws IOException, InterruptedException {
    try {
      return startAll();
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private KafkaCluster startAll() throws IOException, InterruptedException {
    List<AnalyzerProcess> formats = new ArrayList<>();
    for (Node node : nodes) {
      if (!Files.exists(node.dir.resolve("logs").resolve("meta.properties"))) {
        formats.add(AnalyzerProcess.startMain("kafka.tools.StorageTool", JVM,
            List.of("format", "-t", clusterId, "-c", node.dir.resolve("server.properties").toString()),
            node.dir.resolve("format.log")));
      }
    }
    for (AnalyzerProcess f : formats) {
      int exit = f.waitFor(java.time.Duration.ofSeconds(60));
      if (exit != 0) {
        throw new IllegalStateException("kafka-storage format failed (exit " + exit + "):\n" + f.tail());
      }
    }
    for (Node node : nodes) {
      launch(node);
    }
    for (Node node : nodes) {
      node.process.awaitLine(STARTED, START_TIMEOUT);
    }
    return this;
  }

  private void launch(Node node) throws IOException {
    node.process = AnalyzerProcess.startMain("kafka.Kafka", JVM, List.of(node.dir.resolve("server.properties").toString()),
        dir.resolve("kafka-" + node.id + "-" + (++node.starts) + ".log"), STARTED);
  }

  /** Every node's client address, comma-separated. */
  public String bootstrap() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.port).collect(Collectors.joining(","));
  }

  public Node node(int id) {
    return nodes.stream().filter(n -> n.id == id).findFirst().orElseThrow();
  }

  /** SIGKILL: no controlled shutdown, nothing flushed; the others must notice by themselves. */
  public void kill(int id) throws InterruptedException {
    node(id).process.kill();
  }

  /** SIGTERM: a controlled shutdown (leaders move first); returns the exit code. */
  public int stop(int id) throws InterruptedException {
    return node(id).process.stop();
  }

  /** The node ids, 1 to n. */
  public List<Integer> ids() {
    return nodes.stream().map(Node::id).toList();
  }

  /** Starts a stopped node again on its data and ports; returns once it serves clients. */
  public void restart(int id) throws IOException, InterruptedException {
    Node node = node(id);
    if (node.isAlive()) {
      throw new IllegalStateException("node " + id + " still runs");
    }
    launch(node);
    node.process.awaitLine(STARTED, START_TIMEOUT);
  }

  @Override
  public void close() {
    nodes.forEach(n -> {
      if (n.process != null) {
        n.process.close();
      }
    });
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }


  private static String clusterId() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
    java.util.UUID u = java.util.UUID.randomUUID();
    b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }
}
