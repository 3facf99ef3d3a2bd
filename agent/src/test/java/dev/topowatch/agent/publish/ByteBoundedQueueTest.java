package dev.topowatch.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ByteBoundedQueueTest {
  @Test
  void refusesWhatDoesNotFitAndNeverBlocks() {
    ByteBoundedQueue<byte[]> q = new ByteBoundedQueue<>(100, b -> b.length);
    assertThat(q.offer(new byte[60])).isTrue();
    assertThat(q.offer(new byte[40])).isTrue();
    long start = System.nanoTime();
    assertThat(q.offer(new byte[1])).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(q.bytes()).isEqualTo(100);
    assertThat(q.poll()).hasSize(60);
    assertThat(q.bytes()).isEqualTo(40);
    assertThat(q.offer(new byte[60])).isTrue();
    assertThat(q.offer(new byte[101 - 100])).isFalse();
  }

  @Test
  void keepsOrderAndFreesBytesOnPoll() {
    ByteBoundedQueue<String> q = new ByteBoundedQueue<>(10, String::length);
    q.offer("ab");
    q.offer("cde");
    assertThat(q.poll(10, TimeUnit.MILLISECONDS)).isEqualTo("ab");
    assertThat(q.poll()).isEqualTo("cde");
    assertThat(q.poll()).isNull();
    assertThat(q.bytes()).isZero();
  }

  @Test
  void pollWaitsForAnElementOrTimesOut() throws Exception {
    ByteBoundedQueue<String> q = new ByteBoundedQueue<>(10, String::length);
    long start = System.nanoTime();
    assertThat(q.poll(100, TimeUnit.MILLISECONDS)).isNull();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(90));
    CountDownLatch polling = new CountDownLatch(1);
    List<String> got = new ArrayList<>();
    Thread consumer = new Thread(() -> {
      polling.countDown();
      got.add(q.poll(5, TimeUnit.SECONDS));
    });
    consumer.start();
    polling.await();
    Thread.sleep(20);
    q.offer("x");
    consumer.join(2000);
    assertThat(got).containsExactly("x");
  }

  @Test
  void concurrentProducersNeverOverfill() throws Exception {
    ByteBoundedQueue<byte[]> q = new ByteBoundedQueue<>(1000, b -> b.length);
    AtomicInteger accepted = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          if (q.offer(new byte[7])) {
            accepted.incrementAndGet();
          }
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(accepted.get()).isEqualTo(1000 / 7);
    assertThat(q.bytes()).isEqualTo(7L * accepted.get());
  }

  @Test
  void capacityMustBePositive() {
    assertThatThrownBy(() -> new ByteBoundedQueue<String>(0, String::length))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
