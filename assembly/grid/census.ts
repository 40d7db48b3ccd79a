// The census: exhaustive enumeration of small PSD completion problems (n = 3, 4), batched — for each instance of a
// range of ids and each initialization scale α, the exact minimum-trace completion with its certificate and the
// gradient flow of L(U) = ¼‖A(UUᵀ) − y‖² from a seeded U0 ∈ R^{n×n}, ‖U0‖_F = α. One call does a whole range.
// Enumeration (src/grid/census.ts builds the tables; docs/census.md): instance ids are grouped in blocks by the number
// k of observed entries; block k starts at layout[4k] and holds layout[4k + 1] masks × V^k value combinations, V the
// number of values; within it, local id = mask rank · V^k + Σ_q d_q V^(k−1−q) (first observed entry slowest). The
// mask's entries are masks[layout[4k + 3] + rank·k + q], entry e is (entries[2e], entries[2e + 1]).
// Exact part:
//   n = 3, k = 4: the closed forms of assembly/grid/grid3.ts (exactCompletion3), as the 3×3 grid (but for their
//   zero-diagonal corner, below);
//   otherwise: λ* and attainment exactly from the pattern (assembly/grid/lambda.ts), then for every attained feasible
//   instance the minimum trace from the package's ADMM (assembly/sdp/sdp.ts, C = I, the entry operator), warm-started
//   along the fastest digit — from the previous attained instance that differs only in the last observed value — and
//   certified independently of the solver: primal residual ‖A(X) − y‖/(1 + ‖y‖), dual infeasibility
//   max(0, −λ_min(I − A*(ν))) by a separate eigendecomposition, relative gap |tr X − yᵀν|/(1 + |tr X|), each ≤ sdpTol.
//   The warm-start chain restarts at the first value of the last entry, and a call that starts inside a chain first
//   solves the chain's earlier instances: records depend on the instance only, never on how a range is split.
// Flows: n = 3, k = 4 exactly as the 3×3 grid (flow3); n = 4 the specialised 4×4 right-hand side (flow4); other
// cases the general flow (assembly/solvers/flows.ts). All on the one step control, Rodas5P in stiff tails.
// U0 from (seed, local id, α index) by assembly/grid/grid3.ts's generator: at n = 3, k = 4 with docs/algorithms/grid.md's values and
// all 15 masks the local id is the 3×3 grid's instance id, so the records are the 3×3 grid's bit for bit.

import { muteTicks, tick } from '../host';
import { ODE_DONE, ODE_MAX_STEPS, ODE_STEP_TOO_SMALL, ODE_STOPPED } from '../../src/kernels/ode/control';
import { STATS_LEN } from '../ode/stepper';
import { dsyevj, dsyevjWorkSize } from '../eigen/jacobi';
import { OP_DENSE, OP_ENTRY } from '../operators/sensing';
import { SDP_OPTIMAL, sdpADMM, sdpWorkSize } from '../sdp/sdp';
import { gradientFlow, gradientFlowWorkSize } from '../solvers/flows';
import { S_CONVERGED, S_MAX_ITER, S_STATIONARY, S_STEP_TOO_SMALL, S_TMAX } from '../solvers/status';
import { FLOW3_WORK, flow3, flow3Grad, flow3SetObservations } from './flow3';
import { flow4, flow4Grad, flow4SetObservations, flow4WorkSize } from './flow4';
import { exactCompletion3, seededInitialU } from './grid3';
import { completionLambda, lambdaNullCount, lambdaNullVectors, LAMBDA_OK, LAMBDA_TOL } from './lambda';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** Record per (instance, α): the 3×3 grid's 8 fields, then λ*, primal residual, dual infeasibility, relative gap. */
export const CENSUS_FIELDS: i32 = 12;
// statuses beyond the flows' (0 … 5, as assembly/grid/grid3.ts)
export const C_INFEASIBLE: i32 = -1; // λ* < −1e-9: no flow
export const C_UNATTAINED: i32 = -2; // feasible by λ* only in the limit: no PSD completion, no minimum, no flow
export const C_UNCERTIFIED: i32 = -3; // the SDP did not certify its minimum (listed, never dropped): no flow
export const C_ZERO_TRACE: i32 = -4; // every observed value 0: X_min = 0 and Δ is undefined: no flow

