// The run list: every live and recorded run, updated as the analyzer's rows change.
import {isUnauthorized, listRuns} from '../api.js';
import {ago, el, int, num, runHref, statusClass} from '../dom.js';
import {follow} from '../feed.js';

export function runList(root, navigate) {
  const rows = new Map();
  const picked = new Set();
  const body = el('tbody');
  const compare = el('button', {type: 'button', 'data-action': 'compare', disabled: true, onclick: () => {
    const [a, b] = [...picked];
    navigate(`/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  }}, 'Compare the two selected runs');
  const empty = el('p', {class: 'muted'}, 'No runs yet. Start a training job with the topowatch agent; it appears here as soon as its first record arrives.');

  root.replaceChildren(
    el('h1', {}, 'Runs'),
    el('table', {class: 'runs', 'data-view': 'run-list'},
      el('thead', {}, el('tr', {},
        el('th', {}, ''), el('th', {}, 'run'), el('th', {}, 'job'), el('th', {}, 'status'), el('th', {class: 'num'}, 'PowerGrad α'),
        el('th', {class: 'num'}, 'step'), el('th', {class: 'num'}, 'samples processed'), el('th', {class: 'num'}, 'rejected'),
        el('th', {}, 'last update'))),
      body),
    empty,
    el('p', {}, compare));

  function render() {
    const sorted = [...rows.values()].sort((a, b) => b.last_update_unix_ms - a.last_update_unix_ms);
    empty.hidden = sorted.length > 0;
    body.replaceChildren(...sorted.map(r => el('tr', {'data-run-id': r.run_id},
      el('td', {}, el('input', {type: 'checkbox', 'aria-label': 'select for comparison', checked: picked.has(r.run_id),
        onchange: e => toggle(r.run_id, e.target.checked)})),
      el('td', {}, el('a', {href: runHref(r.run_id), 'data-nav': true}, r.run_id)),
      el('td', {}, r.job_name || '–'),
      el('td', {}, el('span', {class: 'badge ' + statusClass(r.status)}, r.status)),
      el('td', {class: 'num'}, r.powergrad_enabled ? num(r.powergrad_alpha, 2) : 'off'),
      el('td', {class: 'num'}, r.latest_step >= 0 ? int(r.latest_step) : '–'),
      el('td', {class: 'num'}, int(r.samples_processed)),
      el('td', {class: 'num' + (r.samples_rejected > 0 ? ' bad' : '')}, int(r.samples_rejected)),
      el('td', {title: new Date(r.last_update_unix_ms).toISOString()}, ago(r.last_update_unix_ms)))));
  }

  function toggle(runId, on) {
    if (on) picked.add(runId); else picked.delete(runId);
    while (picked.size > 2) picked.delete(picked.values().next().value);
    compare.disabled = picked.size !== 2;
    render();
  }

  // Rows change about twice a second per streaming run: redraw the table at most once a second.
  let pending = null;
  const scheduleRender = () => { pending ??= setTimeout(() => { pending = null; render(); }, 1000); };
  const close = follow([], {
    load: listRuns,
    reset: runs => {
      rows.clear();
      runs.forEach(r => rows.set(r.run_id, r));
      render();
    },
    onRun: row => { rows.set(row.run_id, row); scheduleRender(); },
    onError: e => { if (!isUnauthorized(e)) root.append(el('p', {class: 'error'}, String(e.message ?? e))); },
  });
  const clock = setInterval(render, 5000); // keeps "last update" current
  return () => { close(); clearInterval(clock); clearTimeout(pending); };
}
