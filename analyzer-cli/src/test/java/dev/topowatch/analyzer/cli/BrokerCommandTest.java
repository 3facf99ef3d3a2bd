package dev.topowatch.analyzer.cli;

import dev.topowatch.harness.AnalyzerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topowatch.broker.TestCertificates;
import dev.topowatch.harness.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code broker} as a process: its bootstrap line, the data-directory rules, a clean stop on SIGTERM, data kept. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerCommandTest {

  private static final Pattern READY = Pattern.compile("topowatch broker ready: bootstrap (\\S+), (\\S+),");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir; // a failure keeps the processes' logs

  @Test
  void withAKeyStoreOnlyItsScramUsersGetInOverTls() throws Exception {
    TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
    try (AnalyzerProcess broker = AnalyzerProcess.start(List.of("broker", "--port", "0", "--data-dir", dir.resolve("tls").toString(),
        "--keystore", certs.keyStore().toString(), "--keystore-password", certs.password(), "--scram-users", "alice:alice-secret"),
        "384m", dir.resolve("tls.log"), READY)) {
      MatchResult ready = broker.awaitLine(READY, Duration.ofSeconds(90));
      assertThat(ready.group(2)).isEqualTo("SASL_SSL");
      Map<String, Object> alice = new HashMap<>(certs.clientSettings("alice", "alice-secret"));
      alice.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ready.group(1));
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(alice, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("secured", "k", "v")).get(60, TimeUnit.SECONDS);
      }
      Map<String, Object> wrong = new HashMap<>(certs.clientSettings("alice", "wrong"));
      wrong.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ready.group(1));
      wrong.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(wrong, new StringSerializer(), new StringSerializer())) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("secured", "k", "v")).get(60, TimeUnit.SECONDS))
            .hasRootCauseInstanceOf(SaslAuthenticationException.class);
      }
    }
  }

  @Test
  void servesUntilSigtermRefusesASecondBrokerOnItsDirectoryAndKeepsItsDataAcrossARestart() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir)) {
      String bootstrap = cluster.startBroker(0);
      assertThat(bootstrap).matches("127\\.0\\.0\\.1:\\d+");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("kept", "k", "written before the restart")).get(60, TimeUnit.SECONDS);
      }

      try (AnalyzerProcess second = AnalyzerProcess.start(
          List.of("broker", "--port", "0", "--data-dir", dir.resolve("broker").toString()), "256m", dir.resolve("second.log"),
          Pattern.compile("error"))) {
        assertThat(second.awaitLine(Pattern.compile("broker: error: (.*)"), Duration.ofSeconds(60)).group(1))
            .contains("another embedded broker is using");
        assertThat(second.waitFor(Duration.ofSeconds(60))).as("exit code of the refused broker").isEqualTo(1);
      }

      int exit = cluster.broker().stop();
      assertThat(exit).as("exit after SIGTERM (128 + 15)").isEqualTo(143);
      assertThat(Files.readString(dir.resolve("broker-1.log"))).contains("embedded Kafka stopped");

      String again = cluster.startBroker(cluster.brokerPort());
      assertThat(again).isEqualTo(bootstrap);
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, again, ConsumerConfig.GROUP_ID_CONFIG, "reader",
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("kept"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ConsumerRecords<String, String> records = ConsumerRecords.empty();
        while (records.isEmpty() && System.nanoTime() < deadline) {
          records = consumer.poll(Duration.ofMillis(500));
        }
        assertThat(records.iterator().next().value()).isEqualTo("written before the restart");
      }
    }
  }
}
