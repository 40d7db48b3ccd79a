// The exhaustive 3×3 grid of Gunasekar et al. 2017, Fig. 4 (docs/algorithms/grid.md), batched: for each instance of a range and
// each initialization scale α, the exact minimum-trace PSD completion (closed forms, as src/completion3.ts) and
// the RK45 gradient flow of L(U) = ¼‖A(UUᵀ) − y‖² from a seeded U0 ∈ R^{3×3} with ‖U0‖_F = α, to ‖∇L‖_F ≤ gtol or
// L ≤ ltol or t = tMax. One call does a whole range: no boundary crossing per instance.
// U0 depends only on (seed, instance id, α index) — splitmix64 then polar Gaussians — so results do not depend
// on how the grid is split across calls, workers or machines.

import { tick } from '../host';
import { FLOW3_WORK, flow3, flow3Grad, flow3SetObservations } from './flow3';
import { ODE_DONE, ODE_MAX_STEPS, ODE_STEP_TOO_SMALL, ODE_STOPPED } from '../../src/kernels/ode/control';
import { STATS_LEN } from '../ode/stepper';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** Record layout per (instance, α): feasible, borderline, tr X_min, tr X∞, Δ, status, t, nfev. */
export const GRID_FIELDS: i32 = 8;
export const G_CONVERGED: i32 = 0;
export const G_TMAX: i32 = 1;
export const G_MAX_STEPS: i32 = 2;
export const G_DIVERGED: i32 = 3;
export const G_STATIONARY: i32 = 4; // tMax reached at an unfitted point with ‖∇L‖ ≤ gtol
export const G_STEP_TOO_SMALL: i32 = 5;
export const G_INFEASIBLE: i32 = -1; // not run

const FEAS_TOL: f64 = 1e-9;
// docs/algorithms/grid.md entry order (0,0), (1,1), (2,2), (0,1), (0,2), (1,2)
const ER: StaticArray<i32> = [0, 1, 2, 0, 0, 1];
const EC: StaticArray<i32> = [0, 1, 2, 1, 2, 2];

// value k = (2k − 9)/9, one correctly rounded division
// @ts-ignore: decorator
@inline function gridValue(k: i32): f64 { return (2.0 * <f64>k - 9.0) / 9.0; }

// mask index → its 4 entries (4-subsets of 0..5 in lexicographic order)
function maskEntries(mask: i32, out: usize): void {
  let idx = 0;
  for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) for (let c = b + 1; c < 6; c++) for (let d = c + 1; d < 6; d++) {
    if (idx == mask) {
      store<i32>(out, a); store<i32>(out, b, 4); store<i32>(out, c, 8); store<i32>(out, d, 12);
      return;
    }
    idx++;
  }
}

// entry index of (i, j)
// @ts-ignore: decorator
@inline function eidx(i: i32, j: i32): i32 {
  if (i == j) return i;
  const a = min(i, j), b = max(i, j);
  return a == 0 ? (b == 1 ? 3 : 4) : 5;
}

// λ_min of [[p, r], [r, q]]
// @ts-ignore: decorator
@inline function lmin2(p: f64, q: f64, r: f64): f64 {
  const h = 0.5 * (p - q);
  return 0.5 * (p + q) - sqrt<f64>(h * h + r * r);
}

/**
 * Exact minimum-trace completion of `known` (6 doubles, NaN = unknown; exactly two unknown). Writes λ* to res[0] and
 * the minimum trace to res[1] (NaN when infeasible, +∞ when feasible only in the limit). See src/completion3.ts.
 */
