// "Is this run healthy?" at a glance: the alert rules as Prometheus evaluates them for the run,
// the facts the page sees itself (status, a loss that is not a number, rejected samples), and the
// analyzer's own Betti engine (/health): a GPU that failed holds every sample, or was replaced by cpu.
import {el, int} from '../dom.js';

const RANK = {ok: 0, info: 1, warn: 2, bad: 3};

/** The checks of a run: [{level: ok|info|warn|bad, text}], worst first. `analyzer` is /health's answer, or null. */
export function healthChecks(model, alerts, analyzer = null) {
  const checks = engineChecks(analyzer?.engine);
  const row = model.row ?? {};
  if (row.status === 'FAILED') checks.push({level: 'bad', text: 'the training job failed'});
  if (row.status === 'INTERRUPTED') checks.push({level: 'warn', text: 'the training job was interrupted'});
  if (row.status === 'UNFINISHED') checks.push({level: 'warn', text: 'the run went quiet without reporting its end'});
  const loss = model.last('steps')?.loss;
  if (model.steps.size > 0 && !Number.isFinite(loss)) checks.push({level: 'bad', text: 'the latest loss is not a finite number'});
  if (row.samples_rejected > 0) checks.push({level: 'warn', text: `${int(row.samples_rejected)} samples rejected by the analyzer`});
  if (alerts?.evaluated) {
    const held = alerts.rules.filter(r => r.state === 'firing' || r.state === 'pending');
    for (const r of held) {
      checks.push({level: r.state === 'firing' ? (r.severity === 'critical' ? 'bad' : 'warn') : 'info',
        text: `${r.name} ${r.state}` + (r.alerts[0]?.summary ? `: ${r.alerts[0].summary}` : '')});
    }
    const missing = alerts.rules.filter(r => r.state === 'not_loaded').length;
    if (missing > 0) checks.push({level: 'warn', text: `${missing} shipped rules are not loaded in Prometheus`});
    const evaluated = `${alerts.rules.length - missing} rules evaluated by Prometheus`;
    checks.push(held.length === 0
      ? {level: 'ok', text: `no alert condition holds (${evaluated})`}
      : {level: 'info', text: `${evaluated}: ${alerts.firing} firing, ${alerts.pending} pending`});
  } else if (alerts) {
    checks.push({level: 'info', text: 'alert rules not evaluated: ' + alerts.message});
  }
  if (model.topology.size === 0) checks.push({level: 'info', text: 'no topology yet: waiting for the first sampled step'});
  return checks.sort((a, b) => RANK[b.level] - RANK[a.level]);
}

/** What the analyzer's engine did: failed with nothing to fall back on (bad), or failed over to cpu (warn). */
function engineChecks(engine) {
  if (!engine?.failure) return [];
  if (engine.broken) {
    return [{level: 'bad', text: `${engine.failure} — no sample is computed until the analyzer restarts; they are kept, not lost`}];
  }
  return [{level: 'warn', text: `${engine.failure} — ${int(engine.samples_recomputed)} samples recomputed on ${engine.backend}, `
    + `which computes from now on`}];
}

/** The verdict banner: its colour is the worst check's. */
export function verdict(checks) {
  const worst = checks[0]?.level ?? 'info';
  const title = {ok: 'Healthy', info: 'No problem seen', warn: 'Needs a look', bad: 'Unhealthy'}[worst];
  return el('section', {class: 'verdict ' + worst, 'data-verdict': worst},
    el('strong', {}, title),
    el('ul', {}, checks.map(c => el('li', {class: c.level}, c.text))));
}

/** The rules, each with its state for this run. */
export function alertsPanel(alerts) {
  if (!alerts) return el('p', {class: 'muted'}, 'loading the alert rules…');
  const note = alerts.evaluated
    ? el('p', {class: 'muted'}, 'As evaluated by Prometheus (', el('code', {}, alerts.prometheus_url), ') from the shipped rules (',
        el('a', {href: '/api/rules/file'}, 'topowatch-rules.yml'), ').')
    : el('p', {class: 'muted'}, alerts.message + '. The rules: ', el('a', {href: '/api/rules/file'}, 'topowatch-rules.yml'),
        '; load them into Prometheus and start the analyzer with ', el('code', {}, 'ui.prometheus-url'), ' to see them here.');
  return el('div', {},
    note,
    el('table', {class: 'alerts', 'data-table': 'alerts'},
      el('thead', {}, el('tr', {}, el('th', {}, 'rule'), el('th', {}, 'severity'), el('th', {}, 'for'), el('th', {}, 'state'))),
      el('tbody', {}, alerts.rules.map(r => el('tr', {title: r.description},
        el('td', {}, r.name), el('td', {}, r.severity), el('td', {}, r.for),
        el('td', {}, el('span', {class: 'badge ' + stateClass(r.state)}, r.state ?? 'not evaluated')))))));
}

function stateClass(state) {
  return {firing: 'bad', pending: 'warn', inactive: 'ok', not_loaded: 'warn'}[state] ?? 'done';
}
