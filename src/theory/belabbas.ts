// Belabbas 2020's toolkit for PSD measurements A_i = B_iB_iᵀ (docs/theory.md): the rank-spread condition (Def. 2), the
// normal form of Lemma 7 (P = [B(BᵀB)⁻¹, B⊥], Q = BᵀB, ẋ = −QD(x)x, eq. 23–24), the tame-spectrum test (Def. 3,
// Q = αvvᵀ + βI), and the reduced dynamics ż = −(αG + βI)F(z)z (Lemma 23, eq. 33) with its 3^q critical points and
// Morse indices (Thm. 24). Loss scale: U̇ = −Σρ_iA_iU, ρ_i = tr(A_iUUᵀ) − y_i — exactly the package's (docs/model.md).
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { rk45Plain } from '../kernels/plain/rk45.js';
import { checkFinite, checkMatrix, checkNonEmpty, checkNumber, checkNumberList, checkOptions, checkSquare, checkVector, optionalNumber } from '../core/validate.js';
import { checkNormalForm, checkSymmetricList } from './checks.js';
import { solveSquare } from './linalg.js';

/** B = [B_1 … B_q] (n×m) with A_i = B_iB_iᵀ, and the block widths r_i = rank A_i. */
export interface PsdFactors {
  /** B = [B_1 … B_q] (n×m, m = Σ r_i). */
  B: Matrix;
  /** The block widths r_i = rank A_i. */
  ranks: number[];
}

/**
 * Factor PSD matrices A_i = B_iB_iᵀ from their eigendecompositions (B_i = V_+ diag(√λ_+), eigenvalues above
 * tol·‖A_i‖₂ kept; default tol 1e-10). Throws when some A_i has an eigenvalue below −tol·‖A_i‖₂ (not PSD).
 * @example factorPSD(ir, psdMeasurements({ n: 4, ranks: [2, 2], spectrum: [2, 1, 1, 1], seed: 1 }).A).ranks // [2, 2]
 */
export function factorPSD(ir: Kernels, A: Matrix[], o: { tol?: number } = {}): PsdFactors {
  const fn = 'factorPSD';
  const n = checkSymmetricList(fn, 'A', A);
  checkOptions(fn, 'o', o);
  const tol = optionalNumber(fn, 'tol', o.tol, 1e-10, { gt: 0, lt: 1 });
  const cols: number[][] = [];
  const ranks: number[] = [];
  A.forEach((a, i) => {
    checkSquare(fn, `A[${i}]`, a);
    if (a.rows !== n) throw new ImplicitRegError('shape', `${fn}: argument A[${i}] must be ${n}×${n} like A[0], got ${a.rows}×${a.cols}`);
    checkFinite(fn, `A[${i}]`, a.data);
    const { values, vectors } = ir.eigh(a);
    const top = Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
    if (values[0] < -tol * top) throw new ImplicitRegError('value', `${fn}: argument A[${i}] must be positive semidefinite, got λ_min = ${values[0].toExponential(3)} (below −tol·‖A_i‖₂ with tol = ${tol})`);
    let r = 0;
    for (let j = n - 1; j >= 0; j--) {
      if (values[j] <= tol * top) break;
      cols.push(Array.from({ length: n }, (_, a2) => vectors.data[a2 * n + j] * Math.sqrt(values[j])));
      r++;
    }
    ranks.push(r);
  });
  const m = cols.length;
  const B = matrix(n, m);
  for (let c = 0; c < m; c++) for (let a = 0; a < n; a++) B.data[a * m + c] = cols[c][a];
  return { B, ranks };
}

/**
 * The rank-spread condition (Def. 2): m = Σ r_i ≤ n and dim span{B_i} = m, i.e. σ_min(B) > tol·σ_max(B) (default
 * tol 1e-10). Reports the ratio σ_min/σ_max it was decided on.
 * @example rankSpread(ir, op.A).holds
 */
export function rankSpread(ir: Kernels, A: Matrix[], o: { tol?: number } = {}): {
  /** Whether the rank-spread condition holds. */
  holds: boolean;
  /** Order of the A_i. */
  n: number;
  /** m = Σ r_i. */
  m: number;
  /** The ranks r_i = rank A_i. */
  ranks: number[];
  /** σ_min(B)/σ_max(B) (0 when m > n). */
  conditionRatio: number;
} {
  const { B, ranks } = factorPSD(ir, A, o);
  const { rows: n, cols: m } = B;
  if (m > n) return { holds: false, n, m, ranks, conditionRatio: 0 };
  const q = ir.eigh(ir.matmul(B, B, { transA: true })).values; // eigenvalues of BᵀB = σ(B)²
  const ratio = Math.sqrt(Math.max(q[0], 0) / q[m - 1]);
  return { holds: ratio > (o.tol ?? 1e-10), n, m, ranks, conditionRatio: ratio };
}

