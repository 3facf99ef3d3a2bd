package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.broker.EmbeddedKafka;
import dev.topowatch.broker.TestCertificates;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An analyzer started before the broker knows its SCRAM user: /health says 503 and why, the
 * analyzer keeps trying, and once the broker is restarted with the user it connects by itself and
 * processes what an authenticated producer sends.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecuredBrokerRecoveryTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void refusedCredentialsShowInHealthAndTheAnalyzerRecoversWhenTheUserExists() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedKafka kafka = broker(certs, port, Map.of("producer", "p-secret"));
    Map<String, String> settings = new HashMap<>();
    settings.put(AnalyzerConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
    settings.put(AnalyzerConfig.HTTP_PORT, "0");
    settings.put(AnalyzerConfig.DATA_DIR, dir.resolve("analyzer").toString());
    settings.put(AnalyzerConfig.ENGINE_LAYER_WAIT, "1s");
    settings.put("kafka.metadata.max.age.ms", "1000");
    certs.clientSettings("analyzer", "a-secret").forEach((k, v) -> settings.put("kafka." + k, v));
    try (AnalyzerService analyzer = AnalyzerService.start(AnalyzerConfig.of(settings))) {
      await("503 with the reason").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> health = get(analyzer, "/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(health.body()).getString("reason")).containsIgnoringCase("authentication failed");
      });

      kafka.close();
      kafka = broker(certs, port, Map.of("producer", "p-secret", "analyzer", "a-secret"));
      await("healthy once its user exists").atMost(Duration.ofSeconds(90))
          .until(() -> get(analyzer, "/health").statusCode() == 200);

      Map<String, Object> producerSettings = new HashMap<>(certs.clientSettings("producer", "p-secret"));
      producerSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>("topowatch.activations", "secure/0",
            Samples.sample("secure", 0, 0, 0, Samples.ring(), 7, 7).build().toByteArray())).get(30, TimeUnit.SECONDS);
      }
      await("the sample processed").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> run = get(analyzer, "/api/runs/secure");
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(run.body()).getLong("samples_processed")).isEqualTo(1);
      });
    } finally {
      kafka.close();
    }
  }

  private EmbeddedKafka broker(TestCertificates certs, int port, Map<String, String> users) {
    return EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(port).security(certs.brokerSecurity(users)).build().start();
  }

  private static HttpResponse<String> get(AnalyzerService service, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
