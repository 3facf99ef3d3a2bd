// Line charts against the training step, drawn with uPlot (served from the analyzer's jar).
import uPlot from 'uplot';

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

/**
 * A chart in `container`: `series` are [{label, color, width, points, dash}], the x axis is the
 * training step. setData([xs, ys…]) redraws; the container's data-points attribute counts the
 * values drawn (the browser test reads it).
 */
export class LineChart {
  constructor(container, {title, series, yLabel, height = 220, yRange, legend = true, empty = 'no data yet'}) {
    this.container = container;
    this.options = {
      title,
      width: Math.max(200, container.clientWidth || 400),
      height,
      scales: {x: {time: false}, y: yRange ? {range: yRange} : {}},
      axes: [{label: 'step'}, {label: yLabel ?? ''}],
      legend: {show: legend, live: false},
      cursor: {drag: {x: true, y: false}},
      series: [{label: 'step'}, ...series.map(s => ({
        label: s.label,
        stroke: s.color,
        width: s.width ?? 1.5,
        dash: s.dash,
        spanGaps: true,
        points: s.points === undefined ? {size: 5} : {show: s.points, size: 5},
      }))],
    };
    this.plot = null;
    this.emptyNote = document.createElement('p');
    this.emptyNote.className = 'muted empty';
    this.emptyNote.textContent = empty;
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
  }

  setData(data) {
    const points = data.slice(1).reduce((n, ys) => n + ys.filter(v => v !== null && v !== undefined).length, 0);
    this.container.dataset.points = String(points);
    if (points === 0) this.container.prepend(this.emptyNote); else this.emptyNote.remove();
    if (this.plot) {
      this.plot.setData(data);
    } else {
      this.plot = new uPlot(this.options, data, this.container);
    }
  }

  /** Shows or hides series i (1-based, as uPlot counts). */
  show(i, visible) {
    this.plot?.setSeries(i, {show: visible});
  }

  resize() {
    const width = this.container.clientWidth;
    if (this.plot && width > 0 && Math.abs(width - this.plot.width) > 4) {
      this.plot.setSize({width, height: this.options.height});
    }
  }

  destroy() {
    this.observer.disconnect();
    this.plot?.destroy();
  }
}
