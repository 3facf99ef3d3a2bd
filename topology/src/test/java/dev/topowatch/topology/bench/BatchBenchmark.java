package dev.topowatch.topology.bench;

import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * (b) A batch of 32×28×28 activation volumes at the paper's 8 thresholds; {@code cpu} with 2 worker
 * threads, goal ≤ 5 s for 1,000 volumes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class BatchBenchmark {
  static final double[] THRESHOLDS = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75};

  @Param({"1000"})
  public int volumes;

  @Param({"v"})
  public String construction;

  private List<Volume> batch;
  private Construction c;
  private BettiEngine cpu;

  @Setup(Level.Trial)
  public void setUp() {
    batch = ActivationVolumes.batch(volumes, 1000);
    c = Construction.parse(construction);
    cpu = new CpuBettiEngine(2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cpu.close();
  }

  @Benchmark
  public long[][][] cpu() {
    return cpu.betti(batch, c, THRESHOLDS);
  }

}
