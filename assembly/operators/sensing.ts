// Measurement operators A(X)_i = ⟨A_i, X⟩ for symmetric n×n X, their adjoint A*(r) = Σ r_i A_i and Gram AA*,
// and the fused gradient of L(U) = ¼‖A(UUᵀ) − y‖²: ∇L(U) = A*(r)U with r = A(UUᵀ) − y (docs/model.md).
// An operator is a descriptor of OP_FIELDS i32 words in memory (written by the TypeScript side):
//   [0] kind  [1] n  [2] m  [3] ptr a  [4] ptr b
//   dense (packed): a = m × P doubles, P = n(n+1)/2, upper triangle row by row, off-diagonal weights doubled
//                   so that Σ_k a_ik xp_k = ⟨A_i, X⟩ for xp the plain upper triangle of X;
//   entry:          a = rows (m i32), b = cols (m i32), A_i = e_j e_jᵀ (j = k) or ½(e_j e_kᵀ + e_k e_jᵀ): ⟨A_i, X⟩ = X_jk;
//                   never materialized;
//   commuting:      a = V (n×n orthogonal), b = D (m×n): A_i = V diag(D_i) Vᵀ.

import { madd } from '../simd';
import { ddot, daxpy, dgemm, dsyrk, dsyrkUpper, dgemmWorkSize } from '../blas/blas';

export const OP_DENSE: i32 = 0;
export const OP_ENTRY: i32 = 1;
export const OP_COMMUTING: i32 = 2;
export const OP_FIELDS: i32 = 5;

// @ts-ignore: decorator
@inline export function opKind(op: usize): i32 { return load<i32>(op); }
// @ts-ignore: decorator
@inline export function opN(op: usize): i32 { return load<i32>(op, 4); }
// @ts-ignore: decorator
@inline export function opM(op: usize): i32 { return load<i32>(op, 8); }
// @ts-ignore: decorator
@inline export function opA(op: usize): usize { return <usize>load<i32>(op, 12); }
// @ts-ignore: decorator
@inline export function opB(op: usize): usize { return <usize>load<i32>(op, 16); }

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** Doubles of workspace the operator functions below need for an operator of order n and factor width d. */
export function sensingWorkSize(n: i32, d: i32): i32 {
  // X = UUᵀ and Z = A*(r) (n² each), then the operators' own scratch: a packed triangle (P) or, for commuting
  // operators, two n×n products; gemm packing last
  return 4 * n * n + (n * (n + 1)) / 2 + dgemmWorkSize() + 16;
}

// Pack the upper triangle of X (n×n) row by row into xp (P doubles).
function packUpper(n: i32, x: usize, xp: usize): void {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const len = n - i;
    memory.copy(xp + (<usize>k << 3), x + ((<usize>i * <usize>n + <usize>i) << 3), <usize>len << 3);
    k += len;
  }
}

// Unpack Σ r_i a_i (packed, doubled off-diagonal weights) into the full symmetric Z, halving the off-diagonal.
function unpackHalved(n: i32, zp: usize, z: usize): void {
  let k = 0;
  for (let i = 0; i < n; i++) {
    st(z, i * n + i, ld(zp, k));
    k++;
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * ld(zp, k);
      st(z, i * n + j, v);
      st(z, j * n + i, v);
      k++;
    }
  }
}

/** y := A(X) for symmetric X (n×n). `work` holds sensingWorkSize(n, 1) doubles. */
export function opApply(op: usize, x: usize, y: usize, work: usize): void {
  const kind = opKind(op), n = opN(op), m = opM(op);
  if (kind == OP_DENSE) {
    const P = (n * (n + 1)) >> 1;
    packUpper(n, x, work);
    const a = opA(op);
    for (let i = 0; i < m; i++) st(y, i, ddot(P, a + ((<usize>i * <usize>P) << 3), work));
  } else if (kind == OP_ENTRY) {
    const rows = opA(op), cols = opB(op);
    for (let i = 0; i < m; i++) {
      const j = load<i32>(rows + (<usize>i << 2));
      const k = load<i32>(cols + (<usize>i << 2));
      st(y, i, ld(x, j * n + k));
    }
  } else {
    // commuting: y_i = Σ_k D_ik (VᵀXV)_kk
    const v = opA(op), dm = opB(op);
    const t = work, g = work + ((<usize>(n * n)) << 3), gw = g + ((<usize>(n * n)) << 3);
    dgemm(0, 0, n, n, n, 1.0, x, n, v, n, 0.0, t, n, gw); // T = XV
    // diag(VᵀT)_k = Σ_l V_lk T_lk
    for (let kk = 0; kk < n; kk++) {
      let s = 0.0;
      for (let l = 0; l < n; l++) s += ld(v, l * n + kk) * ld(t, l * n + kk);
      st(g, kk, s);
    }
    for (let i = 0; i < m; i++) st(y, i, ddot(n, dm + ((<usize>i * <usize>n) << 3), g));
  }
}