// options at `params`: the flows' and the SDP's
const P_GTOL = 0, P_LTOL = 1, P_FITTOL = 2, P_QTOL = 3, P_STIFF = 4, P_TMAX = 5, P_RTOL = 6, P_ATOL = 7, P_MAXSTEPS = 8;
const P_SDPTOL = 9, P_SDPMAXITER = 10, P_SEED = 11;
// the α index of alphas[0] in the U0 generator (0 for a census run; censusSweep runs one α per call)
const P_ALPHA_BASE = 12;
/** Doubles of the options block censusRun reads. */
export const CENSUS_PARAMS: i32 = 13;

const MAXN: i32 = 5;
const MAXK: i32 = 15;

// the workspace, carved once per call (byte offsets from `work`, each region a multiple of 16 bytes)
let wU: usize = 0; let wKnown: usize = 0; let wKnown6: usize = 0; let wRes: usize = 0; let wLam: usize = 0;
let wAdj: usize = 0; let wRows: usize = 0; let wCols: usize = 0; let wY: usize = 0; let wOp: usize = 0;
let wC: usize = 0; let wX: usize = 0; let wS: usize = 0; let wNu: usize = 0; let wSdpStats: usize = 0;
let wEigA: usize = 0; let wEigW: usize = 0; let wEigV: usize = 0; let wEig: usize = 0; let wStats: usize = 0;
let wFlow: usize = 0; let wSdp: usize = 0;
let wP: usize = 0; let wPk: usize = 0; let wYk: usize = 0; let wQ: usize = 0; let wWs: usize = 0;

let cursor: usize = 0;
function take(doubles: i32): usize {
  const q = cursor;
  cursor += <usize>((doubles + (doubles & 1)) << 3);
  return q;
}

function carve(work: usize, n: i32, kmax: i32): usize {
  cursor = work;
  wU = take(MAXN * MAXN); wKnown = take(MAXN * MAXN); wKnown6 = take(8); wRes = take(8); wLam = take(4); wAdj = take(4);
  wRows = take(8); wCols = take(8); wY = take(MAXK + 1); wOp = take(4);
  wC = take(MAXN * MAXN); wX = take(MAXN * MAXN); wS = take(MAXN * MAXN); wNu = take(MAXK + 1); wSdpStats = take(12);
  wEigA = take(MAXN * MAXN); wEigW = take(MAXN + 1); wEigV = take(MAXN * MAXN); wEig = take(dsyevjWorkSize(MAXN));
  wStats = take(STATS_LEN + 2);
  wFlow = take(max(max(FLOW3_WORK, flow4WorkSize()), gradientFlowWorkSize(n, n, kmax, 1)));
  wP = take(MAXN * MAXN); wPk = take(MAXK * 16); wYk = take(MAXK + 1); wQ = take(MAXK * 17); wWs = take(MAXN * MAXN);
  wSdp = take(max(sdpWorkSize(n, max(kmax, 1), OP_ENTRY), sdpWorkSize(n, max(kmax, 1), OP_DENSE)));
  return cursor - work;
}

/** Doubles of workspace censusRun needs for order n and at most kmax observed entries. */
export function censusWorkSize(n: i32, kmax: i32): i32 {
  return <i32>(carve(0, n, kmax) >> 3) + 2;
}

