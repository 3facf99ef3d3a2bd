package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.GridData;

/** The page's opening summary (filled in once the grid's data are known). */
final class Findings {

  private final GridData grid;
  private final String threshold;

  Findings(GridData grid, String threshold) {
    this.grid = grid;
    this.threshold = threshold;
  }

  String render() {
    return "";
  }
}
