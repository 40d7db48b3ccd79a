// Block 1-norm estimator for a product of up to three n×n matrices, applied to n×2 blocks and never formed:
// Higham & Tisseur's Algorithm 2.4 with t = 2 columns and at most ITMAX + 1 products with the operator and
// ITMAX with its transpose. The estimate is a lower bound, exact in the large majority of cases
// (Higham & Tisseur report it within a factor 3 of ‖B‖₁ in > 99 % of their tests with t = 2).
// Deterministic: the ±1 columns come from a xorshift32 generator restarted from the same seed on every call, so
// the same input gives the same estimate (and the plain-TypeScript twin draws the same columns).
// see: Higham & Tisseur 2000, "A block algorithm for matrix 1-norm estimation, with an application to 1-norm
//      pseudospectra", SIAM J. Matrix Anal. Appl. 21(4), Alg. 2.4; SciPy scipy/sparse/linalg/_onenormest.py.

const ITMAX: i32 = 5;
// resampling attempts for a ±1 column parallel to another (each succeeds with probability ≥ 1 − 3·2^{1−n})
const MAXRESAMPLE: i32 = 64;
/** Seed of the ±1 columns (any nonzero 32-bit value; fixed so that the estimate is reproducible). */
const SEED: u32 = 0x2545f491;

/** Doubles of workspace dnormest1 needs for order n. */
export function dnormest1WorkSize(n: i32): i32 {
  return 16 * n;
}

let rngState: u32 = SEED;

// next ±1 from xorshift32 (Marsaglia 2003): the top bit of the state
// @ts-ignore: decorator
@inline
function randSign(): f64 {
  let x = rngState;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  rngState = x;
  return (x >> 31) != 0 ? -1.0 : 1.0;
}

/**
 * est ≤ ‖M1·M2·M3‖₁ (q = 1, 2 or 3 factors: M1; M1·M2; M1·M2·M3), n×n row-major, by block 1-norm estimation
 * with t = 2. `work` holds dnormest1WorkSize(n) doubles.
 * see: Higham & Tisseur 2000, Alg. 2.4.
 */