// the current instance, decoded
let curK = 0; let curLocal: f64 = 0.0; let curRank = 0; let curDigits: f64 = 0.0;
// the exact part's results
let exFeasible = false; let exBorderline = false; let exAttained = false; let exCertified = false;
let exLam: f64 = 0.0; let exTrMin: f64 = 0.0; let exPinf: f64 = 0.0; let exDinf: f64 = 0.0; let exGap: f64 = 0.0;
// the warm-start chain: the id of its first instance, whether X, y, S, μ of an attained instance are held
let chainStart: f64 = -1.0; let chainWarm = false; let chainMu: f64 = 1.0;

// id → block k, local id, mask rank and digits; false when the id is in no block
function decode(id: f64, layout: usize, nk: i32): bool {
  for (let k = 0; k < nk; k++) {
    const off = ld(layout, 4 * k), nm = ld(layout, 4 * k + 1), vk = ld(layout, 4 * k + 2);
    if (id >= off && id < off + nm * vk) {
      curK = k;
      curLocal = id - off;
      curRank = <i32>Math.floor(curLocal / vk);
      curDigits = curLocal - <f64>curRank * vk;
      return true;
    }
  }
  return false;
}

// observations of the decoded instance: rows, cols (i32), values y, and the n×n `known` (NaN = unobserved)
function observations(n: i32, layout: usize, masks: usize, entries: usize, values: usize, nv: i32): void {
  const k = curK;
  const base = <i32>ld(layout, 4 * k + 3) + curRank * k;
  for (let i = 0; i < n * n; i++) st(wKnown, i, NaN);
  let d = curDigits;
  for (let q = k - 1; q >= 0; q--) {
    const digit = <i32>(d % <f64>nv);
    d = Math.floor(d / <f64>nv);
    const e = load<i32>(masks + (<usize>(base + q) << 2));
    const r = load<i32>(entries + (<usize>(2 * e) << 2)), c = load<i32>(entries + (<usize>(2 * e + 1) << 2));
    const v = ld(values, digit);
    store<i32>(wRows + (<usize>q << 2), r);
    store<i32>(wCols + (<usize>q << 2), c);
    st(wY, q, v);
    st(wKnown, r * n + c, v);
    st(wKnown, c * n + r, v);
  }
}

/** The last digit of the decoded instance (its position in the warm-start chain). */
function lastDigit(nv: i32): i32 { return <i32>(curDigits % <f64>nv); }

// the exact part of the decoded instance (observations set); updates the warm-start chain
function exact(n: i32, sdpTol: f64, sdpMaxIter: i32): void {
  const k = curK;
  exCertified = true;
  exPinf = 0.0; exDinf = 0.0; exGap = 0.0;
  if (n == 3 && k == 4) {
    // the 3×3 grid's closed forms (entry order = docs/algorithms/grid.md's)
    for (let e = 0; e < 6; e++) st(wKnown6, e, NaN);
    for (let q = 0; q < 4; q++) {
      const r = load<i32>(wRows + (<usize>q << 2)), c = load<i32>(wCols + (<usize>q << 2));
      st(wKnown6, r == c ? r : (r == 0 ? (c == 1 ? 3 : 4) : 5), ld(wY, q));
    }
    exactCompletion3(wKnown6, wRes);
    exLam = ld(wRes, 0);
    exTrMin = ld(wRes, 1);
    exFeasible = exLam >= -LAMBDA_TOL;
    exBorderline = exFeasible && abs<f64>(exLam) <= LAMBDA_TOL;
    exAttained = exFeasible && isFinite(exTrMin);
    // the closed forms report every feasible instance with a zero diagonal entry as unattained (tr X_min = +∞), right
    // only when that row has a nonzero entry; such instances (never with docs/algorithms/grid.md's values, odd multiples of 1/9) go
    // through the general path below
    if (!exFeasible || exAttained) return;
  }
  const code = completionLambda(n, wKnown, wLam, wAdj);
  if (code != LAMBDA_OK) {
    exLam = NaN; exFeasible = false; exBorderline = false; exAttained = false; exCertified = false; exTrMin = NaN;
    exPinf = NaN; exDinf = NaN; exGap = NaN;
    return;
  }
  exLam = ld(wLam, 0);
  exFeasible = exLam >= -LAMBDA_TOL;
  exBorderline = exFeasible && abs<f64>(exLam) <= LAMBDA_TOL;
  exAttained = exFeasible && ld(wLam, 1) != 0.0;
  exTrMin = NaN; exPinf = NaN; exDinf = NaN; exGap = NaN;
  if (!exAttained) return;
  let zero = true;
  for (let q = 0; q < k; q++) if (ld(wY, q) != 0.0) zero = false;
  if (zero) { exTrMin = 0.0; exPinf = 0.0; exDinf = 0.0; exGap = 0.0; return; }
  if (ld(wLam, 2) != 0.0) {
    // every diagonal observed: tr X = Σ y_ii on the whole feasible set, and ν = 1 on the diagonal observations (0 on
    // the others) is an exact dual certificate: I − A*(ν) = 0 ⪰ 0 and yᵀν = Σ y_ii — no SDP to solve
    let tr = 0.0;
    for (let q = 0; q < k; q++) if (load<i32>(wRows + (<usize>q << 2)) == load<i32>(wCols + (<usize>q << 2))) tr += ld(wY, q);
    exTrMin = tr; exPinf = 0.0; exDinf = 0.0; exGap = 0.0;
    return;
  }
  if (exBorderline) reducedSolve(n, k, sdpTol, sdpMaxIter);
  else sdpSolve(n, k, sdpTol, sdpMaxIter);
}

