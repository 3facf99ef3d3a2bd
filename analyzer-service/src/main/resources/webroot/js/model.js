// A run's record folded to one value per key, as the analyzer folds it (history/RunSeries.java):
// a later record of the same step (or epoch) replaces an earlier one, so applying a record twice,
// or a live record already in the loaded series, changes nothing.

export class RunModel {
  constructor(row) {
    this.row = row;             // the run's row of /api/runs (status, counters)
    this.run = null;            // the 'run' record: job, PowerGrad, announced layers
    this.finished = null;
    this.steps = new Map();     // step -> 'step' record (loss, accuracy, …)
    this.epochs = new Map();    // epoch -> 'epoch' record (validation, gap)
    this.topology = new Map();  // step -> 'topology' record (θ, layers' Betti numbers and Ω)
  }

  apply(record) {
    switch (record.type) {
      case 'run': this.run = record; break;
      case 'finished': this.finished = record; break;
      case 'step': this.steps.set(record.step, record); break;
      case 'epoch': this.epochs.set(record.epoch, record); break;
      case 'topology': this.topology.set(record.step, record); break;
      default: break; // a newer analyzer's record type: not shown by this page
    }
  }

  get thresholds() {
    return this.row?.thresholds ?? [];
  }

  /** Records of one kind in step order. */
  sorted(kind) {
    return [...this[kind].values()].sort((a, b) => a.step - b.step);
  }

  /** [steps, values] of a field of the step records. */
  stepSeries(field) {
    const rows = this.sorted('steps');
    return [rows.map(r => r.step), rows.map(r => r[field] ?? null)];
  }

  /** [steps, values] of a field of the epoch records, at the step each epoch ended. */
  epochSeries(field) {
    const rows = this.sorted('epochs');
    return [rows.map(r => r.step), rows.map(r => r[field] ?? null)];
  }

  /** [steps, θ] at one threshold. */
  thetaSeries(threshold) {
    const rows = this.sorted('topology');
    return [rows.map(r => r.step), rows.map(r => r.theta?.[threshold] ?? null)];
  }

  /** [steps, depth trend ρ] at one threshold (Spearman ρ of Ω against layer index; below 0: Ω falls with depth). */
  trendSeries(threshold) {
    const rows = this.sorted('topology');
    return [rows.map(r => r.step), rows.map(r => r.depth_trend?.[threshold] ?? null)];
  }

  /** The latest non-null depth trend at a threshold, with its step. */
  latestTrend(threshold) {
    const rows = this.sorted('topology').filter(r => r.depth_trend?.[threshold] != null);
    const last = rows[rows.length - 1];
    return last ? {step: last.step, rho: last.depth_trend[threshold]} : null;
  }

  /** Every layer seen, by index: {index, name, shape}. */
  layers() {
    const byIndex = new Map();
    for (const l of this.run?.layers ?? []) byIndex.set(l.index, {index: l.index, name: l.name, shape: l.shape});
    for (const t of this.topology.values()) {
      for (const l of t.layers) byIndex.set(l.index, {index: l.index, name: l.name, shape: l.shape});
    }
    return [...byIndex.values()].sort((a, b) => a.index - b.index);
  }

  /** Map layer index -> [steps, Ω] at one threshold. */
  omegaByLayer(threshold) {
    const series = new Map();
    for (const t of this.sorted('topology')) {
      for (const l of t.layers) {
        if (!series.has(l.index)) series.set(l.index, [[], []]);
        const [xs, ys] = series.get(l.index);
        xs.push(t.step);
        ys.push(l.omega?.[threshold] ?? null);
      }
    }
    return series;
  }

  /** Each layer's latest published values: {index, name, shape, step, samples, betti, omega} at one threshold. */
  latestLayers(threshold) {
    const latest = new Map();
    for (const t of this.sorted('topology')) {
      for (const l of t.layers) {
        latest.set(l.index, {index: l.index, name: l.name, shape: l.shape, step: t.step, samples: l.samples,
          betti: l.betti?.[threshold] ?? [], omega: l.omega?.[threshold] ?? null, inTheta: l.in_theta ?? null,
          dead: l.dead_fraction ?? null});
      }
    }
    return [...latest.values()].sort((a, b) => a.index - b.index);
  }

  last(kind) {
    const rows = this.sorted(kind);
    return rows[rows.length - 1] ?? null;
  }

  /** The latest non-null θ at a threshold, with its step. */
  latestTheta(threshold) {
    const rows = this.sorted('topology').filter(r => r.theta?.[threshold] != null);
    const last = rows[rows.length - 1];
    return last ? {step: last.step, theta: last.theta[threshold], complete: last.complete} : null;
  }
}

/** Union of the x values of several [xs, ys] series, and each series' ys aligned to it (null where absent). */
export function align(seriesList) {
  const xs = [...new Set(seriesList.flatMap(([x]) => x))].sort((a, b) => a - b);
  const position = new Map(xs.map((x, i) => [x, i]));
  const aligned = seriesList.map(([x, y]) => {
    const out = new Array(xs.length).fill(null);
    x.forEach((step, i) => { out[position.get(step)] = y[i]; });
    return out;
  });
  return [xs, ...aligned];
}
