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

const REOPEN_MS = 3000;

/**
 * Opens the live event stream. `onOpen()` is called each time the stream is (re)established: what
 * was sent before is not replayed, so reload then (see feed.js). `onRun(row)` gets every run's row
 * as it changes, `onRecords(runId, records)` the new history lines of the runs named. Returns a
 * closer.
 */
export function liveEvents(runIds, {onOpen, onRun, onRecords}) {
  const query = runIds.map(id => 'run=' + encodeURIComponent(id)).join('&');
  const badge = document.getElementById('live');
  let source = null;
  let closed = false;
  let reopenTimer = null;

  function open() {
    source = new EventSource('/api/events' + (query ? '?' + query : ''));
    source.addEventListener('open', () => {
      badge.textContent = 'live';
      badge.className = 'live on';
      onOpen?.();
    });
    source.addEventListener('error', () => {
      badge.textContent = 'reconnecting…';
      badge.className = 'live off';
      // EventSource retries a dropped connection by itself, but gives up on an answer that is not
      // a stream (a proxy's 502): try again later.
      if (source.readyState === EventSource.CLOSED && !closed) reopenLater();
    });
    source.addEventListener('run', e => onRun?.(JSON.parse(e.data)));
    source.addEventListener('records', e => {
      const data = JSON.parse(e.data);
      onRecords?.(data.run_id, data.records);
    });
  }

  function reopenLater() {
    if (!closed) reopenTimer = setTimeout(open, REOPEN_MS);
  }

  open();
  return () => {
    closed = true;
    clearTimeout(reopenTimer);
    source.close();
  };
}
