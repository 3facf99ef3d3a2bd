package dev.topowatch.topology.gpu;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.lifecycle.SkipExecutionHook.SkipResult;

/** Skips a jqwik container, with the probe's reason, where no CUDA device can be used (as in CI). */
public final class RequiresDevice implements SkipExecutionHook {
  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    GpuProbe.Result r = GpuProbe.probe();
    return r.usable() ? SkipResult.doNotSkip() : SkipResult.skip("no CUDA device: " + r.summary());
  }
}
