// Dense level-1/2/3 kernels on row-major f64 storage, BLAS names and argument order.
// SIMD: f64x2 in every hot loop, with a scalar clean-up loop for an odd remainder.
// Accuracy: plain IEEE sums in a fixed order (exact to rounding; no compensated summation).
import { madd } from '../simd';

/** dot := Σ x_i y_i over n contiguous entries. */
export function ddot(n: i32, x: usize, y: usize): f64 {
  let acc0 = f64x2.splat(0.0);
  let acc1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    acc0 = madd(v128.load(x + o), v128.load(y + o), acc0);
    acc1 = madd(v128.load(x + o, 16), v128.load(y + o, 16), acc1);
  }
  acc0 = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
  // scalar clean-up for n mod 4
  for (; i < n; i++) {
    const o = <usize>i << 3;
    s += load<f64>(x + o) * load<f64>(y + o);
  }
  return s;
}

/** y := αx + y over n contiguous entries. */
export function daxpy(n: i32, alpha: f64, x: usize, y: usize): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, madd(a, v128.load(x + o), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

/** x := αx over n contiguous entries. */
export function dscal(n: i32, alpha: f64, x: usize): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(x + o, f64x2.mul(a, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(x + o, alpha * load<f64>(x + o));
  }
}

/**
 * y := α op(A) x + βy, A m×n row-major with leading dimension lda, op(A) = A (trans = 0) or Aᵀ.
 * β = 0 overwrites y (its old contents, even NaN, are not read).
 */
export function dgemv(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, beta: f64, y: usize): void {
  const ldb = <usize>lda << 3;
  if (trans == 0) {
    // y_i = α (row i · x) + β y_i: contiguous dot products
    for (let i = 0; i < m; i++) {
      const d = ddot(n, a + <usize>i * ldb, x);
      const yi = y + (<usize>i << 3);
      store<f64>(yi, beta == 0.0 ? alpha * d : alpha * d + beta * load<f64>(yi));
    }
  } else {
    // y := βy, then y += (α x_i) · row i: contiguous axpys
    if (beta == 0.0) {
      for (let j = 0; j < n; j++) store<f64>(y + (<usize>j << 3), 0.0);
    } else if (beta != 1.0) {
      dscal(n, beta, y);
    }
    for (let i = 0; i < m; i++) {
      daxpy(n, alpha * load<f64>(x + (<usize>i << 3)), a + <usize>i * ldb, y);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// GEMM: C := α op(A) op(B) + βC, Goto/BLIS structure.
// see: Goto & van de Geijn 2008, "Anatomy of high-performance matrix multiplication";
//      Van Zee & van de Geijn 2015 (BLIS), loops jc → pc → ic → jr → ir around a micro-kernel.
// Micro-kernel MR×NR = 4×4: 8 f64x2 accumulators + 2 B vectors + 1 broadcast (+ a temporary per product without FMA)
// fit in the 15 xmm registers V8 allocates; the FMA build uses 6×4 (MRB below).
// Packing makes the transposes free: op(A) and op(B) are read once into contiguous panels.

const MR: i32 = 4;
const NR: i32 = 4;
// the blocked path's tile height: with fused multiply-add an accumulator needs no temporary, so 6×4 (12 accumulators
// + 2 B vectors + 1 broadcast = 15 registers, V8 keeps one as scratch) fits and hides the FMA latency better: 23 against
// 19 GFLOP/s at n = 256. Without FMA each product needs a temporary; 5×4 then measured 12.5 against 4×4's 15.6
const MRB: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;
const KC: i32 = 256; // KC×NR panel of B (8 KiB) stays in L1 while the micro-kernel streams A
const MC: i32 = 96; // MC×KC block of A (192 KiB) stays in L2; a multiple of MRB
const NC: i32 = 2048; // KC×NC panel of B (4 MiB) in L3

/** Doubles of workspace `dgemm` and `dsyrk` need (packed A block + packed B panel). */
export function dgemmWorkSize(): i32 {
  return MC * KC + KC * NC;
}

// Pack op(A)[i0:i0+mc, p0:p0+kc] into MR-row strips: strip s holds kc columns of MR entries.
// Rows past mc are zero-padded so the micro-kernel never branches.
function packA(transa: i32, a: usize, lda: i32, i0: i32, p0: i32, mc: i32, kc: i32, ap: usize): void {
  for (let ir = 0; ir < mc; ir += MRB) {
    const mr = min(MRB, mc - ir);
    const strip = ap + (<usize>(ir * kc) << 3);
    for (let p = 0; p < kc; p++) {
      const dst = strip + (<usize>(p * MRB) << 3);
      for (let i = 0; i < MRB; i++) {
        let v = 0.0;
        if (i < mr) {
          const row = i0 + ir + i;
          const col = p0 + p;
          v = trans_load(transa, a, lda, row, col);
        }
        store<f64>(dst + (<usize>i << 3), v);
      }
    }
  }
}

// Pack op(B)[p0:p0+kc, j0:j0+nc] into NR-column strips: strip s holds kc rows of NR entries.
function packB(transb: i32, b: usize, ldb: i32, p0: i32, j0: i32, kc: i32, nc: i32, bp: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const strip = bp + (<usize>(jr * kc) << 3);
    if (transb == 0 && nr == NR) {
      // rows of B are contiguous: copy NR at a time
      for (let p = 0; p < kc; p++) {
        const src = b + ((<usize>(p0 + p) * <usize>ldb + <usize>(j0 + jr)) << 3);
        const dst = strip + (<usize>(p * NR) << 3);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const dst = strip + (<usize>(p * NR) << 3);
        for (let j = 0; j < NR; j++) {
          let v = 0.0;
          if (j < nr) v = trans_load(transb, b, ldb, p0 + p, j0 + jr + j);
          store<f64>(dst + (<usize>j << 3), v);
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function trans_load(trans: i32, a: usize, ld: i32, row: i32, col: i32): f64 {
  return trans == 0
    ? load<f64>(a + ((<usize>row * <usize>ld + <usize>col) << 3))
    : load<f64>(a + ((<usize>col * <usize>ld + <usize>row) << 3));
}

// C[0:mr, 0:nr] := α·(Ap·Bp) + β·C (β = 0: overwrite; beta1 = 1: accumulate), for a tile of `rows` = 4 or 6 rows (a
// constant at every call: the 6-row parts fold away from the 4-row tile). ap: kc×rows packed strip; bp: NR columns of
// B, row p at bp + p·bstride (a packed strip: bstride = 8·NR; the direct path: B's own rows). Inlined into both
// paths, so the tile loop exists once and costs no call per tile.
// @ts-ignore: decorator
@inline
function microKernel(rows: i32, kc: i32, ap: usize, bp: usize, bstride: usize, alpha: f64, beta: f64, c: usize, ldc: i32, mr: i32, nr: i32): void {
  let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0);
  let c10 = f64x2.splat(0.0), c11 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0), c21 = f64x2.splat(0.0);
  let c30 = f64x2.splat(0.0), c31 = f64x2.splat(0.0);
  let c40 = f64x2.splat(0.0), c41 = f64x2.splat(0.0);
  let c50 = f64x2.splat(0.0), c51 = f64x2.splat(0.0);
  let pa = ap;
  let pb = bp;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = v128.load64_splat(pa);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load64_splat(pa, 8);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load64_splat(pa, 16);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load64_splat(pa, 24);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    if (rows == 6) {
      av = v128.load64_splat(pa, 32);
      c40 = madd(av, b0, c40);
      c41 = madd(av, b1, c41);
      av = v128.load64_splat(pa, 40);
      c50 = madd(av, b0, c50);
      c51 = madd(av, b1, c51);
    }
    pa += <usize>(rows << 3);
    pb += bstride;
  }
  const al = f64x2.splat(alpha);
  const ldcb = <usize>ldc << 3;
  if (mr == rows && nr == NR) {
    storeRow(c, c00, c01, al, beta);
    storeRow(c + ldcb, c10, c11, al, beta);
    storeRow(c + 2 * ldcb, c20, c21, al, beta);
    storeRow(c + 3 * ldcb, c30, c31, al, beta);
    if (rows == 6) {
      storeRow(c + 4 * ldcb, c40, c41, al, beta);
      storeRow(c + 5 * ldcb, c50, c51, al, beta);
    }
    return;
  }
  // edge tile: the first mr rows, nr lanes each
  for (let i = 0; i < mr; i++) {
    let v0 = c00, v1 = c01;
    if (i == 1) { v0 = c10; v1 = c11; }
    else if (i == 2) { v0 = c20; v1 = c21; }
    else if (i == 3) { v0 = c30; v1 = c31; }
    else if (i == 4) { v0 = c40; v1 = c41; }
    else if (i == 5) { v0 = c50; v1 = c51; }
    storeEdgeRow(c + <usize>i * ldcb, v0, v1, nr, alpha, beta);
  }
}

// one row of an edge tile: its first nr of four lanes
// @ts-ignore: decorator
@inline
function storeEdgeRow(row: usize, v0: v128, v1: v128, nr: i32, alpha: f64, beta: f64): void {
  for (let j = 0; j < nr; j++) {
    let x: f64;
    if (j == 0) x = f64x2.extract_lane(v0, 0);
    else if (j == 1) x = f64x2.extract_lane(v0, 1);
    else if (j == 2) x = f64x2.extract_lane(v1, 0);
    else x = f64x2.extract_lane(v1, 1);
    const cp = row + (<usize>j << 3);
    store<f64>(cp, beta == 0.0 ? alpha * x : alpha * x + beta * load<f64>(cp));
  }
}

// @ts-ignore: decorator
@inline
function storeRow(c: usize, v0: v128, v1: v128, al: v128, beta: f64): void {
  let r0 = f64x2.mul(al, v0);
  let r1 = f64x2.mul(al, v1);
  if (beta != 0.0) {
    const be = f64x2.splat(beta);
    r0 = madd(be, v128.load(c), r0);
    r1 = madd(be, v128.load(c, 16), r1);
  }
  v128.store(c, r0);
  v128.store(c, r1, 16);
}

// Blocked product; lowerOnly = 1 computes only the tiles that touch the lower triangle (syrk).
function gemmBlocked(
  transa: i32, transb: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize, lowerOnly: bool,
): void {
  const ap = work;
  const bp = work + (<usize>(MC * KC) << 3);
  const ldcb = <usize>ldc << 3;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const bet = pc == 0 ? beta : 1.0; // first k-block applies β, later ones accumulate
      packB(transb, b, ldb, pc, jc, kc, nc, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        if (lowerOnly && ic + mc <= jc) continue; // whole block above the diagonal
        packA(transa, a, lda, ic, pc, mc, kc, ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const col = jc + jr;
          const bstrip = bp + (<usize>(jr * kc) << 3);
          for (let ir = 0; ir < mc; ir += MRB) {
            const row = ic + ir;
            if (lowerOnly && row + MRB <= col) continue; // tile strictly above the diagonal
            const mr = min(MRB, mc - ir);
            const cp = c + <usize>row * ldcb + (<usize>col << 3);
            microKernel(MRB, kc, ap + (<usize>(ir * kc) << 3), bstrip, <usize>(NR << 3), alpha, bet, cp, ldc, mr, nr);
          }
        }
      }
    }
  }
}

// Mid-size products without packing (op(A) = A, op(B) = B, k ≤ KC, B small enough to stay in L2): the same
// register tiles (microKernel), reading B's rows in place and each 4-row block of A from an interleaved copy
// (`strip`, 4k doubles, made once per block and used by every tile of it). Each entry is accumulated over
// p = 0, 1, …, k−1 from zero and then scaled, exactly as gemmBlocked does for k ≤ KC, so the two paths give the
// same bits; packing (two full copies of the operands) cost more than the flops at n ≈ 50.
// upper = true computes only the tiles that touch the upper triangle (j ≥ i), for syrk.
function gemmDirect(
  m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32,
  upper: bool, strip: usize,
): void {
  const ldab = <usize>lda << 3, ldbb = <usize>ldb << 3, ldcb = <usize>ldc << 3;
  const al = f64x2.splat(alpha);
  let i = 0;
  // the FMA build: 6-row blocks through the 6×4 tile (MRB), their last n mod 4 columns as the 4-row blocks' below
  if (MRB == 6) {
    for (; i + 6 <= m; i += 6) {
      const a0 = a + <usize>i * ldab;
      for (let p = 0; p < k; p++) {
        const o = <usize>p << 3, d = strip + <usize>p * 48;
        for (let r = 0; r < 6; r++) store<f64>(d + (<usize>r << 3), load<f64>(a0 + <usize>r * ldab + o));
      }
      const crow = c + <usize>i * ldcb;
      let j = upper ? i & ~(NR - 1) : 0;
      for (; j + NR <= n; j += NR) {
        microKernel(6, k, strip, b + (<usize>j << 3), ldbb, alpha, beta, crow + (<usize>j << 3), ldc, 6, NR);
      }
      if (j < n) {
        columnsFourRows(k, a0, ldab, b, ldbb, j, n, alpha, beta, crow, ldcb);
        columnsFourRows(k, a0 + 4 * ldab, ldab, b, ldbb, j, n, alpha, beta, crow + 4 * ldcb, ldcb, 2);
      }
    }
  }
  for (; i + MR <= m; i += MR) {
    const a0 = a + <usize>i * ldab, a1 = a0 + ldab, a2 = a1 + ldab, a3 = a2 + ldab;
    // the four rows interleaved (strip[4p + r] = A[i + r, p]): one pointer and four offsets in the inner loop
    for (let p = 0; p < k; p++) {
      const o = <usize>p << 3, d = strip + (<usize>p << 5);
      store<f64>(d, load<f64>(a0 + o)); store<f64>(d, load<f64>(a1 + o), 8);
      store<f64>(d, load<f64>(a2 + o), 16); store<f64>(d, load<f64>(a3 + o), 24);
    }
    const crow = c + <usize>i * ldcb;
    let j = upper ? i & ~(NR - 1) : 0;
    for (; j + NR <= n; j += NR) {
      microKernel(MR, k, strip, b + (<usize>j << 3), ldbb, alpha, beta, crow + (<usize>j << 3), ldc, MR, NR);
    }
    if (j < n) columnsFourRows(k, a0, ldab, b, ldbb, j, n, alpha, beta, crow, ldcb);
  }
  // remaining rows one at a time
  for (; i < m; i++) {
    const a0 = a + <usize>i * ldab;
    const crow = c + <usize>i * ldcb;
    let j = upper ? i & ~(NR - 1) : 0;
    for (; j + NR <= n; j += NR) {
      let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0);
      let pb = b + (<usize>j << 3);
      for (let p = 0; p < k; p++) {
        const av = v128.load64_splat(a0 + (<usize>p << 3));
        c00 = madd(av, v128.load(pb), c00);
        c01 = madd(av, v128.load(pb, 16), c01);
        pb += ldbb;
      }
      storeRow(crow + (<usize>j << 3), c00, c01, al, beta);
    }
    for (; j < n; j++) {
      let s0 = 0.0;
      let pb = b + (<usize>j << 3);
      for (let p = 0; p < k; p++) {
        s0 += load<f64>(a0 + (<usize>p << 3)) * load<f64>(pb);
        pb += ldbb;
      }
      storeScalar(crow + (<usize>j << 3), s0, alpha, beta);
    }
  }
}

// Columns j0 … n−1 of rows a0 … (`rows` ≤ 4 of them, `ldab` bytes apart), one column at a time: the direct path's last
// n mod 4 columns.
function columnsFourRows(k: i32, a0: usize, ldab: usize, b: usize, ldbb: usize, j0: i32, n: i32, alpha: f64, beta: f64, crow: usize, ldcb: usize, rows: i32 = 4): void {
  const a1 = a0 + ldab, a2 = a1 + ldab, a3 = a2 + ldab;
  for (let j = j0; j < n; j++) {
    let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    let pb = b + (<usize>j << 3);
    if (rows == 4) {
      for (let p = 0; p < k; p++) {
        const o = <usize>p << 3;
        const bv = load<f64>(pb);
        s0 += load<f64>(a0 + o) * bv;
        s1 += load<f64>(a1 + o) * bv;
        s2 += load<f64>(a2 + o) * bv;
        s3 += load<f64>(a3 + o) * bv;
        pb += ldbb;
      }
    } else {
      for (let p = 0; p < k; p++) {
        const o = <usize>p << 3;
        const bv = load<f64>(pb);
        s0 += load<f64>(a0 + o) * bv;
        s1 += load<f64>(a1 + o) * bv;
        pb += ldbb;
      }
    }
    const cp = crow + (<usize>j << 3);
    storeScalar(cp, s0, alpha, beta);
    storeScalar(cp + ldcb, s1, alpha, beta);
    if (rows == 4) {
      storeScalar(cp + 2 * ldcb, s2, alpha, beta);
      storeScalar(cp + 3 * ldcb, s3, alpha, beta);
    }
  }
}

// @ts-ignore: decorator
@inline
function storeScalar(cp: usize, x: f64, alpha: f64, beta: f64): void {
  store<f64>(cp, beta == 0.0 ? alpha * x : alpha * x + beta * load<f64>(cp));
}

// the direct path's limits: one k-block (so the bits equal gemmBlocked's) and B within L2
// @ts-ignore: decorator
@inline
function directFits(n: i32, k: i32): bool {
  return k <= KC && <i64>k * <i64>n <= 32768;
}

// Small products (no packing): C row i := α Σ_p op(A)_ip · op(B) row p + βC, SIMD along rows of B.
// Used for small products with a transposed operand (the direct path covers op(A) = A, op(B) = B).
function gemmSmall(
  transa: i32, transb: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32,
): void {
  const ldcb = <usize>ldc << 3;
  for (let i = 0; i < m; i++) {
    const crow = c + <usize>i * ldcb;
    if (beta == 0.0) {
      for (let j = 0; j < n; j++) store<f64>(crow + (<usize>j << 3), 0.0);
    } else if (beta != 1.0) {
      dscal(n, beta, crow);
    }
    if (transb == 0) {
      for (let p = 0; p < k; p++) {
        const aip = alpha * trans_load(transa, a, lda, i, p);
        daxpy(n, aip, b + ((<usize>p * <usize>ldb) << 3), crow);
      }
    } else {
      // op(B) = Bᵀ: C_ij += α Σ_p A_ip B_jp, contiguous in p when op(A) = A
      for (let j = 0; j < n; j++) {
        let s = 0.0;
        if (transa == 0) {
          s = ddot(k, a + ((<usize>i * <usize>lda) << 3), b + ((<usize>j * <usize>ldb) << 3));
        } else {
          for (let p = 0; p < k; p++) s += trans_load(transa, a, lda, i, p) * load<f64>(b + ((<usize>j * <usize>ldb + <usize>p) << 3));
        }
        const cp = crow + (<usize>j << 3);
        store<f64>(cp, load<f64>(cp) + alpha * s);
      }
    }
  }
}

/**
 * Index of the first non-finite of the n doubles at x, or −1. x·0 is ±0 exactly when x is finite, so blocks of 64 are
 * summed that way on two lanes and only a block whose sum is not 0 is searched.
 */
export function firstNonFinite(n: i32, x: usize): i32 {
  const zero = f64x2.splat(0.0);
  for (let b = 0; b < n; b += 64) {
    const len = min(64, n - b);
    const base = x + (<usize>b << 3);
    let acc0 = zero, acc1 = zero;
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      const o = base + (<usize>i << 3);
      acc0 = f64x2.add(acc0, f64x2.mul(v128.load(o), zero));
      acc1 = f64x2.add(acc1, f64x2.mul(v128.load(o, 16), zero));
    }
    let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
    for (; i < len; i++) s += load<f64>(base + (<usize>i << 3)) * 0.0;
    if (s != 0.0) {
      for (let j = 0; j < len; j++) {
        const v = load<f64>(base + (<usize>j << 3));
        if (v - v != 0.0) return b + j;
      }
    }
  }
  return -1;
}

/**
 * C := α op(A) op(B) + βC; op(A) m×k, op(B) k×n, all row-major; trans flags 0 (as is) or 1 (transposed).
 * β = 0 overwrites C. `work` holds dgemmWorkSize() doubles (16-byte aligned).
 * see: Goto & van de Geijn 2008; BLIS reference gemm for the β = 0 contract.
 */
export function dgemm(
  transa: i32, transb: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0.0) {
    for (let i = 0; i < m; i++) {
      const crow = c + ((<usize>i * <usize>ldc) << 3);
      if (beta == 0.0) for (let j = 0; j < n; j++) store<f64>(crow + (<usize>j << 3), 0.0);
      else dscal(n, beta, crow);
    }
    return;
  }
  if (transa == 0 && transb == 0 && directFits(n, k)) {
    gemmDirect(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, false, work);
  } else if (<i64>m * <i64>n * <i64>k <= 4096) {
    gemmSmall(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  } else {
    gemmBlocked(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, false);
  }
}

/**
 * C := α A Aᵀ + βC for A n×k (trans = 0) or C := α AᵀA + βC for A k×n (trans = 1); C n×n symmetric, full storage.
 * Only the lower-triangle tiles are computed, then mirrored (about half of gemm's flops).
 */
export function dsyrk(trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  if (n <= 0) return;
  const ldcb = <usize>ldc << 3;
  if (k <= 0 || alpha == 0.0) {
    dgemm(trans, 1 - trans, n, n, k, alpha, a, lda, a, lda, beta, c, ldc, work);
    return;
  }
  if (directFits(n, k)) {
    // the upper tiles by gemmDirect on the operand and its transpose (copied to work: k·n doubles), then mirrored;
    // C_ij = Σ_p A_ip A_jp in the same order as gemmBlocked's C_ji, so the bits are the same
    if (trans == 0) {
      transposeInto(n, k, a, lda, work); // work = Aᵀ, k×n
      gemmDirect(n, n, k, alpha, a, lda, work, n, beta, c, ldc, true, work + (<usize>(k * n) << 3));
    } else {
      transposeInto(k, n, a, lda, work); // work = Aᵀ, n×k
      gemmDirect(n, n, k, alpha, work, k, a, lda, beta, c, ldc, true, work + (<usize>(k * n) << 3));
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        store<f64>(c + <usize>j * ldcb + (<usize>i << 3), load<f64>(c + <usize>i * ldcb + (<usize>j << 3)));
      }
    }
    return;
  }
  gemmBlocked(trans, 1 - trans, n, n, k, alpha, a, lda, a, lda, beta, c, ldc, work, true);
  // mirror the lower triangle into the upper (tiles straddling the diagonal computed both, equal)
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      store<f64>(c + <usize>i * ldcb + (<usize>j << 3), load<f64>(c + <usize>j * ldcb + (<usize>i << 3)));
    }
  }
}