/** Lemma 7's normal form. */
export interface NormalForm {
  /** Order of the A_i. */
  n: number;
  /** m = Σ r_i. */
  m: number;
  /** The ranks r_i = rank A_i. */
  ranks: number[];
  /** Index blocks N_i (0-based, consecutive). */
  blocks: number[][];
  /** B = [B_1 … B_q] (n×m). */
  B: Matrix;
  /** Orthonormal basis of span(B)^⊥ (n×(n−m)). */
  Bperp: Matrix;
  /** Q = BᵀB (m×m). */
  Q: Matrix;
  /** Q⁻¹ (m×m). */
  Qinv: Matrix;
  /** P = [B Q⁻¹, B⊥] (n×n). */
  P: Matrix;
  /** P⁻¹ = [Bᵀ; B⊥ᵀ] (n×n). */
  Pinv: Matrix;
}

/**
 * Build the normal form of Lemma 7 (requires the rank-spread condition; throws otherwise): PᵀA_iP = E_i and
 * P⁻¹A_iP = [QE_i, 0; 0, 0], so U = PŪ turns U̇ = −Σρ_iA_iU into ẋ = −QD(x)x on the first m rows x = BᵀU and
 * leaves the rest B⊥ᵀU constant.
 * @example const nf = normalForm(ir, op.A); nf.Q // BᵀB
 */
export function normalForm(ir: Kernels, A: Matrix[], o: { tol?: number } = {}): NormalForm {
  const fn = 'normalForm';
  const rs = rankSpread(ir, A, o);
  if (!rs.holds) throw new ImplicitRegError('value', `${fn}: argument A must satisfy the rank-spread condition (Σ rank A_i = ${rs.m} ≤ n = ${rs.n}, span{B_i} of dimension m), σ_min/σ_max(B) = ${rs.conditionRatio.toExponential(2)}`);
  const { B, ranks } = factorPSD(ir, A, o);
  const { rows: n, cols: m } = B;
  const Q = ir.matmul(B, B, { transA: true });
  const Qinv = matrix(m, m);
  for (let j = 0; j < m; j++) {
    const e = new Float64Array(m);
    e[j] = 1;
    const col = solveSquare(Q.data, e, m, fn);
    for (let i = 0; i < m; i++) Qinv.data[i * m + j] = col[i];
  }
  // B⊥: eigenvectors of BBᵀ for its n − m zero eigenvalues (the smallest, values ascending)
  const { vectors } = ir.eigh(ir.matmul(B, B, { transB: true }));
  const k = n - m;
  const Bperp = matrix(n, k);
  for (let a = 0; a < n; a++) for (let c = 0; c < k; c++) Bperp.data[a * k + c] = vectors.data[a * n + c];
  const BQ = ir.matmul(B, Qinv);
  const P = matrix(n, n);
  const Pinv = matrix(n, n);
  for (let a = 0; a < n; a++) {
    for (let c = 0; c < m; c++) {
      P.data[a * n + c] = BQ.data[a * m + c];
      Pinv.data[c * n + a] = B.data[a * m + c];
    }
    for (let c = 0; c < k; c++) {
      P.data[a * n + m + c] = Bperp.data[a * k + c];
      Pinv.data[(m + c) * n + a] = Bperp.data[a * k + c];
    }
  }
  const blocks: number[][] = [];
  let s = 0;
  for (const r of ranks) {
    blocks.push(Array.from({ length: r }, (_, j) => s + j));
    s += r;
  }
  return { n, m, ranks, blocks, B, Bperp, Q, Qinv, P, Pinv };
}

/** ρ_i(x) = Σ_{j∈N_i} Σ_l x_jl² − y_i for x m×k row-major. */
function rho(nf: NormalForm, x: ArrayLike<number>, k: number, y: ArrayLike<number>): Float64Array {
  const r = new Float64Array(nf.blocks.length);
  nf.blocks.forEach((blk, i) => {
    let s = -y[i];
    for (const j of blk) for (let l = 0; l < k; l++) s += x[j * k + l] * x[j * k + l];
    r[i] = s;
  });
  return r;
}

