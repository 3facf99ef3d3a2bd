// The analyzer's JSON API (docs/api.md): the only data source of the page.

async function getJson(path) {
  const response = await fetch(path, {headers: {accept: 'application/json'}});
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(`${path}: HTTP ${response.status} ${body.error ?? ''}`.trim());
  }
  return response.json();
}

export const listRuns = () => getJson('/api/runs').then(body => body.runs);
export const runSeries = runId => getJson(`/api/runs/${encodeURIComponent(runId)}/series`);
export const runAlerts = runId => getJson(`/api/runs/${encodeURIComponent(runId)}/alerts`);
export const exportUrl = (runId, format) => `/api/runs/${encodeURIComponent(runId)}/export?format=${format}`;

/**
 * Opens the live event stream. `onRun(row)` gets every run's row as it changes, `onRecords(runId,
 * records)` the new history lines of the runs named, `onReconnect()` is called when the stream
 * comes back after a break (what was sent meanwhile is lost: reload the data). Returns a closer.
 */
export function liveEvents(runIds, {onRun, onRecords, onReconnect}) {
  const query = runIds.map(id => 'run=' + encodeURIComponent(id)).join('&');
  const source = new EventSource('/api/events' + (query ? '?' + query : ''));
  const badge = document.getElementById('live');
  let broken = false;
  source.addEventListener('open', () => {
    badge.textContent = 'live';
    badge.className = 'live on';
    if (broken) onReconnect?.();
    broken = false;
  });
  source.addEventListener('error', () => {
    badge.textContent = 'reconnecting…';
    badge.className = 'live off';
    broken = true;
  });
  source.addEventListener('run', e => onRun?.(JSON.parse(e.data)));
  source.addEventListener('records', e => {
    const data = JSON.parse(e.data);
    onRecords?.(data.run_id, data.records);
  });
  return () => source.close();
}
