// The sampled history of the iterative solvers and the one allocate/run/read-back/free sequence around their wasm
// loop (assembly/solvers/iterate.ts writes the records and statistics).
import { roundPow } from '../core/detmath.js';
import { ImplicitRegError } from '../core/errors.js';
import { INT32_MAX, describe } from '../core/validate.js';
import type { Kernels } from '../kernels/kernels.js';

/** One history record. */
export interface HistoryPoint {
  /** The iteration k (0 is the start). */
  iteration: number;
  /** L at iteration k. */
  loss: number;
  /** ‖∇L‖_F (X-space GD: ‖A*(r)‖_F). */
  gradNorm: number;
  /** tr X = ‖U‖_F² (the nuclear norm when X ⪰ 0). */
  trace: number;
  /** Step taken from this iterate. */
  step: number;
}

/** Which iterations to record: explicit indices, every k-th, or ~100 log-spaced (default). */
export type RecordSpec = number[] | {
  /** Record iterations 0, k, 2k, … ≤ maxIter (k ≥ 1). */
  every: number;
} | 'log';

/**
 * Sorted, distinct iteration indices in [0, maxIter] to record.
 * @example sampleIterations(1000, { every: 250 }) // [0, 250, 500, 750, 1000]
 */
export function sampleIterations(maxIter: number, record: RecordSpec = 'log'): Int32Array {
  const spec = record;
  const fn = 'sampleIterations';
  if (!Number.isInteger(maxIter) || maxIter < 0 || maxIter > INT32_MAX) {
    throw new ImplicitRegError('value', `${fn}: argument maxIter must be an integer in [0, 2³¹ − 1], got ${describe(maxIter)}`);
  }
  const out = new Set<number>();
  if (spec === 'log') {
    out.add(0);
    const top = Math.max(1, maxIter);
    // roundPow: engine-independent (Math.pow's last bit differs between engines; the samples must not)
    for (let k = 0; k <= 100; k++) out.add(Math.min(maxIter, roundPow(top, k / 100)));
  } else if (Array.isArray(spec)) {
    if (spec.length > 1e6) throw new ImplicitRegError('value', `${fn}: argument record must list at most 10⁶ iterations, got ${spec.length}`);
    for (const k of spec) {
      if (!Number.isInteger(k) || k < 0 || k > INT32_MAX) throw new ImplicitRegError('value', `${fn}: argument record must list non-negative integer iterations, got ${describe(k)}${Number.isInteger(k) && k > INT32_MAX ? ' (at most 2³¹ − 1)' : ''}`);
      if (k <= maxIter) out.add(k);
    }
  } else if (spec !== null && typeof spec === 'object') {
    const e = spec.every;
    if (!Number.isInteger(e) || e < 1 || e > INT32_MAX) throw new ImplicitRegError('value', `${fn}: argument record.every must be an integer in [1, 2³¹ − 1], got ${describe(e)}`);
    if (maxIter / e > 1e6) throw new ImplicitRegError('value', `${fn}: argument record.every = ${e} would record more than 10⁶ iterations of maxIter = ${maxIter}`);
    for (let k = 0; k <= maxIter; k += e) out.add(k);
  } else {
    throw new ImplicitRegError('value', `${fn}: argument record must be 'log', an array of iterations or { every }, got ${describe(spec)}`);
  }
  return Int32Array.from([...out].sort((a, b) => a - b));
}

/** Byte pointers of one iterative run's regions. */
export interface IterativeRegions {
  state: number;
  samples: number;
  hist: number;
  stats: number;
  work: number;
}

/**
 * Allocate the regions of an iterative run, write the state and the sample indices, run `call`, read the state and
 * the history back and free everything (also when `call` throws).
 */
export function runIterative(
  ir: Kernels, sizes: { state: number; work: number; samples: Int32Array },
  call: (ptr: IterativeRegions) => number,
  writeState: (ptr: number) => void, readState: (ptr: number) => void,
): { code: number; stats: Float64Array; history: HistoryPoint[] } {
  const hp = ir.heap;
  const ns = sizes.samples.length;
  const ptr: Partial<IterativeRegions> = {};
  try {
    ptr.state = hp.alloc(sizes.state);
    ptr.samples = hp.alloc(Math.ceil(ns / 2) + 1);
    ptr.hist = hp.alloc(ns * 5 + 1);
    ptr.stats = hp.alloc(8);
    ptr.work = hp.alloc(sizes.work);
    writeState(ptr.state);
    hp.i32.set(sizes.samples, ptr.samples >>> 2);
    const code = call(ptr as IterativeRegions);
    readState(ptr.state);
    const stats = hp.read(ptr.stats, 8);
    const written = Math.min(ns, stats[4]);
    const raw = hp.read(ptr.hist, ns * 5);
    const history: HistoryPoint[] = [];
    for (let k = 0; k < written; k++) {
      const it = raw[k * 5];
      if (it !== sizes.samples[k]) continue; // a sample past the stopping iteration is not written
      history.push({ iteration: it, loss: raw[k * 5 + 1], gradNorm: raw[k * 5 + 2], trace: raw[k * 5 + 3], step: raw[k * 5 + 4] });
    }
    return { code, stats, history };
  } finally {
    for (const p of Object.values(ptr)) hp.free(p);
  }
}
