package dev.topowatch.topology.bench;

import dev.topowatch.topology.BettiCurve;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** (a) Betti curves at every distinct value of one 32×28×28 activation volume, one thread. Goal: ≤ 20 ms (cpu). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CurveBenchmark {
  @Param({"v", "t"})
  public String construction;

  private Volume volume;
  private Construction c;

  @Setup(Level.Trial)
  public void setUp() {
    volume = ActivationVolumes.one(42);
    c = Construction.parse(construction);
  }

  @Benchmark
  public BettiCurve cpu() {
    return CpuBettiEngine.curveOf(volume, c); // the calling thread only
  }
}