/**
 * The normal dynamics ẋ = −QD(x)x (eq. 23) with D(x) = Σ_i ρ_i(x)E_i, x ∈ R^{m×k} row-major: writes dx.
 * @example normalRhs(nf, y, 1)(0, x, dx)
 */
export function normalRhs(nf: NormalForm, y: ArrayLike<number>, k: number): (t: number, x: Float64Array, dx: Float64Array) => void {
  const fn = 'normalRhs';
  checkNormalForm(fn, 'nf', nf);
  checkVector(fn, 'y', y, nf.blocks.length);
  checkFinite(fn, 'y', y);
  checkNumber(fn, 'k', k, { integer: true, min: 1, max: 2 ** 24 });
  const m = nf.m;
  const Q = nf.Q.data;
  const dxk = new Float64Array(m * k);
  return (_t, x, dx) => {
    const r = rho(nf, x, k, y);
    nf.blocks.forEach((blk, i) => {
      for (const j of blk) for (let l = 0; l < k; l++) dxk[j * k + l] = r[i] * x[j * k + l];
    });
    for (let a = 0; a < m; a++) {
      for (let l = 0; l < k; l++) {
        let s = 0;
        for (let c = 0; c < m; c++) s += Q[a * m + c] * dxk[c * k + l];
        dx[a * k + l] = -s;
      }
    }
  };
}

/**
 * Integrate the normal form from U0 (n×k) and map back: x0 = BᵀU0, ū = B⊥ᵀU0 (constant, eq. 24), U(t) = BQ⁻¹x(t) + B⊥ū.
 * Returns U at each requested time (RK45 in plain TS; defaults rtol 1e-12, atol 1e-14).
 * @example normalFormFlow(nf, y, U0, [1, 2, 5])
 */
export function normalFormFlow(nf: NormalForm, y: ArrayLike<number>, U0: Matrix, times: number[], o: { rtol?: number; atol?: number } = {}): Matrix[] {
  const fn = 'normalFormFlow';
  checkNormalForm(fn, 'nf', nf);
  checkVector(fn, 'y', y);
  checkFinite(fn, 'y', y);
  checkMatrix(fn, 'U0', U0);
  checkNonEmpty(fn, 'U0', U0);
  checkFinite(fn, 'U0', U0.data);
  checkNumberList(fn, 'times', times, { min: 0 }, true);
  checkOptions(fn, 'o', o);
  const rtol = optionalNumber(fn, 'rtol', o.rtol, 1e-12, { gt: 0, lt: 1 });
  const atol = optionalNumber(fn, 'atol', o.atol, 1e-14, { gt: 0 });
  const { n, m } = nf;
  if (U0.rows !== n) throw new ImplicitRegError('shape', `${fn}: argument U0 must have n = ${n} rows, got ${U0.rows}`);
  if (y.length !== nf.blocks.length) throw new ImplicitRegError('shape', `${fn}: argument y must have q = ${nf.blocks.length} entries, got ${y.length}`);
  const k = U0.cols;
  const x = new Float64Array(m * k);
  const ubar = new Float64Array((n - m) * k);
  for (let a = 0; a < n; a++) {
    for (let l = 0; l < k; l++) {
      const u = U0.data[a * k + l];
      for (let c = 0; c < m; c++) x[c * k + l] += nf.B.data[a * m + c] * u;
      for (let c = 0; c < n - m; c++) ubar[c * k + l] += nf.Bperp.data[a * (n - m) + c] * u;
    }
  }
  const f = normalRhs(nf, y, k);
  const out: Matrix[] = [];
  let t = 0;
  let state: Float64Array = x;
  for (const t1 of times) {
    if (!(t1 >= t)) throw new ImplicitRegError('value', `${fn}: argument times must be non-decreasing and ≥ 0, got ${t1} after ${t}`);
    if (t1 > t) {
      // 10⁵ steps: the normal dynamics settle long before (a request for t = 1e300 is a convergence error, not hours)
      const r = rk45Plain(f, state, t, t1, { rtol, atol, maxSteps: 100_000 });
      if (r.status === 'nonFinite') throw new ImplicitRegError('overflow', `${fn}: the normal-form state overflows double precision at t = ${r.t} (from y and U0 of these magnitudes); scale them down`);
      if (r.status !== 'done') throw new ImplicitRegError('convergence', `${fn}: RK45 ended with status '${r.status}' at t = ${r.t}`);
      state = r.y;
      t = t1;
    }
    const U = matrix(n, k);
    for (let a = 0; a < n; a++) {
      for (let l = 0; l < k; l++) {
        let s = 0;
        for (let c = 0; c < m; c++) {
          let bq = 0;
          for (let d = 0; d < m; d++) bq += nf.B.data[a * m + d] * nf.Qinv.data[d * m + c];
          s += bq * state[c * k + l];
        }
        for (let c = 0; c < n - m; c++) s += nf.Bperp.data[a * (n - m) + c] * ubar[c * k + l];
        U.data[a * k + l] = s;
      }
    }
    out.push(U);
  }
  return out;
}

