// The analyzer's JSON API (docs/api.md): the only data source of the page.

/** The analyzer refused a call for want of a login (HTTP 401: http.api-token is set). */
export class Unauthorized extends Error {}

const unauthorizedListeners = new Set();

/** Calls `listener()` whenever the analyzer answers 401: the page then asks for the token. */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function refused(path) {
  unauthorizedListeners.forEach(listener => listener());
  return new Unauthorized(`${path}: HTTP 401, a login is needed`);
}

async function getJson(path) {
  const response = await fetch(path, {headers: {accept: 'application/json'}});
  if (response.status === 401) throw refused(path);
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(`${path}: HTTP ${response.status} ${body.error ?? ''}`.trim());
  }
  return response.json();
}

export const listRuns = () => getJson('/api/runs').then(body => body.runs);
export const runSeries = runId => getJson(`/api/runs/${encodeURIComponent(runId)}/series`);
export const runAlerts = runId => getJson(`/api/runs/${encodeURIComponent(runId)}/alerts`);
/** The analyzer's /health answer (200 or 503, both with a body): readiness, the reason, the engine's state. */
export async function analyzerHealth() {
  const response = await fetch('/health', {headers: {accept: 'application/json'}});
  return response.json();
}
export const exportUrl = (runId, format) => `/api/runs/${encodeURIComponent(runId)}/export?format=${format}`;

/** {token_required, authenticated, expires_unix_ms}: whether this browser needs to log in. */
export const session = () => getJson('/api/session');

/**
 * Logs in with the API token: the analyzer answers with an HttpOnly session cookie that the
 * browser sends with every later call, server-sent events included. The token goes in the body,
 * never in a URL. Resolves to true, or false for a wrong token.
 */
export async function login(token) {
  const response = await fetch('/api/session', {
    method: 'POST', headers: {'content-type': 'application/json', accept: 'application/json'}, body: JSON.stringify({token}),
  });
  if (response.ok) return true;
  if (response.status === 401) return false;
  const body = await response.json().catch(() => ({}));
  throw new Error(`login: HTTP ${response.status} ${body.error ?? ''}`.trim());
}

/** Ends this browser's session on the analyzer and drops its cookie. */
export async function logout() {
  await fetch('/api/session', {method: 'DELETE'});
}

export const isUnauthorized = e => e instanceof Unauthorized;

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
      // a stream (a 401 once the login expired, a proxy's 502): find out which, then log in or retry.
      if (source.readyState === EventSource.CLOSED && !closed) {
        session()
          .then(s => { if (!s.token_required || s.authenticated) reopenLater(); else refused('/api/events'); })
          .catch(e => { if (!isUnauthorized(e)) reopenLater(); });
      }
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
