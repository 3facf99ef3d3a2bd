package dev.topowatch.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A few seconds of {@code soak} against its own analyzer: every figure is reported, nothing is dropped. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SoakCommandTest {

  @Test
  void aShortSoakReportsThroughputDropsLagHeapAndSeriesAndLosesNothing() {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = TopowatchAnalyzer.commandLine().execute("soak", "--duration", "8s", "--warmup", "2s", "--rate", "40", "--runs", "2",
          "--layers", "2", "--samples", "2", "--sample-every", "1s", "--report-every", "3s", "--analyzer-heap", "384m",
          "--set", "engine.workers=1");
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    assertThat(exit).as(out).isZero();
    Matcher throughput = Pattern.compile("throughput: (\\d+) volumes sent \\S+ offered\\), (\\d+) acknowledged; ([0-9.]+) volumes/s processed")
        .matcher(out);
    assertThat(throughput.find()).as(out).isTrue();
    assertThat(Long.parseLong(throughput.group(1))).isBetween(280L, 330L); // 40/s for 8 s
    assertThat(throughput.group(2)).isEqualTo(throughput.group(1));
    assertThat(Double.parseDouble(throughput.group(3))).isGreaterThan(20);
    assertThat(out).contains("drops: 0 send failures, 0 acknowledged but not processed").contains(" 0 rejected, 0 stale");
    assertThat(out).containsPattern("consumer lag: \\d+ records at the end of the warm-up, at most \\d+, \\d+ at the end");
    Matcher heap = Pattern.compile("heap: (\\d+) MiB used at the end of the warm-up, at most (\\d+) MiB").matcher(out);
    assertThat(heap.find()).isTrue();
    assertThat(Long.parseLong(heap.group(2))).isPositive().isLessThanOrEqualTo(384);
    Matcher series = Pattern.compile("series: (\\d+) at the end of the warm-up, at most (\\d+), (\\d+) at the end").matcher(out);
    assertThat(series.find()).isTrue();
    assertThat(Integer.parseInt(series.group(3))).isGreaterThan(100);
    assertThat(out).containsPattern("soak: +\\d+ s: sent \\d+, processed \\d+");
  }
}
