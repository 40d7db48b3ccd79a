// A few eigenpairs of a symmetric tridiagonal T (diagonal d, off-diagonal e): Sturm-count bisection for the
// eigenvalues (LAPACK dstebz) and inverse iteration for their vectors (dstein), O(n) per eigenvalue step and O(n)
// per vector and iteration. For the PSD projection, where only the few eigenpairs of one sign class are needed,
// this replaces divide and conquer's O(n³) on all of T.
// see: Kahan 1966 / LAPACK dstebz (Sturm counts with a pivot floor); Peters & Wilkinson 1971 / LAPACK dstein,
//      dlagtf, dlagts (inverse iteration with a partially pivoted tridiagonal LU, eigenvalues closer than
//      10⁻³‖T‖ treated as a cluster and reorthogonalized by modified Gram–Schmidt, coincident ones perturbed).
// Accuracy: each eigenvalue to within ~2ε·max|λ| + pivmin of the exact one of T (bisection to adjacent floats);
// vectors with residual O(nε‖T‖) and orthogonal to O(nε) within clusters (reorthogonalization) and to
// O(nε‖T‖/gap) between them.

const EPS: f64 = 2.220446049250313e-16;
const SAFMIN: f64 = 2.2250738585072014e-308;
// inverse iterations per vector at most (dstein's MAXITS is 5, plus 2 extra after convergence)
const MAXITS: i32 = 6;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }
// @ts-ignore: decorator
@inline function ldi(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function sti(p: usize, i: i32, x: i32): void { store<i32>(p + (<usize>i << 2), x); }

/**
 * The number of eigenvalues of T below x (Sturm count of the LDLᵀ pivots of T − xI), e2 = e² (n−1), with pivots of
 * magnitude below pivmin replaced by −pivmin (dstebz's guard against division by zero).
 * see: LAPACK dlaebz (the count); Demmel 1997, §5.3.4 (Sylvester's inertia theorem, the pivot recurrence).
 */
export function sturmCount(n: i32, d: usize, e2: usize, x: f64, pivmin: f64): i32 {
  let q = ld(d, 0) - x;
  if (abs<f64>(q) < pivmin) q = -pivmin;
  let c = q < 0.0 ? 1 : 0;
  for (let i = 1; i < n; i++) {
    q = ld(d, i) - x - ld(e2, i - 1) / q;
    if (abs<f64>(q) < pivmin) q = -pivmin;
    if (q < 0.0) c++;
  }
  return c;
}

/** Doubles of workspace `dstein` needs for order n. */
export function dsteinWorkSize(n: i32): i32 {
  // e², the LU (u0, u1, u2, l) and the pivot flags, b
  return 8 * n + 16;
}

/**
 * Eigenvalues il..il+k−1 (0-based, ascending) of the symmetric tridiagonal (d, e) into w (k), and their
 * eigenvectors into z (n×k row-major, row stride k; column j pairs w[j]). d, e are read only.
 * see: LAPACK dstebz (bisection), dstein (inverse iteration).
 */
export function dstein(n: i32, d: usize, e: usize, il: i32, k: i32, w: usize, z: usize, work: usize): void {
  if (k <= 0) return;
  const e2 = work;
  const u0 = e2 + (<usize>(n + (n & 1)) << 3);
  const u1 = u0 + (<usize>(n + (n & 1)) << 3);
  const u2 = u1 + (<usize>(n + (n & 1)) << 3);
  const lm = u2 + (<usize>(n + (n & 1)) << 3);
  const b = lm + (<usize>(n + (n & 1)) << 3);
  const piv = b + (<usize>(n + (n & 1)) << 3); // i32 flags
  // Gershgorin bounds and the norm
  let glo = Infinity, ghi = -Infinity, tnorm = 0.0, emax2 = 0.0;
  for (let i = 0; i < n; i++) {
    const ei = i < n - 1 ? abs<f64>(ld(e, i)) : 0.0;
    const em = i > 0 ? abs<f64>(ld(e, i - 1)) : 0.0;
    glo = min<f64>(glo, ld(d, i) - ei - em);
    ghi = max<f64>(ghi, ld(d, i) + ei + em);
    tnorm = max<f64>(tnorm, abs<f64>(ld(d, i)) + ei + em);
    if (i < n - 1) { st(e2, i, ei * ei); emax2 = max<f64>(emax2, ei * ei); }
  }
  const pivmin = max<f64>(SAFMIN, SAFMIN * emax2);
  const span = ghi - glo;
  glo -= 2.0 * EPS * span + 2.0 * pivmin;
  ghi += 2.0 * EPS * span + 2.0 * pivmin;
  // 1. bisection for each index (brackets shrink from the previous eigenvalue upwards)
  let lo0 = glo;
  for (let j = 0; j < k; j++) {
    const idx = il + j;
    let lo = lo0, hi = ghi;
    for (let it = 0; it < 200; it++) {
      const mid = 0.5 * (lo + hi);
      if (hi - lo <= 2.0 * EPS * max<f64>(abs<f64>(lo), abs<f64>(hi)) + pivmin || !(mid > lo && mid < hi)) break;
      if (sturmCount(n, d, e2, mid, pivmin) <= idx) lo = mid; else hi = mid;
    }
    const lam = 0.5 * (lo + hi);
    st(w, j, lam);
    lo0 = lo;
  }
  // 2. inverse iteration
  const ortol = 1e-3 * tnorm;
  const kb = <usize>k << 3;
  let clusterStart = 0;
  let xprev = 0.0;
  for (let j = 0; j < k; j++) {
    let xj = ld(w, j);
    if (j > 0) {
      if (xj - ld(w, j - 1) > ortol) clusterStart = j;
      // coincident eigenvalues: perturb so the factorizations differ
      const pertol = 10.0 * abs<f64>(EPS * xj) + 10.0 * pivmin;
      if (xj - xprev < pertol) xj = xprev + pertol;
    }
    xprev = xj;
    // LU of T − xj·I with partial pivoting (dlagtf): row k of U = (u0, u1, u2) on columns k, k+1, k+2
    let r0 = ld(d, 0) - xj;
    let r1 = n > 1 ? ld(e, 0) : 0.0;
    for (let i = 0; i < n - 1; i++) {
      const s = ld(e, i);
      const a1 = ld(d, i + 1) - xj;
      const c1 = i < n - 2 ? ld(e, i + 1) : 0.0;
      if (abs<f64>(r0) >= abs<f64>(s)) {
        const l = r0 != 0.0 ? s / r0 : 0.0;
        st(u0, i, r0); st(u1, i, r1); st(u2, i, 0.0); st(lm, i, l); sti(piv, i, 0);
        r0 = a1 - l * r1;
        r1 = c1;
      } else {
        const l = r0 / s;
        st(u0, i, s); st(u1, i, a1); st(u2, i, c1); st(lm, i, l); sti(piv, i, 1);
        r0 = r1 - l * a1;
        r1 = -l * c1;
      }
    }
    st(u0, n - 1, r0);
    // tiny pivots: replace by ±ε‖T‖ (the solution then grows by 1/(ε‖T‖), as wanted)
    const tiny = EPS * tnorm + pivmin;
    for (let i = 0; i < n; i++) {
      const p = ld(u0, i);
      if (abs<f64>(p) < tiny) st(u0, i, p < 0.0 ? -tiny : tiny);
    }
    // start vector: deterministic, pseudo-random entries in [−1, 1) (dlarnv's role)
    let seed: u32 = <u32>(0x9e3779b9 ^ (j * 0x85ebca6b));
    for (let i = 0; i < n; i++) {
      seed = seed * 1664525 + 1013904223;
      st(b, i, <f64>(seed >> 8) / 8388608.0 - 1.0);
    }
    let extra = 0;
    for (let it = 0; it < MAXITS; it++) {
      // normalize b (‖b‖₂ = 1), solve (T − xj I) x = b in place
      let nb = 0.0;
      for (let i = 0; i < n; i++) nb += ld(b, i) * ld(b, i);
      const inb = 1.0 / sqrt<f64>(nb);
      for (let i = 0; i < n; i++) st(b, i, ld(b, i) * inb);
      for (let i = 0; i < n - 1; i++) {
        const l = ld(lm, i);
        if (ldi(piv, i) == 0) st(b, i + 1, ld(b, i + 1) - l * ld(b, i));
        else { const bi = ld(b, i), bi1 = ld(b, i + 1); st(b, i, bi1); st(b, i + 1, bi - l * bi1); }
      }
      st(b, n - 1, ld(b, n - 1) / ld(u0, n - 1));
      if (n > 1) st(b, n - 2, (ld(b, n - 2) - ld(u1, n - 2) * ld(b, n - 1)) / ld(u0, n - 2));
      for (let i = n - 3; i >= 0; i--) {
        st(b, i, (ld(b, i) - ld(u1, i) * ld(b, i + 1) - ld(u2, i) * ld(b, i + 2)) / ld(u0, i));
      }
      // reorthogonalize against the cluster's earlier vectors (MGS)
      for (let q = clusterStart; q < j; q++) {
        let s = 0.0;
        for (let i = 0; i < n; i++) s += ld(b, i) * load<f64>(z + <usize>i * kb + (<usize>q << 3));
        for (let i = 0; i < n; i++) st(b, i, ld(b, i) - s * load<f64>(z + <usize>i * kb + (<usize>q << 3)));
      }
      // growth ‖x‖₂ for ‖b‖₂ = 1 bounds the residual ‖(T − xj I)x̂‖ ≤ 1/growth: stop one iteration after it
      // reaches 1/(n ε ‖T‖)
      let nx = 0.0;
      for (let i = 0; i < n; i++) nx += ld(b, i) * ld(b, i);
      if (sqrt<f64>(nx) * (<f64>n * EPS * tnorm + pivmin) >= 1.0) {
        if (++extra >= 2) break;
      }
    }
    let nx = 0.0;
    for (let i = 0; i < n; i++) nx += ld(b, i) * ld(b, i);
    const inx = 1.0 / sqrt<f64>(nx);
    for (let i = 0; i < n; i++) store<f64>(z + <usize>i * kb + (<usize>j << 3), ld(b, i) * inx);
  }
}
