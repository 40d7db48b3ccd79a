// The Jacobian of a completion flow U̇ = −Σ_i r_i E_i U (r_i = ⟨E_i, UUᵀ⟩ − y_i; E_i the symmetrised unit matrix of
// observed entry (j, k)) with respect to vec(U), U ∈ R^{n×n} row-major, one observation at a time:
// −r·(E ⊗ I_n) − 2ggᵀ with g = vec(E U). Shared by the 3×3 grid's flow (flow3.ts) and the 4×4 census's (flow4.ts):
// inlined with n a constant at each call, so both keep constant loop bounds.

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** Add observation (j, k, y)'s part to the n²×n² Jacobian `jac` at U = `u`; `g` is scratch for n² doubles. */
// @ts-ignore: decorator
@inline export function addObservationJacobian(n: i32, u: usize, jac: usize, g: usize, j: i32, k: i32, y: f64): void {
  const nn = n * n;
  let r = -y;
  for (let q = 0; q < n; q++) r += ld(u, n * j + q) * ld(u, n * k + q);
  // g = vec(E U): row j of E U is U_k/2 and row k is U_j/2 (j ≠ k); row j is U_j (j = k)
  memory.fill(g, 0, <usize>nn << 3);
  if (j == k) {
    for (let q = 0; q < n; q++) st(g, n * j + q, ld(u, n * j + q));
    for (let q = 0; q < n; q++) { const d = (n * j + q) * (nn + 1); st(jac, d, ld(jac, d) - r); }
  } else {
    for (let q = 0; q < n; q++) { st(g, n * j + q, 0.5 * ld(u, n * k + q)); st(g, n * k + q, 0.5 * ld(u, n * j + q)); }
    const h = 0.5 * r;
    for (let q = 0; q < n; q++) {
      const a = (n * j + q) * nn + n * k + q, b = (n * k + q) * nn + n * j + q;
      st(jac, a, ld(jac, a) - h);
      st(jac, b, ld(jac, b) - h);
    }
  }
  // −2ggᵀ: g is zero outside rows j and k of U, so only those blocks of rows and columns change
  rankOneBlock(n, jac, g, j, j);
  if (j != k) {
    rankOneBlock(n, jac, g, j, k);
    rankOneBlock(n, jac, g, k, j);
    rankOneBlock(n, jac, g, k, k);
  }
}

// jac −= 2·g_A g_Bᵀ on the n×n block of rows of U's row `ra` and columns of U's row `rb`
// @ts-ignore: decorator
@inline function rankOneBlock(n: i32, jac: usize, g: usize, ra: i32, rb: i32): void {
  const nn = n * n;
  for (let p = 0; p < n; p++) {
    const a = n * ra + p;
    const ga = 2.0 * ld(g, a);
    if (ga == 0.0) continue;
    for (let q = 0; q < n; q++) { const b = n * rb + q; st(jac, a * nn + b, ld(jac, a * nn + b) - ga * ld(g, b)); }
  }
}