// min tr X s.t. X_e = y_e, X ⪰ 0 by the package's ADMM, warm-started from the chain, and its certificate
function sdpSolve(n: i32, k: i32, sdpTol: f64, sdpMaxIter: i32): void {
  const nn = n * n;
  store<i32>(wOp, OP_ENTRY); store<i32>(wOp, n, 4); store<i32>(wOp, k, 8);
  store<i32>(wOp, <i32>wRows, 12); store<i32>(wOp, <i32>wCols, 16);
  memory.fill(wC, 0, <usize>nn << 3);
  for (let i = 0; i < n; i++) st(wC, i * (n + 1), 1.0);
  if (!chainWarm) {
    memory.fill(wX, 0, <usize>nn << 3);
    memory.fill(wS, 0, <usize>nn << 3);
    memory.fill(wNu, 0, <usize>k << 3);
    chainMu = 1.0;
  }
  // the solver's own residuals agree with the independent certificate only in the limit: iterate to sdpTol/4
  const code = sdpADMM(wOp, wY, wC, wX, wNu, wS, chainMu, 0.25 * sdpTol, sdpMaxIter, 50, wSdpStats, wSdp);
  // certificate: primal residual at the observed entries, trace, dual objective
  let r2 = 0.0, y2 = 0.0, by = 0.0;
  for (let q = 0; q < k; q++) {
    const r = load<i32>(wRows + (<usize>q << 2)), c = load<i32>(wCols + (<usize>q << 2));
    const d = ld(wX, r * n + c) - ld(wY, q);
    r2 += d * d;
    y2 += ld(wY, q) * ld(wY, q);
    by += ld(wY, q) * ld(wNu, q);
  }
  let tr = 0.0;
  for (let i = 0; i < n; i++) tr += ld(wX, i * (n + 1));
  // dual slack I − A*(ν), rebuilt from ν (not the solver's S), and its λ_min by a separate eigendecomposition
  memory.fill(wEigA, 0, <usize>nn << 3);
  for (let i = 0; i < n; i++) st(wEigA, i * (n + 1), 1.0);
  for (let q = 0; q < k; q++) {
    const r = load<i32>(wRows + (<usize>q << 2)), c = load<i32>(wCols + (<usize>q << 2));
    const v = ld(wNu, q);
    if (r == c) st(wEigA, r * (n + 1), ld(wEigA, r * (n + 1)) - v);
    else { st(wEigA, r * n + c, ld(wEigA, r * n + c) - 0.5 * v); st(wEigA, c * n + r, ld(wEigA, c * n + r) - 0.5 * v); }
  }
  const sw = dsyevj(n, wEigA, wEigW, wEigV, wEig, 60);
  exTrMin = tr;
  exPinf = sqrt<f64>(r2) / (1.0 + sqrt<f64>(y2));
  exDinf = sw < 0 ? Infinity : max<f64>(0.0, -ld(wEigW, 0));
  exGap = abs<f64>(tr - by) / (1.0 + abs<f64>(tr));
  exCertified = code == SDP_OPTIMAL && exPinf <= sdpTol && exDinf <= sdpTol && exGap <= sdpTol;
  chainWarm = exCertified;
  if (exCertified) chainMu = ld(wSdpStats, 6);
}

