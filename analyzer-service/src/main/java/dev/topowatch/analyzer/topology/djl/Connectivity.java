package dev.topowatch.analyzer.topology.djl;

/** Which neighbours of a 3-D cell are adjacent. */
enum Connectivity {
  /** The 6 cells sharing a face. */
  FACE,
  /** The 26 cells sharing a face, an edge or a corner. */
  FULL
}
