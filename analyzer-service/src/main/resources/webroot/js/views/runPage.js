// One run's page: θ and the depth trend per threshold, Ω per layer, the layer table, training curves, alerts; live.
import {analyzerHealth, exportUrl, isUnauthorized, runAlerts, runSeries} from '../api.js';
import {LineChart, PALETTE} from '../charts.js';
import {ago, el, int, num, pct, statusClass} from '../dom.js';
import {follow} from '../feed.js';
import {align, RunModel} from '../model.js';
import {alertsPanel, healthChecks, verdict} from './health.js';
import {layerTable} from './layerTable.js';

const ALERTS_EVERY_MS = 15000; // Prometheus evaluates the rules every few seconds; no need to ask more often

export function runPage(root, runId) {
  let model = new RunModel(null);
  let alerts = null;
  let analyzer = null; // /health: the engine's state
  let threshold = null;
  const charts = {};
  const omegaCharts = new Map();
  const parts = {
    header: el('div'), verdict: el('div'), tiles: el('div', {class: 'tiles'}), picker: el('select', {id: 'threshold'}),
    alerts: el('div'), layers: el('div'), omega: el('div', {class: 'multiples'}),
  };
  parts.picker.addEventListener('change', () => { threshold = parts.picker.value; rebuildThetaChart(); render(); });

  const card = (title, ...body) => el('section', {class: 'card'}, el('h2', {}, title), ...body);
  const chartBox = name => el('div', {class: 'chart', 'data-chart': name});
  const boxes = {theta: chartBox('theta'), trend: chartBox('trend'), loss: chartBox('loss'), accuracy: chartBox('accuracy'), gap: chartBox('gap')};
  root.replaceChildren(
    parts.header, parts.verdict, parts.tiles,
    el('p', {class: 'controls'}, el('label', {for: 'threshold'}, 'threshold η '), parts.picker,
      el('span', {class: 'muted'}, ' — the Ω charts and the layer table show this threshold')),
    el('div', {class: 'grid'},
      card('Depth trend over steps: Spearman ρ of Ω against layer index (below 0: complexity falls with depth)', boxes.trend),
      card('θ over steps, the paper\'s decay metric (a shape functional: its sign is not the direction of Ω over depth)', boxes.theta),
      card('Alert rules', parts.alerts),
      card('Loss', boxes.loss),
      card('Accuracy', boxes.accuracy),
      card('Generalisation gap (training − validation accuracy, per epoch)', boxes.gap)),
    card('Ω per layer over steps', parts.omega),
    card('Betti numbers per layer (latest step of each layer)', parts.layers));

  charts.loss = new LineChart(boxes.loss, {yLabel: 'loss', series: [
    {label: 'training (step)', color: PALETTE[0]}, {label: 'training (epoch)', color: PALETTE[2], points: true},
    {label: 'validation (epoch)', color: PALETTE[1], points: true}]});
  charts.accuracy = new LineChart(boxes.accuracy, {yLabel: 'accuracy', series: [
    {label: 'training (step)', color: PALETTE[0]}, {label: 'training (epoch)', color: PALETTE[2], points: true},
    {label: 'validation (epoch)', color: PALETTE[1], points: true}]});
  charts.gap = new LineChart(boxes.gap, {yLabel: 'gap', legend: false, empty: 'no gap yet: it needs an epoch that ended with validation',
    series: [{label: 'gap', color: PALETTE[4], points: true, width: 2}]});

  function rebuildThetaChart() {
    charts.trend?.destroy();
    boxes.trend.replaceChildren();
    charts.trend = new LineChart(boxes.trend, {yLabel: 'ρ', empty: 'no depth trend yet: it needs three layers in θ', series: model.thresholds.map((t, i) => ({
      label: 'η=' + t, color: PALETTE[i % PALETTE.length], width: t === threshold ? 3 : 1}))});
    charts.theta?.destroy();
    boxes.theta.replaceChildren();
    charts.theta = new LineChart(boxes.theta, {yLabel: 'θ', empty: 'no θ yet: it needs every layer of a sampled step', series: model.thresholds.map((t, i) => ({
      label: 'η=' + t, color: PALETTE[i % PALETTE.length], width: t === threshold ? 3 : 1}))});
  }

  function renderHeader() {
    const row = model.row ?? {};
    parts.header.replaceChildren(
      el('h1', {}, runId, ' ', el('span', {class: 'badge ' + statusClass(row.status), 'data-status': row.status}, row.status ?? '…')),
      el('p', {class: 'muted'}, `job ${row.job_name || '–'} · PowerGrad ${row.powergrad_enabled ? 'α = ' + num(row.powergrad_alpha, 2) : 'off'}`
        + ` · first seen ${ago(row.first_seen_unix_ms)} · last update ${ago(row.last_update_unix_ms)} · export `,
        el('a', {href: exportUrl(runId, 'csv'), download: true}, 'CSV'), ' ', el('a', {href: exportUrl(runId, 'json'), download: true}, 'JSON')));
    const step = model.last('steps');
    const epoch = model.last('epochs');
    const theta = threshold ? model.latestTheta(threshold) : null;
    const trend = threshold ? model.latestTrend(threshold) : null;
    const tile = (label, value, name, level = '') => el('div', {class: 'tile ' + level, 'data-tile': name}, el('span', {}, label), el('strong', {}, value));
    parts.tiles.replaceChildren(
      tile('step', row.latest_step >= 0 ? int(row.latest_step) : '–', 'step'),
      tile('epoch', row.latest_epoch >= 0 ? int(row.latest_epoch) : '–', 'epoch'),
      tile('loss', num(step?.loss, 4), 'loss', step && !Number.isFinite(step.loss) ? 'bad' : ''),
      tile('training accuracy', pct(step?.accuracy), 'accuracy'),
      tile('validation accuracy', pct(epoch?.validation_accuracy), 'validation'),
      tile('generalisation gap', pct(epoch?.generalization_gap), 'gap'),
      tile(`depth trend ρ at η=${threshold ?? '–'}`, trend ? num(trend.rho, 2) : '–', 'trend'),
      tile(`θ at η=${threshold ?? '–'}`, theta ? num(theta.theta, 4) : '–', 'theta'),
      tile('samples processed', int(row.samples_processed), 'processed'),
      tile('rejected', int(row.samples_rejected), 'rejected', row.samples_rejected > 0 ? 'warn' : ''));
  }

  function renderOmega() {
    const byLayer = model.omegaByLayer(threshold);
    for (const layer of model.layers()) {
      if (!omegaCharts.has(layer.index)) {
        const box = el('div', {class: 'chart small', 'data-chart': 'omega-' + layer.index});
        parts.omega.append(el('div', {class: 'multiple'}, el('h3', {}, `${layer.index} · ${layer.name}`), box));
        omegaCharts.set(layer.index, new LineChart(box, {height: 140, yLabel: 'Ω', legend: false,
          series: [{label: 'Ω', color: PALETTE[0]}]}));
      }
      omegaCharts.get(layer.index).setData(byLayer.get(layer.index) ?? [[], []]);
    }
  }

  function render() {
    if (threshold === null && model.thresholds.length > 0) {
      threshold = model.thresholds.includes('0.5') ? '0.5' : model.thresholds[0];
      parts.picker.replaceChildren(...model.thresholds.map(t => el('option', {value: t, selected: t === threshold}, t)));
      rebuildThetaChart();
    }
    renderHeader();
    parts.verdict.replaceChildren(verdict(healthChecks(model, alerts, analyzer)));
    parts.alerts.replaceChildren(alertsPanel(alerts));
    if (threshold === null) return;
    charts.theta.setData(align(model.thresholds.map(t => model.thetaSeries(t))));
    charts.trend.setData(align(model.thresholds.map(t => model.trendSeries(t))));
    charts.loss.setData(align([model.stepSeries('loss'), model.epochSeries('train_loss'), model.epochSeries('validation_loss')]));
    charts.accuracy.setData(align([model.stepSeries('accuracy'), model.epochSeries('train_accuracy'), model.epochSeries('validation_accuracy')]));
    charts.gap.setData(align([model.epochSeries('generalization_gap')]));
    renderOmega();
    parts.layers.replaceChildren(layerTable(model, threshold));
  }

  // Live records arrive about twice a second; redraw at most that often.
  let pending = null;
  const scheduleRender = () => { pending ??= setTimeout(() => { pending = null; render(); }, 250); };

  /** The run's record as loaded (/series): the model starts again from it. */
  function reset(document) {
    model = new RunModel(document.run);
    document.records.forEach(r => model.apply(r));
    render();
  }

  async function loadAlerts() {
    analyzer = await analyzerHealth().catch(() => null);
    try {
      alerts = await runAlerts(runId);
    } catch (e) {
      if (isUnauthorized(e)) return;
      alerts = {evaluated: false, message: String(e.message), rules: []};
    }
    scheduleRender();
  }

  const showError = e => { if (!isUnauthorized(e)) root.prepend(el('p', {class: 'error'}, String(e.message ?? e))); };
  const close = follow([runId], {
    load: () => runSeries(runId),
    reset,
    onRun: row => { if (row.run_id === runId) { model.row = row; scheduleRender(); } },
    onRecords: (id, records) => { if (id === runId) { records.forEach(r => model.apply(r)); scheduleRender(); } },
    onError: showError,
  });
  loadAlerts();
  const alertTimer = setInterval(loadAlerts, ALERTS_EVERY_MS);
  return () => {
    close();
    clearInterval(alertTimer);
    clearTimeout(pending);
    [...Object.values(charts), ...omegaCharts.values()].forEach(c => c?.destroy());
  };
}
