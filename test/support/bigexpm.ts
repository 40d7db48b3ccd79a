// High-precision reference for exp(A): mathjs BigNumber (decimal.js) at DIGITS significant digits, computed at test
// time from the EXACT binary value of every input double (x = m·2^e converted without rounding to decimal first:
// a shortest-decimal conversion would perturb ill-conditioned inputs by ~u, as much as the error under test).
// expmReference picks: diagonal → e^{a_ii}; 2×2 triangular → the closed form; strictly triangular (nilpotent) →
// the finite series Σ_{k<n} N^k/k!; otherwise X = 2^{-s}A with ‖X‖₁ ≤ 1/16, Taylor series to a relative term size
// below 10^{-DIGITS-2}, then s squarings, all in DIGITS-digit arithmetic. Each squaring at most doubles the relative error of a
// well-conditioned power, so 60 digits leave ≳ 40 correct digits for s ≤ 60 and condition numbers ≤ 1e17: far
// beyond double precision. Independent of the package (no Padé, no wasm). Cost ~3 µs per multiply-add: a few ms
// per 10×10 product.
import { all, create, type BigNumber } from 'mathjs';
import type { Matrix } from '../../src/core/matrix.js';

const DIGITS = 60;
const math = create(all, { number: 'BigNumber', precision: DIGITS });
type Big = BigNumber; // decimal.js, configured to DIGITS digits
const big = (x: number | string): Big => math.bignumber(x);
const ZERO = big(0);
const TWO = big(2);

/** The exact value of a double as a BigNumber (integers via BigInt, others as m / 2^k with m an integer). */
export function exactBig(x: number): Big {
  if (Number.isInteger(x)) return big(BigInt(x).toString());
  let k = 0;
  let y = x;
  while (!Number.isInteger(y)) {
    y *= 2; // exact: doubling a finite double below 2^1023 never rounds
    k++;
  }
  return big(BigInt(y).toString()).div(pow2(k));
}

function pow2(k: number): Big {
  return TWO.pow(k);
}

type BigMat = Big[];

function mulBig(n: number, a: BigMat, b: BigMat): BigMat {
  const c: BigMat = new Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = ZERO;
      for (let k = 0; k < n; k++) {
        const aik = a[i * n + k];
        if (aik.isZero()) continue;
        const bkj = b[k * n + j];
        if (bkj.isZero()) continue;
        s = s.plus(aik.times(bkj));
      }
      c[i * n + j] = s;
    }
  }
  return c;
}

function norm1Big(n: number, a: BigMat): Big {
  let best = ZERO;
  for (let j = 0; j < n; j++) {
    let s = ZERO;
    for (let i = 0; i < n; i++) s = s.plus(a[i * n + j].abs());
    if (s.cmp(best) > 0) best = s;
  }
  return best;
}

/** exp(A) to ~DIGITS digits, rounded to double at the end (row-major). */
export function expmBig(a: Matrix): Float64Array {
  const n = a.rows;
  const A = Array.from(a.data, exactBig);
  const nrm = norm1Big(n, A).toNumber();
  // ‖2^{-s}A‖₁ ≤ 1/16
  const s = nrm === 0 ? 0 : Math.max(0, Math.ceil(Math.log2(nrm)) + 4);
  const f = pow2(s);
  const X = A.map((x) => x.div(f));
  const I: BigMat = Array.from({ length: n * n }, (_, i) => big(i % (n + 1) === 0 ? 1 : 0));
  let sum: BigMat = I.slice();
  let term: BigMat = I.slice();
  const tol = big(`1e-${DIGITS + 2}`);
  for (let k = 1; k < 200; k++) {
    term = mulBig(n, term, X).map((t) => t.div(k));
    sum = sum.map((x, i) => x.plus(term[i]));
    if (norm1Big(n, term).cmp(tol.times(norm1Big(n, sum))) <= 0) break;
  }
  for (let k = 0; k < s; k++) sum = mulBig(n, sum, sum);
  return Float64Array.from(sum, (x) => x.toNumber());
}

