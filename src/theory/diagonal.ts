// The commuting / diagonal flow in its eigenbasis, where it decouples (Gunasekar et al. 2017, eq. 7 and Cor. 2):
// with A_i = V diag(d_i) Vᵀ and X = V diag(x) Vᵀ, Ẋ = −A*(r)X − XA*(r) becomes x_k' = −2(Dᵀr)_k x_k,
// r = Dx − y, so x_t = x_0 ⊙ exp(−2Dᵀs_t) with s_t = ∫₀ᵗ r (docs/model.md, §6). Three ways to reach the limit:
//   eigenbasisFlow  — RK45 in log coordinates z = log x (relative accuracy for coordinates of size α^c);
//   productFlow     — RK45 on u with x = u⊙u, u̇ = −(Dᵀr)⊙u (Cor. 2, the coordinates of the corollary);
//   entropicLimit   — no time stepping: the limit is the unique root of D(x_0⊙exp(−2Dᵀs)) = y, the maximiser of
//                     the strictly concave φ(s) = −½Σ_k x0_k e^{−2(Dᵀs)_k} − yᵀs (∇φ = Dx − y), by damped Newton.
import { ImplicitRegError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { rk45Plain } from '../kernels/plain/rk45.js';
import { checkCount, checkFinite, checkMatrix, checkObject, checkPositive, checkVector, optionalNumber, optionalTolerance } from '../core/validate.js';
import { norm2, solveSquare } from './linalg.js';

/**
 * How a diagonal flow ended: 'converged' (‖Dx − y‖ ≤ rtolResidual·(1 + ‖y‖)), 'tMax' (the time limit) or 'failed'
 * (the integrator stopped early: step limit, a vanishing or non-finite step).
 */
export type DiagonalStatus = 'converged' | 'tMax' | 'failed';

/** Options of eigenbasisFlow and productFlow: the diagonal problem Dx = y from x0 > 0. */
export interface DiagonalFlowOptions {
  /** m×n: row i holds the eigenvalues d_i of A_i in the common eigenbasis. */
  D: Matrix;
  /** The data y (m). */
  y: ArrayLike<number>;
  /** Positive start x_0 (length n). */
  x0: ArrayLike<number>;
  /** Time limit (default 1e5). */
  tMax?: number;
  /** Relative RK45 tolerance (default 1e-12). */
  rtol?: number;
  /**
   * Absolute RK45 tolerance (default 1e-14; productFlow's default is 1e-300, so every coordinate is controlled
   * relatively).
   */
  atol?: number;
  /**
   * Stop once ‖Dx − y‖ ≤ rtolResidual·(1 + ‖y‖) (default 1e-11: at a steady state an explicit RK45 step grows to its
   * stability limit and the residual settles at the rtol level, ~1e-12, so a stricter test would only run into tMax).
   */
  rtolResidual?: number;
}

/** Result of eigenbasisFlow and productFlow. */
export interface DiagonalFlowResult {
  /** How the flow ended. */
  status: DiagonalStatus;
  /** The limit (or the state at tMax). */
  x: Float64Array;
  /** s_t = ∫₀ᵗ r (length m). */
  s: Float64Array;
  /** Time reached. */
  t: number;
  /** ‖Dx − y‖₂ at the end. */
  residual: number;
  /** Accepted RK45 steps. */
  steps: number;
  /** Right-hand-side evaluations. */
  nfev: number;
}

function checkDiagonal(fn: string, o: { D: Matrix; y: ArrayLike<number>; x0: ArrayLike<number> }): { m: number; n: number } {
  checkObject(fn, 'o', o);
  checkMatrix(fn, 'D', o.D);
  const { rows: m, cols: n } = o.D;
  if (m < 1 || n < 1) throw new ImplicitRegError('shape', `${fn}: argument D must be non-empty, got ${m}×${n}`);
  checkFinite(fn, 'D', o.D.data);
  checkVector(fn, 'y', o.y);
  if (o.y.length !== m) throw new ImplicitRegError('shape', `${fn}: argument y must have length ${m} (the rows of D, ${m}×${n}), got ${o.y.length}`);
  checkFinite(fn, 'y', o.y);
  checkVector(fn, 'x0', o.x0, n);
  for (let k = 0; k < n; k++) {
    if (!(o.x0[k] > 0 && Number.isFinite(o.x0[k]))) throw new ImplicitRegError('value', `${fn}: argument x0 must be positive and finite, got ${o.x0[k]} at index ${k}`);
  }
  return { m, n };
}

/** r = Dx − y into out. */
function residual(D: Matrix, x: ArrayLike<number>, y: ArrayLike<number>, out: Float64Array): Float64Array {
  const { rows: m, cols: n } = D;
  for (let i = 0; i < m; i++) {
    let s = -y[i];
    for (let k = 0; k < n; k++) s += D.data[i * n + k] * x[k];
    out[i] = s;
  }
  return out;
}

// Integrate a state forward in doubling chunks until the residual test passes or tMax is reached.
function chunked(
  fn: string, f: (t: number, w: Float64Array, dw: Float64Array) => void, w0: Float64Array,
  o: { tMax?: number; rtol?: number; atol?: number; rtolResidual?: number; y: ArrayLike<number> },
  res: (w: Float64Array) => number,
): { w: Float64Array; t: number; status: DiagonalStatus; steps: number; nfev: number; residual: number } {
  const tMax = o.tMax ?? 1e5;
  checkPositive(fn, 'tMax', tMax);
  const rtol = optionalNumber(fn, 'rtol', o.rtol, 1e-12, { gt: 0, lt: 1 });
  const atol = optionalNumber(fn, 'atol', o.atol, 1e-14, { gt: 0 });
  const tolR = optionalTolerance(fn, 'rtolResidual', o.rtolResidual, 1e-11) * (1 + norm2(o.y));
  let w = w0;
  let t = 0;
  let steps = 0;
  let nfev = 0;
  let t1 = Math.min(1, tMax);
  for (;;) {
    const r = rk45Plain(f, w, t, t1, { rtol, atol, maxSteps: 1_000_000 });
    steps += r.steps;
    nfev += r.nfev;
    w = r.y;
    t = r.t;
    const rn = res(w);
    if (!Number.isFinite(rn)) throw new ImplicitRegError('overflow', `${fn}: the residual ‖Dx − y‖ overflows double precision at t = ${t}; scale D and y down`);
    if (r.status !== 'done') return { w, t, status: 'failed', steps, nfev, residual: rn };
    if (rn <= tolR) return { w, t, status: 'converged', steps, nfev, residual: rn };
    if (t >= tMax) return { w, t, status: 'tMax', steps, nfev, residual: rn };
    t1 = Math.min(2 * t1, tMax);
  }
}

/**
 * The eigenbasis flow x_k' = −2(Dᵀr)_k x_k, r = Dx − y, integrated in z = log x (z' = −2Dᵀr) together with s' = r,
 * until the residual is tiny (a converged limit) or tMax. Log coordinates keep coordinates of size α^{c_k} to full
 * relative accuracy, which a U-space integrator cannot.
 * @example eigenbasisFlow({ D: matrix(1, 2, [1, 2]), y: [2], x0: [1e-6, 1e-6] }).x // ≈ [0, 1]
 */
export function eigenbasisFlow(o: DiagonalFlowOptions): DiagonalFlowResult {
  const fn = 'eigenbasisFlow';
  const { m, n } = checkDiagonal(fn, o);
  const D = o.D.data;
  const x = new Float64Array(n);
  const r = new Float64Array(m);
  const f = (_t: number, w: Float64Array, dw: Float64Array): void => {
    for (let k = 0; k < n; k++) x[k] = Math.exp(w[k]);
    residual(o.D, x, o.y, r);
    for (let k = 0; k < n; k++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += D[i * n + k] * r[i];
      dw[k] = -2 * g;
    }
    for (let i = 0; i < m; i++) dw[n + i] = r[i];
  };
  const w0 = new Float64Array(n + m);
  for (let k = 0; k < n; k++) w0[k] = Math.log(o.x0[k]);
  const out = chunked(fn, f, w0, o, (w) => norm2(residual(o.D, w.subarray(0, n).map(Math.exp), o.y, r)));
  return {
    status: out.status, x: out.w.slice(0, n).map(Math.exp), s: out.w.slice(n), t: out.t,
    residual: out.residual, steps: out.steps, nfev: out.nfev,
  };
}

/**
 * Corollary 2 of Gunasekar et al. 2017 in its own coordinates: x = u⊙u, u̇ = −(Dᵀr)⊙u (the gradient flow of
 * ¼‖D(u⊙u) − y‖²), from u_0 = √x0. RK45 on u with a negligible absolute tolerance (1e-300), so every coordinate
 * is controlled relatively. Returns x = u⊙u (s is not tracked here: NaN-free zeros).
 * @example productFlow({ D, y, x0: new Float64Array(n).fill(1e-8) }).x
 */
export function productFlow(o: DiagonalFlowOptions): DiagonalFlowResult {
  const fn = 'productFlow';
  const { m, n } = checkDiagonal(fn, o);
  const D = o.D.data;
  const x = new Float64Array(n);
  const r = new Float64Array(m);
  const f = (_t: number, u: Float64Array, du: Float64Array): void => {
    for (let k = 0; k < n; k++) x[k] = u[k] * u[k];
    residual(o.D, x, o.y, r);
    for (let k = 0; k < n; k++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += D[i * n + k] * r[i];
      du[k] = -g * u[k];
    }
  };
  const u0 = Float64Array.from(o.x0, Math.sqrt);
  const out = chunked(fn, f, u0, { ...o, atol: o.atol ?? 1e-300 }, (u) => norm2(residual(o.D, u.map((v) => v * v), o.y, r)));
  return {
    status: out.status, x: out.w.map((v) => v * v), s: new Float64Array(m), t: out.t,
    residual: out.residual, steps: out.steps, nfev: out.nfev,
  };
}

/**
 * The limit of the eigenbasis flow from x0 without integrating: the unique s with D(x0⊙exp(−2Dᵀs)) = y, found by
 * damped Newton on the strictly concave φ(s) = −½Σ_k x0_k e^{−2(Dᵀs)_k} − yᵀs (Hessian −2D diag(x) Dᵀ ≺ 0 for D of
 * full row rank). Every trajectory of the flow stays on {x0⊙exp(−2Dᵀs)}, so a converged limit must be this point.
 * Throws 'convergence' when no zero-residual point exists (y outside D·R₊ⁿ) or Newton stalls.
 * @example entropicLimit({ D: matrix(1, 2, [1, 2]), y: [2], x0: [1e-6, 1e-6] }).x // ≈ [1e-6·…, 1]
 */
export function entropicLimit(o: { D: Matrix; y: ArrayLike<number>; x0: ArrayLike<number>; maxIter?: number }): {
  /** The limit x0⊙exp(−2Dᵀs) (n). */
  x: Float64Array;
  /** The root s (m). */
  s: Float64Array;
  /** Newton iterations used. */
  iterations: number;
  /** ‖Dx − y‖₂ at the limit. */
  residual: number;
} {
  const fn = 'entropicLimit';
  const { m, n } = checkDiagonal(fn, o);
  const D = o.D.data;
  const maxIter = o.maxIter === undefined ? 500 : checkCount(fn, 'maxIter', o.maxIter, 1);
  const s = new Float64Array(m);
  const xOf = (sv: Float64Array): Float64Array => {
    const x = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += D[i * n + k] * sv[i];
      x[k] = o.x0[k] * Math.exp(-2 * g);
    }
    return x;
  };
  const phi = (sv: Float64Array, x: Float64Array): number => {
    let v = 0;
    for (let k = 0; k < n; k++) v -= 0.5 * x[k];
    for (let i = 0; i < m; i++) v -= o.y[i] * sv[i];
    return v;
  };
  const r = new Float64Array(m);
  const tol = 1e-13 * (1 + norm2(o.y)); // a few ulps of ‖D‖‖x‖: Newton's floor
  let x = xOf(s);
  for (let it = 0; it < maxIter; it++) {
    residual(o.D, x, o.y, r);
    const rn = norm2(r);
    if (rn <= tol) return { x, s, iterations: it, residual: rn };
    // Newton direction for max φ: (2 D diag(x) Dᵀ) Δ = r
    const H = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j <= i; j++) {
        let h = 0;
        for (let k = 0; k < n; k++) h += D[i * n + k] * x[k] * D[j * n + k];
        H[i * m + j] = H[j * m + i] = 2 * h;
      }
    }
    const step = solveSquare(H, r, m, fn);
    // backtracking (Armijo on φ, ascent direction since ∇φᵀΔ = rᵀH⁻¹r > 0)
    const f0 = phi(s, x);
    const slope = step.reduce((a, v, i) => a + v * r[i], 0);
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      const sNew = s.map((v, i) => v + t * step[i]);
      const xNew = xOf(sNew);
      // near the root the Armijo increase (~‖r‖²) drops below the rounding of φ: judge by the residual instead
      const ok = t * slope > 1e-12 * Math.abs(f0)
        ? phi(sNew, xNew) >= f0 + 1e-4 * t * slope
        : norm2(residual(o.D, xNew, o.y, new Float64Array(m))) < (1 - 1e-4 * t) * rn;
      if (xNew.every(Number.isFinite) && ok) {
        s.set(sNew);
        x = xNew;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      // rounding floor: φ can no longer increase measurably; accept if the residual is already tiny
      if (rn <= 1e-11 * (1 + norm2(o.y))) return { x, s, iterations: it, residual: rn };
      throw new ImplicitRegError('convergence', `${fn}: the line search failed at residual ${rn.toExponential(2)} (is y in D·R₊ⁿ?)`);
    }
  }
  residual(o.D, x, o.y, r);
  const rn = norm2(r);
  if (rn <= 1e-10 * (1 + norm2(o.y))) return { x, s, iterations: maxIter, residual: rn };
  throw new ImplicitRegError('convergence', `${fn}: no convergence within maxIter = ${maxIter} Newton steps (residual ${rn.toExponential(2)}; is y in D·R₊ⁿ?)`);
}
