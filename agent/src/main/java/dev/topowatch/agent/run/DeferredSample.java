package dev.topowatch.agent.run;

import dev.topowatch.agent.AgentConfig.SampleDType;
import dev.topowatch.agent.publish.Outbound;
import dev.topowatch.agent.sampling.DTypeEncoder;
import dev.topowatch.agent.sampling.HostCopy;
import dev.topowatch.agent.sampling.Layer;

/**
 * One activation sample as the training thread left it: a row of the values copied out of the
 * engine. Converting it to the wire dtype and serializing the {@code ActivationSample} happen in
 * {@link #bytes}, on the sender thread, so a sampled step costs the training job only the copy.
 */
final class DeferredSample implements Outbound.Value {
  /** Room for the message's other fields (run id, layer name, numbers, shape) around the data. */
  private static final int HEADER_BYTES = 256;

  private final Messages messages;
  private final long step;
  private final int epoch;
  private final Layer layer;
  private final int index;
  private final long label;
  private final HostCopy.Rows rows;
  private final SampleDType dtype;
  private final long timeMs;

  DeferredSample(Messages messages, long step, int epoch, Layer layer, int index, long label,
      HostCopy.Rows rows, SampleDType dtype, long timeMs) {
    this.messages = messages;
    this.step = step;
    this.epoch = epoch;
    this.layer = layer;
    this.index = index;
    this.label = label;
    this.rows = rows;
    this.dtype = dtype;
    this.timeMs = timeMs;
  }

  @Override
  public long size() {
    return (long) rows.perRow() * dtype.bytes() + HEADER_BYTES;
  }

  @Override
  public byte[] bytes() {
    int per = rows.perRow();
    byte[] data = DTypeEncoder.encode(rows.values(), index * per, per, dtype);
    return messages.sample(step, epoch, layer, index, label, rows.shape(), data, timeMs).toByteArray();
  }
}