/** Def. 3: Q = BᵀB has spectrum {α + β, β, …, β}; its leading eigenvector v and the block norms ‖v̄_i‖. */
export interface TameReport {
  /** Whether the spectrum is tame (the test of {@link tameSpectrum}). */
  tame: boolean;
  /** Q's eigenvalues, descending. */
  spectrum: Float64Array;
  /** (λ_2 − λ_m)/λ_1 (0 for an exactly tame spectrum) and the gap α = λ_1 − β, β = mean of λ_2..λ_m. */
  spread: number;
  /** The gap α = λ_1 − β. */
  alpha: number;
  /** β, the mean of λ_2 … λ_m (0 when m = 1). */
  beta: number;
  /** The leading eigenvector v of Q (m). */
  v: Float64Array;
  /** The block norms v̄_i = ‖v restricted to N_i‖ (q). */
  vbar: Float64Array;
}

/**
 * The tame-spectrum test (Def. 3): spread ≤ tol (default 1e-10), α > tol·λ_1, and every ‖v̄_i‖² = vᵀE_iv > tol.
 * @example tameSpectrum(ir, normalForm(ir, op.A)).tame
 */
export function tameSpectrum(ir: Kernels, nf: NormalForm, o: { tol?: number } = {}): TameReport {
  const fn = 'tameSpectrum';
  checkNormalForm(fn, 'nf', nf);
  checkOptions(fn, 'o', o);
  const tol = optionalNumber(fn, 'tol', o.tol, 1e-10, { gt: 0, lt: 1 });
  const m = nf.m;
  const { values, vectors } = ir.eigh(nf.Q);
  const spectrum = values.slice().reverse();
  let beta = 0;
  for (let j = 1; j < m; j++) beta += spectrum[j];
  beta = m > 1 ? beta / (m - 1) : 0;
  const spread = m > 1 ? (spectrum[1] - spectrum[m - 1]) / spectrum[0] : 0;
  const alpha = spectrum[0] - beta;
  const v = Float64Array.from({ length: m }, (_, a) => vectors.data[a * m + m - 1]);
  const vbar = Float64Array.from(nf.blocks, (blk) => Math.sqrt(blk.reduce((s, j) => s + v[j] * v[j], 0)));
  const tame = spread <= tol && alpha > tol * spectrum[0] && vbar.every((w) => w * w > tol);
  return { tame, spectrum, spread, alpha, beta, v, vbar };
}

/**
 * The reduced vector field f(z) = −(αG + βI)F(z)z, G = v̄v̄ᵀ, F = diag(z_i² − y_i) (Lemma 23, eq. 33).
 * @example reducedRhs(vbar, alpha, beta, y)(z)
 */
export function reducedRhs(vbar: ArrayLike<number>, alpha: number, beta: number, y: ArrayLike<number>): (z: ArrayLike<number>) => Float64Array {
  const fn = 'reducedRhs';
  checkVector(fn, 'vbar', vbar);
  checkFinite(fn, 'vbar', vbar);
  checkNumber(fn, 'alpha', alpha);
  checkNumber(fn, 'beta', beta);
  checkVector(fn, 'y', y);
  if (y.length !== vbar.length) throw new ImplicitRegError('shape', `${fn}: argument y must have length ${vbar.length} (the length of vbar), got ${y.length}`);
  checkFinite(fn, 'y', y);
  const q = vbar.length;
  return (z) => {
    const fz = Float64Array.from({ length: q }, (_, i) => (z[i] * z[i] - y[i]) * z[i]);
    let g = 0;
    for (let i = 0; i < q; i++) g += vbar[i] * fz[i];
    const out = Float64Array.from({ length: q }, (_, i) => -(alpha * vbar[i] * g + beta * fz[i]));
    for (let i = 0; i < q; i++) if (!Number.isFinite(out[i])) throw new ImplicitRegError('overflow', `${fn}: f(z) overflows double precision at index ${i}`);
    return out;
  };
}

