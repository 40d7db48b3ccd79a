// Argument checks shared by the solvers on L(U) = ¼‖A(UUᵀ) − y‖².
import { ImplicitRegError } from '../core/errors.js';
import { checkCount, checkFinite, checkNumber, checkVector, optionalNumber } from '../core/validate.js';
import type { OperatorHandle } from '../operators/operator.js';

/** The data y: m finite numbers. */
export function checkData(fn: string, h: OperatorHandle, y: unknown): asserts y is ArrayLike<number> {
  checkVector(fn, 'options.y', y, h.m);
  checkFinite(fn, 'options.y', y);
}

/** maxIter (a count below 2³¹ − 1: the loop's k + 1 must fit an i32) and a positive finite step η. */
export function checkIterParams(fn: string, maxIter: unknown, eta: unknown): { maxIter: number; eta: number } {
  const m = checkCount(fn, 'options.maxIter', maxIter, 0);
  if (m > 2 ** 31 - 2) throw new ImplicitRegError('value', `${fn}: argument options.maxIter must be at most 2³¹ − 2, got ${m}`);
  return { maxIter: m, eta: checkNumber(fn, 'options.eta', eta, { gt: 0 }) };
}

/** divergeLoss: a loss above it counts as divergence (> 0; Infinity: only non-finite values do). */
export function checkDivergeLoss(fn: string, v: unknown): number {
  return optionalNumber(fn, 'options.divergeLoss', v, 1e100, { gt: 0, finite: false });
}

/** The starting point must be finite: a start whose loss overflows has no finite iterate to hand back. */
export function overflowAtStart(fn: string, what: string, loss: number): ImplicitRegError {
  return new ImplicitRegError('overflow', `${fn}: the loss at the starting point is ${loss}, not representable in double precision (${what}); scale the data or the initialization down`);
}
