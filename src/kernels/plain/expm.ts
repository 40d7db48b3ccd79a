// Plain-TypeScript twin of assembly/expm.ts dexpm: scaling and squaring with diagonal Padé approximants.
// see: Higham 2005, "The scaling and squaring method for the matrix exponential revisited",
//      SIAM J. Matrix Anal. Appl. 26(4), Alg. 2.3 (degrees 3/5/7/9/13, θ_m from Table 2.3).
// r_m(A) = (V − U)⁻¹(V + U) with U the odd and V the even part of the Padé numerator p_m(A) = Σ b_j A^j;
// the solve is LU with partial pivoting (Golub & Van Loan 2013, Alg. 3.4.1).
import { ImplicitRegError } from '../../core/errors.js';
import { allocF64 } from '../../core/f64pool.js';
import type { Matrix } from '../../core/matrix.js';
import { checkFinite, checkSquare } from '../../core/validate.js';
import { gemmInto } from './blas.js';

// θ_m: the largest ‖A‖₁ for which the backward error of r_m is below 2^-53 (Higham 2005, Table 2.3).
const THETA3 = 1.495585217958292e-2;
const THETA5 = 2.53939833006323e-1;
const THETA7 = 9.504178996162932e-1;
const THETA9 = 2.097847961257068;
const THETA13 = 5.371920351148152;

// Padé coefficients b_j = (2m − j)! m! / ((2m)! j! (m − j)!), scaled to integers (exact in double).
const B3 = [120, 60, 12, 1];
const B5 = [30240, 15120, 3360, 420, 30, 1];
const B7 = [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1];
const B9 = [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1];
const B13 = [
  64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
  670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
];

/**
 * exp(A) by scaling and squaring with Padé degree 3/5/7/9/13 (Higham 2005, Alg. 2.3), in plain TypeScript
 * (the twin of `Kernels.expm` without wasm). Backward error ≤ 2^-53 in exact arithmetic; forward error ≈ cond_exp(A)·ε.
 * Throws ImplicitRegError 'overflow' when exp(A) is not representable and 'singular' for a singular Padé denominator.
 * @example expmPlain(matrix(2, 2, [0, 1, -1, 0])) // [[cos 1, sin 1], [−sin 1, cos 1]]
 */
export function expmPlain(a: Matrix): Matrix {
  const fn = 'expmPlain';
  checkSquare(fn, 'a', a);
  checkFinite(fn, 'a', a.data);
  const n = a.rows;
  const nn = n * n;
  const nrm = norm1(n, a.data);
  // eight n×n buffers carved from one array (each typed-array allocation above 64 bytes costs V8 an off-heap
  // buffer, which would dominate the 3×3 case; small ones come from the package's pool, see f64pool.ts)
  const work = allocF64(8 * nn);
  const A = work.subarray(0, nn);
  const A2 = work.subarray(nn, 2 * nn);
  const A4 = work.subarray(2 * nn, 3 * nn);
  const A6 = work.subarray(3 * nn, 4 * nn);
  const U = work.subarray(4 * nn, 5 * nn);
  const V = work.subarray(5 * nn, 6 * nn);
  let T = work.subarray(6 * nn, 7 * nn);
  let P = work.subarray(7 * nn, 8 * nn);
  A.set(a.data);
  let s = 0;
  if (nrm <= THETA9) {
    gemmInto(n, n, n, A, A, A2);
    if (nrm <= THETA3) {
      lincomb(n, T, [B3[3], A2], B3[1]);
      lincomb(n, V, [B3[2], A2], B3[0]);
    } else {
      gemmInto(n, n, n, A2, A2, A4);
      if (nrm <= THETA5) {
        lincomb(n, T, [B5[5], A4, B5[3], A2], B5[1]);
        lincomb(n, V, [B5[4], A4, B5[2], A2], B5[0]);
      } else {
        gemmInto(n, n, n, A2, A4, A6);
        if (nrm <= THETA7) {
          lincomb(n, T, [B7[7], A6, B7[5], A4, B7[3], A2], B7[1]);
          lincomb(n, V, [B7[6], A6, B7[4], A4, B7[2], A2], B7[0]);
        } else {
          const A8 = P; // P is free until the solve
          gemmInto(n, n, n, A4, A4, A8);
          lincomb(n, T, [B9[9], A8, B9[7], A6, B9[5], A4, B9[3], A2], B9[1]);
          lincomb(n, V, [B9[8], A8, B9[6], A6, B9[4], A4, B9[2], A2], B9[0]);
        }
      }
    }
    gemmInto(n, n, n, A, T, U); // U = A · (odd polynomial in A²)
  } else {
    // scale so that ‖A/2^s‖₁ ≤ θ13 (a power of two: the scaling is exact)
    s = Math.max(0, Math.ceil(Math.log2(nrm / THETA13)));
    const f = Math.pow(2, -s);
    for (let i = 0; i < nn; i++) A[i] *= f;
    gemmInto(n, n, n, A, A, A2);
    gemmInto(n, n, n, A2, A2, A4);
    gemmInto(n, n, n, A2, A4, A6);
    // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
    lincomb(n, T, [B13[13], A6, B13[11], A4, B13[9], A2], 0);
    gemmInto(n, n, n, A6, T, P);
    lincomb(n, T, [1, P, B13[7], A6, B13[5], A4, B13[3], A2], B13[1]);
    gemmInto(n, n, n, A, T, U);
    // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
    lincomb(n, T, [B13[12], A6, B13[10], A4, B13[8], A2], 0);
    gemmInto(n, n, n, A6, T, P);
    lincomb(n, V, [1, P, B13[6], A6, B13[4], A4, B13[2], A2], B13[0]);
  }
  // (V − U) X = (V + U)
  for (let i = 0; i < nn; i++) {
    T[i] = V[i] - U[i];
    P[i] = V[i] + U[i];
  }
  if (!luSolve(n, T, P)) throw new ImplicitRegError('singular', `${fn}: the Padé denominator is singular`);
  // undo the scaling: X ← X² s times
  for (let k = 0; k < s; k++) {
    gemmInto(n, n, n, P, P, T);
    const tmp = P;
    P = T;
    T = tmp;
  }
  for (let i = 0; i < nn; i++) {
    if (P[i] - P[i] !== 0) throw new ImplicitRegError('overflow', `${fn}: exp(A) overflows double precision`);
  }
  const out = allocF64(nn);
  out.set(P);
  return { rows: n, cols: n, data: out };
}