export function exactCompletion3(known: usize, res: usize): void {
  let u0 = -1, u1 = -1;
  for (let e = 0; e < 6; e++) if (isNaN(ld(known, e))) { if (u0 < 0) u0 = e; else u1 = e; }
  let nd = 0, dj = -1, dk = -1;
  for (let i = 0; i < 3; i++) if (isNaN(ld(known, i))) { if (nd == 0) dj = i; else dk = i; nd++; }
  let lam = 0.0;
  let tr = NaN;
  if (nd == 2) {
    // (a) two diagonals unknown
    const j = dj, k = dk, l = 3 - dj - dk;
    const c = ld(known, l);
    lam = c;
    const b = ld(known, eidx(j, l)), e = ld(known, eidx(k, l));
    if (c > 0.0) {
      const w = abs<f64>(ld(known, eidx(j, k)) - b * e / c);
      tr = c + (b * b + e * e) / c + 2.0 * w;
    } else if (c == 0.0 && b == 0.0 && e == 0.0) tr = 2.0 * abs<f64>(ld(known, eidx(j, k)));
    else tr = Infinity;
  } else if (nd == 1) {
    const j = dj;
    const k = j == 0 ? 1 : 0;
    const l = 3 - j - k;
    if (isNaN(ld(known, eidx(k, l)))) {
      // (b1)
      const dkk = ld(known, k), dll = ld(known, l);
      lam = min<f64>(dkk, dll);
      if (dkk > 0.0 && dll > 0.0) {
        const a = ld(known, eidx(j, k)), b = ld(known, eidx(j, l));
        tr = dkk + dll + max<f64>(a * a / dkk, b * b / dll);
      } else tr = Infinity;
    } else {
      // (b2): the unknown off-diagonal is (j, k2), the known one (j, l2)
      const k2 = isNaN(ld(known, eidx(j, k))) ? k : l;
      const l2 = 3 - j - k2;
      const dkk = ld(known, k2), dll = ld(known, l2), e = ld(known, eidx(k2, l2));
      lam = lmin2(dkk, dll, e);
      if (dll > 0.0) {
        const b = ld(known, eidx(j, l2));
        tr = dkk + dll + b * b / dll;
      } else tr = Infinity;
    }
  } else {
    // (c) two off-diagonals unknown, sharing index j; the known one is (k, l)
    const pa0 = ER[u0], pb0 = EC[u0], pa1 = ER[u1], pb1 = EC[u1];
    const j = (pa0 == pa1 || pa0 == pb1) ? pa0 : pb0;
    const k = j == 0 ? 1 : 0;
    const l = 3 - j - k;
    lam = min<f64>(lmin2(ld(known, k), ld(known, l), ld(known, eidx(k, l))), ld(known, j));
    tr = ld(known, 0) + ld(known, 1) + ld(known, 2);
  }
  if (lam < -FEAS_TOL) tr = NaN;
  st(res, 0, lam);
  st(res, 1, tr);
}

// ---- seeded U0: splitmix64 (Steele, Lea & Flood 2014) and Marsaglia's polar method

let sm: u64 = 0;
function splitmix(): u64 {
  sm += 0x9e3779b97f4a7c15;
  let z = sm;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}
function uniform(): f64 { return <f64>(splitmix() >> 11) * 1.1102230246251565e-16; } // [0, 1), 53 bits
let spare: f64 = 0.0;
let hasSpare = false;
function gaussian(): f64 {
  if (hasSpare) { hasSpare = false; return spare; }
  let a = 0.0, b = 0.0, s = 0.0;
  do {
    a = 2.0 * uniform() - 1.0;
    b = 2.0 * uniform() - 1.0;
    s = a * a + b * b;
  } while (s >= 1.0 || s == 0.0);
  const f = sqrt<f64>(-2.0 * Math.log(s) / s);
  spare = b * f;
  hasSpare = true;
  return a * f;
}

/** U0 (9 doubles, row-major) for (seed, instance id, α index), scaled to ‖U0‖_F = alpha. */
export function grid3InitialU(seed: u32, id: i32, alphaIndex: i32, alpha: f64, out: usize): void {
  seededInitialU(seed, <u64>(<u32>id), alphaIndex, alpha, 9, out);
}

/**
 * `len` Gaussians for (seed, key, α index) scaled to Euclidean norm alpha: splitmix64 from the state
 * (seed << 32) ^ (key << 8) ^ α index, then polar Gaussians. grid3InitialU is the case key = instance id, len = 9;
 * the census (assembly/grid/census.ts) draws its n×n U0 the same way.
 */
export function seededInitialU(seed: u32, key: u64, alphaIndex: i32, alpha: f64, len: i32, out: usize): void {
  sm = (<u64>seed << 32) ^ (key << 8) ^ <u64>(<u32>alphaIndex);
  splitmix(); // decorrelate nearby states
  hasSpare = false;
  let f = 0.0;
  for (let i = 0; i < len; i++) { const g = gaussian(); st(out, i, g); f += g * g; }
  const c = alpha / sqrt<f64>(f);
  for (let i = 0; i < len; i++) st(out, i, ld(out, i) * c);
}

// ---- the flow: flow3.ts (Dormand–Prince, Rodas5P in the stiff tail) on this system. ctx = [rows(4), cols(4), y(4)].
// Stop (the package's rule, assembly/solvers/status.ts): L ≤ ltol, or — the data fitted, ‖A(X) − y‖ ≤ fitTol·‖y‖ —
// ‖∇L‖_F ≤ gtol or tr X settled to qtol over a doubling of t. Every feasible instance can be fitted exactly (L = 0 is
// attained), and with d = n the factorized problem has no spurious local minima (Burer & Monteiro 2003), so a
// stationary point with L > 0 is a saddle: the flow passes near U = 0 (‖∇L(U0)‖ ≈ ‖A*(y)‖·α) and near partially
// fitted saddles with gradients below gtol, and must not stop there. (Measured: with the weaker rule L ≤ L(U0)/2, 38
// flows at α = 1e-5 stopped at saddles with tr X∞ far below tr X_min.)

const CTX3: i32 = 20;

