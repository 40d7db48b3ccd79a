// Shared pieces of the Gunasekar experiments: the three planted settings of Fig. 1–3, error metrics, the step-size
// rule and mean ± sd.
import type { Kernels } from '../kernels/kernels.js';
import type { Matrix } from '../core/matrix.js';
import { adjointOperator, type OperatorHandle } from '../operators/operator.js';
import { lowNuclearNormPSD, lowRankPSD, measure, type MeasurementOperator } from '../operators/problems.js';

export type Setting = 'a' | 'b' | 'c';
export const SETTING_LABEL: Record<Setting, string> = {
  a: '(a) rank r, m = 3nr',
  b: '(b) ‖X*‖_* = √r‖X*‖_F, m = 3nr',
  c: '(c) rank r, m = nr/4',
};

/** Gunasekar Fig. 1: (a) rank-r X*, m = 3nr; (b) spectrum ∝ k^-1.5 with ‖X*‖_* = √r‖X*‖_F (r = 2 → ratio √2), m = 3nr; (c) rank r, m = nr/4. ‖X*‖_F = 1. */
export function plantedX(setting: Setting, n: number, r: number, seed: number): Matrix {
  return setting === 'b' ? lowNuclearNormPSD({ n, r, seed, decay: 1.5 }).X : lowRankPSD({ n, r, seed }).X;
}
export function measurements(setting: Setting, n: number, r: number): number {
  return setting === 'c' ? Math.max(1, Math.round((n * r) / 4)) : 3 * n * r;
}

export function relError(X: Matrix, Xs: Matrix): number {
  let s = 0, t = 0;
  for (let i = 0; i < X.data.length; i++) { s += (X.data[i] - Xs.data[i]) ** 2; t += Xs.data[i] ** 2; }
  return Math.sqrt(s / t);
}
export function traceOf(X: Matrix): number {
  let t = 0;
  for (let i = 0; i < X.rows; i++) t += X.data[i * X.cols + i];
  return t;
}
/** Nuclear norm of a symmetric matrix: Σ|λ_i| (= tr X for PSD X). */
export function nuclearNorm(ir: Kernels, X: Matrix): number {
  return ir.eigh(X).values.reduce((s, v) => s + Math.abs(v), 0);
}
export function gram(ir: Kernels, U: Matrix): Matrix {
  return ir.matmul(U, U, { transB: true });
}
export function meanSd(xs: number[]): { mean: number; sd: number } {
  const ok = xs.filter(Number.isFinite);
  if (!ok.length) return { mean: NaN, sd: NaN };
  const mean = ok.reduce((s, v) => s + v, 0) / ok.length;
  const sd = ok.length > 1 ? Math.sqrt(ok.reduce((s, v) => s + (v - mean) ** 2, 0) / (ok.length - 1)) : 0;
  return { mean, sd };
}

/** ρ = λ_max(A*(y)): the initial growth rate of the flow from near 0 is 2ρ; steps are set relative to it. */
export function flowRate(ir: Kernels, h: OperatorHandle, y: Float64Array): number {
  const v = ir.eigh(adjointOperator(ir, h, y)).values;
  return v[v.length - 1];
}

export function lossScale(y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i];
  return 0.25 * s;
}

export { measure, type MeasurementOperator };
