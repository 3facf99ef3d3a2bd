package dev.topowatch.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  @TempDir Path dir;

  @Test
  void messagesSurviveARestartOnTheSameDirectory() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).port(0).build().start()) {
      produce(kafka.bootstrapServers(), "first");
      assertThat(consumeAll(kafka.bootstrapServers())).containsExactly("first");
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).port(0).build().start()) {
      produce(kafka.bootstrapServers(), "second");
      assertThat(consumeAll(kafka.bootstrapServers())).containsExactly("first", "second");
    }
  }

  @Test
  void aSecondBrokerOnTheSameDirectoryIsRefused() {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).port(0).build().start()) {
      assertThatThrownBy(() -> EmbeddedKafka.builder().dataDir(dir).port(0).build().start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another embedded broker");
      assertThat(kafka.isRunning()).isTrue();
    }
  }

  @Test
  void aTakenPortGivesAClearErrorAndReleasesTheDirectory() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).port(taken.getLocalPort()).build();
      assertThatThrownBy(kafka::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot start embedded Kafka");
      assertThat(kafka.isRunning()).isFalse();
    }
    try (EmbeddedKafka again = EmbeddedKafka.builder().dataDir(dir).port(0).build().start()) {
      assertThat(again.isRunning()).isTrue();
    }
  }

  private static void produce(String bootstrap, String value) throws Exception {
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("embedded-test", "k", value)).get();
    }
  }

  private static List<String> consumeAll(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-test-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("embedded-test"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
        if (!values.isEmpty() && consumer.poll(Duration.ofMillis(500)).isEmpty()) {
          break;
        }
      }
    }
    return values;
  }
}
