package dev.topowatch.analyzer.stream;

import java.util.Locale;

/** Why a record was rejected; the {@link #label()} is the {@code reason} tag of {@code topowatch_samples_rejected_total}. */
public enum RejectReason {
  /** The bytes are not a protobuf message of the expected type. */
  UNDECODABLE,
  /** {@code dtype} is DTYPE_UNSPECIFIED or a value this analyzer does not know. */
  UNKNOWN_DTYPE,
  /** {@code data} does not hold shape-product × element-size bytes. */
  LENGTH_MISMATCH,
  /** The shape is empty or has a dimension below 1. */
  BAD_SHAPE,
  /** More than three dimensions. */
  TOO_MANY_DIMENSIONS,
  /** More values than {@code limits.max-volume-values}, or a record over {@code limits.max-message-bytes}. */
  TOO_LARGE,
  /** Every value is NaN or infinite: nothing to analyse. */
  NON_FINITE,
  /** The record names no run (empty {@code run_id}). */
  UNKNOWN_RUN,
  /** A new run would exceed {@code runs.max-live}. */
  TOO_MANY_RUNS,
  /**
   * A {@code run_id} or layer name longer than {@code limits.max-id-length}: they become metric label
   * values, log lines and file names, so their size is bounded like everything else.
   */
  ID_TOO_LONG,
  /** A run would get more distinct layers than {@code limits.max-layers} (each layer adds metric series). */
  TOO_MANY_LAYERS,
  /**
   * Processing the record failed with an error of the analyzer's own, logged with the record's
   * position: the engine could not compute that one volume (the GPU had not the memory for it, say).
   * A broken engine is not this: its records are held, not rejected.
   */
  PROCESSING_FAILED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RejectReason fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