/** Z := A*(r) = Σ r_i A_i (n×n, full symmetric storage). `work` holds sensingWorkSize(n, 1) doubles. */
export function opAdjoint(op: usize, r: usize, z: usize, work: usize): void {
  const kind = opKind(op), n = opN(op), m = opM(op);
  const nn = <usize>(n * n);
  if (kind == OP_DENSE) {
    const P = (n * (n + 1)) >> 1;
    memory.fill(work, 0, <usize>P << 3);
    const a = opA(op);
    for (let i = 0; i < m; i++) daxpy(P, ld(r, i), a + ((<usize>i * <usize>P) << 3), work);
    unpackHalved(n, work, z);
  } else if (kind == OP_ENTRY) {
    memory.fill(z, 0, nn << 3);
    const rows = opA(op), cols = opB(op);
    for (let i = 0; i < m; i++) {
      const j = load<i32>(rows + (<usize>i << 2));
      const k = load<i32>(cols + (<usize>i << 2));
      const ri = ld(r, i);
      if (j == k) st(z, j * n + j, ld(z, j * n + j) + ri);
      else {
        st(z, j * n + k, ld(z, j * n + k) + 0.5 * ri);
        st(z, k * n + j, ld(z, k * n + j) + 0.5 * ri);
      }
    }
  } else {
    // V diag(Dᵀr) Vᵀ
    const v = opA(op), dm = opB(op);
    const g = work, t = work + (<usize>n << 3), gw = t + (nn << 3);
    memory.fill(g, 0, <usize>n << 3);
    for (let i = 0; i < m; i++) daxpy(n, ld(r, i), dm + ((<usize>i * <usize>n) << 3), g);
    for (let i = 0; i < n; i++) for (let kk = 0; kk < n; kk++) st(t, i * n + kk, ld(v, i * n + kk) * ld(g, kk));
    dgemm(0, 1, n, n, n, 1.0, t, n, v, n, 0.0, z, n, gw);
    // the two triangles of a gemm product round differently: mirror the upper one so Z is exactly symmetric
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) st(z, j * n + i, ld(z, i * n + j));
  }
}

/** G := AA* (m×m), G_ij = ⟨A_i, A_j⟩. `work` holds sensingWorkSize(n, 1) doubles. */
export function opGram(op: usize, g: usize, work: usize): void {
  const kind = opKind(op), n = opN(op), m = opM(op);
  if (kind == OP_DENSE) {
    // ⟨A_i, A_j⟩ = Σ_diag a_i a_j + Σ_offdiag (2a_i)(2a_j)/2: undo the doubling in one copy
    const P = (n * (n + 1)) >> 1;
    const a = opA(op);
    const wv = work;
    let k = 0;
    for (let i = 0; i < n; i++) {
      st(wv, k++, 1.0);
      for (let j = i + 1; j < n; j++) st(wv, k++, 0.5);
    }
    const tmp = work + (<usize>P << 3);
    for (let i = 0; i < m; i++) {
      const ai = a + ((<usize>i * <usize>P) << 3);
      for (let q = 0; q < P; q++) st(tmp, q, ld(ai, q) * ld(wv, q));
      for (let j = 0; j <= i; j++) {
        const s = ddot(P, tmp, a + ((<usize>j * <usize>P) << 3));
        st(g, i * m + j, s);
        st(g, j * m + i, s);
      }
    }
  } else if (kind == OP_ENTRY) {
    // distinct entries are orthogonal: ‖A_i‖² = 1 (diagonal) or ½ (off-diagonal); equal entries give the same value
    const rows = opA(op), cols = opB(op);
    for (let i = 0; i < m; i++) {
      const ji = load<i32>(rows + (<usize>i << 2));
      const ki = load<i32>(cols + (<usize>i << 2));
      for (let j = 0; j < m; j++) {
        const jj = load<i32>(rows + (<usize>j << 2));
        const kj = load<i32>(cols + (<usize>j << 2));
        const same = (ji == jj && ki == kj) || (ji == kj && ki == jj);
        st(g, i * m + j, same ? (ji == ki ? 1.0 : 0.5) : 0.0);
      }
    }
  } else {
    const dm = opB(op);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j <= i; j++) {
        const s = ddot(n, dm + ((<usize>i * <usize>n) << 3), dm + ((<usize>j * <usize>n) << 3));
        st(g, i * m + j, s);
        st(g, j * m + i, s);
      }
    }
  }
}

