package dev.topowatch.analyzer.stream;

/**
 * The size limits every record is checked against before it costs memory or metric series. A
 * producer cannot make the analyzer hold more than these, whatever it sends.
 *
 * @param maxMessageBytes a record value above this is rejected unread ({@code too_large})
 * @param maxVolumeValues a volume with more values is rejected ({@code too_large})
 * @param maxIdLength a {@code run_id} or layer name with more characters is rejected ({@code
 *     id_too_long}): both become metric label values, log text and journal names
 * @param maxLayers distinct layers per run ({@code too_many_layers}); each layer adds a fixed number
 *     of metric series, so this and {@code runs.max-live} bound the label cardinality
 */
public record InputLimits(int maxMessageBytes, long maxVolumeValues, int maxIdLength, int maxLayers) {

  /** The analyzer's defaults (see {@code AnalyzerConfig}). */
  public static final InputLimits DEFAULTS = new InputLimits(16 << 20, 4_000_000, 256, 256);

  public InputLimits {
    if (maxMessageBytes <= 0 || maxVolumeValues <= 0 || maxIdLength <= 0 || maxLayers <= 0) {
      throw new IllegalArgumentException("every limit must be positive: " + maxMessageBytes + ", " + maxVolumeValues
          + ", " + maxIdLength + ", " + maxLayers);
    }
  }

  /** Only the volume-size limit set; the others at their defaults. */
  public static InputLimits ofVolumeValues(long maxVolumeValues) {
    return new InputLimits(DEFAULTS.maxMessageBytes(), maxVolumeValues, DEFAULTS.maxIdLength(), DEFAULTS.maxLayers());
  }

  /** Rejects a record value larger than {@link #maxMessageBytes()}. */
  public void checkMessage(byte[] value) throws RejectedSampleException {
    if (value != null && value.length > maxMessageBytes) {
      throw new RejectedSampleException(RejectReason.TOO_LARGE,
          "record of " + value.length + " bytes exceeds limits.max-message-bytes " + maxMessageBytes);
    }
  }

  /** Rejects an identifier (run id, layer name) longer than {@link #maxIdLength()}; the message never quotes it. */
  public void checkId(String what, String id) throws RejectedSampleException {
    if (id.length() > maxIdLength) {
      throw new RejectedSampleException(RejectReason.ID_TOO_LONG,
          what + " of " + id.length() + " characters exceeds limits.max-id-length " + maxIdLength);
    }
  }
}
