// RKC: the damped Runge–Kutta–Chebyshev method of order 2 for stiff problems whose Jacobian has its spectrum near the
// negative real axis — a gradient flow's Jacobian is the negative Hessian, symmetric, so its spectrum is real. With s
// stages the stability interval is [−β(s), 0], β(s) ≈ 0.653·s² (damping ε = 2/13): s grows with √(hρ), so a step costs
// O(√(hρ)) evaluations of f where an explicit method of fixed stages needs O(hρ). No Jacobian, no linear algebra:
// the stiff method for systems too large for Rodas5P's dense LU.
//   w0 = 1 + ε/s², w1 = T_s'(w0)/T_s''(w0), b_j = T_j''(w0)/T_j'(w0)² (j ≥ 2), b_0 = b_1 = b_2,
//   Y_0 = y,  Y_1 = y + μ̃_1 h f(y),  μ̃_1 = b_1 w1,
//   Y_j = (1 − μ_j − ν_j) y + μ_j Y_{j−1} + ν_j Y_{j−2} + μ̃_j h f(Y_{j−1}) + γ̃_j h f(y),
//   μ_j = 2 b_j w0 / b_{j−1}, ν_j = −b_j / b_{j−2}, μ̃_j = 2 b_j w1 / b_{j−1}, γ̃_j = −(1 − b_{j−1} T_{j−1}(w0)) μ̃_j,
//   ŷ = Y_s.
// see: Sommeijer, Shampine & Verwer 1997, "RKC: an explicit solver for parabolic PDEs", J. Comput. Appl. Math. 88,
//      §2 (the method, eqs. (2.6)–(2.12)) and the error estimate and spectral-radius estimate of their code rkc.f;
//      Verwer 1996 (the damped Chebyshev stability polynomials).

/** The damping ε of the stability polynomial (β(s) ≈ (2 − 4ε/3)s² ≈ 0.653 s²). */
export const RKC_EPS: f64 = 2.0 / 13.0;
/** The most stages one step may use (rounding grows with s; rkc.f uses the same order of bound). */
export const RKC_MAX_STAGES: i32 = 250;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/**
 * One RKC step of s ≥ 2 stages and size h from y (f(y) in f0) for a right-hand side R (eval(t, y, dy, last)):
 * ŷ = Y_s into `out`; a, b, f are scratch vectors of n doubles. Makes s − 1 evaluations of f.
 */
export function rkcStages<R>(rhs: R, n: i32, s: i32, eps: f64, t: f64, h: f64, y: usize, f0: usize, out: usize, a: usize, b: usize, f: usize): void {
  const ss = <f64>s;
  const w0 = 1.0 + eps / (ss * ss);
  // T_s(w0), T_s'(w0), T_s''(w0) by the three-term recurrences, for w1
  let t0 = 1.0, t1 = w0, d0 = 0.0, d1 = 1.0, e0 = 0.0, e1 = 0.0;
  for (let j = 2; j <= s; j++) {
    const t2 = 2.0 * w0 * t1 - t0;
    const d2 = 2.0 * t1 + 2.0 * w0 * d1 - d0;
    const e2 = 4.0 * d1 + 2.0 * w0 * e1 - e0;
    t0 = t1; t1 = t2; d0 = d1; d1 = d2; e0 = e1; e1 = e2;
  }
  const w1 = d1 / e1;
  // b_2 = T_2''/T_2'² with T_2' = 4w0, T_2'' = 4: b_0 = b_1 = b_2
  const b2 = 4.0 / (16.0 * w0 * w0);
  let bm2 = b2, bm1 = b2; // b_{j−2}, b_{j−1}
  // the recurrences again, one stage at a time: T_j, T_j', T_j'' at w0
  let tm2 = 1.0, tm1 = w0, dm2 = 0.0, dm1 = 1.0, em2 = 0.0, em1 = 0.0;
  // Y_1 = y + μ̃_1 h f(y); a holds Y_{j−2}, b holds Y_{j−1}
  const mu1 = bm1 * w1;
  for (let i = 0; i < n; i++) { st(a, i, ld(y, i)); st(b, i, ld(y, i) + mu1 * h * ld(f0, i)); }
  let cur = b, prev = a;
  for (let j = 2; j <= s; j++) {
    const tj = 2.0 * w0 * tm1 - tm2;
    const dj = 2.0 * tm1 + 2.0 * w0 * dm1 - dm2;
    const ej = 4.0 * dm1 + 2.0 * w0 * em1 - em2;
    const bj = ej / (dj * dj);
    const mu = 2.0 * bj * w0 / bm1;
    const nu = -bj / bm2;
    const mut = 2.0 * bj * w1 / bm1;
    const gam = -(1.0 - bm1 * tm1) * mut;
    // @ts-ignore: R is resolved at instantiation
    rhs.eval(t, cur, f, false); // f(Y_{j−1}) (autonomous systems: the stage time does not enter)
    const dst = j == s ? out : prev; // Y_j overwrites Y_{j−2}
    const c0 = 1.0 - mu - nu;
    for (let i = 0; i < n; i++) {
      st(dst, i, c0 * ld(y, i) + mu * ld(cur, i) + nu * ld(prev, i) + mut * h * ld(f, i) + gam * h * ld(f0, i));
    }
    if (j < s) { const tmp = prev; prev = cur; cur = dst; void tmp; }
    bm2 = bm1; bm1 = bj;
    tm2 = tm1; tm1 = tj; dm2 = dm1; dm1 = dj; em2 = em1; em1 = ej;
  }
}