export function dnormest1(n: i32, q: i32, m1: usize, m2: usize, m3: usize, work: usize): f64 {
  const pb = <usize>(2 * n) << 3; // one n×2 block, rows as (column 0, column 1) pairs
  const X = work, Y = X + pb, S = Y + pb, Sold = S + pb, Z = Sold + pb, t1 = Z + pb, t2 = t1 + pb;
  const h = t2 + pb;
  const hist = h + (<usize>n << 3); // 1.0 for indices whose unit vector has been used
  rngState = SEED;
  const fn = <f64>n;
  // starting block: column 0 all ones, column 1 random ±1 not parallel to it; both of unit 1-norm
  for (let i = 0; i < n; i++) {
    store<f64>(X + (<usize>i << 4), 1.0);
    store<f64>(hist + (<usize>i << 3), 0.0);
  }
  for (let r = 0; r < MAXRESAMPLE; r++) {
    let sum = 0.0;
    for (let i = 0; i < n; i++) {
      const r = randSign();
      store<f64>(X + (<usize>i << 4), r, 8);
      sum += r;
    }
    if (abs<f64>(sum) != fn) break;
  }
  const inv = f64x2.splat(1.0 / fn);
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 4;
    v128.store(X + o, f64x2.mul(inv, v128.load(X + o)));
    v128.store(S + o, f64x2.splat(0.0));
  }
  let est = 0.0, estOld = 0.0;
  let ind0 = -1, ind1 = -1, indBest = -1;
  for (let k = 1; ; k++) {
    applyChain(n, q, m1, m2, m3, X, Y, t1, t2, false);
    let c0 = 0.0, c1 = 0.0;
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 4;
      c0 += abs<f64>(load<f64>(Y + o));
      c1 += abs<f64>(load<f64>(Y + o, 8));
    }
    est = max(c0, c1);
    if (!isFinite(est)) return est; // overflow in the products: the caller rescales
    if (est > estOld || k == 2) indBest = c1 > c0 ? ind1 : ind0;
    if (k >= 2 && est <= estOld) { est = estOld; break; } // (1) no increase
    estOld = est;
    memory.copy(Sold, S, pb);
    if (k > ITMAX) break;
    // S = sign(Y), sign(0) = 1
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 4;
      store<f64>(S + o, load<f64>(Y + o) < 0.0 ? -1.0 : 1.0);
      store<f64>(S + o, load<f64>(Y + o, 8) < 0.0 ? -1.0 : 1.0, 8);
    }
    // (2) every column of S parallel to a column of S_old: converged
    if (parallelTo(n, S, 0, Sold) && parallelTo(n, S, 1, Sold)) break;
    // no column of S parallel to an earlier column of S or to a column of S_old: resample it
    // (bounded: for n ≤ 2 every ±1 column is parallel to another)
    for (let r = 0; r < MAXRESAMPLE && parallelTo(n, S, 0, Sold); r++) resample(n, S, 0);
    for (let r = 0; r < MAXRESAMPLE && (parallelTo(n, S, 1, Sold) || parallelCols(n, S, 1, S, 0)); r++) resample(n, S, 1);
    applyChain(n, q, m1, m2, m3, S, Z, t1, t2, true);
    // h_i = ‖Z(i, :)‖∞
    let hmax = 0.0;
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 4;
      const hi = max(abs<f64>(load<f64>(Z + o)), abs<f64>(load<f64>(Z + o, 8)));
      store<f64>(h + (<usize>i << 3), hi);
      if (hi > hmax) hmax = hi;
    }
    if (k >= 2 && hmax == load<f64>(h + (<usize>indBest << 3))) break; // (3) no better unit vector
    // the two largest h_i (ties to the lower index), and the two largest among unused indices
    let a0 = -1, a1 = -1, u0 = -1, u1 = -1;
    for (let i = 0; i < n; i++) {
      const hi = load<f64>(h + (<usize>i << 3));
      if (a0 < 0 || hi > load<f64>(h + (<usize>a0 << 3))) { a1 = a0; a0 = i; }
      else if (a1 < 0 || hi > load<f64>(h + (<usize>a1 << 3))) a1 = i;
      if (load<f64>(hist + (<usize>i << 3)) == 0.0) {
        if (u0 < 0 || hi > load<f64>(h + (<usize>u0 << 3))) { u1 = u0; u0 = i; }
        else if (u1 < 0 || hi > load<f64>(h + (<usize>u1 << 3))) u1 = i;
      }
    }
    const seen0 = load<f64>(hist + (<usize>a0 << 3)) != 0.0;
    const seen1 = a1 < 0 || load<f64>(hist + (<usize>a1 << 3)) != 0.0;
    if (seen0 && seen1) break; // (4) the best unit vectors have all been tried
    // unused indices first (in order of h), then used ones
    if (u1 < 0) u1 = u0 == a0 ? a1 : a0;
    ind0 = u0; ind1 = u1;
    for (let i = 0; i < n; i++) v128.store(X + (<usize>i << 4), f64x2.splat(0.0));
    store<f64>(X + (<usize>ind0 << 4), 1.0);
    store<f64>(X + (<usize>ind1 << 4), 1.0, 8);
    store<f64>(hist + (<usize>ind0 << 3), 1.0);
    store<f64>(hist + (<usize>ind1 << 3), 1.0);
  }
  return est;
}

// column c of the ±1 block S parallel to a column of P (|sᵀp| = n)?
function parallelTo(n: i32, s: usize, c: i32, p: usize): bool {
  return parallelCols(n, s, c, p, 0) || parallelCols(n, s, c, p, 1);
}