/** A critical point of the reduced dynamics (see {@link reducedCriticalPoints}). */
export interface CriticalPoint {
  /** The point z ∈ {−√y_i, 0, √y_i}^q. */
  z: Float64Array;
  /** ‖f(z)‖ (0 up to rounding at a critical point). */
  residual: number;
  /** Morse index from the vector field's Jacobian (central differences): # negative eigenvalues of H = −M⁻¹J. */
  index: number;
}

/**
 * All 3^q critical points z ∈ {−√y_i, 0, √y_i}^q of the reduced dynamics with their Morse indices (Thm. 24), and the
 * count per index (Thm. 24 predicts 2^{q−i}·C(q, i)). The index is computed, not assumed: J = ∂f/∂z by central
 * differences, H = −M⁻¹J with M = αG + βI (J = −M·Hess J_r, and by Sylvester's law the inertia of the symmetric
 * M^{1/2}HM^{1/2} is that of Hess J_r), eigenvalues of ½(H + Hᵀ) counted below −1e-6·max|eig|.
 * @example reducedCriticalPoints(ir, [0.6, 0.8], 2, 1, [1, 2]).counts // [4, 4, 1]
 */
export function reducedCriticalPoints(ir: Kernels, vbar: ArrayLike<number>, alpha: number, beta: number, y: ArrayLike<number>): {
  /** All 3^q critical points. */
  points: CriticalPoint[];
  /** counts[i]: the number of points of Morse index i (i = 0 … q). */
  counts: number[];
} {
  const fn = 'reducedCriticalPoints';
  checkVector(fn, 'vbar', vbar);
  checkFinite(fn, 'vbar', vbar);
  checkNumber(fn, 'alpha', alpha);
  checkNumber(fn, 'beta', beta);
  checkVector(fn, 'y', y);
  checkFinite(fn, 'y', y);
  const q = vbar.length;
  if (q > 12) throw new ImplicitRegError('value', `${fn}: argument vbar has q = ${q} blocks: 3^q critical points are too many (at most q = 12)`);
  if (y.length !== q) throw new ImplicitRegError('shape', `${fn}: argument y must have q = ${q} entries (the length of vbar), got ${y.length}`);
  for (let i = 0; i < q; i++) if (!(y[i] > 0)) throw new ImplicitRegError('value', `${fn}: argument y must be positive, got ${y[i]} at index ${i}`);
  if (!(alpha >= 0 && beta > 0)) throw new ImplicitRegError('value', `${fn}: arguments alpha ≥ 0 and beta > 0 required, got ${alpha}, ${beta}`);
  const f = reducedRhs(vbar, alpha, beta, y);
  const M = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) M[i * q + j] = alpha * vbar[i] * vbar[j] + (i === j ? beta : 0);
  const points: CriticalPoint[] = [];
  const counts = new Array<number>(q + 1).fill(0);
  const total = 3 ** q;
  for (let code = 0; code < total; code++) {
    const z = new Float64Array(q);
    let c = code;
    for (let i = 0; i < q; i++) {
      z[i] = [0, Math.sqrt(y[i]), -Math.sqrt(y[i])][c % 3];
      c = Math.floor(c / 3);
    }
    const fz = f(z);
    const residual = Math.hypot(...fz);
    // J column j by central differences (f is cubic: error h²·|f'''| ≈ 6h² per entry, h = 1e-5·(1 + max √y))
    const h = 1e-5 * (1 + Math.sqrt(Math.max(...Array.from(y))));
    const J = new Float64Array(q * q);
    for (let j = 0; j < q; j++) {
      const zp = z.slice();
      const zm = z.slice();
      zp[j] += h;
      zm[j] -= h;
      const fp = f(zp);
      const fm = f(zm);
      for (let i = 0; i < q; i++) J[i * q + j] = (fp[i] - fm[i]) / (2 * h);
    }
    const H = matrix(q, q);
    for (let j = 0; j < q; j++) {
      const col = solveSquare(M, Float64Array.from({ length: q }, (_, i) => -J[i * q + j]), q, fn);
      for (let i = 0; i < q; i++) H.data[i * q + j] = col[i];
    }
    for (let i = 0; i < q; i++) for (let j = 0; j < i; j++) H.data[i * q + j] = H.data[j * q + i] = 0.5 * (H.data[i * q + j] + H.data[j * q + i]);
    const ev = ir.eigh(H).values;
    const big = Math.max(...Array.from(ev, Math.abs));
    const index = Array.from(ev).filter((e) => e < -1e-6 * big).length;
    counts[index]++;
    points.push({ z, residual, index });
  }
  return { points, counts };
}
