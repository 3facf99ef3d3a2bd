package dev.topowatch.topology.gpu;

import dev.topowatch.topology.Thresholds;
import dev.topowatch.topology.Volume;

/**
 * One volume of a call, with its thresholds (shared by many jobs when the call has one list) and
 * its shape embedded in three dimensions (leading size-1 axes).
 *
 * @param index its position in the caller's list
 * @param floatThresholds the sorted distinct thresholds rounded down to float ({@link LevelCodes})
 */
record Job(int index, Volume volume, Thresholds thresholds, float[] floatThresholds) {

  int levels() {
    return floatThresholds.length;
  }

  int voxels() {
    return volume.size();
  }

  /** Dimension {@code axis} (0..2) of the three-dimensional embedding. */
  int dim3(int axis) {
    int lead = 3 - volume.rank();
    return axis < lead ? 1 : volume.dim(axis - lead);
  }

  boolean flat() {
    return dim3(0) == 1 || dim3(1) == 1 || dim3(2) == 1;
  }
}