// Borderline instances with free diagonals have no strictly feasible completion, and the ADMM then converges only
// sublinearly (its multipliers drift off to infinity: the dual optimum need not be attained). One facial-reduction
// step restores strict feasibility: every completion X satisfies Xz = 0 for the null vectors z of the singular clique
// blocks (assembly/grid/lambda.ts), so X = P W Pᵀ with P an orthonormal basis of their orthogonal complement
// (r columns), and min tr W s.t. ⟨PᵀA_qP, W⟩ = y_q, W ⪰ 0 (r×r, a dense operator; dependent constraints — those
// inside the singular blocks — dropped after a consistency check) has a positive definite feasible point.
// Certificate: primal residual of X = PWPᵀ on the original data; dual infeasibility and gap of the reduced problem
// (the face itself is certified by the exposing vectors zzᵀ: ⟨zzᵀ, data⟩ = λ_min of a block = λ* ≈ 0).
function reducedSolve(n: i32, k: i32, sdpTol: f64, sdpMaxIter: i32): void {
  const nz = lambdaNullCount(), zv = lambdaNullVectors();
  // G = Σ z zᵀ; its (near-)null eigenvectors span N⊥
  memory.fill(wEigA, 0, <usize>(n * n) << 3);
  for (let t = 0; t < nz; t++) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      st(wEigA, i * n + j, ld(wEigA, i * n + j) + load<f64>(zv + (<usize>(t * n + i) << 3)) * load<f64>(zv + (<usize>(t * n + j) << 3)));
    }
  }
  exCertified = false;
  if (dsyevj(n, wEigA, wEigW, wEigV, wEig, 60) < 0) return;
  let r = 0;
  for (let c = 0; c < n; c++) if (ld(wEigW, c) <= 1e-8) r++;
  // P: n × r, columns the eigenvectors of the r smallest eigenvalues (ascending order: the first r)
  for (let i = 0; i < n; i++) for (let c = 0; c < r; c++) st(wP, i * r + c, ld(wEigV, i * n + c));
  if (r == 0) { exTrMin = 0.0; exPinf = 0.0; exDinf = 0.0; exGap = 0.0; exCertified = true; return; }
  // the reduced constraints in packed form (upper triangle row by row, off-diagonal weights doubled), keeping the
  // independent ones (modified Gram–Schmidt in the Frobenius inner product on [a | y]), the dependent ones checked
  const pr = (r * (r + 1)) >> 1;
  let mk = 0;
  for (let q = 0; q < k; q++) {
    const j = load<i32>(wRows + (<usize>q << 2)), l = load<i32>(wCols + (<usize>q << 2));
    const a = wPk + (<usize>(mk * pr) << 3);
    let p = 0;
    for (let s = 0; s < r; s++) {
      for (let t = s; t < r; t++) {
        const m = j == l ? ld(wP, j * r + s) * ld(wP, j * r + t)
          : 0.5 * (ld(wP, j * r + s) * ld(wP, l * r + t) + ld(wP, l * r + s) * ld(wP, j * r + t));
        st(a, p, s == t ? m : 2.0 * m);
        p++;
      }
    }
    // orthogonalize a copy against the kept constraints' orthonormalized copies (in wQ), y along
    const g = wQ + (<usize>(mk * (pr + 1)) << 3);
    for (let i = 0; i < pr; i++) st(g, i, ld(a, i));
    st(g, pr, ld(wY, q));
    let big = 0.0;
    for (let i = 0; i < pr; i++) big = max<f64>(big, abs<f64>(ld(a, i)));
    for (let c = 0; c < mk; c++) {
      const h = wQ + (<usize>(c * (pr + 1)) << 3);
      const d = packedDot(r, g, h);
      for (let i = 0; i <= pr; i++) st(g, i, ld(g, i) - d * ld(h, i));
    }
    const nrm = sqrt<f64>(packedDot(r, g, g));
    if (nrm <= 1e-9 * max<f64>(big, 1.0)) {
      // dependent: its value must follow from the kept ones
      if (abs<f64>(ld(g, pr)) > 1e-8 * (1.0 + abs<f64>(ld(wY, q)))) return; // inconsistent: not certified
      continue;
    }
    for (let i = 0; i <= pr; i++) st(g, i, ld(g, i) / nrm);
    st(wYk, mk, ld(wY, q));
    mk++;
  }
  store<i32>(wOp, OP_DENSE); store<i32>(wOp, r, 4); store<i32>(wOp, mk, 8);
  store<i32>(wOp, <i32>wPk, 12); store<i32>(wOp, 0, 16);
  const rr = r * r;
  memory.fill(wC, 0, <usize>rr << 3);
  for (let i = 0; i < r; i++) st(wC, i * (r + 1), 1.0);
  memory.fill(wWs, 0, <usize>rr << 3);
  memory.fill(wS, 0, <usize>rr << 3);
  memory.fill(wNu, 0, <usize>mk << 3);
  const code = sdpADMM(wOp, wYk, wC, wWs, wNu, wS, 1.0, 0.25 * sdpTol, sdpMaxIter, 50, wSdpStats, wSdp);
  // X = P W Pᵀ, its residual on the original data
  let tr = 0.0;
  for (let i = 0; i < r; i++) tr += ld(wWs, i * (r + 1));
  let r2 = 0.0, y2 = 0.0;
  for (let q = 0; q < k; q++) {
    const j = load<i32>(wRows + (<usize>q << 2)), l = load<i32>(wCols + (<usize>q << 2));
    let x = 0.0;
    for (let s = 0; s < r; s++) for (let t = 0; t < r; t++) x += ld(wP, j * r + s) * ld(wWs, s * r + t) * ld(wP, l * r + t);
    const d = x - ld(wY, q);
    r2 += d * d;
    y2 += ld(wY, q) * ld(wY, q);
  }
  // the reduced dual slack I − Σ ν_q M_q, rebuilt from ν, and the reduced gap
  memory.fill(wEigA, 0, <usize>rr << 3);
  for (let i = 0; i < r; i++) st(wEigA, i * (r + 1), 1.0);
  let by = 0.0;
  for (let q = 0; q < mk; q++) {
    const a = wPk + (<usize>(q * pr) << 3), v = ld(wNu, q);
    by += v * ld(wYk, q);
    let p = 0;
    for (let s = 0; s < r; s++) {
      for (let t = s; t < r; t++) {
        const m = s == t ? ld(a, p) : 0.5 * ld(a, p);
        st(wEigA, s * r + t, ld(wEigA, s * r + t) - v * m);
        if (s != t) st(wEigA, t * r + s, ld(wEigA, t * r + s) - v * m);
        p++;
      }
    }
  }
  const sw = dsyevj(r, wEigA, wEigW, wEigV, wEig, 60);
  exTrMin = tr;
  exPinf = sqrt<f64>(r2) / (1.0 + sqrt<f64>(y2));
  exDinf = sw < 0 ? Infinity : max<f64>(0.0, -ld(wEigW, 0));
  exGap = abs<f64>(tr - by) / (1.0 + abs<f64>(tr));
  exCertified = code == SDP_OPTIMAL && exPinf <= sdpTol && exDinf <= sdpTol && exGap <= sdpTol;
}