/** Doubles of workspace grid3Run needs. */
export function grid3WorkSize(): i32 {
  // ctx (CTX3 = 20 ≥ 12 slots used), U (9), known (8), result (8), the stepper's stats, flow3's stages, 4 entries
  return CTX3 + 9 + 8 + 8 + (STATS_LEN + 1) + FLOW3_WORK + 2;
}

/**
 * Instances [start, start + count) × alphas (nAlpha doubles at `alphas`): records of GRID_FIELDS doubles, instance
 * major, written to `out`. Infeasible instances get status G_INFEASIBLE and zeros; Δ = (tr X∞ − tr X_min)/tr X_min.
 * Returns the number of instances done: count, or fewer when the host asked to stop (asked once per instance).
 */
export function grid3Run(
  start: i32, count: i32, alphas: usize, nAlpha: i32, seed: u32, gtol: f64, ltol: f64, fitTol: f64, qtol: f64, stiff: i32,
  tMax: f64, rtol: f64, atol: f64, maxSteps: i32, out: usize, work: usize,
): i32 {
  const ctx = work;
  const u = ctx + (<usize>CTX3 << 3);
  const known = u + (9 << 3);
  const res = known + (8 << 3);
  const stats = res + (8 << 3);
  const rk = stats + (<usize>(STATS_LEN + 1) << 3);
  const ents = rk + (<usize>FLOW3_WORK << 3); // 4 i32
  for (let q = 0; q < count; q++) {
    if (q > 0 && tick(<f64>q, <f64>count)) return q; // the host asked to stop: q instances are done
    const id = start + q;
    const mask = id / 10000;
    const r = id % 10000;
    maskEntries(mask, ents);
    for (let e = 0; e < 6; e++) st(known, e, NaN);
    const digits0 = r / 1000, digits1 = (r / 100) % 10, digits2 = (r / 10) % 10, digits3 = r % 10;
    for (let i = 0; i < 4; i++) {
      const e = load<i32>(ents + (<usize>i << 2));
      const kk = i == 0 ? digits0 : i == 1 ? digits1 : i == 2 ? digits2 : digits3;
      const v = gridValue(kk);
      st(known, e, v);
      st(ctx, i, <f64>ER[e]);
      st(ctx, 4 + i, <f64>EC[e]);
      st(ctx, 8 + i, v);
    }
    flow3SetObservations(
      <i32>ld(ctx, 0), <i32>ld(ctx, 4), ld(ctx, 8), <i32>ld(ctx, 1), <i32>ld(ctx, 5), ld(ctx, 9),
      <i32>ld(ctx, 2), <i32>ld(ctx, 6), ld(ctx, 10), <i32>ld(ctx, 3), <i32>ld(ctx, 7), ld(ctx, 11),
    );
    // fitted: ‖r‖ ≤ fitTol·‖y‖, i.e. L ≤ ¼(fitTol·‖y‖)²
    const y2 = ld(ctx, 8) * ld(ctx, 8) + ld(ctx, 9) * ld(ctx, 9) + ld(ctx, 10) * ld(ctx, 10) + ld(ctx, 11) * ld(ctx, 11);
    const fitLoss = 0.25 * fitTol * fitTol * y2;
    exactCompletion3(known, res);
    const lam = ld(res, 0);
    const trMin = ld(res, 1);
    const feasible = lam >= -FEAS_TOL;
    const borderline = feasible && abs<f64>(lam) <= FEAS_TOL;
    for (let a = 0; a < nAlpha; a++) {
      const rec = out + (<usize>((q * nAlpha + a) * GRID_FIELDS) << 3);
      st(rec, 0, feasible ? 1.0 : 0.0);
      st(rec, 1, borderline ? 1.0 : 0.0);
      if (!feasible || !isFinite(trMin)) {
        st(rec, 2, 0.0); st(rec, 3, 0.0); st(rec, 4, 0.0); st(rec, 5, <f64>G_INFEASIBLE); st(rec, 6, 0.0); st(rec, 7, 0.0);
        continue;
      }
      grid3InitialU(seed, id, a, ld(alphas, a), u);
      const code = flow3(u, tMax, rtol, atol, maxSteps, gtol, ltol, fitLoss, qtol, stiff != 0, stats, rk);
      let trF = 0.0;
      for (let i = 0; i < 9; i++) trF += ld(u, i) * ld(u, i);
      const status = code == ODE_STOPPED ? G_CONVERGED
        : code == ODE_DONE ? (flow3Grad() <= gtol ? G_STATIONARY : G_TMAX)
        : code == ODE_MAX_STEPS ? G_MAX_STEPS : code == ODE_STEP_TOO_SMALL ? G_STEP_TOO_SMALL : G_DIVERGED;
      st(rec, 2, trMin);
      st(rec, 3, trF);
      st(rec, 4, (trF - trMin) / trMin);
      st(rec, 5, <f64>status);
      st(rec, 6, ld(stats, 0));
      st(rec, 7, ld(stats, 3));
    }
  }
  return count;
}
