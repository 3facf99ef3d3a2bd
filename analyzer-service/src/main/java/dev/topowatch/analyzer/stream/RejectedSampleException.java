package dev.topowatch.analyzer.stream;

/** A record that cannot be analysed, with the reason counted in the metrics. */
public final class RejectedSampleException extends Exception {
  private final RejectReason reason;

  public RejectedSampleException(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