// ⟨A, B⟩_F of two packed symmetric r×r (off-diagonal weights doubled): Σ diag + ½ Σ off-diagonal
function packedDot(r: i32, a: usize, b: usize): f64 {
  let s = 0.0, p = 0;
  for (let i = 0; i < r; i++) {
    for (let j = i; j < r; j++) {
      s += (i == j ? 1.0 : 0.5) * ld(a, p) * ld(b, p);
      p++;
    }
  }
  return s;
}

/**
 * Records for census ids [start, start + count) × alphas (instance-major, CENSUS_FIELDS doubles each) of order n.
 * layout: 4 doubles per k = 0 … nk − 1 (block offset, masks, V^k, first mask's index in `masks`); masks: i32 entry
 * indices; entries: 2 i32 per entry (row, column); values: nv doubles; alphas: nAlpha doubles; params: CENSUS_PARAMS
 * doubles (gtol, ltol, fitTol, qtol, stiff, tMax, rtol, atol, maxSteps, sdpTol, sdpMaxIter, seed); kmax: the largest
 * k of the layout's non-empty blocks (sizes the workspace: censusWorkSize(n, kmax) doubles at `work`).
 * Returns the number of instances done: count, or fewer when the host asked to stop (asked once per instance), or
 * −1 for an id outside every block.
 */