// ‖A‖₁: the largest column sum of |a_ij|.
function norm1(n: number, a: Float64Array): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]);
    if (s > best) best = s;
  }
  return best;
}

// z := Σ_j c_j X_j + cI·I, terms given as [c1, X1, c2, X2, …] (same summation order as the wasm kernel).
function lincomb(n: number, z: Float64Array, terms: (number | Float64Array)[], cI: number): void {
  const nn = n * n;
  const c1 = terms[0] as number;
  const x1 = terms[1] as Float64Array;
  for (let i = 0; i < nn; i++) z[i] = c1 * x1[i];
  for (let t = 2; t < terms.length; t += 2) {
    const c = terms[t] as number;
    const x = terms[t + 1] as Float64Array;
    for (let i = 0; i < nn; i++) z[i] += c * x[i];
  }
  if (cI !== 0) for (let d = 0; d < n; d++) z[d * (n + 1)] += cI;
}

// Solve M X = R in place (M overwritten by its LU factors, R by X), n right-hand sides, partial pivoting.
// Returns false if a pivot is exactly zero. see: Golub & Van Loan 2013, Alg. 3.4.1.
function luSolve(n: number, m: Float64Array, r: Float64Array): boolean {
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(m[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const x = Math.abs(m[i * n + k]);
      if (x > best) {
        best = x;
        piv = i;
      }
    }
    if (best === 0) return false;
    if (piv !== k) {
      swapRows(n, m, k, piv);
      swapRows(n, r, k, piv);
    }
    const rk = k * n;
    const inv = 1 / m[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const l = m[ri + k] * inv;
      if (l === 0) continue;
      m[ri + k] = l;
      for (let j = k + 1; j < n; j++) m[ri + j] -= l * m[rk + j];
      for (let j = 0; j < n; j++) r[ri + j] -= l * r[rk + j];
    }
  }
  // back substitution, all columns at once: X_i = (R_i − Σ_{j>i} U_ij X_j) / U_ii
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    for (let j = i + 1; j < n; j++) {
      const u = m[ri + j];
      const rj = j * n;
      for (let c = 0; c < n; c++) r[ri + c] -= u * r[rj + c];
    }
    const inv = 1 / m[ri + i];
    for (let c = 0; c < n; c++) r[ri + c] *= inv;
  }
  return true;
}

function swapRows(n: number, x: Float64Array, p: number, q: number): void {
  const rp = p * n;
  const rq = q * n;
  for (let j = 0; j < n; j++) {
    const t = x[rp + j];
    x[rp + j] = x[rq + j];
    x[rq + j] = t;
  }
}
