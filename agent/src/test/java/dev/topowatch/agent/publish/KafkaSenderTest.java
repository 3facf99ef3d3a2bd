package dev.topowatch.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.agent.publish.AgentCounters.DropReason;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The sender's admission rules, which never involve the broker. */
class KafkaSenderTest {
  private static Outbound sample(int bytes) {
    return new Outbound("t", "run/0", "run", new byte[bytes], 1);
  }

  @Test
  void dropsAndCountsWhenTheQueueIsFullWithoutWaiting() {
    AgentCounters counters = new AgentCounters();
    // Not started: nothing drains, as with a broker that never answers.
    KafkaSender sender = new KafkaSender("127.0.0.1:1", Map.of(), "test", 100_000, counters);
    int accepted = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      accepted += sender.submit(sample(10_000)) ? 1 : 0;
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
    assertThat(accepted).isEqualTo(100_000 / (10_000 + 2 * "run/0".length() + 64));
    assertThat(counters.samplesDropped(DropReason.QUEUE_FULL)).isEqualTo(100 - accepted);
    assertThat(sender.queuedBytes()).isLessThanOrEqualTo(100_000);
  }

  @Test
  void aFullProducerBufferIsAFullQueueNotAFailedSend() {
    // The producer's buffer exhausted for max.block.ms: the agent's bounded memory is full, Kafka refused nothing.
    assertThat(KafkaSender.dropReason(new BufferExhaustedException("Failed to allocate 262144 bytes within 1000 ms")))
        .isEqualTo(DropReason.QUEUE_FULL);
    assertThat(KafkaSender.dropReason(new TimeoutException("Topic t not present in metadata after 1000 ms.")))
        .isEqualTo(DropReason.SEND_FAILED);
    assertThat(KafkaSender.dropReason(new NotEnoughReplicasException("not enough in-sync replicas")))
        .isEqualTo(DropReason.SEND_FAILED);
  }

  @Test
  void tooLargeRecordsAreDroppedAsSuch() {
    AgentCounters counters = new AgentCounters();
    KafkaSender sender = new KafkaSender("127.0.0.1:1", Map.of(), "test", 64L << 20, counters);
    assertThat(sender.submit(sample(KafkaSender.MAX_RECORD_BYTES + 1))).isFalse();
    assertThat(counters.samplesDropped(DropReason.TOO_LARGE)).isEqualTo(1);
    assertThat(counters.summary()).contains("too_large 1");
  }

  /** A value encoded on the sender thread, as activation samples are. */
  private static Outbound deferred(long estimate, Supplier<byte[]> encode) {
    return new Outbound("t", "run/0", "run", new Outbound.Value() {
      @Override
      public long size() {
        return estimate;
      }

      @Override
      public byte[] bytes() {
        return encode.get();
      }
    }, 1);
  }

  @Test
  void deferredValuesAreEncodedOnTheSenderThreadAndCheckedThere() throws Exception {
    AgentCounters counters = new AgentCounters();
    KafkaSender sender = new KafkaSender("127.0.0.1:1", Map.of(), "test", 64L << 20, counters);
    CompletableFuture<Thread> encodedOn = new CompletableFuture<>();
    assertThat(sender.submit(deferred(10, () -> {
      encodedOn.complete(Thread.currentThread());
      return new byte[KafkaSender.MAX_RECORD_BYTES + 1]; // larger than its estimate said
    }))).isTrue();
    assertThat(sender.submit(deferred(10, () -> {
      throw new IllegalStateException("cannot encode");
    }))).isTrue();
    assertThat(sender.submit(deferred(KafkaSender.MAX_RECORD_BYTES + 1, () -> new byte[1]))).isFalse();
    sender.start();
    assertThat(encodedOn.get(5, TimeUnit.SECONDS).getName()).startsWith("topowatch-sender");
    sender.close(Duration.ofSeconds(2));
    assertThat(counters.samplesDropped(DropReason.TOO_LARGE)).isEqualTo(2);
    assertThat(counters.samplesDropped(DropReason.SEND_FAILED)).isEqualTo(1);
  }

  @Test
  void producerSettingsAreBoundedAndOverridable() {
    Properties p = KafkaSender.producerConfig("h:1", Map.of("acks", "all"), "c", 8L << 20);
    assertThat(p.getProperty("max.block.ms")).isEqualTo("1000");
    assertThat(p.getProperty("compression.type")).isEqualTo("none");
    assertThat(p.getProperty("buffer.memory")).isEqualTo(String.valueOf(8L << 20));
    assertThat(p.getProperty("acks")).isEqualTo("all");
    assertThat(KafkaSender.producerConfig("h:1", Map.of(), "c", 1L << 30).getProperty("buffer.memory"))
        .isEqualTo(String.valueOf(32L << 20));
  }

  @Test
  void unreachableBrokerFailsSendsAndStopsPromptly() {
    AgentCounters counters = new AgentCounters();
    KafkaSender sender = new KafkaSender("127.0.0.1:1", Map.of(), "test", 1L << 20, counters);
    sender.start();
    for (int i = 0; i < 5; i++) {
      sender.submit(sample(100));
    }
    long start = System.nanoTime();
    sender.close(Duration.ofSeconds(2));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(counters.samplesSent()).isZero();
    assertThat(counters.samplesDropped()).isEqualTo(5);
    assertThat(sender.submit(sample(1))).isFalse();
    assertThat(counters.samplesDropped(DropReason.DISABLED)).isEqualTo(1);
  }
}
