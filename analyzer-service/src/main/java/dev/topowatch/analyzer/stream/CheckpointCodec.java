package dev.topowatch.analyzer.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * {@link RunCheckpoint} to JSON bytes and back, by Jackson's record binding (the components are the
 * fields). NaN travels as the string {@code "NaN"}, Jackson's default for non-finite doubles. Unknown
 * fields are skipped, so a replica can read what a newer one wrote during a rolling upgrade.
 */
public final class CheckpointCodec {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private CheckpointCodec() {}

  public static byte[] encode(RunCheckpoint checkpoint) {
    try {
      return JSON.writeValueAsBytes(checkpoint);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the checkpoint of run " + checkpoint.runId(), e);
    }
  }

  /**
   * Reads a checkpoint.
   *
   * @throws IllegalArgumentException when the bytes are not a checkpoint of the format this code reads
   */
  public static RunCheckpoint decode(byte[] json) {
    RunCheckpoint c;
    try {
      c = JSON.readValue(json, RunCheckpoint.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a run checkpoint: " + e.getMessage(), e);
    }
    if (c == null || c.format() != RunCheckpoint.FORMAT || c.runId() == null) {
      throw new IllegalArgumentException("not a run checkpoint of format " + RunCheckpoint.FORMAT
          + (c == null ? "" : " (format " + c.format() + ", run " + c.runId() + ")"));
    }
    return c;
  }
}
