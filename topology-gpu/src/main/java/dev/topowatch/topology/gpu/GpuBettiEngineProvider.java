package dev.topowatch.topology.gpu;

import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.BettiEngineProvider;
import java.util.Map;

/** The gpu back end for {@link java.util.ServiceLoader}: preferred over cpu under {@code auto}. */
public final class GpuBettiEngineProvider implements BettiEngineProvider {
  @Override
  public String name() {
    return "gpu";
  }

  @Override
  public int autoPriority() {
    return 100;
  }

  @Override
  public Availability probe() {
    try {
      GpuProbe.Result r = GpuProbe.probe();
      return r.usable() ? Availability.yes(r.summary()) : Availability.no(r.summary());
    } catch (RuntimeException e) { // a bad setting, say: never let probing throw
      return Availability.no(e.getMessage());
    }
  }

  @Override
  public BettiEngine open() {
    return GpuBettiEngine.open();
  }

  @Override
  public Map<String, Object> report(boolean open) {
    return GpuInfo.report(open);
  }
}
