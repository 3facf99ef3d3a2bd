// Small DOM and formatting helpers shared by the views.

/** Creates an element: el('td', {class: 'num'}, 'text', childNode, …). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A number with `digits` decimals, or an en dash when there is none. */
export function num(value, digits = 3) {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** An integer with thousands separators. */
export function int(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
}

/** A fraction as a percentage. */
export function pct(value, digits = 1) {
  return Number.isFinite(value) ? (100 * value).toFixed(digits) + ' %' : '–';
}

/** "12 s ago", "5 min ago", or a date for older times. */
export function ago(unixMs, now = Date.now()) {
  if (!Number.isFinite(unixMs) || unixMs <= 0) return '–';
  const s = Math.max(0, Math.round((now - unixMs) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(unixMs).toISOString().slice(0, 16).replace('T', ' ');
}

/** The link of a run's page. */
export function runHref(runId) {
  return '/runs/' + encodeURIComponent(runId);
}

/** The CSS class of a run status badge. */
export function statusClass(status) {
  return {RUNNING: 'ok', COMPLETED: 'done', FAILED: 'bad', INTERRUPTED: 'warn', UNFINISHED: 'warn'}[status] ?? 'done';
}
