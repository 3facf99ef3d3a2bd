package dev.topowatch.analyzer.service;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;

/**
 * How the analyzer's replicas share the input partitions, and so how fast a dead replica's runs are
 * served again by another (deploy/README.md, "Consumer group and fail-over"). Each setting can be
 * overridden by its {@code kafka.*} key.
 *
 * <ul>
 *   <li><b>{@code session.timeout.ms} 6000</b> (Kafka's default is 45000): a replica killed without a
 *       goodbye (SIGKILL, OOM, a lost node) is noticed only when the coordinator stops hearing its
 *       heartbeats for this long; its runs are dark until then. 6 s is the brokers' default lower bound
 *       ({@code group.min.session.timeout.ms}). Heartbeats come from the consumer's own background
 *       thread, so slow Betti computations never miss one (those are bounded by {@code
 *       max.poll.interval.ms}); only a whole-JVM stall of 6 s (a GC pause on a starved heap, a frozen
 *       container) would move the partitions needlessly, and that costs a rebalance, not data.
 *   <li><b>{@code heartbeat.interval.ms} 500</b>: the survivor hears of the rebalance only with the
 *       answer to its next heartbeat, so this adds up to its length to every fail-over (1 s gave 9.6 and
 *       9.9 s in ScaleOutFailoverTest, of which about 7.7 s until the survivor was assigned); twelve
 *       heartbeats per session, one small request a second per replica for the coordinator.
 *   <li><b>{@code group.instance.id}</b> (static membership): the replica's stable identity (group, host,
 *       data directory). A replica that crashes and is back within the session timeout rejoins under its
 *       own id and gets its partitions back without a rebalance of the others; a blip shorter than the
 *       session timeout moves nothing. It does not speed up the fail-over of a replica that stays dead:
 *       that is the session timeout's job.
 *   <li><b>Orderly stop: leave the group</b> ({@link #CLOSE}). A static member does not leave by
 *       default, so its partitions would wait out the session timeout; leaving hands them to the
 *       survivor at once, so a rolling restart leaves no run dark.
 *   <li><b>Range assignment, eager</b>: a run's state lives in the partition number that its
 *       activations and events share; range assignment gives both topics' partition n to one replica.
 *       Kafka's cooperative-sticky assignor balances the topics' partitions independently and would
 *       split a run between two replicas, so it is not used. What it would save is small here: on a
 *       rebalance the survivor pauses its own partitions only to drain and commit them (it does not
 *       restore the runs it keeps; see RunStateStore#assigned), well under a second.
 * </ul>
 */
final class GroupMembership {

  static final String SESSION_TIMEOUT_MS = "6000";
  static final String HEARTBEAT_INTERVAL_MS = "500";
  /** An orderly stop leaves the group (a static member would otherwise hold its partitions for the session timeout). */
  static final CloseOptions CLOSE = CloseOptions.timeout(Duration.ofSeconds(5))
      .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);

  private GroupMembership() {}

  /** Adds the group settings to consumer properties that already carry the user's {@code kafka.*} overrides. */
  static void apply(Properties props, String groupId, String instanceId) {
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
    props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
  }
}