function parallelCols(n: i32, s: usize, c: i32, p: usize, d: i32): bool {
  const sc = s + (<usize>c << 3), pd = p + (<usize>d << 3);
  let dot = 0.0;
  for (let i = 0; i < n; i++) dot += load<f64>(sc + (<usize>i << 4)) * load<f64>(pd + (<usize>i << 4));
  return abs<f64>(dot) == <f64>n;
}

function resample(n: i32, s: usize, c: i32): void {
  const sc = s + (<usize>c << 3);
  for (let i = 0; i < n; i++) store<f64>(sc + (<usize>i << 4), randSign());
}

// y := M1·M2·M3·x (trans = false) or y := M3ᵀ·M2ᵀ·M1ᵀ·x (trans = true), for n×2 blocks; q = number of factors
function applyChain(n: i32, q: i32, m1: usize, m2: usize, m3: usize, x: usize, y: usize, t1: usize, t2: usize, trans: bool): void {
  if (!trans) {
    // rightmost factor first
    if (q == 1) { mulPairs(n, m1, x, y); return; }
    if (q == 2) { mulPairs(n, m2, x, t1); mulPairs(n, m1, t1, y); return; }
    mulPairs(n, m3, x, t1); mulPairs(n, m2, t1, t2); mulPairs(n, m1, t2, y);
  } else {
    if (q == 1) { mulPairsT(n, m1, x, y); return; }
    if (q == 2) { mulPairsT(n, m1, x, t1); mulPairsT(n, m2, t1, y); return; }
    mulPairsT(n, m1, x, t1); mulPairsT(n, m2, t1, t2); mulPairsT(n, m3, t2, y);
  }
}

// y_i := Σ_k m_ik x_k for the pairs x_k, y_i (two columns at once in one f64x2)
function mulPairs(n: i32, m: usize, x: usize, y: usize): void {
  const rb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const row = m + <usize>i * rb;
    let acc0 = f64x2.splat(0.0), acc1 = f64x2.splat(0.0);
    let k = 0;
    for (; k + 2 <= n; k += 2) {
      acc0 = f64x2.add(acc0, f64x2.mul(v128.load64_splat(row + (<usize>k << 3)), v128.load(x + (<usize>k << 4))));
      acc1 = f64x2.add(acc1, f64x2.mul(v128.load64_splat(row + (<usize>k << 3), 8), v128.load(x + (<usize>k << 4), 16)));
    }
    // odd n: the last column
    if (k < n) acc0 = f64x2.add(acc0, f64x2.mul(v128.load64_splat(row + (<usize>k << 3)), v128.load(x + (<usize>k << 4))));
    v128.store(y + (<usize>i << 4), f64x2.add(acc0, acc1));
  }
}

// z_k := Σ_i m_ik s_i for the pairs s_i, z_k (Mᵀ applied to two columns; rows of M streamed, z accumulated)
function mulPairsT(n: i32, m: usize, s: usize, z: usize): void {
  const rb = <usize>n << 3;
  for (let k = 0; k < n; k++) v128.store(z + (<usize>k << 4), f64x2.splat(0.0));
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const r0 = m + <usize>i * rb, r1 = r0 + rb;
    const s0 = v128.load(s + (<usize>i << 4)), s1 = v128.load(s + (<usize>i << 4), 16);
    for (let k = 0; k < n; k++) {
      const zo = z + (<usize>k << 4), o = <usize>k << 3;
      v128.store(zo, f64x2.add(v128.load(zo), f64x2.add(
        f64x2.mul(v128.load64_splat(r0 + o), s0), f64x2.mul(v128.load64_splat(r1 + o), s1))));
    }
  }
  // odd n: the last row
  if (i < n) {
    const r0 = m + <usize>i * rb;
    const s0 = v128.load(s + (<usize>i << 4));
    for (let k = 0; k < n; k++) {
      const zo = z + (<usize>k << 4);
      v128.store(zo, f64x2.add(v128.load(zo), f64x2.mul(v128.load64_splat(r0 + (<usize>k << 3)), s0)));
    }
  }
}
