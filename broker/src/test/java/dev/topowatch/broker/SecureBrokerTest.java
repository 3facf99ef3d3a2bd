package dev.topowatch.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker with TLS and SCRAM-SHA-512 (throw-away certificates from keytool): the right
 * user gets in, a wrong password, an untrusted certificate and a plaintext client are refused, and the
 * users configured at a restart on the same data directory are the only ones (new password, user gone).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecureBrokerTest {

  @TempDir Path dir;

  @Test
  void onlyTheConfiguredUsersOverTlsGetIn() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("data")).port(0)
        .security(certs.brokerSecurity(Map.of("alice", "alice-secret", "bob", "bob:secret"))).build().start()) {
      assertThat(kafka.securityProtocol()).isEqualTo("SASL_SSL");
      String bootstrap = kafka.bootstrapServers();

      Map<String, Object> alice = new HashMap<>(certs.clientSettings("alice", "alice-secret"));
      alice.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(alice, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("secured", "k", "hello over SASL_SSL")).get(30, TimeUnit.SECONDS);
      }
      assertThat(readOne(bootstrap, certs.clientSettings("bob", "bob:secret"), "secured")).isEqualTo("hello over SASL_SSL");

      assertThat(refusal(bootstrap, certs.clientSettings("alice", "wrong"))).isInstanceOf(SaslAuthenticationException.class);
      assertThat(refusal(bootstrap, certs.clientSettings("mallory", "alice-secret"))).isInstanceOf(SaslAuthenticationException.class);
      Map<String, String> untrusting = new HashMap<>(certs.clientSettings("alice", "alice-secret"));
      untrusting.remove("ssl.truststore.location");
      untrusting.remove("ssl.truststore.password");
      untrusting.remove("ssl.truststore.type");
      assertThat(refusal(bootstrap, untrusting)).isInstanceOf(SslAuthenticationException.class);
      assertThatThrownBy(() -> admin(bootstrap, Map.of(), 3_000))
          .as("a plaintext client gets no answer").isInstanceOf(ExecutionException.class);
    }
    // A restart on the same data directory applies the users as configured now: a new password, a user gone.
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("data")).port(0)
        .security(certs.brokerSecurity(Map.of("alice", "new-secret"))).build().start()) {
      admin(kafka.bootstrapServers(), certs.clientSettings("alice", "new-secret"), 30_000);
      assertThat(refusal(kafka.bootstrapServers(), certs.clientSettings("alice", "alice-secret")))
          .isInstanceOf(SaslAuthenticationException.class);
      assertThat(refusal(kafka.bootstrapServers(), certs.clientSettings("bob", "bob:secret")))
          .isInstanceOf(SaslAuthenticationException.class);
    }
  }

  private static String readOne(String bootstrap, Map<String, String> settings, String topic) {
    Map<String, Object> p = new HashMap<>(settings);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          return r.value();
        }
      }
    }
    throw new AssertionError("nothing read from " + topic);
  }

  /** The cause of a failed describeCluster with these settings. */
  private static Throwable refusal(String bootstrap, Map<String, String> settings) {
    try {
      admin(bootstrap, settings, 20_000);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("the broker let these settings in: " + settings.keySet());
  }

  private static void admin(String bootstrap, Map<String, String> settings, int timeoutMs) throws Exception {
    Map<String, Object> p = new HashMap<>(settings);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId().get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS);
    }
  }
}
