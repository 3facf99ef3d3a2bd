package dev.topowatch.agent.publish;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own counters: the single source for the end-of-run log, {@code RunFinished} and the
 * optional Prometheus endpoint. Drop reasons are the fixed set of the metric contract.
 */
public final class AgentCounters {
  /** Why a sample was not sent ({@code topowatch_agent_samples_dropped_total{reason}}). */
  public enum DropReason {
    QUEUE_FULL("queue_full"),
    SEND_FAILED("send_failed"),
    TOO_LARGE("too_large"),
    DISABLED("disabled");

    private final String label;

    DropReason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final AtomicLong samplesSent = new AtomicLong();
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong eventsDropped = new AtomicLong();
  private final AtomicLong[] dropped = new AtomicLong[DropReason.values().length];

  public AgentCounters() {
    for (int i = 0; i < dropped.length; i++) {
      dropped[i] = new AtomicLong();
    }
  }

  public void samplesSent(int n) {
    samplesSent.addAndGet(n);
  }

  public void eventSent() {
    eventsSent.incrementAndGet();
  }

  public void eventDropped() {
    eventsDropped.incrementAndGet();
  }

  public void samplesDropped(DropReason reason, int n) {
    dropped[reason.ordinal()].addAndGet(n);
  }

  public long samplesSent() {
    return samplesSent.get();
  }

  public long eventsSent() {
    return eventsSent.get();
  }

  public long eventsDropped() {
    return eventsDropped.get();
  }

  public long samplesDropped(DropReason reason) {
    return dropped[reason.ordinal()].get();
  }

  public long samplesDropped() {
    long sum = 0;
    for (AtomicLong d : dropped) {
      sum += d.get();
    }
    return sum;
  }

  /** One line for the end-of-run log. */
  public String summary() {
    StringBuilder reasons = new StringBuilder();
    for (DropReason r : DropReason.values()) {
      reasons.append(reasons.length() == 0 ? "" : ", ").append(r.label()).append(' ').append(samplesDropped(r));
    }
    return "samples sent " + samplesSent() + ", samples dropped " + samplesDropped() + " (" + reasons
        + "), events sent " + eventsSent() + ", events dropped " + eventsDropped();
  }
}
