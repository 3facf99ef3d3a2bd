// A view that follows the analyzer live, without missing or regressing a record.
import {liveEvents} from './api.js';

/**
 * Follows the live events of `runIds` and loads the view's snapshot each time the event stream
 * (re)opens. The order is what makes it exact: subscribe first, load second, and hold the events
 * that arrive while the snapshot loads, then apply them after it, in the order they came.
 *
 * - Loading before the subscription is open would lose whatever the analyzer sent in between (on a
 *   loaded machine the stream can open seconds after the snapshot was read), and nothing sends it
 *   again: a finished run would stay short of points for good.
 * - Letting the snapshot overwrite events that arrived while it loaded would undo newer records (a
 *   step republished after its late samples, the row that says COMPLETED) with older ones.
 *
 * The analyzer sends records in the order it writes them and folds a run by "last record of a key
 * wins"; applying held events after the snapshot gives the same fold, whatever the snapshot holds.
 *
 * `load()` fetches the snapshot, `reset(snapshot)` replaces the view's state with it, `onRun(row)`
 * and `onRecords(runId, records)` apply events, `onError(e)` hears a failed load. Returns a closer.
 */
export function follow(runIds, {load, reset, onRun, onRecords, onError}) {
  let held = null; // events that came while a snapshot loads; null when none loads
  let generation = 0;
  const apply = e => (e.row ? onRun?.(e.row) : onRecords?.(e.runId, e.records));
  const deliver = e => (held ? held.push(e) : apply(e));
  return liveEvents(runIds, {
    onOpen: async () => {
      const mine = ++generation;
      held = [];
      try {
        const snapshot = await load();
        if (mine !== generation) return; // the stream reopened meanwhile: a newer load owns the held events
        reset(snapshot);
      } catch (e) {
        if (mine !== generation) return;
        onError?.(e);
      }
      const events = held;
      held = null;
      events.forEach(apply);
    },
    onRun: row => deliver({row}),
    onRecords: (runId, records) => deliver({runId, records}),
  });
}
