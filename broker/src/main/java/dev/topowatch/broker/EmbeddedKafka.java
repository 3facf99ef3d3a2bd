package dev.topowatch.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4 broker (broker and controller in one KRaft process) running inside this
 * JVM, with its data in a persistent directory.
 *
 * <p>Kafka has no embedding API, so this is the one class that touches the server's internal classes
 * (they move between releases). It formats the directory on first use, refuses to open a directory
 * another broker holds (two servers on one directory corrupt the metadata log), keeps Kafka's fatal
 * error path from halting the JVM, and registers a shutdown hook so the logs close cleanly.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).port(9092).build().start()) {
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dataDir;
  private final String host;
  private final int requestedPort;
  private final int requestedControllerPort;
  private final Map<String, String> overrides;
  private final boolean registerShutdownHook;
  private final BrokerSecurity security;

  private DirectoryLock lock;
  private KafkaRaftServer server;
  private Thread shutdownHook;
  private int port;

  private EmbeddedKafka(Builder builder) {
    this.dataDir = builder.dataDir.toAbsolutePath();
    this.host = builder.host;
    this.requestedPort = builder.port;
    this.requestedControllerPort = builder.controllerPort;
    this.overrides = Map.copyOf(builder.overrides);
    this.registerShutdownHook = builder.shutdownHook;
    this.security = builder.security;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the data directory if needed and starts the broker; returns when clients can connect.
   *
   * @throws IllegalStateException when the directory is in use by another broker, a port is taken,
   *     or the broker fails to start (whatever it started is shut down again)
   */
  public synchronized EmbeddedKafka start() {
    if (server != null) {
      throw new IllegalStateException("embedded Kafka already started on " + bootstrapServers());
    }
    try {
      Files.createDirectories(dataDir);
      acquireDirectoryLock();
      port = requestedPort == 0 ? freePort() : requestedPort;
      int controllerPort = requestedControllerPort == 0 ? freePort() : requestedControllerPort;
      Properties props = KraftNode.properties(dataDir, host, port, controllerPort);
      BrokerListeners.Internal internal = null;
      if (security != null) {
        internal = BrokerListeners.secure(props, security, host, port, freePort());
      }
      props.putAll(overrides);
      KafkaConfig config = new KafkaConfig(props, false);
      KraftNode.formatIfNeeded(config, dataDir);
      ExitGuard.install();
      KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
      try {
        candidate.startup();
      } catch (RuntimeException e) {
        // A failed startup (a port in use, say) can leave the controller running.
        stopQuietly(candidate);
        throw e;
      }
      server = candidate;
      if (internal != null) {
        try {
          ScramUsers.sync(internal.adminProperties(), security.users());
        } catch (RuntimeException e) {
          server = null;
          stopQuietly(candidate);
          throw e;
        }
      }
      if (registerShutdownHook) {
        shutdownHook = new Thread(this::close, "topowatch-embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
      LOG.info("embedded Kafka ready on {} ({}; data in {})", bootstrapServers(), security == null ? "PLAINTEXT" : security, dataDir);
      return this;
    } catch (IOException e) {
      releaseDirectoryLock();
      throw new IllegalStateException("cannot start embedded Kafka in " + dataDir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      releaseDirectoryLock();
      throw new IllegalStateException(
          "cannot start embedded Kafka on " + host + ":" + requestedPort + " in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** {@code host:port} of the client listener (PLAINTEXT, or SASL_SSL with {@link BrokerSecurity}). */
  public String bootstrapServers() {
    return host + ":" + port;
  }

  /** {@code PLAINTEXT}, or {@code SASL_SSL} when started with {@link BrokerSecurity}. */
  public String securityProtocol() {
    return security == null ? "PLAINTEXT" : "SASL_SSL";
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Shuts the broker down and waits for it; safe to call twice and from the shutdown hook. */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    stopQuietly(server);
    server = null;
    releaseDirectoryLock();
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting; the hook is running or will find the server closed.
      }
    }
    shutdownHook = null;
    LOG.info("embedded Kafka stopped");
  }

  private void acquireDirectoryLock() throws IOException {
    lock = DirectoryLock.acquire(dataDir, ".topowatch.lock", "another embedded broker");
  }

  private void releaseDirectoryLock() {
    try {
      if (lock != null) {
        lock.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock = null;
    }
  }

  private static void stopQuietly(KafkaRaftServer s) {
    try {
      s.shutdown();
      s.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("embedded Kafka shutdown reported: {}", e.toString());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  /**
   * Kafka calls {@code Exit.halt}/{@code Exit.exit} on a fatal broker error, which would kill the
   * whole analyzer; log it and let the broker fail instead.
   */
  private static final class ExitGuard {
    private static boolean installed;

    static synchronized void install() {
      if (installed) {
        return;
      }
      Exit.setExitProcedure(
          (code, message) -> LOG.error("embedded Kafka asked to exit({}): {} - ignored", code, message));
      Exit.setHaltProcedure(
          (code, message) -> LOG.error("embedded Kafka asked to halt({}): {} - ignored", code, message));
      installed = true;
    }
  }

  /** Settings for {@link EmbeddedKafka}; defaults: 127.0.0.1:9092, a free controller port. */
  public static final class Builder {
    private Path dataDir = Path.of(System.getProperty("user.home"), ".topowatch", "kafka");
    private String host = "127.0.0.1";
    private int port = 9092;
    private int controllerPort;
    private final Map<String, String> overrides = new HashMap<>();
    private boolean shutdownHook = true;
    private BrokerSecurity security;

    private Builder() {}

    /** Persistent data directory; default {@code ~/.topowatch/kafka}. */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** Listener host; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Client port; default 9092; 0 picks a free port. */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /** Controller port; default 0, a free port. */
    public Builder controllerPort(int port) {
      this.controllerPort = checkPort(port);
      return this;
    }

    /** TLS and SCRAM logins on the client listener; default none (PLAINTEXT). */
    public Builder security(BrokerSecurity security) {
      this.security = security;
      return this;
    }

    /** Any broker property, applied last. */
    public Builder brokerProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /**
     * Whether the broker registers its own JVM shutdown hook; default true. An owner whose own hook
     * stops the broker after its consumers (so they can commit) turns this off.
     */
    public Builder shutdownHook(boolean register) {
      this.shutdownHook = register;
      return this;
    }

    public EmbeddedKafka build() {
      return new EmbeddedKafka(this);
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in 0..65535, was " + port);
      }
      return port;
    }
  }
}
