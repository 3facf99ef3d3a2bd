package dev.topowatch.topology.bench;

import dev.topowatch.topology.BettiCurve;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * topowatch's side of {@code topology/bench/vs-scipy-and-gudhi.sh}: writes the workload (activation
 * volumes from {@link ActivationVolumes}, the one generator behind every figure) as {@code .npy} for
 * the Python baselines, times the {@code cpu} engine on it with one worker thread, and writes its
 * Betti numbers and curves for the script to compare with theirs.
 *
 * <p>Arguments: {@code OUT_DIR VOLUMES CURVES REPEAT}. Writes {@code volumes.npy} (N, 32, 28, 28)
 * float32; {@code betti-v.npy} (N, 8, 3), the V-construction at the paper's 8 thresholds;
 * {@code curve-T-I.npy} (values, 4): the T-construction curve at every distinct value of volume I
 * (columns value, b0, b1, b2). Prints one JSON line per measurement: wall and CPU seconds per pass.
 */
public final class BaselineRun {
  static final double[] THRESHOLDS = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75};

  private BaselineRun() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int curves = Integer.parseInt(args[2]);
    int repeat = Integer.parseInt(args[3]);
    Files.createDirectories(out);
    List<Volume> volumes = ActivationVolumes.batch(n, 1000);
    writeVolumes(out.resolve("volumes.npy"), volumes);

    try (BettiEngine cpu = new CpuBettiEngine(1)) {
      long[][][] betti = null;
      for (int warm = 0; warm < 2; warm++) {
        betti = cpu.betti(volumes, Construction.V, THRESHOLDS);
      }
      Timings t = new Timings(repeat);
      for (int r = 0; r < repeat; r++) {
        t.start();
        betti = cpu.betti(volumes, Construction.V, THRESHOLDS);
        t.stop(r);
      }
      t.report("thresholds", n);
      NpyOut.longs(out.resolve("betti-v.npy"), flatten(betti), n, THRESHOLDS.length, 3);
    }

    List<Volume> curveVolumes = volumes.subList(0, curves);
    for (Volume v : curveVolumes) { // warm-up
      CpuBettiEngine.curveOf(v, Construction.T);
    }
    Timings t = new Timings(repeat);
    for (int r = 0; r < repeat; r++) {
      t.start();
      for (Volume v : curveVolumes) {
        CpuBettiEngine.curveOf(v, Construction.T); // the calling thread only
      }
      t.stop(r);
    }
    t.report("curves", curves);
    for (int i = 0; i < curves; i++) {
      writeCurve(out.resolve("curve-T-" + i + ".npy"), CpuBettiEngine.curveOf(curveVolumes.get(i), Construction.T));
    }
  }

  /**
   * Wall time and the process's CPU time per pass. The machine is shared: CPU time, which a
   * waiting process does not accumulate, compares one-core runs more fairly than wall time.
   */
  private static final class Timings {
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final double[] wall;
    private final double[] cpu;
    private long wall0;
    private long cpu0;

    Timings(int repeat) {
      wall = new double[repeat];
      cpu = new double[repeat];
    }

    void start() {
      wall0 = System.nanoTime();
      cpu0 = os.getProcessCpuTime();
    }

    void stop(int pass) {
      wall[pass] = (System.nanoTime() - wall0) / 1e9;
      cpu[pass] = (os.getProcessCpuTime() - cpu0) / 1e9;
    }

    void report(String what, int n) {
      System.out.printf(Locale.ROOT, "{\"what\":\"%s\",\"volumes\":%d,\"seconds\":%s,\"cpu_seconds\":%s}%n",
          what, n, Arrays.toString(wall), Arrays.toString(cpu));
    }
  }

  private static void writeVolumes(Path file, List<Volume> volumes) throws java.io.IOException {
    int per = volumes.get(0).size();
    float[] all = new float[volumes.size() * per];
    for (int i = 0; i < volumes.size(); i++) {
      volumes.get(i).copyTo(all, i * per);
    }
    int[] shape = volumes.get(0).shape();
    NpyOut.floats(file, all, volumes.size(), shape[0], shape[1], shape[2]);
  }

  private static long[] flatten(long[][][] betti) {
    return Arrays.stream(betti).flatMap(Arrays::stream).flatMapToLong(Arrays::stream).toArray();
  }

  private static void writeCurve(Path file, BettiCurve curve) throws java.io.IOException {
    double[] values = curve.values();
    long[][] betti = curve.betti();
    double[] rows = new double[values.length * 4];
    for (int j = 0; j < values.length; j++) {
      rows[4 * j] = values[j];
      for (int k = 0; k < 3; k++) {
        rows[4 * j + 1 + k] = betti[j][k];
      }
    }
    NpyOut.doubles(file, rows, values.length, 4);
  }
}