/** exp(N) for nilpotent N (N^n = 0), exactly to DIGITS digits: the finite series Σ_{k<n} N^k/k!. */
export function expmNilpotentBig(a: Matrix): Float64Array {
  const n = a.rows;
  const N = Array.from(a.data, exactBig);
  let term: BigMat = Array.from({ length: n * n }, (_, i) => big(i % (n + 1) === 0 ? 1 : 0));
  let sum = term.slice();
  for (let k = 1; k < n; k++) {
    term = mulBig(n, term, N).map((t) => t.div(k));
    sum = sum.map((x, i) => x.plus(term[i]));
  }
  return Float64Array.from(sum, (x) => x.toNumber());
}

/**
 * exp(A) to ~DIGITS digits by the cheapest exact route for its structure (see the header), rounded to double.
 * The closed forms also cover inputs whose scaling would need ~1000 squarings (a −1e300 eigenvalue).
 */
export function expmReference(a: Matrix): Float64Array {
  const n = a.rows;
  const d = a.data;
  let lower = true, upper = true, zeroDiag = true;
  for (let i = 0; i < n; i++) {
    if (d[i * (n + 1)] !== 0) zeroDiag = false;
    for (let j = 0; j < n; j++) {
      if (d[i * n + j] === 0 || i === j) continue;
      if (j < i) upper = false;
      else lower = false;
    }
  }
  if (lower && upper) {
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) out[i * (n + 1)] = exactBig(d[i * (n + 1)]).exp().toNumber();
    return out;
  }
  if ((lower || upper) && zeroDiag) return expmNilpotentBig(a);
  if ((lower || upper) && n === 2) {
    // exp([[λ1, t], [0, λ2]]) = [[e^{λ1}, t (e^{λ2} − e^{λ1})/(λ2 − λ1)], [0, e^{λ2}]] (t·e^{λ} when λ1 = λ2)
    const l1 = exactBig(d[0]), l2 = exactBig(d[3]), t = exactBig(upper ? d[1] : d[2]);
    const e1 = l1.exp(), e2 = l2.exp();
    const off = l1.cmp(l2) === 0 ? t.times(e1) : t.times(e2.minus(e1)).div(l2.minus(l1));
    const x = off.toNumber();
    return Float64Array.from(upper ? [e1.toNumber(), x, 0, e2.toNumber()] : [e1.toNumber(), 0, x, e2.toNumber()]);
  }
  return expmBig(a);
}

/**
 * Taylor coefficients c_0 … c_K of h(x) = log(e^{−x} p(x)/p(−x)) for the Padé numerator p(x) = Σ b_j x^j (the
 * backward-error function of r_m = p(x)/p(−x); Al-Mohy & Higham 2009, §3), in DIGITS-digit arithmetic, as doubles.
 * log p is expanded through (log p)′ = p′/p.
 */
export function padeLogSeries(b: readonly number[], K: number): number[] {
  const logSeries = (c: Big[]): Big[] => {
    const p = Array.from({ length: K + 2 }, (_, k) => c[k] ?? ZERO);
    const q: Big[] = []; // p′/p
    for (let k = 0; k <= K; k++) {
      let s = p[k + 1].times(k + 1);
      for (let i = 0; i < k; i++) if (!p[k - i].isZero()) s = s.minus(q[i].times(p[k - i]));
      q.push(s.div(p[0]));
    }
    return [ZERO, ...q.slice(0, K).map((x, k) => x.div(k + 1))];
  };
  const plus = logSeries(b.map((v) => big(v)));
  const minus = logSeries(b.map((v, j) => big(j % 2 === 0 ? v : -v)));
  const h = plus.map((x, k) => x.minus(minus[k]));
  h[1] = h[1].minus(big(1));
  return h.map((x) => x.toNumber());
}

/** h̃(θ)/θ = Σ_k |c_k| θ^{k−1}: the bound on the relative backward error of r_m at α_p = θ. */
export function backwardError(c: number[], theta: number): number {
  let s = 0;
  for (let k = c.length - 1; k >= 1; k--) s = s * theta + Math.abs(c[k]);
  return s;
}