/**
 * r := A(UUᵀ) − y and G := A*(r)U for U n×d (row-major); returns L = ¼‖r‖².
 * Entry operators never form UUᵀ: r_i = u_j·u_k − y_i and G accumulates rows, O(m·d).
 * `work` holds sensingWorkSize(n, d) doubles.
 */
export function gradFactored(op: usize, y: usize, u: usize, d: i32, r: usize, g: usize, work: usize): f64 {
  const kind = opKind(op), n = opN(op), m = opM(op);
  const db = <usize>d << 3;
  let s = 0.0;
  if (kind == OP_ENTRY) {
    // rows of U are short (d ≤ n, often 3): plain inline loops, no calls — this is the 3×3 grid's hot path
    const rows = opA(op), cols = opB(op);
    for (let i = 0; i < m; i++) {
      const uj = u + <usize>load<i32>(rows + (<usize>i << 2)) * db;
      const uk = u + <usize>load<i32>(cols + (<usize>i << 2)) * db;
      let dot = 0.0;
      for (let q = 0; q < d; q++) dot += ld(uj, q) * ld(uk, q);
      const ri = dot - ld(y, i);
      st(r, i, ri);
      s += ri * ri;
    }
    memory.fill(g, 0, <usize>(n * d) << 3);
    for (let i = 0; i < m; i++) {
      const j = load<i32>(rows + (<usize>i << 2));
      const k = load<i32>(cols + (<usize>i << 2));
      const uj = u + <usize>j * db, uk = u + <usize>k * db;
      const gj = g + <usize>j * db, gk = g + <usize>k * db;
      const ri = ld(r, i);
      if (j == k) {
        for (let q = 0; q < d; q++) st(gj, q, ld(gj, q) + ri * ld(uj, q));
      } else {
        const h = 0.5 * ri;
        for (let q = 0; q < d; q++) {
          st(gj, q, ld(gj, q) + h * ld(uk, q));
          st(gk, q, ld(gk, q) + h * ld(uj, q));
        }
      }
    }
    return 0.25 * s;
  }
  const nn = <usize>(n * n);
  const x = work;
  const z = x + (nn << 3);
  const inner = z + (nn << 3);
  if (kind == OP_DENSE) {
    dsyrkUpper(n, d, 1.0, u, d, x, n, inner + (nn << 3)); // the packed pass reads X's upper triangle only
    // one pass over the packed A (m·P doubles, larger than L2 at n = 50, m = 300): r_i = ⟨a_i, x⟩ − y_i, then
    // Z_p += r_i a_i while the rows are still in cache — half the memory traffic of apply followed by adjoint
    const P = (n * (n + 1)) >> 1;
    const xp = inner;
    const zp = inner + (<usize>(P + (P & 1)) << 3);
    packUpper(n, x, xp);
    memory.fill(zp, 0, <usize>P << 3);
    const a = opA(op);
    const rowb = <usize>P << 3;
    let i = 0;
    // four rows per pass: each load of x serves four dot products and each load/store of Z four updates
    for (; i + 4 <= m; i += 4) {
      const a0 = a + <usize>i * rowb, a1 = a0 + rowb, a2 = a1 + rowb, a3 = a2 + rowb;
      let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0), s2 = f64x2.splat(0.0), s3 = f64x2.splat(0.0);
      let t0 = f64x2.splat(0.0), t1 = f64x2.splat(0.0), t2 = f64x2.splat(0.0), t3 = f64x2.splat(0.0);
      let k = 0;
      // unrolled by two f64x2 (V8 checks for interrupts once per loop iteration). The portable build adds in the same
      // order as one accumulator per row; the FMA build gives the second half its own accumulators (t), so that eight
      // chains rather than four hide the fused operation's latency
      for (; k + 4 <= P; k += 4) {
        const o = <usize>k << 3;
        const xv = v128.load(xp + o), xw = v128.load(xp + o, 16);
        s0 = madd(v128.load(a0 + o), xv, s0);
        s1 = madd(v128.load(a1 + o), xv, s1);
        s2 = madd(v128.load(a2 + o), xv, s2);
        s3 = madd(v128.load(a3 + o), xv, s3);
        if (ASC_FEATURE_RELAXED_SIMD) {
          t0 = madd(v128.load(a0 + o, 16), xw, t0);
          t1 = madd(v128.load(a1 + o, 16), xw, t1);
          t2 = madd(v128.load(a2 + o, 16), xw, t2);
          t3 = madd(v128.load(a3 + o, 16), xw, t3);
        } else {
          s0 = madd(v128.load(a0 + o, 16), xw, s0);
          s1 = madd(v128.load(a1 + o, 16), xw, s1);
          s2 = madd(v128.load(a2 + o, 16), xw, s2);
          s3 = madd(v128.load(a3 + o, 16), xw, s3);
        }
      }
      if (ASC_FEATURE_RELAXED_SIMD) {
        s0 = f64x2.add(s0, t0); s1 = f64x2.add(s1, t1); s2 = f64x2.add(s2, t2); s3 = f64x2.add(s3, t3);
      }
      for (; k + 2 <= P; k += 2) {
        const o = <usize>k << 3;
        const xv = v128.load(xp + o);
        s0 = madd(v128.load(a0 + o), xv, s0);
        s1 = madd(v128.load(a1 + o), xv, s1);
        s2 = madd(v128.load(a2 + o), xv, s2);
        s3 = madd(v128.load(a3 + o), xv, s3);
      }
      let d0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
      let d1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
      let d2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
      let d3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
      if (k < P) {
        // scalar clean-up for odd P
        const xk = ld(xp, k);
        d0 += ld(a0, k) * xk; d1 += ld(a1, k) * xk; d2 += ld(a2, k) * xk; d3 += ld(a3, k) * xk;
      }
      const r0 = d0 - ld(y, i), r1 = d1 - ld(y, i + 1), r2 = d2 - ld(y, i + 2), r3 = d3 - ld(y, i + 3);
      st(r, i, r0); st(r, i + 1, r1); st(r, i + 2, r2); st(r, i + 3, r3);
      s += r0 * r0 + r1 * r1 + r2 * r2 + r3 * r3;
      const v0 = f64x2.splat(r0), v1 = f64x2.splat(r1), v2 = f64x2.splat(r2), v3 = f64x2.splat(r3);
      k = 0;
      for (; k + 4 <= P; k += 4) {
        const o = <usize>k << 3;
        let zv = v128.load(zp + o);
        let zw = v128.load(zp + o, 16);
        zv = f64x2.add(zv, madd(v1, v128.load(a1 + o), f64x2.mul(v0, v128.load(a0 + o))));
        zw = f64x2.add(zw, madd(v1, v128.load(a1 + o, 16), f64x2.mul(v0, v128.load(a0 + o, 16))));
        zv = f64x2.add(zv, madd(v3, v128.load(a3 + o), f64x2.mul(v2, v128.load(a2 + o))));
        zw = f64x2.add(zw, madd(v3, v128.load(a3 + o, 16), f64x2.mul(v2, v128.load(a2 + o, 16))));
        v128.store(zp + o, zv);
        v128.store(zp + o, zw, 16);
      }
      for (; k + 2 <= P; k += 2) {
        const o = <usize>k << 3;
        let zv = v128.load(zp + o);
        zv = f64x2.add(zv, madd(v1, v128.load(a1 + o), f64x2.mul(v0, v128.load(a0 + o))));
        zv = f64x2.add(zv, madd(v3, v128.load(a3 + o), f64x2.mul(v2, v128.load(a2 + o))));
        v128.store(zp + o, zv);
      }
      if (k < P) st(zp, k, ld(zp, k) + (r0 * ld(a0, k) + r1 * ld(a1, k)) + (r2 * ld(a2, k) + r3 * ld(a3, k)));
    }
    for (; i < m; i++) {
      const ai = a + <usize>i * rowb;
      const ri = ddot(P, ai, xp) - ld(y, i);
      st(r, i, ri);
      s += ri * ri;
      daxpy(P, ri, ai, zp);
    }
    unpackHalved(n, zp, z);
  } else {
    dsyrk(0, n, d, 1.0, u, d, 0.0, x, n, inner + (nn << 3));
    opApply(op, x, r, inner);
    for (let i = 0; i < m; i++) {
      const ri = ld(r, i) - ld(y, i);
      st(r, i, ri);
      s += ri * ri;
    }
    opAdjoint(op, r, z, inner);
  }
  dgemm(0, 0, n, d, n, 1.0, z, n, u, d, 0.0, g, d, inner + (nn << 3));
  return 0.25 * s;
}