export function censusRun(
  n: i32, start: f64, count: i32, layout: usize, nk: i32, masks: usize, entries: usize, values: usize, nv: i32,
  alphas: usize, nAlpha: i32, params: usize, kmax: i32, out: usize, work: usize,
): i32 {
  carve(work, n, kmax);
  const gtol = ld(params, P_GTOL), ltol = ld(params, P_LTOL), fitTol = ld(params, P_FITTOL), qtol = ld(params, P_QTOL);
  const stiff = ld(params, P_STIFF) != 0.0, tMax = ld(params, P_TMAX), rtol = ld(params, P_RTOL), atol = ld(params, P_ATOL);
  const maxSteps = <i32>ld(params, P_MAXSTEPS), sdpTol = ld(params, P_SDPTOL), sdpMaxIter = <i32>ld(params, P_SDPMAXITER);
  const seed = <u32>ld(params, P_SEED), alphaBase = <i32>ld(params, P_ALPHA_BASE);
  chainStart = -1.0;
  chainWarm = false;
  for (let q = 0; q < count; q++) {
    muteTicks(false);
    if (q > 0 && tick(<f64>q, <f64>count)) return q; // the host asked to stop: q instances are done
    muteTicks(true); // an instance finishes whole: its SDP and flows do not stop on the host's tick
    const id = start + <f64>q;
    if (!decode(id, layout, nk)) { muteTicks(false); return -1; }
    const k = curK;
    // the warm-start chain: instances that differ only in the last observed value, in order; enter it at its start
    if (!(n == 3 && k == 4) && k > 0) {
      const d = lastDigit(nv);
      const first = id - <f64>d;
      if (first != chainStart) {
        chainStart = first;
        chainWarm = false;
        for (let p = 0; p < d; p++) {
          decode(first + <f64>p, layout, nk);
          observations(n, layout, masks, entries, values, nv);
          exact(n, sdpTol, sdpMaxIter);
        }
        decode(id, layout, nk);
      }
    }
    observations(n, layout, masks, entries, values, nv);
    exact(n, sdpTol, sdpMaxIter);
    let y2 = 0.0;
    for (let i = 0; i < k; i++) y2 += ld(wY, i) * ld(wY, i);
    const fitLoss = 0.25 * fitTol * fitTol * y2;
    const notRun = !exFeasible ? C_INFEASIBLE : !exAttained ? C_UNATTAINED : !exCertified ? C_UNCERTIFIED
      : exTrMin == 0.0 ? C_ZERO_TRACE : 0;
    for (let a = 0; a < nAlpha; a++) {
      const rec = out + (<usize>((q * nAlpha + a) * CENSUS_FIELDS) << 3);
      st(rec, 0, exFeasible ? 1.0 : 0.0);
      st(rec, 1, exBorderline ? 1.0 : 0.0);
      st(rec, 8, exLam); st(rec, 9, exPinf); st(rec, 10, exDinf); st(rec, 11, exGap);
      if (notRun != 0) {
        st(rec, 2, notRun == C_ZERO_TRACE || notRun == C_UNCERTIFIED ? exTrMin : 0.0);
        st(rec, 3, 0.0); st(rec, 4, 0.0); st(rec, 5, <f64>notRun); st(rec, 6, 0.0); st(rec, 7, 0.0);
        continue;
      }
      seededInitialU(seed, <u64>curLocal, alphaBase + a, ld(alphas, a), n * n, wU);
      let status = 0;
      if (n == 3 && k == 4) {
        flow3SetObservations(
          load<i32>(wRows), load<i32>(wCols), ld(wY, 0), load<i32>(wRows, 4), load<i32>(wCols, 4), ld(wY, 1),
          load<i32>(wRows, 8), load<i32>(wCols, 8), ld(wY, 2), load<i32>(wRows, 12), load<i32>(wCols, 12), ld(wY, 3),
        );
        const code = flow3(wU, tMax, rtol, atol, maxSteps, gtol, ltol, fitLoss, qtol, stiff, wStats, wFlow);
        status = flowStatus(code, flow3Grad(), gtol);
      } else if (n == 4) {
        flow4SetObservations(k, wRows, wCols, wY);
        const code = flow4(wU, tMax, rtol, atol, maxSteps, gtol, ltol, fitLoss, qtol, stiff, wStats, wFlow);
        status = flowStatus(code, flow4Grad(), gtol);
      } else {
        store<i32>(wOp, OP_ENTRY); store<i32>(wOp, n, 4); store<i32>(wOp, k, 8);
        store<i32>(wOp, <i32>wRows, 12); store<i32>(wOp, <i32>wCols, 16);
        const s = gradientFlow(wOp, wY, wU, n, tMax, rtol, atol, gtol, ltol, fitLoss, qtol, stiff ? 1 : 0, maxSteps, 0, 0, 0, wStats, wFlow, 0);
        status = s == S_CONVERGED ? 0 : s == S_TMAX ? 1 : s == S_MAX_ITER ? 2 : s == S_STATIONARY ? 4 : s == S_STEP_TOO_SMALL ? 5 : 3;
      }
      let trF = 0.0;
      for (let i = 0; i < n * n; i++) trF += ld(wU, i) * ld(wU, i);
      st(rec, 2, exTrMin);
      st(rec, 3, trF);
      st(rec, 4, (trF - exTrMin) / exTrMin);
      st(rec, 5, <f64>status);
      st(rec, 6, ld(wStats, 0));
      st(rec, 7, ld(wStats, 3));
    }
  }
  muteTicks(false);
  return count;
}

// the 3×3 grid's status of a flow run by the step control (assembly/grid/grid3.ts)
function flowStatus(code: i32, grad: f64, gtol: f64): i32 {
  return code == ODE_STOPPED ? 0 : code == ODE_DONE ? (grad <= gtol ? 4 : 1) : code == ODE_MAX_STEPS ? 2 : code == ODE_STEP_TOO_SMALL ? 5 : 3;
}

/** U0 (n² doubles, row-major) of census local id `local`, α index a: the 3×3 grid's generator (grid3InitialU). */
export function censusInitialU(seed: u32, local: f64, alphaIndex: i32, alpha: f64, n: i32, out: usize): void {
  seededInitialU(seed, <u64>local, alphaIndex, alpha, n * n, out);
}
