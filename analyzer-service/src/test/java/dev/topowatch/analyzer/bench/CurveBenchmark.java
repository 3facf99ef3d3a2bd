package dev.topowatch.analyzer.bench;

import dev.topowatch.analyzer.topology.BettiCurve;
import dev.topowatch.analyzer.topology.Construction;
import dev.topowatch.analyzer.topology.CpuBettiEngine;
import dev.topowatch.analyzer.topology.Volume;
import dev.topowatch.analyzer.topology.djl.DjlBettiEngine;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** (a) Betti curves at every distinct value of one 32×28×28 activation volume, one thread. Goal: ≤ 20 ms (cpu). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dai.djl.offline=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CurveBenchmark {
  @Param({"v", "t"})
  public String construction;

  private Volume volume;
  private Construction c;
  private DjlBettiEngine djl;

  @Setup(Level.Trial)
  public void setUp() {
    volume = ActivationVolumes.one(42);
    c = Construction.parse(construction);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (djl != null) {
      djl.close();
    }
  }

  @Benchmark
  public BettiCurve cpu() {
    return CpuBettiEngine.curveOf(volume, c); // the calling thread only
  }

  /** One threshold per distinct value (~15,000 here) on tensors: slow by nature, so timed once per iteration. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 2)
  public BettiCurve djl() {
    if (djl == null) {
      djl = new DjlBettiEngine();
    }
    return djl.curve(volume, c);
  }
}
