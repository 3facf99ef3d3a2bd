package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private final TopicPartition p0 = new TopicPartition("t", 0);
  private final TopicPartition p1 = new TopicPartition("t", 1);

  @Test
  void neverCommitsPastARecordStillInFlight() {
    OffsetTracker t = new OffsetTracker();
    for (long o = 10; o < 15; o++) {
      t.started(p0, o);
    }
    t.finished(p0, 10);
    t.finished(p0, 12);
    t.finished(p0, 13);
    assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(11)));
    t.finished(p0, 11);
    assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(14)));
    t.finished(p0, 14);
    Map<TopicPartition, OffsetAndMetadata> all = t.committable();
    assertThat(all).isEqualTo(Map.of(p0, new OffsetAndMetadata(15)));
    t.committed(all);
    assertThat(t.committable()).isEmpty();
  }

  @Test
  void partitionsAreIndependentAndForgettable() {
    OffsetTracker t = new OffsetTracker();
    t.started(p0, 0);
    t.started(p1, 7);
    t.finished(p1, 7);
    assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(0), p1, new OffsetAndMetadata(8)));
    assertThat(t.inFlight(List.of(p0, p1))).isEqualTo(1);
    t.forget(List.of(p0));
    assertThat(t.inFlight(List.of(p0))).isZero();
    assertThat(t.committable()).containsOnlyKeys(p1);
  }

  @Test
  void aHeldRecordIsNotWaitedForButNoCommitPassesIt() {
    OffsetTracker t = new OffsetTracker();
    for (long o = 20; o < 24; o++) {
      t.started(p0, o);
    }
    t.finished(p0, 20);
    t.held(p0, 21);
    t.finished(p0, 22);
    t.finished(p0, 23);
    assertThat(t.inFlight(List.of(p0))).as("nothing to drain: the held record will not finish here").isZero();
    assertThat(t.held()).isEqualTo(1);
    assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(21)));
    t.committed(t.committable());
    t.started(p0, 24);
    t.finished(p0, 24);
    assertThat(t.committable()).as("still stopped at the held record").isEmpty();
    t.forget(List.of(p0));
    assertThat(t.held()).isZero();
  }
}
