package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.TrainingEvent;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** One analyzer on an existing broker, with its own topics, group and data directory, and helpers to feed and read it. */
final class ServiceHarness implements AutoCloseable {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String bootstrap;
  final String activations;
  final String events;
  final Map<String, String> settings = new HashMap<>();
  AnalyzerService service;
  private final KafkaProducer<String, byte[]> producer;

  ServiceHarness(String bootstrap, Path dataDir) {
    int n = SEQ.incrementAndGet();
    this.bootstrap = bootstrap;
    this.activations = "test" + n + ".activations";
    this.events = "test" + n + ".events";
    settings.put(AnalyzerConfig.KAFKA_BOOTSTRAP, bootstrap);
    settings.put(AnalyzerConfig.KAFKA_GROUP_ID, "analyzer-test-" + n);
    settings.put(AnalyzerConfig.HTTP_PORT, "0");
    settings.put(AnalyzerConfig.TOPIC_ACTIVATIONS, activations);
    settings.put(AnalyzerConfig.TOPIC_EVENTS, events);
    settings.put(AnalyzerConfig.ACTIVATION_PARTITIONS, "3");
    settings.put(AnalyzerConfig.DATA_DIR, dataDir.toString());
    settings.put(AnalyzerConfig.ENGINE_LAYER_WAIT, "1s");
    settings.put("kafka.metadata.max.age.ms", "1000");
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new ByteArraySerializer());
  }

  ServiceHarness set(String key, String value) {
    settings.put(key, value);
    return this;
  }

  ServiceHarness start() {
    service = AnalyzerService.start(AnalyzerConfig.of(settings));
    return this;
  }

  void stop() {
    if (service != null) {
      service.close();
      service = null;
    }
  }

  void send(ActivationSample s) {
    sendRaw(s.getRunId() + "/" + s.getLayerIndex(), s.toByteArray());
  }

  /** Sends without waiting for each acknowledgement (a burst), then flushes. */
  void sendAll(java.util.List<ActivationSample> samples) {
    samples.forEach(s -> producer.send(new ProducerRecord<>(activations, s.getRunId() + "/" + s.getLayerIndex(), s.toByteArray())));
    producer.flush();
  }

  void sendRaw(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(activations, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void send(TrainingEvent e) {
    try {
      producer.send(new ProducerRecord<>(events, e.getRunId(), e.toByteArray())).get();
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  HttpResponse<String> get(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  JsonObject run(String runId) {
    HttpResponse<String> r = get("/api/runs/" + runId);
    return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
  }

  /** Prometheus samples: {@code name{k="v",…}} with labels sorted → value. */
  Map<String, Double> metrics() {
    Map<String, Double> out = new TreeMap<>();
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      String value = line.substring(space + 1);
      out.put(canonical(series), value.equals("NaN") ? Double.NaN : Double.parseDouble(value));
    }
    return out;
  }

  double metric(String name, String... labels) {
    StringBuilder key = new StringBuilder(name);
    if (labels.length > 0) {
      TreeMap<String, String> sorted = new TreeMap<>();
      for (int i = 0; i < labels.length; i += 2) {
        sorted.put(labels[i], labels[i + 1]);
      }
      key.append('{');
      sorted.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
      key.setLength(key.length() - 1);
      key.append('}');
    }
    Double v = metrics().get(key.toString());
    return v == null ? Double.NaN : v;
  }

  private static String canonical(String series) {
    int brace = series.indexOf('{');
    if (brace < 0) {
      return series;
    }
    TreeMap<String, String> labels = new TreeMap<>();
    String body = series.substring(brace + 1, series.length() - 1);
    for (String part : body.split("\",")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String v = part.substring(eq + 1);
      v = v.startsWith("\"") ? v.substring(1) : v;
      v = v.endsWith("\"") ? v.substring(0, v.length() - 1) : v;
      labels.put(part.substring(0, eq), v);
    }
    StringBuilder key = new StringBuilder(series.substring(0, brace)).append('{');
    labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
    key.setLength(key.length() - 1);
    return key.append('}').toString();
  }

  /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
        .until(condition::getAsBoolean);
  }

  /** Waits until {@code /health} answers 200: the consumer holds its partitions and their runs are restored. */
  void awaitReady(Duration timeout) {
    await("/health 200", timeout, () -> get("/health").statusCode() == 200);
  }

  long processed(String runId) {
    JsonObject r = run(runId);
    return r == null ? -1 : r.getLong("samples_processed");
  }

  @Override
  public void close() {
    stop();
    producer.close(Duration.ofSeconds(5));
  }
}
