// Plain-TypeScript twin of assembly/expm/normest.ts: block 1-norm estimate (t = 2) of a product of n×n matrices,
// never formed. Same algorithm, same ±1 columns (xorshift32 from the same seed), same tie-breaking.
// see: Higham & Tisseur 2000, "A block algorithm for matrix 1-norm estimation, with an application to 1-norm
//      pseudospectra", SIAM J. Matrix Anal. Appl. 21(4), Alg. 2.4.

const ITMAX = 5;
const MAXRESAMPLE = 64;
/** Seed of the ±1 columns, as in the wasm kernel. */
const SEED = 0x2545f491;

/**
 * est ≤ ‖M_1·M_2·…·M_q‖₁ for n×n row-major factors (q = factors.length ≥ 1), by Higham & Tisseur's block
 * estimator with t = 2 columns (at most 6 products with the operator, 5 with its transpose). A lower bound,
 * usually exact; deterministic.
 * @example normest1Plain(3, [new Float64Array([1, 2, 0, 0, 1, 0, 0, 0, 1])]) // 3 = ‖[[1, 2, 0], [0, 1, 0], [0, 0, 1]]‖₁
 */
export function normest1Plain(n: number, factors: Float64Array[]): number {
  let state = SEED >>> 0;
  const randSign = (): number => {
    let x = state;
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    state = x;
    return x >>> 31 ? -1 : 1;
  };
  // n×2 blocks as interleaved pairs: entry (i, c) at [2i + c]
  const X = new Float64Array(2 * n), Y = new Float64Array(2 * n), S = new Float64Array(2 * n);
  const Sold = new Float64Array(2 * n), Z = new Float64Array(2 * n);
  const h = new Float64Array(n);
  const hist = new Uint8Array(n);
  for (let i = 0; i < n; i++) X[2 * i] = 1;
  for (let r = 0; r < MAXRESAMPLE; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += X[2 * i + 1] = randSign();
    if (Math.abs(sum) !== n) break;
  }
  for (let i = 0; i < 2 * n; i++) X[i] /= n;
  const parallelCols = (s: Float64Array, c: number, p: Float64Array, d: number): boolean => {
    let dot = 0;
    for (let i = 0; i < n; i++) dot += s[2 * i + c] * p[2 * i + d];
    return Math.abs(dot) === n;
  };
  const parallelTo = (c: number): boolean => parallelCols(S, c, Sold, 0) || parallelCols(S, c, Sold, 1);
  const resample = (c: number): void => {
    for (let i = 0; i < n; i++) S[2 * i + c] = randSign();
  };
  let est = 0;
  let estOld = 0;
  let ind0 = -1, ind1 = -1, indBest = -1;
  for (let k = 1; ; k++) {
    applyChain(n, factors, X, Y, false);
    let c0 = 0, c1 = 0;
    for (let i = 0; i < n; i++) {
      c0 += Math.abs(Y[2 * i]);
      c1 += Math.abs(Y[2 * i + 1]);
    }
    est = Math.max(c0, c1);
    if (!Number.isFinite(est)) return est;
    if (est > estOld || k === 2) indBest = c1 > c0 ? ind1 : ind0;
    if (k >= 2 && est <= estOld) {
      est = estOld;
      break;
    }
    estOld = est;
    Sold.set(S);
    if (k > ITMAX) break;
    for (let i = 0; i < 2 * n; i++) S[i] = Y[i] < 0 ? -1 : 1;
    if (parallelTo(0) && parallelTo(1)) break;
    for (let r = 0; r < MAXRESAMPLE && parallelTo(0); r++) resample(0);
    for (let r = 0; r < MAXRESAMPLE && (parallelTo(1) || parallelCols(S, 1, S, 0)); r++) resample(1);
    applyChain(n, factors, S, Z, true);
    let hmax = 0;
    for (let i = 0; i < n; i++) {
      h[i] = Math.max(Math.abs(Z[2 * i]), Math.abs(Z[2 * i + 1]));
      if (h[i] > hmax) hmax = h[i];
    }
    if (k >= 2 && hmax === h[indBest]) break;
    let a0 = -1, a1 = -1, u0 = -1, u1 = -1;
    for (let i = 0; i < n; i++) {
      const hi = h[i];
      if (a0 < 0 || hi > h[a0]) {
        a1 = a0;
        a0 = i;
      } else if (a1 < 0 || hi > h[a1]) a1 = i;
      if (!hist[i]) {
        if (u0 < 0 || hi > h[u0]) {
          u1 = u0;
          u0 = i;
        } else if (u1 < 0 || hi > h[u1]) u1 = i;
      }
    }
    if (hist[a0] && (a1 < 0 || hist[a1])) break;
    if (u1 < 0) u1 = u0 === a0 ? a1 : a0;
    ind0 = u0;
    ind1 = u1;
    X.fill(0);
    X[2 * ind0] = 1;
    X[2 * ind1 + 1] = 1;
    hist[ind0] = 1;
    hist[ind1] = 1;
  }
  return est;
}

// y := M_1·…·M_q·x, or y := M_qᵀ·…·M_1ᵀ·x (trans), for n×2 blocks
function applyChain(n: number, factors: Float64Array[], x: Float64Array, y: Float64Array, trans: boolean): void {
  const q = factors.length;
  let cur = x;
  for (let f = 0; f < q; f++) {
    const m = trans ? factors[f] : factors[q - 1 - f];
    const dst = f === q - 1 ? y : new Float64Array(2 * n);
    if (!trans) {
      for (let i = 0; i < n; i++) {
        let s0 = 0, s1 = 0;
        for (let k = 0; k < n; k++) {
          const mik = m[i * n + k];
          s0 += mik * cur[2 * k];
          s1 += mik * cur[2 * k + 1];
        }
        dst[2 * i] = s0;
        dst[2 * i + 1] = s1;
      }
    } else {
      dst.fill(0);
      for (let i = 0; i < n; i++) {
        const a = cur[2 * i], b = cur[2 * i + 1];
        for (let k = 0; k < n; k++) {
          const mik = m[i * n + k];
          dst[2 * k] += mik * a;
          dst[2 * k + 1] += mik * b;
        }
      }
    }
    cur = dst;
  }
}
