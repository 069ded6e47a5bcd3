/**
 * A terminal progress bar fed by {@link ProgressCallback} events. It draws on stderr only when
 * stderr is a TTY and stays silent otherwise (scripts, CI, pipes).
 *
 * @module
 */
import type { ProgressCallback, ProgressEvent } from '../core/progress.js';

/** Options of {@link progressBar}. */
export interface ProgressBarOptions {
  /** Stream to draw on; default `process.stderr`. */
  readonly stream?: NodeJS.WriteStream;
  /** Force drawing on or off; default: on exactly when the stream is a TTY. */
  readonly enabled?: boolean;
  /** Minimum time between redraws, in seconds; default 0.1. */
  readonly minInterval?: number;
}

/** A progress callback drawing a one-line bar; call `.done()` to finish the line. */
export function progressBar(options: ProgressBarOptions = {}): ProgressCallback & { done: () => void } {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled ?? (Boolean(stream.isTTY) && !process.env.CI);
  const minInterval = (options.minInterval ?? 0.1) * 1000;
  let last = 0;
  let drawn = false;
  let start = Date.now();
  let lastPhase = '';
  let lastDone = 0;
  const draw = (e: ProgressEvent, force: boolean): void => {
    const now = Date.now();
    // a new phase, or the same phase starting over (e.g. the next seed): a new line and timer
    if (e.phase !== lastPhase || (e.done === 0 && lastDone > 0)) {
      if (drawn) stream.write('\n');
      lastPhase = e.phase;
      start = now;
    }
    lastDone = e.done;
    if (!force && now - last < minInterval) return;
    last = now;
    const width = 30;
    const frac = e.total ? Math.min(1, e.done / e.total) : 0;
    const filled = Math.round(frac * width);
    const elapsed = (now - start) / 1000;
    const eta = frac > 0 && frac < 1 ? ` eta ${((elapsed * (1 - frac)) / frac).toFixed(0)}s` : '';
    const count = e.total ? `${e.done}/${e.total}` : `${e.done}`;
    const line = `${e.phase} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count} ${elapsed.toFixed(1)}s${eta}${e.detail ? ' ' + e.detail : ''}`;
    stream.write(`\r${line.slice(0, (stream.columns || 120) - 1)}\x1b[K`); // columns 0 or undefined: unknown width
    drawn = true;
  };
  const cb = ((e: ProgressEvent) => {
    if (!enabled) return;
    draw(e, e.done === 0 || (e.total !== undefined && e.done >= e.total));
  }) as ProgressCallback & { done: () => void };
  cb.done = () => {
    if (enabled && drawn) stream.write('\n');
    drawn = false;
    lastPhase = '';
    lastDone = 0;
  };
  return cb;
}