/**
 * The upper triangle (j ≥ i) of C := α A Aᵀ for A n×k; entries below the diagonal are left as they were, for
 * callers that read only the upper triangle (the packed operators). Same bits as dsyrk's upper triangle.
 */
export function dsyrkUpper(n: i32, k: i32, alpha: f64, a: usize, lda: i32, c: usize, ldc: i32, work: usize): void {
  if (n <= 0) return;
  if (k > 0 && alpha != 0.0 && directFits(n, k)) {
    transposeInto(n, k, a, lda, work);
    gemmDirect(n, n, k, alpha, a, lda, work, n, 0.0, c, ldc, true, work + (<usize>(k * n) << 3));
  } else {
    dsyrk(0, n, k, alpha, a, lda, 0.0, c, ldc, work);
  }
}

// t := Aᵀ for A rows×cols (leading dimension lda); t is cols×rows, contiguous
function transposeInto(rows: i32, cols: i32, a: usize, lda: i32, t: usize): void {
  const ldab = <usize>lda << 3, rb = <usize>rows << 3;
  for (let i = 0; i < rows; i++) {
    const src = a + <usize>i * ldab;
    let dst = t + (<usize>i << 3);
    for (let j = 0; j < cols; j++) {
      store<f64>(dst, load<f64>(src + (<usize>j << 3)));
      dst += rb;
    }
  }
}
