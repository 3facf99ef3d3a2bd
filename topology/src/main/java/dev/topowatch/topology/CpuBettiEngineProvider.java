package dev.topowatch.topology;

/** The pure-Java back end: always available, the last resort under {@code auto}. */
public final class CpuBettiEngineProvider implements BettiEngineProvider {
  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public int autoPriority() {
    return 0;
  }

  @Override
  public Availability probe() {
    return Availability.yes(Runtime.getRuntime().availableProcessors() + " cores");
  }

  @Override
  public BettiEngine open() {
    return new CpuBettiEngine();
  }
}
