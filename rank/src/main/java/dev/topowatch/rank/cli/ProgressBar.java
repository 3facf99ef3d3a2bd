package dev.topowatch.rank.cli;

import dev.topowatch.rank.RankProgress;
import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn in place: overall share done, candidate, stage. */
final class ProgressBar implements RankProgress {
  private static final int WIDTH = 24;
  private final PrintWriter err;
  private int lastLength;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void update(int index, int total, String candidate, String stage, double fraction) {
    double done = (index + Math.max(0, Math.min(1, fraction))) / Math.max(1, total);
    int filled = (int) Math.round(done * WIDTH);
    String line = String.format(Locale.ROOT, "[%s%s] %3.0f%% %d/%d %s: %s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * done, index + 1, total, candidate, stage);
    String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
    err.print("\r" + line + pad);
    err.flush();
    lastLength = line.length();
  }

  /** Ends the bar's line. */
  void finish() {
    if (lastLength > 0) {
      err.println();
      err.flush();
    }
  }
}
