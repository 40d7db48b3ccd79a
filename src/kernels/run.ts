// Bounds of a long run: a time budget, an AbortSignal and a progress callback. The wasm loops ask the host (a tick,
// src/wasm/instantiate.ts) every so often; the tick lands here, reports progress and answers whether to stop. A
// stopped run returns its current state with status 'budget' or 'aborted': nothing finished is lost.
import { ImplicitRegError } from '../core/errors.js';
import { checkFunction, checkNumber, checkOptions } from '../core/validate.js';

/** Progress of a run, in the run's own units (iterations, time t, instances): `done` of `total`. */
export interface Progress {
  /** Work done (iterations, integration time, instances). */
  done: number;
  /** The limit of the same quantity (maxIter, tMax, instances in the call). */
  total: number;
  /** Wall-clock milliseconds since the run started. */
  elapsed: number;
}

/**
 * How a long run may be bounded and watched. In one thread a synchronous run sees an abort only when `onProgress`
 * itself aborts the controller (or when the signal is aborted before the call: that throws `'cancelled'`); to cancel
 * from elsewhere, run the solver in a worker (BrowserPool in a browser, worker threads in Node).
 */
export interface RunControl {
  /** Wall-clock budget in milliseconds; when spent the run stops with status 'budget' (default: none). */
  timeBudget?: number;
  /** Stops the run with status 'aborted' when aborted (checked at every progress tick). */
  signal?: AbortSignal;
  /** Called with the progress at most every 100 ms of a run, from inside the run. */
  onProgress?: (p: Progress) => void;
}

/** Why a run stopped early, if it did. */
export type Interruption = 'budget' | 'aborted' | undefined;

const PROGRESS_EVERY_MS = 100;

interface Run {
  start: number;
  deadline: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  lastReport: number;
  stopped: Interruption;
}

/** Validate a RunControl (the fields sit in a solver's options object named `name`). */
export function checkRunControl(fn: string, name: string, c: RunControl): void {
  if (c.timeBudget !== undefined) checkNumber(fn, `${name}.timeBudget`, c.timeBudget, { gt: 0, finite: false });
  if (c.signal !== undefined && !(typeof c.signal === 'object' && c.signal !== null && typeof c.signal.aborted === 'boolean')) {
    throw new ImplicitRegError('value', `${fn}: argument ${name}.signal must be an AbortSignal, got ${typeof c.signal}`);
  }
  if (c.onProgress !== undefined) checkFunction(fn, `${name}.onProgress`, c.onProgress);
}

/** The runs in progress on one wasm instance (a stack: a progress callback may start a nested run). */
export class RunStack {
  private readonly runs: Run[] = [];

  /**
   * Run `body` under the bounds of `control` (validated; `name` is the options argument's name in messages); returns
   * its value and why it stopped early, if it did. An already aborted signal throws ImplicitRegError('cancelled').
   */
  run<T>(fn: string, control: RunControl | undefined, body: () => T, name = 'options'): { value: T; stopped: Interruption } {
    const c = checkOptions(fn, name, control);
    checkRunControl(fn, name, c);
    if (c.signal?.aborted) throw new ImplicitRegError('cancelled', `${fn}: the signal was aborted before the run started`);
    const start = performance.now();
    const r: Run = {
      start, deadline: c.timeBudget === undefined ? Infinity : start + c.timeBudget, signal: c.signal,
      onProgress: c.onProgress, lastReport: start, stopped: undefined,
    };
    this.runs.push(r);
    try {
      const value = body();
      return { value, stopped: r.stopped };
    } finally {
      this.runs.pop();
    }
  }

  /** The host's tick (from inside wasm): report progress; 1 to stop, else 0. */
  tick(done: number, total: number): number {
    const r = this.runs[this.runs.length - 1];
    if (!r) return 0;
    if (r.stopped) return 1;
    const now = performance.now();
    if (r.onProgress && now - r.lastReport >= PROGRESS_EVERY_MS) {
      r.lastReport = now;
      r.onProgress({ done, total, elapsed: now - r.start });
    }
    // the bounds of every enclosing run apply too (a solver that calls solvers passes its budget and signal down:
    // the inner run stops with the outer run's reason)
    for (let i = this.runs.length - 1; i >= 0 && !r.stopped; i--) {
      const q = this.runs[i];
      if (q.stopped || q.signal?.aborted) r.stopped = q.stopped ?? 'aborted';
      else if (now > q.deadline) r.stopped = 'budget';
    }
    if (r.stopped) for (const q of this.runs) if (q !== r && !q.stopped && (q.signal?.aborted || now > q.deadline)) q.stopped = q.signal?.aborted ? 'aborted' : 'budget';
    return r.stopped ? 1 : 0;
  }

  /** A tick from TypeScript code between wasm calls (loops that are not inside one call). */
  check(done: number, total: number): Interruption {
    this.tick(done, total);
    return this.runs[this.runs.length - 1]?.stopped;
  }
}
