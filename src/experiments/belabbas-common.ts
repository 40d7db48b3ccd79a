// Shared pieces of the Belabbas experiments (B-fig2, B-fig3, B-fig4; Belabbas 2020 §7): one sampled instance as
// a flat record, mean ± standard error over samples, Spearman's rank correlation, and the resolution floor of
// RelativeError (eq. 39) read off the measured numbers.
import type { Kernels } from '../kernels/kernels.js';
import type { VegaLiteSpec } from '../plots/render.js';
import { belabbasExperiment } from '../theory/belabbas-metrics.js';
import type { Point } from './types.js';

export const BELABBAS_STEP_CONVERSION =
  'No step size: the primal flow is integrated with RK45. Belabbas eq. 10–11 (U̇ = −Σ_i ρ_iA_iU, ρ_i = tr(A_iUUᵀ) − y_i, ' +
  'the gradient flow of J = ¼Σρ_i², eq. 12) is exactly the package\'s flow on L = ¼‖A(UUᵀ) − y‖² (docs/model.md), so times ' +
  '(T = 2500) and δ are the paper\'s without conversion.';

/** Flow and SDP settings shared by the three figures (δ and T from Belabbas §7; tolerances from belabbasExperiment). */
export const FLOW = { tMax: 2500, rtol: 1e-10, atol: 1e-14, gtol: 1e-8, yMax: 5, sdpTol: 1e-9 } as const;

/** One instance at one δ: the limit's K = tr X∞, the bounds of eq. 39, RelativeError and SpectralRatio (eq. 40). */
export interface Sample {
  seed: number;
  delta: number;
  y: number[];
  kMin: number;
  kMax: number;
  K: number;
  relativeError: number;
  spectralRatio: number;
  status: string;
  t: number;
  /** Both SDPs of eq. 39 certified optimal (otherwise RelativeError is undefined and the sample is left out). */
  certified: boolean;
}

/**
 * Run one instance (measurements with Σ A_i of the given nonzero spectrum from `seed`, y_i ~ U(0, 5], U0 Gaussian
 * with ‖U0‖_F = 1) from X(0) = δ·U0U0ᵀ for each δ: one Sample per δ, sharing the instance (paired across δ).
 */
export function sampleInstance(ir: Kernels, o: { ranks: number[]; spectrum: number[]; seed: number; deltas: number[] }): Sample[] {
  const r = belabbasExperiment(ir, { ...o, tMax: FLOW.tMax, rtol: FLOW.rtol, atol: FLOW.atol, gtol: FLOW.gtol, yMax: FLOW.yMax });
  const certified = r.bounds.minStatus === 'optimal' && r.bounds.maxStatus === 'optimal';
  return r.rows.map((w) => ({
    seed: o.seed, delta: w.delta, y: r.y, kMin: r.bounds.kMin, kMax: r.bounds.kMax, K: w.K,
    relativeError: w.relativeError, spectralRatio: w.spectralRatio, status: w.status, t: w.t, certified,
  }));
}

/** The CSV/JSON row of one sample (y joined with spaces, each to full round-trip precision). */
export function sampleRow(s: Sample, extra: Point): Point {
  return {
    kind: 'sample', ...extra, seed: s.seed, delta: s.delta, y: s.y.map(String).join(' '), kMin: s.kMin, kMax: s.kMax,
    K: s.K, relativeError: s.certified ? s.relativeError : null, spectralRatio: s.spectralRatio, status: s.status, t: s.t, certified: s.certified,
  };
}

export interface Stats { n: number; mean: number; sd: number; se: number }

/** Mean, sample standard deviation and standard error of the finite values. */
export function stats(xs: number[]): Stats {
  const v = xs.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, se: NaN };
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const sd = n > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, sd, se: sd / Math.sqrt(n) };
}

export type MeanRow = Point & { samples: number; used: number; uncertified: number; tMax: number; reMean: number; reSd: number; reSe: number; srMean: number; srSd: number; srSe: number };

/** Summary row of a set of samples: RelativeError over certified samples, SpectralRatio over all, counts. */
export function meanRow(samples: Sample[], extra: Point): MeanRow {
  const ok = samples.filter((s) => s.certified);
  const re = stats(ok.map((s) => s.relativeError));
  const sr = stats(samples.map((s) => s.spectralRatio));
  return {
    kind: 'mean', ...extra, samples: samples.length, used: ok.length, uncertified: samples.length - ok.length,
    tMax: samples.filter((s) => s.status !== 'converged').length,
    reMean: re.mean, reSd: re.sd, reSe: re.se, srMean: sr.mean, srSd: sr.sd, srSe: sr.se,
  };
}

/** Average ranks (ties share their mean rank), 1-based. */
function ranks(a: number[]): number[] {
  const idx = a.map((_, i) => i).sort((i, j) => a[i] - a[j]);
  const r = new Array<number>(a.length);
  for (let k = 0; k < idx.length;) {
    let l = k;
    while (l + 1 < idx.length && a[idx[l + 1]] === a[idx[k]]) l++;
    for (let j = k; j <= l; j++) r[idx[j]] = (k + l) / 2 + 1;
    k = l + 1;
  }
  return r;
}

/** Spearman's rank correlation: the Pearson correlation of the average ranks. */
export function spearman(a: number[], b: number[]): number {
  const ra = ranks(a), rb = ranks(b);
  const ma = stats(ra).mean, mb = stats(rb).mean;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Resolution of RelativeError: an exactly feasible limit has K ≥ K_min, so the largest negative value measured is
 * numerical error (flow stopped at ‖∇L‖ ≤ gtol, SDPs at tolerance 1e-9). At least 1e-12.
 */
export function resolutionFloor(samples: Sample[]): number {
  let f = 1e-12;
  for (const s of samples) if (s.certified) f = Math.max(f, -s.relativeError);
  return f;
}

/** The spec with untruncated legend labels (the spectra are the labels: Vega-Lite cuts them at 160 px by default). */
export function fullLegend(spec: VegaLiteSpec): VegaLiteSpec {
  return { ...spec, config: { legend: { labelLimit: 0 } } } as VegaLiteSpec;
}
