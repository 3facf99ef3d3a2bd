// Two runs side by side: θ at one threshold and the generalisation gap, overlaid against the step.
import {isUnauthorized, listRuns, runSeries} from '../api.js';
import {LineChart, PALETTE} from '../charts.js';
import {el, runHref} from '../dom.js';
import {follow} from '../feed.js';
import {align, RunModel} from '../model.js';

export function compareView(root, params, navigate) {
  const chosen = [params.get('a'), params.get('b')];
  const models = [null, null];
  let threshold = params.get('threshold');
  const selects = [el('select', {id: 'run-a'}), el('select', {id: 'run-b'})];
  const picker = el('select', {id: 'compare-threshold'});
  const boxes = {theta: el('div', {class: 'chart', 'data-chart': 'compare-theta'}), gap: el('div', {class: 'chart', 'data-chart': 'compare-gap'})};
  const links = el('p', {class: 'muted'});
  let charts = null;

  root.replaceChildren(
    el('h1', {}, 'Compare two runs'),
    el('p', {class: 'controls'},
      el('label', {for: 'run-a'}, 'run A '), selects[0], ' ', el('label', {for: 'run-b'}, 'run B '), selects[1], ' ',
      el('label', {for: 'compare-threshold'}, 'threshold η '), picker),
    links,
    el('div', {class: 'grid'},
      el('section', {class: 'card'}, el('h2', {}, 'θ over steps'), boxes.theta),
      el('section', {class: 'card'}, el('h2', {}, 'Generalisation gap over steps'), boxes.gap)));

  const go = () => navigate(`/compare?a=${encodeURIComponent(selects[0].value)}&b=${encodeURIComponent(selects[1].value)}`
    + (threshold ? `&threshold=${encodeURIComponent(threshold)}` : ''));
  selects.forEach(s => s.addEventListener('change', go));
  picker.addEventListener('change', () => { threshold = picker.value; go(); });

  function render() {
    const loaded = models.filter(Boolean);
    if (loaded.length === 0) return;
    const thresholds = loaded[0].thresholds;
    threshold ??= thresholds.includes('0.5') ? '0.5' : thresholds[0];
    picker.replaceChildren(...thresholds.map(t => el('option', {value: t, selected: t === threshold}, t)));
    charts ??= {
      theta: new LineChart(boxes.theta, {yLabel: 'θ', series: chosen.map((id, i) => ({label: `${'AB'[i]}: ${id}`, color: PALETTE[i]}))}),
      gap: new LineChart(boxes.gap, {yLabel: 'gap', series: chosen.map((id, i) => ({label: `${'AB'[i]}: ${id}`, color: PALETTE[i], points: true}))}),
    };
    charts.theta.setData(align(models.map(m => m ? m.thetaSeries(threshold) : [[], []])));
    charts.gap.setData(align(models.map(m => m ? m.epochSeries('generalization_gap') : [[], []])));
  }

  const showError = e => { if (!isUnauthorized(e)) root.append(el('p', {class: 'error'}, String(e.message ?? e))); };

  /** Both runs' records (/series), as models; null for a run not chosen or not found (the other still shows). */
  async function load() {
    return Promise.all(chosen.map(async id => {
      if (!id) return null;
      try {
        const document = await runSeries(id);
        const model = new RunModel(document.run);
        document.records.forEach(r => model.apply(r));
        return model;
      } catch (e) {
        showError(e);
        return null;
      }
    }));
  }

  listRuns().catch(() => []).then(runs => {
    selects.forEach((select, i) => select.replaceChildren(
      el('option', {value: ''}, '— choose a run —'),
      ...runs.map(r => el('option', {value: r.run_id, selected: r.run_id === chosen[i]}, `${r.run_id} (${r.job_name || 'no job name'})`))));
  });
  links.replaceChildren(...chosen.filter(Boolean).flatMap((id, i) => [i ? ' · ' : '', el('a', {href: runHref(id), 'data-nav': true}, id)]));
  const close = follow(chosen.filter(Boolean), {
    load,
    reset: loaded => { loaded.forEach((m, i) => { models[i] = m; }); render(); },
    onRecords: (id, records) => {
      chosen.forEach((c, i) => { if (c === id && models[i]) records.forEach(r => models[i].apply(r)); });
      render();
    },
  });
  return () => { close(); if (charts) Object.values(charts).forEach(c => c.destroy()); };
}