// ‖∇L‖_F and tr UUᵀ = ‖U‖_F² from the last iterateState call
export let stateGradNorm: f64 = 0.0;
export let stateTrace: f64 = 0.0;

/**
 * The iterative solvers' per-iterate bookkeeping: L(U) returned, ∇L(U) in g, and ‖∇L‖_F, tr UUᵀ in stateGradNorm,
 * stateTrace. With `last` ≠ 0, U is first reset to the previous iterate at `last` (nd doubles): the way a diverged
 * run hands back its last finite iterate.
 */
export function iterateState(op: usize, y: usize, u: usize, d: i32, r: usize, g: usize, work: usize, last: usize): f64 {
  const nd = opN(op) * d;
  if (last != 0) memory.copy(u, last, <usize>nd << 3);
  const loss = gradFactored(op, y, u, d, r, g, work);
  stateGradNorm = sqrt<f64>(ddot(nd, g, g));
  stateTrace = ddot(nd, u, u);
  return loss;
}

/**
 * For the exact line search along −G: b := A(UGᵀ + GUᵀ) and c := A(GGᵀ), so that
 * A((U − tG)(U − tG)ᵀ) − y = r − t·b + t²·c. `work` holds sensingWorkSize(n, d) doubles.
 */
export function lineCoefficients(op: usize, u: usize, gr: usize, d: i32, b: usize, c: usize, work: usize): void {
  const kind = opKind(op), n = opN(op), m = opM(op);
  const db = <usize>d << 3;
  if (kind == OP_ENTRY) {
    const rows = opA(op), cols = opB(op);
    for (let i = 0; i < m; i++) {
      const uj = u + <usize>load<i32>(rows + (<usize>i << 2)) * db;
      const uk = u + <usize>load<i32>(cols + (<usize>i << 2)) * db;
      const gj = gr + <usize>load<i32>(rows + (<usize>i << 2)) * db;
      const gk = gr + <usize>load<i32>(cols + (<usize>i << 2)) * db;
      st(b, i, ddot(d, uj, gk) + ddot(d, gj, uk));
      st(c, i, ddot(d, gj, gk));
    }
    return;
  }
  const nn = <usize>(n * n);
  const x = work;
  const inner = x + (nn << 3) * 2;
  const gw = inner + (nn << 3);
  // UGᵀ into x, then symmetrize in place: x := x + xᵀ
  dgemm(0, 1, n, n, d, 1.0, u, d, gr, d, 0.0, x, n, gw);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = ld(x, i * n + j) + ld(x, j * n + i);
      st(x, i * n + j, v);
      st(x, j * n + i, v);
    }
  }
  opApply(op, x, b, inner);
  dsyrk(0, n, d, 1.0, gr, d, 0.0, x, n, gw);
  opApply(op, x, c, inner);
}

// ---- exported wrappers for the TypeScript layer (operator-level tests and the typed API) ----

/** y := A(X). */
export function sensingApply(op: usize, x: usize, y: usize, work: usize): void { opApply(op, x, y, work); }
/** Z := A*(r). */
export function sensingAdjoint(op: usize, r: usize, z: usize, work: usize): void { opAdjoint(op, r, z, work); }
/** G := AA*. */
export function sensingGram(op: usize, g: usize, work: usize): void { opGram(op, g, work); }
/** r := A(UUᵀ) − y, G := A*(r)U; returns ¼‖r‖². */
export function sensingGrad(op: usize, y: usize, u: usize, d: i32, r: usize, g: usize, work: usize): f64 {
  return gradFactored(op, y, u, d, r, g, work);
}
