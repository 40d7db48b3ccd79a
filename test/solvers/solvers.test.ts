// Solvers (src/solvers.ts; assembly/factored.ts, flows.ts, xspace.ts) against independent references:
// the exact line search against dense sampling of the quartic L(U − tG); X-space GD against the least-norm
// solution of the normal equations (plain-TS Cholesky); the gradient flow against its closed form for m = 1 and
// as the η → 0 limit of GD and of the time-ordered exponential (first-order convergence, halving test);
// commuting measurements and the manifold X = exp(−A*(s))X0exp(−A*(s)); the implicit bias of small
// initialization; divergence, statuses, histories, initializations and bad input.
//
// Loss scale (docs/model.md): L(U) = ¼‖A(UUᵀ) − y‖², ∇L = A*(r)U, GD U ← U − η∇L, flow U̇ = −∇L.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ImplicitRegError,
  OperatorHandle,
  Rng,
  adjoint,
  commutingSensing,
  factoredGD,
  gaussianSensing,
  gradientFlow,
  gramOperator,
  init,
  initialFactor,
  lossAndGradient,
  lowRankPSD,
  measure,
  sampleIterations,
  timeOrderedExp,
  uniformCompletion,
  xSpaceGD,
  type CommutingOperator,
  type DenseOperator,
  type FactorInit,
  type Kernels,
  type Matrix,
  type SensingOperator,
} from '../../src/node.js';
import { absArr, absMat, absOperator, dot, gamma, mat, naiveMatmul, packDense, qdqt, Rng as RefRng, randomOrthogonal as refOrthogonal, thrown } from '../support/helpers.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

// ------------------------------------------------------------------------------------------------
// plain-TS helpers (nothing here calls a wasm kernel)


function gaussMat(seed: number, rows: number, cols: number): Matrix {
  const r = new Rng(seed);
  return mat(rows, cols, Array.from({ length: rows * cols }, () => r.gaussian()));
}

const norm2 = (x: ArrayLike<number>): number => Math.sqrt(dot(x, x));
const diffNorm = (a: ArrayLike<number>, b: ArrayLike<number>): number => norm2(Float64Array.from(a, (v, i) => v - b[i]));
const relDiff = (a: Matrix, b: Matrix): number => diffNorm(a.data, b.data) / norm2(b.data);
const allFinite = (x: ArrayLike<number>): boolean => Array.from(x).every(Number.isFinite);

/** U Uᵀ (naive; exactly symmetric). */
const gramOf = (u: Matrix): Matrix => naiveMatmul(u, u, false, true);


/**
 * A bound on the rounding error of one evaluation of L(U) = ¼‖A(UUᵀ) − y‖² (wasm): each r_i is within
 * δ_i = γ_K·((|A|(|U||U|ᵀ))_i + |y_i|) of exact, K ≤ n² + 3n + m + d roundings along any chain (UUᵀ, the
 * operator, the subtraction); then |ΔL| ≤ ½Σ|r_i|δ_i + ¼Σδ_i² + γ_m·L.
 */
function lossSlack(op: SensingOperator, y: ArrayLike<number>, U: Matrix): number {
  const n = op.n;
  const K = n * n + 3 * n + op.m + U.cols;
  const r = measure(op, gramOf(U)).map((v, i) => v - y[i]);
  const delta = measure(absOperator(op), gramOf(absMat(U))).map((v, i) => gamma(K) * (v + Math.abs(y[i])));
  return 0.5 * dot(absArr(r), delta) + 0.25 * dot(delta, delta) + gamma(op.m) * 0.25 * dot(r, r);
}


/** Q diag(λ) Qᵀ, exactly symmetric. */

/** Qᵀ X Q. */
const congruence = (q: Matrix, x: Matrix): Matrix => naiveMatmul(naiveMatmul(q, x, true), q);

/** Cholesky K = LLᵀ (lower, row-major) and the solve K ν = b (plain TS, Golub & Van Loan Alg. 4.2.1). */
function choleskySolve(K: Matrix, b: ArrayLike<number>): Float64Array {
  const m = K.rows;
  const L = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let s = K.data[j * m + j];
    for (let k = 0; k < j; k++) s -= L[j * m + k] * L[j * m + k];
    if (!(s > 0)) throw new Error('choleskySolve: not positive definite');
    L[j * m + j] = Math.sqrt(s);
    for (let i = j + 1; i < m; i++) {
      let t = K.data[i * m + j];
      for (let k = 0; k < j; k++) t -= L[i * m + k] * L[j * m + k];
      L[i * m + j] = t / L[j * m + j];
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * m + k] * z[k];
    z[i] = s / L[i * m + i];
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < m; k++) s -= L[k * m + i] * x[k];
    x[i] = s / L[i * m + i];
  }
  return x;
}


/** A Gaussian-sensing problem with a low-rank PSD ground truth. */
function sensingProblem(n: number, m: number, r: number, seed: number): { op: DenseOperator; y: Float64Array; Xstar: Matrix } {
  const op = gaussianSensing({ n, m, seed });
  const { X } = lowRankPSD({ n, r, seed: seed + 1 });
  return { op, y: measure(op, X), Xstar: X };
}

// ------------------------------------------------------------------------------------------------

describe('initialFactor', () => {
  it('gaussian: ‖U0‖_F = scale to 1e-15 relative (scales 1e-4 … 1e3, several seeds and shapes)', () => {
    // U0 = c·G with c = scale/‖G‖_F: nd products and one sum of nd squares, each rounding a random-walk
    // O(√(nd)·u) ≈ 1e-15 at worst for nd ≤ 63 in practice (observed ≤ 4e-16); the norm here is a plain sum.
    for (const scale of [1e-4, 0.3, 1, 1e3]) {
      for (const [n, d, seed] of [[9, 7, 1], [5, 5, 2], [6, 1, 3], [1, 1, 4]]) {
        const U = initialFactor(ir, n, d, { kind: 'gaussian', scale, seed });
        expect([U.rows, U.cols]).toEqual([n, d]);
        expect(Math.abs(norm2(U.data) / scale - 1)).toBeLessThanOrEqual(1e-15);
      }
    }
  });

  it('gaussian of rank k: U0ᵀU0 has d − k eigenvalues ≤ 1e-15·λmax and k above 1e-3·λmax', () => {
    // U0 = G1G2ᵀ (n×k times k×d) rescaled is rank k up to the rounding of the product (O(u) relative); forming
    // U0ᵀU0 (naive, n-term sums) and Jacobi eigh add O(u·λmax) each, so the "zero" eigenvalues sit at a few u·λmax
    // (observed ≤ 1.3e-16·λmax); the k non-zero ones are O(1)·λmax for a Gaussian draw.
    for (const [n, d, k, seed] of [[6, 4, 2, 7], [10, 10, 3, 8], [8, 5, 1, 9]]) {
      const U = initialFactor(ir, n, d, { kind: 'gaussian', scale: 2.5, seed, rank: k });
      const w = ir.eigh(naiveMatmul(U, U, true)).values; // ascending
      const top = w[d - 1];
      for (let i = 0; i < d - k; i++) expect(Math.abs(w[i])).toBeLessThanOrEqual(1e-15 * top);
      for (let i = d - k; i < d; i++) expect(w[i]).toBeGreaterThan(1e-3 * top);
    }
  });

  it('gaussian of rank k: ‖U0‖_F = scale to 1e-15 relative', () => {
    const U = initialFactor(ir, 10, 6, { kind: 'gaussian', scale: 1e-3, seed: 10, rank: 2 });
    expect(Math.abs(norm2(U.data) / 1e-3 - 1)).toBeLessThanOrEqual(1e-15);
  });

  it('identity: U0 = α[I_d; 0] exactly (d = n and d < n)', () => {
    for (const [n, d] of [[4, 4], [5, 2]]) {
      const U = initialFactor(ir, n, d, { kind: 'identity', alpha: 0.3 });
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) expect(U.data[i * d + j]).toBe(i === j ? 0.3 : 0);
    }
  });

  it('svd: U0U0ᵀ is the best rank-d PSD approximation of X (top-d eigenpairs, negative eigenvalues clamped to 0)', () => {
    // X = Q diag(λ) Qᵀ with known Q (MGS twice, orthogonal to O(u)) and eigenvalues 3, 2, 1, −0.5, −1, −2 (gaps ≥ 0.5).
    // Best rank-d PSD approximation: Q_d diag(max(λ_k, 0)) Q_dᵀ over the d largest λ. eigh's vectors are accurate to
    // ~1e-13·‖X‖/gap (docs/algorithms/eigh.md), so 1e-12·‖X‖_F covers the comparison.
    const n = 6;
    const q = refOrthogonal(new RefRng(11), n);
    const lambda = [3, 2, 1, -0.5, -1, -2];
    const X = qdqt(q, lambda);
    for (const d of [2, 4, 6]) {
      const U = initialFactor(ir, n, d, { kind: 'svd', X });
      const best = qdqt(q, lambda.map((l, k) => (k < d ? Math.max(l, 0) : 0)));
      expect(diffNorm(gramOf(U).data, best.data)).toBeLessThanOrEqual(1e-12 * norm2(X.data));
    }
  });

  it('determinism: the same seed gives identical bits; another seed differs', () => {
    const a = initialFactor(ir, 7, 4, { kind: 'gaussian', scale: 1, seed: 12, rank: 2 });
    const b = initialFactor(ir, 7, 4, { kind: 'gaussian', scale: 1, seed: 12, rank: 2 });
    const c = initialFactor(ir, 7, 4, { kind: 'gaussian', scale: 1, seed: 13, rank: 2 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(c.data)).not.toEqual(Array.from(a.data));
  });

  it('given: U0 is a copy (mutating the source afterwards changes nothing)', () => {
    const src = gaussMat(14, 4, 3);
    const U = initialFactor(ir, 4, 3, { kind: 'given', U: src });
    const before = Array.from(U.data);
    src.data[0] += 1;
    expect(Array.from(U.data)).toEqual(before);
  });
});

describe('sampleIterations', () => {
  it("'log' (the default) is sorted, distinct, starts at 0 and ends at maxIter", () => {
    for (const maxIter of [0, 1, 7, 1000, 123457]) {
      const s = Array.from(sampleIterations(maxIter));
      expect(s[0]).toBe(0);
      expect(s[s.length - 1]).toBe(maxIter);
      for (let k = 1; k < s.length; k++) expect(s[k]).toBeGreaterThan(s[k - 1]);
      expect(s.length).toBeLessThanOrEqual(102);
    }
  });

  it('an explicit list is sorted, de-duplicated and clipped to maxIter; { every } steps from 0', () => {
    expect(Array.from(sampleIterations(20, [10, 0, 5, 5, 25]))).toEqual([0, 5, 10]);
    expect(Array.from(sampleIterations(10, { every: 4 }))).toEqual([0, 4, 8]);
  });

  it('a negative or fractional iteration in the list is an error naming it (not silently dropped)', () => {
    expect(() => sampleIterations(20, [10, -1])).toThrow(/sampleIterations: argument record must list non-negative integer iterations, got -1/);
    expect(() => sampleIterations(20, [2.5])).toThrow(/got 2\.5/);
  });
});

// ------------------------------------------------------------------------------------------------

describe('factoredGD, exact line search: the step minimizes φ(t) = L(U0 − tG0) over [0, ηmax]', () => {
  // Reference: φ sampled at N + 1 = 10⁴ + 1 equally spaced t on [0, ηmax] (resolution Δ = ηmax/10⁴) through
  // lossAndGradient, then golden-section refinement on the bracket [t_best − Δ, t_best + Δ]. The ELS step
  // (history[0].step of a one-iteration run) must lie within Δ of the best sample and of the refined minimizer,
  // and its loss must not exceed theirs by more than the rounding of the two evaluations of L (2·lossSlack).
  const N = 10_000;

  function study(op: SensingOperator, y: ArrayLike<number>, d: number, initSpec: FactorInit, etaMax: number) {
    const n = op.n;
    const h = new OperatorHandle(ir, op);
    try {
      const U0 = initialFactor(ir, n, d, initSpec);
      const G0 = lossAndGradient(ir, h, y, U0).gradient;
      const at = (t: number): Matrix => mat(n, d, U0.data.map((u, i) => u - t * G0.data[i]));
      const phi = (t: number): number => lossAndGradient(ir, h, y, at(t)).loss;
      const delta = etaMax / N;
      let kBest = 0;
      let best = phi(0);
      for (let k = 1; k <= N; k++) {
        const v = phi(k === N ? etaMax : k * delta);
        if (v < best) {
          best = v;
          kBest = k;
        }
      }
      const tBest = kBest === N ? etaMax : kBest * delta;
      // golden section on the bracket around the best sample
      let a = Math.max(0, tBest - delta);
      let b = Math.min(etaMax, tBest + delta);
      const g = (Math.sqrt(5) - 1) / 2;
      for (let it = 0; it < 80; it++) {
        const c = b - g * (b - a);
        const e = a + g * (b - a);
        if (phi(c) <= phi(e)) b = e;
        else a = c;
      }
      const tRef = 0.5 * (a + b);
      const res = factoredGD(ir, { op: h, y, d, init: initSpec, eta: etaMax, els: true, maxIter: 1, record: [0, 1] });
      const tEls = res.history[0].step;
      return { kBest, tBest, best, tRef, phiRef: phi(tRef), tEls, phiEls: phi(tEls), delta, slack: 2 * lossSlack(op, y, at(tEls)), res, U0, G0 };
    } finally {
      h.free();
    }
  }

  function expectInterior(s: ReturnType<typeof study>): void {
    expect(s.kBest).toBeGreaterThan(0); // precondition: the sampled minimizer is interior
    expect(s.kBest).toBeLessThan(N);
    expect(s.res.history[0].iteration).toBe(0);
    expect(Math.abs(s.tEls - s.tBest)).toBeLessThanOrEqual(s.delta);
    expect(Math.abs(s.tEls - s.tRef)).toBeLessThanOrEqual(s.delta);
    expect(s.phiEls).toBeLessThanOrEqual(s.best + s.slack);
    expect(s.phiEls).toBeLessThanOrEqual(s.phiRef + s.slack);
  }

  it('interior minimizer, dense Gaussian sensing (n = 6, d = 4)', () => {
    const op = gaussianSensing({ n: 6, m: 10, seed: 21 });
    const y = measure(op, lowRankPSD({ n: 6, r: 2, seed: 5 }).X);
    expectInterior(study(op, y, 4, { kind: 'gaussian', scale: 1, seed: 7 }, 0.1));
  });

  it('interior minimizer, entry operator (uniform completion; its own line-coefficient path)', () => {
    const op = uniformCompletion({ n: 6, m: 12, seed: 22 });
    const y = measure(op, lowRankPSD({ n: 6, r: 2, seed: 5 }).X);
    expectInterior(study(op, y, 4, { kind: 'gaussian', scale: 1, seed: 7 }, 10));
  });

  it('interior minimizer, commuting operator', () => {
    const op = commutingSensing({ n: 6, m: 4, seed: 23 });
    const y = measure(op, lowRankPSD({ n: 6, r: 2, seed: 5 }).X);
    expectInterior(study(op, y, 4, { kind: 'gaussian', scale: 1, seed: 7 }, 0.5));
  });

  it('interior minimizer from a small initialization (‖U0‖_F = 1e-3: the sums Σr², Σrb, …, Σc² span 9 decades)', () => {
    const { op, y } = sensingProblem(8, 24, 2, 101);
    expectInterior(study(op, y, 8, { kind: 'gaussian', scale: 1e-3, seed: 103 }, 85));
  });

  it('minimizer clipped at ηmax (φ still decreasing at ηmax): the step is exactly ηmax', () => {
    const op = gaussianSensing({ n: 6, m: 10, seed: 21 });
    const y = measure(op, lowRankPSD({ n: 6, r: 2, seed: 5 }).X);
    const s = study(op, y, 4, { kind: 'gaussian', scale: 1, seed: 7 }, 0.02);
    expect(s.kBest).toBe(N); // precondition: the best sample is the right end point
    expect(s.tEls).toBe(0.02);
    expect(s.phiEls).toBeLessThanOrEqual(s.best + s.slack);
  });

  it('two local minima (cubic φ′ with three real roots): the global one is chosen, also when it is the farther one', () => {
    // n = 3, m = 2: a seed for which φ on [0, 0.4] has local minima near t ≈ 0.038 (φ ≈ 0.16) and t ≈ 0.217 (φ ≈ 0.047)
    const op = gaussianSensing({ n: 3, m: 2, seed: 68 });
    const y = measure(op, lowRankPSD({ n: 3, r: 1, seed: 1068 }).X);
    const s = study(op, y, 2, { kind: 'gaussian', scale: 1.5, seed: 2068 }, 0.4);
    expectInterior(s);
    expect(s.tEls).toBeGreaterThan(0.15); // the farther minimum
  });

  it('two local minima with ηmax between them: the nearer one is chosen', () => {
    const op = gaussianSensing({ n: 3, m: 2, seed: 68 });
    const y = measure(op, lowRankPSD({ n: 3, r: 1, seed: 1068 }).X);
    const s = study(op, y, 2, { kind: 'gaussian', scale: 1.5, seed: 2068 }, 0.12);
    expectInterior(s);
    expect(s.tEls).toBeLessThan(0.06);
  });

  it('the ELS iterate is U1 = U0 − t·G0 bit for bit (G0 from lossAndGradient at U0; portable build, as JavaScript does not fuse)', async () => {
    const ir = await init({ fma: false });
    const op = gaussianSensing({ n: 6, m: 10, seed: 21 });
    const y = measure(op, lowRankPSD({ n: 6, r: 2, seed: 5 }).X);
    const init0: FactorInit = { kind: 'gaussian', scale: 1, seed: 7 };
    const U0 = initialFactor(ir, 6, 4, init0);
    const G0 = lossAndGradient(ir, op, y, U0).gradient;
    const res = factoredGD(ir, { op, y, d: 4, init: init0, eta: 0.1, els: true, maxIter: 1, record: [0, 1] });
    const t = res.history[0].step;
    expect(Array.from(res.U.data)).toEqual(Array.from(U0.data, (u, i) => u - t * G0.data[i]));
    expect(res.history[1].loss).toBe(lossAndGradient(ir, op, y, res.U).loss);
  });
});

// ------------------------------------------------------------------------------------------------

describe('xSpaceGD', () => {
  it('from X0 = 0 without projection: the least-norm solution X = A*(ν), (AA*)ν = y, to 1e-9 relative (Frobenius)', () => {
    // Gaussian sensing n = 8, m = 20 < n(n+1)/2 = 36: A(X) = y is under-determined. X_k stays in range(A*) and the
    // residual obeys r_{k+1} = (I − ηAA*)r_k; with η = 1/λmax(AA*) every mode contracts by at least
    // 1 − λmin/λmax per step (κ(AA*) ≈ 40 for this draw, asserted < 100 below), so 3000 steps shrink the error by
    // (1 − 1/100)^3000 ≈ 1e-13. The reference solves the m×m system with the Gram from gramOperator by a plain-TS
    // Cholesky (relative error O(κu) ≈ 1e-14).
    const { op, y } = sensingProblem(8, 20, 2, 31);
    const K = gramOperator(ir, op);
    const ev = ir.eigh(K).values;
    expect(ev[19] / ev[0]).toBeLessThan(100);
    const nu = choleskySolve(K, y);
    const Xln = adjoint(op, nu);
    const res = xSpaceGD(ir, { op, y, eta: 1 / ev[19], maxIter: 3000 });
    expect(res.status).toBe('maxIter');
    expect(relDiff(res.X, Xln)).toBeLessThanOrEqual(1e-9);
  });

  it('projected (Gunasekar X_gd): every iterate is exactly symmetric and PSD (λmin ≥ −1e-13·‖X‖₂)', () => {
    // Π_PSD sets negative eigenvalues to 0 and rebuilds V diag(λ₊) Vᵀ, so the computed eigenvalues of the result
    // are ≥ 0 up to the rounding of that product and of eigh (docs/algorithms/eigh.md: 1e-13·‖X‖₂ absolute)
    const { op, y } = sensingProblem(8, 20, 2, 32);
    const eta = 1 / ir.eigh(gramOperator(ir, op)).values[19];
    for (const k of [1, 5, 50, 500]) {
      const { X } = xSpaceGD(ir, { op, y, eta, project: true, maxIter: k, record: [] });
      for (let i = 0; i < 8; i++) for (let j = 0; j < i; j++) expect(X.data[i * 8 + j]).toBe(X.data[j * 8 + i]);
      const w = ir.eigh(X).values;
      expect(w[0]).toBeGreaterThanOrEqual(-1e-13 * Math.abs(w[7]));
    }
  });

  it('projected with η = 1/λmax(AA*): the loss is non-increasing (projected gradient with step 1/Lipschitz)', () => {
    // f(X) = ¼‖A(X) − y‖² has ∇f = ½A*(r) with Lipschitz constant ½λmax(AA*); the update X − ηA*(r) is the step
    // 2η = 1/Lip on f, for which projected gradient descent decreases f monotonically (Beck 2017, Lemma 10.4).
    // Allowance: the rounding of evaluating f, ~1e-15 relative to f at these magnitudes; we allow 1e-12·f.
    const { op, y } = sensingProblem(8, 20, 2, 33);
    const eta = 1 / ir.eigh(gramOperator(ir, op)).values[19];
    const res = xSpaceGD(ir, { op, y, eta, project: true, maxIter: 300, record: { every: 1 } });
    expect(res.history.length).toBe(301);
    for (let k = 1; k < res.history.length; k++) {
      expect(res.history[k].loss).toBeLessThanOrEqual(res.history[k - 1].loss * (1 + 1e-12));
    }
    expect(res.history[300].loss).toBeLessThan(1e-3 * res.history[0].loss);
  });

  it('the least-norm solution is not the ground truth here (the test above is not vacuous)', () => {
    const { op, y, Xstar } = sensingProblem(8, 20, 2, 31);
    const Xln = adjoint(op, choleskySolve(gramOperator(ir, op), y));
    expect(relDiff(Xln, Xstar)).toBeGreaterThan(0.1);
  });
});

// ------------------------------------------------------------------------------------------------

describe('gradientFlow', () => {
  it('the loss is non-increasing along the trajectory (400 tEval snapshots), up to the rounding of evaluating L', () => {
    // The exact flow has dL/dt = −‖∇L‖² ≤ 0. Snapshots are integrator states (steps land on tEval, no
    // interpolation). Between consecutive snapshots L must not increase by more than the rounding of the two
    // evaluations (lossSlack, a worst-case bound: 2e-14·L at the start, 7e-11·L at t = 20 where r is small and the
    // cancellation in A(UUᵀ) − y dominates); the measured per-snapshot decrease is ≥ 1% throughout, so an
    // integrator error of rtol = 1e-9 cannot produce a genuine increase either.
    const { op, y } = sensingProblem(6, 15, 2, 71);
    const tEval = Array.from({ length: 400 }, (_, k) => 0.05 * (k + 1));
    const fl = gradientFlow(ir, { op, y, init: { kind: 'gaussian', scale: 1e-2, seed: 73 }, tMax: 20, tEval, gtol: 0 });
    expect(fl.snapshots.length).toBe(400);
    const h = new OperatorHandle(ir, op);
    try {
      const L = fl.snapshots.map((s) => lossAndGradient(ir, h, y, s.U).loss);
      for (let k = 1; k < L.length; k++) {
        const slack = lossSlack(op, y, fl.snapshots[k].U) + lossSlack(op, y, fl.snapshots[k - 1].U);
        expect(L[k]).toBeLessThanOrEqual(L[k - 1] + slack);
      }
      expect(L[L.length - 1]).toBeLessThan(1e-3 * L[0]);
    } finally {
      h.free();
    }
  });

  for (const d of [5, 2]) it(`m = 1, A ≻ 0, d = ${d}: every snapshot lies on the curve s ↦ exp(−sA)X0exp(−sA) (to 1e-8 relative)`, () => {
    // For m = 1 the flow is U̇ = −r(t)·A·U with a scalar r, so U(t) = exp(−s_t A)U0, s_t = ∫₀ᵗ r. With
    // A = Q diag(a) Qᵀ (a > 0, Q known) and B = QᵀX0Q, f(s) = ⟨A, X(s)⟩ = Σ_l a_l e^{−2s a_l} B_ll is strictly
    // decreasing, so s is found by bisection on the first (only) measurement of each snapshot, and then the whole
    // matrix must match. rtol = 1e-10, atol = 1e-14: the accumulated error of ~150 controlled steps is ≲ 100·rtol
    // relative; 1e-8 leaves that margin (observed ≤ 1.1e-12).
    const n = 5;
    const q = refOrthogonal(new RefRng(51), n);
    const a = [1, 1.4, 1.9, 2.5, 3];
    const A = qdqt(q, a);
    const op = packDense(n, [A]);
    const y = [0.7];
    const init0: FactorInit = { kind: 'gaussian', scale: 1, seed: 52 };
    const B = congruence(q, gramOf(initialFactor(ir, n, d, init0)));
    const f = (s: number): number => a.reduce((acc, al, l) => acc + al * Math.exp(-2 * s * al) * B.data[l * n + l], 0);
    const onCurve = (s: number): Matrix => {
      const C = mat(n, n, B.data.map((v, idx) => Math.exp(-s * (a[Math.floor(idx / n)] + a[idx % n])) * v));
      return naiveMatmul(naiveMatmul(q, C), q, false, true);
    };
    expect(f(0)).toBeGreaterThan(y[0]); // r(0) > 0: s_t increases from 0
    const tEval = [0.05, 0.1, 0.2, 0.5, 1, 2, 5];
    const fl = gradientFlow(ir, { op, y, d, init: init0, tMax: 5, tEval, rtol: 1e-10, atol: 1e-14, gtol: 0 });
    expect(fl.snapshots.length).toBe(tEval.length);
    let sPrev = 0;
    for (const snap of fl.snapshots) {
      const X = gramOf(snap.U);
      const target = dot(A.data, X.data);
      let lo = -1;
      let hi = 10;
      for (let it = 0; it < 200; it++) {
        const mid = 0.5 * (lo + hi);
        if (f(mid) > target) lo = mid;
        else hi = mid;
      }
      const s = 0.5 * (lo + hi);
      expect(s).toBeGreaterThanOrEqual(sPrev); // s_t = ∫ r is non-decreasing while r ≥ 0
      sPrev = s;
      expect(relDiff(X, onCurve(s))).toBeLessThanOrEqual(1e-8);
    }
    // the last snapshot (t = tMax) is the returned state
    expect(Array.from(fl.snapshots[tEval.length - 1].U.data)).toEqual(Array.from(fl.U.data));
  });

  it('a tEval snapshot at t = 0 is U0, and the returned loss is L(U) at the returned U', () => {
    const { op, y } = sensingProblem(5, 8, 1, 74);
    const init0: FactorInit = { kind: 'gaussian', scale: 0.5, seed: 75 };
    const fl = gradientFlow(ir, { op, y, init: init0, tMax: 1, tEval: [0, 0.5] });
    expect(Array.from(fl.snapshots[0].U.data)).toEqual(Array.from(initialFactor(ir, 5, 5, init0).data));
    expect(fl.loss).toBe(lossAndGradient(ir, op, y, fl.U).loss);
  });
});

describe('gradientFlow snapshots and early stops', () => {
  it('requested times after a gtol stop are not returned; those before it are', () => {
    const { op, y } = sensingProblem(5, 8, 1, 76);
    const fl = gradientFlow(ir, { op, y, init: { kind: 'gaussian', scale: 0.5, seed: 77 }, tMax: 1e6, gtol: 1e-6, tEval: [0.5, 1, 1e5, 9e5] });
    expect(fl.status).toBe('converged');
    expect(fl.t).toBeLessThan(1e5);
    expect(fl.snapshots.map((x) => x.t)).toEqual([0.5, 1]);
  });
});

describe('η → 0: GD and the time-ordered exponential approach the RK45 flow with error ∝ η', () => {
  // Both are first-order one-step methods for U̇ = −A*(r)U (explicit Euler; exponential Euler U ← e^{−ηA*(r)}U),
  // so at a fixed time T the global error is C·η + O(η²) and halving η halves it: the ratio must be in [1.6, 2.5]
  // (observed 1.98–2.01). The reference is gradientFlow at rtol = 1e-12, atol = 1e-15; its own error (checked
  // against rtol = 1e-10: ~1e-11) is ≥ 10⁴× below the smallest GD error (~4e-4), so it cannot bias the ratios.
  const n = 5;
  const T = 0.4;
  const etas = [4e-3, 2e-3, 1e-3];
  const init0: FactorInit = { kind: 'gaussian', scale: 0.5, seed: 43 };
  const problem = () => sensingProblem(n, 6, 1, 41);
  const reference = (d = n) => {
    const { op, y } = problem();
    return gradientFlow(ir, { op, y, d, init: init0, tMax: T, rtol: 1e-12, atol: 1e-15, gtol: 0 });
  };

  it('the reference flow reaches T and is accurate far below the discretization errors', () => {
    const { op, y } = problem();
    const ref = reference();
    const coarse = gradientFlow(ir, { op, y, init: init0, tMax: T, rtol: 1e-10, atol: 1e-13, gtol: 0 });
    expect(ref.status).toBe('tMax');
    expect(ref.t).toBe(T);
    expect(relDiff(coarse.U, ref.U)).toBeLessThan(1e-9);
    // and the trajectory moves: ‖U(T) − U0‖ is O(‖U0‖)
    expect(relDiff(ref.U, initialFactor(ir, n, n, init0))).toBeGreaterThan(0.5);
  });

  for (const method of ['factoredGD', 'timeOrderedExp'] as const) for (const d of [n, 2]) {
    it(`${method}, d = ${d}: errors at T = ${T} for η = 4e-3, 2e-3, 1e-3 halve with η (ratios in [1.6, 2.5])`, () => {
      const { op, y } = problem();
      const ref = reference(d);
      const errs = etas.map((eta) => {
        const o = { op, y, d, init: init0, eta, maxIter: Math.round(T / eta), record: [] as number[] };
        const r = method === 'factoredGD' ? factoredGD(ir, o) : timeOrderedExp(ir, o);
        expect(r.status).toBe('maxIter');
        return relDiff(r.U, ref.U);
      });
      expect(errs[2]).toBeLessThan(1e-2);
      for (let k = 0; k < 2; k++) {
        const ratio = errs[k] / errs[k + 1];
        expect(ratio).toBeGreaterThanOrEqual(1.6);
        expect(ratio).toBeLessThanOrEqual(2.5);
      }
    });
  }
});

// ------------------------------------------------------------------------------------------------

describe('commuting measurements from U0 = αI: X stays in the commutative algebra {V diag(·) Vᵀ}', () => {
  // A_i = V diag(d_i) Vᵀ and U0 = αI (X0 = α²I). GD multiplies U by I − ηA*(r), the time-ordered exponential by
  // exp(−ηA*(r)) (a Padé rational function of it), and every RK45 stage is a linear combination of such products:
  // all stay in the algebra exactly, so VᵀXV is diagonal up to the rounding of each step (O(u)·‖X‖ per step, a few
  // hundred u after 10³ steps). Bound: max|off-diagonal| ≤ 1e-12·max|diagonal| at every checked iterate
  // (observed ≤ 6e-15). The flow is held to the same bound: its stages are in the algebra too.
  const n = 6;
  const op = commutingSensing({ n, m: 3, seed: 61 });
  const y = measure(op, lowRankPSD({ n, r: 2, seed: 62 }).X);
  const alpha = 0.1;
  const init0: FactorInit = { kind: 'identity', alpha };
  const iters = [1, 10, 100, 1000];

  const eigenbasisDiag = (U: Matrix): { off: number; diag: number; w: number[] } => {
    const M = congruence(op.V, gramOf(U));
    let off = 0;
    let diag = 0;
    const w: number[] = [];
    for (let i = 0; i < n; i++) {
      w.push(M.data[i * n + i]);
      for (let j = 0; j < n; j++) {
        const v = Math.abs(M.data[i * n + j]);
        if (i === j) diag = Math.max(diag, v);
        else off = Math.max(off, v);
      }
    }
    return { off, diag, w };
  };

  /**
   * Distance of X = V diag(w) Vᵀ from the manifold {exp(−A*(s))X0exp(−A*(s))} = {α² exp(−2V diag(Dᵀs) Vᵀ)}:
   * the component of log(w/α²) outside range(Dᵀ) (an n-vector, projected by modified Gram–Schmidt on the rows of D).
   */
  const offManifold = (w: number[], d: CommutingOperator): number => {
    const basis: number[][] = [];
    for (let i = 0; i < d.m; i++) {
      let v = Array.from(d.d.subarray(i * n, (i + 1) * n));
      for (const b of basis) {
        const c = dot(b, v);
        v = v.map((x, l) => x - c * b[l]);
      }
      const nv = norm2(v);
      basis.push(v.map((x) => x / nv));
    }
    let res = w.map((x) => Math.log(x / (alpha * alpha)));
    for (const b of basis) {
      const c = dot(b, res);
      res = res.map((x, l) => x - c * b[l]);
    }
    return norm2(res);
  };

  it('factoredGD (η = 0.05): VᵀXV diagonal to 1e-12 after 1, 10, 100, 1000 iterations', () => {
    for (const k of iters) {
      const r = factoredGD(ir, { op, y, init: init0, eta: 0.05, maxIter: k, record: [] });
      const { off, diag } = eigenbasisDiag(r.U);
      expect(off).toBeLessThanOrEqual(1e-12 * diag);
    }
  });

  it('timeOrderedExp (η = 0.05): VᵀXV diagonal to 1e-12 after 1, 10, 100, 1000 iterations', () => {
    for (const k of iters) {
      const r = timeOrderedExp(ir, { op, y, init: init0, eta: 0.05, maxIter: k, record: [] });
      const { off, diag } = eigenbasisDiag(r.U);
      expect(off).toBeLessThanOrEqual(1e-12 * diag);
    }
  });

  it('gradientFlow: VᵀXV diagonal to 1e-12 at t = 0.1, 1, 10, 50', () => {
    const fl = gradientFlow(ir, { op, y, init: init0, tMax: 50, tEval: [0.1, 1, 10, 50], gtol: 0 });
    expect(fl.snapshots.length).toBe(4);
    for (const s of fl.snapshots) {
      const { off, diag } = eigenbasisDiag(s.U);
      expect(off).toBeLessThanOrEqual(1e-12 * diag);
    }
  });

  it('timeOrderedExp stays ON the manifold X = exp(−A*(s))X0exp(−A*(s)) to rounding (log-eigenvalues in range(Dᵀ))', () => {
    // U_k = Π exp(−ηA*(r_j))·αI = α·exp(−A*(η Σ r_j)) exactly in exact arithmetic, so log(w/α²) = −2Dᵀs ∈ range(Dᵀ).
    // Each step perturbs each log-eigenvalue by O(u) (relative rounding of the eigenvalue), so after k ≤ 1000 steps
    // the component outside range(Dᵀ) is ≤ ~k·few·u ≈ 1e-13; bound 1e-12 (observed 1.5e-14 at k = 1000) against
    // ‖log(w/α²)‖ ≈ 6.
    for (const k of iters) {
      const r = timeOrderedExp(ir, { op, y, init: init0, eta: 0.05, maxIter: k, record: [] });
      expect(offManifold(eigenbasisDiag(r.U).w, op)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('gradientFlow stays on the manifold to the integrator tolerance (default rtol = 1e-9: bound 1e-8)', () => {
    // the log-eigenvalue error is the relative error of the eigenvalues, i.e. the integrator's global relative
    // error: a few times rtol (observed 3.4e-10)
    const fl = gradientFlow(ir, { op, y, init: init0, tMax: 50, tEval: [0.1, 1, 10, 50], gtol: 0 });
    for (const s of fl.snapshots) expect(offManifold(eigenbasisDiag(s.U).w, op)).toBeLessThanOrEqual(1e-8);
  });

  it('GD is in the algebra but not on the manifold: its distance is O(η), not rounding (the manifold check discriminates)', () => {
    // (1 − ηλ) ≠ e^{−ηλ}: log-eigenvalues pick up O(η²) per step outside range(Dᵀ); observed 0.14 after 100 steps
    const r = factoredGD(ir, { op, y, init: init0, eta: 0.05, maxIter: 100, record: [] });
    expect(offManifold(eigenbasisDiag(r.U).w, op)).toBeGreaterThan(1e-3);
  });
});

// ------------------------------------------------------------------------------------------------

describe('implicit bias (Gunasekar et al. 2017): small initialization finds the low-rank solution', () => {
  // n = 20, r = 1, m = 3nr = 60 < n(n+1)/2 = 210. GD from ‖U0‖_F = 1e-4 with η = 1e-3 (Gaussian sensing:
  // λmax(AA*) ≈ 890 ≈ 2n² here, and the curvature of L at ‖X‖_F = 1 is of that order, so η must stay below ~2e-3)
  // fitted to L ≤ 1e-8 recovers X* (relative error < 1e-2; observed 5e-5), while the minimum-Frobenius solution
  // (xSpaceGD from 0) of the same equations is far from it (> 0.3; observed 0.78).
  const { op, y, Xstar } = sensingProblem(20, 60, 1, 81);

  it('factoredGD from ‖U0‖_F = 1e-4, η = 1e-3, to L ≤ 1e-8: relative error < 1e-2', () => {
    const res = factoredGD(ir, { op, y, init: { kind: 'gaussian', scale: 1e-4, seed: 83 }, eta: 1e-3, maxIter: 300_000, ltol: 1e-8, record: [] });
    expect(res.status).toBe('converged');
    expect(res.loss).toBeLessThanOrEqual(1e-8);
    expect(relDiff(gramOf(res.U), Xstar)).toBeLessThan(1e-2);
  });

  it('xSpaceGD from 0 (minimum Frobenius norm) fits the data but has relative error > 0.3', () => {
    const K = gramOperator(ir, op);
    const ev = ir.eigh(K).values;
    // η = 1/λmax(AA*): contraction ≥ 1 − λmin/λmax ≈ 0.9 per step (κ ≈ 10), so 2000 steps reach rounding
    const res = xSpaceGD(ir, { op, y, eta: 1 / ev[ev.length - 1], maxIter: 2000, ltol: 1e-24 });
    expect(res.loss).toBeLessThanOrEqual(1e-20);
    expect(relDiff(res.X, Xstar)).toBeGreaterThan(0.3);
  });
});

// ------------------------------------------------------------------------------------------------

describe('divergence: a too-large step ends with status diverged, the last finite iterate and its finite loss', () => {
  const { op, y } = sensingProblem(5, 8, 1, 91);
  const init0: FactorInit = { kind: 'gaussian', scale: 1, seed: 93 };
  const maxIter = 1000;

  it('factoredGD, η = 1', () => {
    const res = factoredGD(ir, { op, y, init: init0, eta: 1, maxIter, record: { every: 1 } });
    expect(res.status).toBe('diverged');
    expect(res.iterations).toBeLessThan(maxIter);
    expect(allFinite(res.U.data)).toBe(true);
    expect([res.loss, res.gradNorm, res.trace].every(Number.isFinite)).toBe(true);
    for (const p of res.history) expect([p.loss, p.gradNorm, p.trace, p.step].every(Number.isFinite)).toBe(true);
    // the reported loss is the loss of the returned iterate (same kernel: bit for bit)
    expect(res.loss).toBe(lossAndGradient(ir, op, y, res.U).loss);
  });

  it('factoredGD, η = 1: the returned U is the last recorded (finite) iterate, bit for bit', () => {
    const res = factoredGD(ir, { op, y, init: init0, eta: 1, maxIter, record: { every: 1 } });
    const last = res.history[res.history.length - 1];
    expect(res.loss).toBe(last.loss);
    const again = factoredGD(ir, { op, y, init: init0, eta: 1, maxIter: last.iteration, record: [] });
    expect(again.status).toBe('maxIter');
    expect(Array.from(res.U.data)).toEqual(Array.from(again.U.data));
  });

  it('xSpaceGD, η = 1 (λmax(AA*) ≫ 2)', () => {
    const res = xSpaceGD(ir, { op, y, eta: 1, maxIter, record: { every: 1 } });
    expect(res.status).toBe('diverged');
    expect(res.iterations).toBeLessThan(maxIter);
    expect(allFinite(res.X.data)).toBe(true);
    expect([res.loss, res.gradNorm, res.trace].every(Number.isFinite)).toBe(true);
    for (const p of res.history) expect([p.loss, p.gradNorm, p.trace].every(Number.isFinite)).toBe(true);
    // the reported loss is that of the returned X (recomputed in plain TS: relative 1e-12 covers the rounding of
    // the two evaluations at these magnitudes)
    const r = measure(op, res.X).map((v, i) => v - y[i]);
    expect(Math.abs(res.loss - 0.25 * dot(r, r))).toBeLessThanOrEqual(1e-12 * res.loss);
  });

  it('xSpaceGD, η = 1: the returned X is the last recorded (finite) iterate, bit for bit', () => {
    const res = xSpaceGD(ir, { op, y, eta: 1, maxIter, record: { every: 1 } });
    const last = res.history[res.history.length - 1];
    expect(res.loss).toBe(last.loss);
    const again = xSpaceGD(ir, { op, y, eta: 1, maxIter: last.iteration, record: [] });
    expect(Array.from(res.X.data)).toEqual(Array.from(again.X.data));
  });

  it('every solver: iterations is the index of the returned iterate, divergedAt the iteration that failed', () => {
    const runs = [
      factoredGD(ir, { op, y, init: init0, eta: 1, maxIter, record: { every: 1 } }),
      xSpaceGD(ir, { op, y, eta: 1, maxIter, record: { every: 1 } }),
      ...[1, 10, 1e8].map((eta) => timeOrderedExp(ir, { op, y, init: init0, eta, maxIter, record: { every: 1 } })),
    ];
    for (const res of runs) {
      expect(res.status).toBe('diverged');
      const last = res.history[res.history.length - 1];
      expect(last.iteration).toBe(res.iterations);
      expect(res.divergedAt).toBe(res.iterations + 1);
    }
    const fine = factoredGD(ir, { op, y, init: init0, eta: 1e-4, maxIter: 10 });
    expect(fine.divergedAt).toBeUndefined();
  });

  for (const eta of [1, 10, 1e8]) {
    it(`timeOrderedExp, η = ${eta}`, () => {
      const res = timeOrderedExp(ir, { op, y, init: init0, eta, maxIter, record: { every: 1 } });
      expect(res.status).toBe('diverged');
      expect(res.iterations).toBeLessThan(maxIter);
      expect(allFinite(res.U.data)).toBe(true);
      expect([res.loss, res.gradNorm, res.trace].every(Number.isFinite)).toBe(true);
      for (const p of res.history) expect([p.loss, p.gradNorm, p.trace].every(Number.isFinite)).toBe(true);
      expect(res.loss).toBe(lossAndGradient(ir, op, y, res.U).loss);
      // the returned U is the last recorded iterate
      const last = res.history[res.history.length - 1];
      expect(res.loss).toBe(last.loss);
      const again = timeOrderedExp(ir, { op, y, init: init0, eta, maxIter: last.iteration, record: [] });
      expect(Array.from(res.U.data)).toEqual(Array.from(again.U.data));
    });
  }
});

// ------------------------------------------------------------------------------------------------

describe('edge cases', () => {
  it('n = d = 1: GD is the scalar recursion u ← u − η·(Σ_i a_i(a_i u² − y_i))·u (plain TS, 1e-13 relative after 200 steps)', () => {
    // the scalar problem has no summation-order freedom except Σ_i over m = 4 terms; each step's rounding is a few
    // u and the map is contracting near the fit, so 200 steps stay within ~1e-14 (bound 1e-13)
    const op = gaussianSensing({ n: 1, m: 4, seed: 99 });
    const y = Float64Array.from(op.packed, (a) => a * 0.81); // X* = 0.81, u* = 0.9
    let u = 0.2;
    for (let k = 0; k < 200; k++) {
      let z = 0;
      for (let i = 0; i < 4; i++) z += (op.packed[i] * u * u - y[i]) * op.packed[i];
      u -= 0.05 * z * u;
    }
    const res = factoredGD(ir, { op, y, init: { kind: 'identity', alpha: 0.2 }, eta: 0.05, maxIter: 200, record: [] });
    expect(Math.abs(res.U.data[0] - u)).toBeLessThanOrEqual(1e-13 * Math.abs(u));
    expect(Math.abs(u - 0.9)).toBeLessThan(1e-6); // and it has converged to the scalar solution
  });

  it('maxIter = 0: U0 is returned untouched with its loss, status maxIter, history [0]', () => {
    const { op, y } = sensingProblem(5, 8, 1, 95);
    const init0: FactorInit = { kind: 'gaussian', scale: 0.5, seed: 96 };
    const res = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: 0 });
    const U0 = initialFactor(ir, 5, 5, init0);
    expect(res.status).toBe('maxIter');
    expect(res.iterations).toBe(0);
    expect(Array.from(res.U.data)).toEqual(Array.from(U0.data));
    expect(res.loss).toBe(lossAndGradient(ir, op, y, U0).loss);
    expect(res.history.map((p) => p.iteration)).toEqual([0]);
  });

  it('solvers free all wasm memory, also when they throw: 300 rounds of every solver keep heap.byteLength constant', () => {
    const { op, y } = sensingProblem(8, 30, 2, 94);
    const init0: FactorInit = { kind: 'gaussian', scale: 0.5, seed: 96 };
    const round = () => {
      factoredGD(ir, { op, y, init: init0, eta: 0.001, maxIter: 5, els: true });
      timeOrderedExp(ir, { op, y, init: init0, eta: 0.001, maxIter: 5 });
      xSpaceGD(ir, { op, y, eta: 0.001, maxIter: 5, project: true });
      gradientFlow(ir, { op, y, init: init0, tMax: 0.01, tEval: [0.005] });
      thrown(() => factoredGD(ir, { op, y, init: { kind: 'gaussian', scale: -1, seed: 1 }, eta: 0.01, maxIter: 1 }));
      thrown(() => gradientFlow(ir, { op, y, init: init0, tMax: 1, tEval: [0.5, 0.2] }));
    };
    for (let i = 0; i < 3; i++) round();
    const size = ir.heap.byteLength;
    for (let i = 0; i < 300; i++) round();
    expect(ir.heap.byteLength).toBe(size);
  });
});

describe('statuses', () => {
  const { op, y } = sensingProblem(5, 8, 1, 95);
  const init0: FactorInit = { kind: 'gaussian', scale: 0.5, seed: 96 };

  it('factoredGD converged via ltol: stops at the first iterate with L ≤ ltol', () => {
    const res = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: 100_000, ltol: 1e-6, record: { every: 1 } });
    expect(res.status).toBe('converged');
    expect(res.loss).toBeLessThanOrEqual(1e-6);
    expect(res.iterations).toBeLessThan(100_000);
    const last = res.history[res.history.length - 1];
    expect(last.iteration).toBe(res.iterations);
    for (const p of res.history.slice(0, -1)) expect(p.loss).toBeGreaterThan(1e-6);
  });

  it('factoredGD converged via gtol: stops at the first iterate with ‖∇L‖_F ≤ gtol and the data fitted', () => {
    const res = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: 100_000, gtol: 1e-4, record: { every: 1 } });
    // fitted: ‖A(X) − y‖ ≤ fitTol·‖y‖ with the default fitTol = 1e-4, i.e. L ≤ ¼(1e-4‖y‖)²
    const fitLoss = 0.25 * (1e-4 * norm2(y)) ** 2;
    expect(res.status).toBe('converged');
    expect(res.gradNorm).toBeLessThanOrEqual(1e-4);
    expect(res.loss).toBeLessThanOrEqual(fitLoss);
    expect(res.loss).toBeGreaterThan(0);
    expect(res.history[res.history.length - 1].iteration).toBe(res.iterations);
    for (const p of res.history.slice(0, -1)) expect(p.gradNorm > 1e-4 || p.loss > fitLoss).toBe(true);
    // ‖∇L‖ reported is the Frobenius norm of the gradient at the returned U (relative 1e-14: two summation orders)
    expect(Math.abs(res.gradNorm - norm2(lossAndGradient(ir, op, y, res.U).gradient.data))).toBeLessThanOrEqual(1e-14 * res.gradNorm);
  });

  it('a small gradient next to the saddle U = 0 does not stop GD: from ‖U0‖_F = 1e-7 (‖∇L(U0)‖ < gtol) it runs on to a fit', () => {
    const tiny: FactorInit = { kind: 'gaussian', scale: 1e-7, seed: 96 };
    const start = lossAndGradient(ir, op, y, initialFactor(ir, 5, 5, tiny)).gradient;
    expect(norm2(start.data)).toBeLessThan(1e-4); // the old rule would have stopped here as 'converged'
    const res = factoredGD(ir, { op, y, init: tiny, eta: 0.01, maxIter: 200_000, gtol: 1e-4 });
    expect(res.status).toBe('converged');
    expect(res.loss).toBeLessThanOrEqual(0.25 * (1e-4 * norm2(y)) ** 2);
    expect(res.iterations).toBeGreaterThan(0);
  });

  it("'stationary': d = 1 cannot fit rank-2 data; GD settles at a rank-1 stationary point and says so at maxIter", () => {
    const p2 = sensingProblem(5, 12, 2, 97);
    const res = factoredGD(ir, { op: p2.op, y: p2.y, d: 1, init: init0, eta: 0.01, maxIter: 100_000, gtol: 1e-6 });
    expect(res.status).toBe('stationary');
    expect(res.iterations).toBe(100_000);
    expect(res.gradNorm).toBeLessThanOrEqual(1e-6);
    // not fitted: the relative residual stays far above fitTol = 1e-4
    expect(Math.sqrt(4 * res.loss) / norm2(p2.y)).toBeGreaterThan(1e-2);
  });

  it('factoredGD maxIter: exactly maxIter iterations', () => {
    const res = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: 50 });
    expect(res.status).toBe('maxIter');
    expect(res.iterations).toBe(50);
    expect(res.history[res.history.length - 1].iteration).toBe(50);
  });

  it('timeOrderedExp converged via ltol', () => {
    const res = timeOrderedExp(ir, { op, y, init: init0, eta: 0.01, maxIter: 100_000, ltol: 1e-6 });
    expect(res.status).toBe('converged');
    expect(res.loss).toBeLessThanOrEqual(1e-6);
  });

  it('xSpaceGD converged via gtol (‖A*(r)‖_F ≤ gtol)', () => {
    const res = xSpaceGD(ir, { op, y, eta: 0.01, maxIter: 100_000, gtol: 1e-8 });
    expect(res.status).toBe('converged');
    expect(res.gradNorm).toBeLessThanOrEqual(1e-8);
  });

  it("gradientFlow tMax: status 'tMax' at t = tMax exactly", () => {
    const res = gradientFlow(ir, { op, y, init: init0, tMax: 0.5, gtol: 0 });
    expect(res.status).toBe('tMax');
    expect(res.t).toBe(0.5);
  });

  it('gradientFlow converged via gtol before tMax', () => {
    const res = gradientFlow(ir, { op, y, init: init0, tMax: 1e6, gtol: 1e-6 });
    expect(res.status).toBe('converged');
    expect(res.gradNorm).toBeLessThanOrEqual(1e-6);
    expect(res.t).toBeLessThan(1e6);
  });

  it('gradientFlow converged via ltol before tMax', () => {
    const res = gradientFlow(ir, { op, y, init: init0, tMax: 1e6, gtol: 0, ltol: 1e-10 });
    expect(res.status).toBe('converged');
    expect(res.loss).toBeLessThanOrEqual(1e-10);
    expect(res.t).toBeLessThan(1e6);
  });

  it("gradientFlow maxSteps: status 'maxIter' after exactly maxSteps accepted steps", () => {
    const res = gradientFlow(ir, { op, y, init: init0, tMax: 1e6, gtol: 0, maxSteps: 5 });
    expect(res.status).toBe('maxIter');
    expect(res.steps).toBe(5);
  });
});

describe('history', () => {
  const { op, y } = sensingProblem(5, 8, 1, 95);
  const init0: FactorInit = { kind: 'gaussian', scale: 0.5, seed: 96 };

  it('records exactly the requested iterations (record: [0, 5, 10], maxIter 20)', () => {
    const res = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: 20, record: [0, 5, 10] });
    expect(res.history.map((p) => p.iteration)).toEqual([0, 5, 10]);
  });

  it('stops at the stopping iteration: requested iterations after it are absent, the stop itself is recorded', () => {
    const probe = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: 100_000, ltol: 1e-6, record: [] });
    const k = probe.iterations;
    expect(k).toBeGreaterThan(10);
    const res = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: 100_000, ltol: 1e-6, record: [0, 5, k, k + 1, k + 100, 99_999] });
    expect(res.history.map((p) => p.iteration)).toEqual([0, 5, k]);
  });

  it("'log' (the default) records iteration 0, the last iteration, and exactly sampleIterations(maxIter)", () => {
    const res = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: 1000 });
    expect(res.status).toBe('maxIter');
    expect(res.history.map((p) => p.iteration)).toEqual(Array.from(sampleIterations(1000)));
    expect(res.history[0].iteration).toBe(0);
  });

  it('record values equal an independent re-run stopped at that iteration (loss bit for bit, ‖∇L‖ and tr X to 1e-14)', () => {
    const res = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: 20, record: [0, 5, 10] });
    for (const p of res.history) {
      const U = factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: p.iteration, record: [] }).U;
      const lg = lossAndGradient(ir, op, y, U);
      expect(p.loss).toBe(lg.loss);
      expect(Math.abs(p.gradNorm - norm2(lg.gradient.data))).toBeLessThanOrEqual(1e-14 * p.gradNorm);
      expect(Math.abs(p.trace - dot(U.data, U.data))).toBeLessThanOrEqual(1e-14 * p.trace);
      expect(p.step).toBe(0.01);
    }
  });

  it('xSpaceGD and timeOrderedExp record exactly the requested iterations too', () => {
    expect(xSpaceGD(ir, { op, y, eta: 0.01, maxIter: 20, record: [0, 5, 10] }).history.map((p) => p.iteration)).toEqual([0, 5, 10]);
    expect(timeOrderedExp(ir, { op, y, init: init0, eta: 0.01, maxIter: 20, record: [0, 5, 10] }).history.map((p) => p.iteration)).toEqual([0, 5, 10]);
  });
});

// ------------------------------------------------------------------------------------------------

describe('bad input (one case each): ImplicitRegError with its code, the message names the argument', () => {
  const { op, y } = sensingProblem(5, 8, 1, 97);
  const init0: FactorInit = { kind: 'gaussian', scale: 1, seed: 98 };

  it('U0 rows ≠ n (init given 6×5 for n = 5): shape, names init.U', () => {
    const e = thrown(() => factoredGD(ir, { op, y, init: { kind: 'given', U: gaussMat(1, 6, 5) }, eta: 0.01, maxIter: 1 }));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/argument options\.init\.U must be 5×5, got 6×5/);
  });

  it('y of the wrong length: shape, names y', () => {
    const e = thrown(() => factoredGD(ir, { op, y: y.subarray(0, 7), init: init0, eta: 0.01, maxIter: 1 }));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/^factoredGD: argument options\.y must have length 8, got 7/);
  });

  it('d > n: shape, names d', () => {
    const e = thrown(() => factoredGD(ir, { op, y, d: 6, init: init0, eta: 0.01, maxIter: 1 }));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/argument d must be an integer in \[1, n = 5\], got 6/);
  });

  it('negative init scale: value, names init.scale', () => {
    const e = thrown(() => factoredGD(ir, { op, y, init: { kind: 'gaussian', scale: -1, seed: 1 }, eta: 0.01, maxIter: 1 }));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/argument options\.init\.scale must be a finite number ≥ 0, got -1/);
  });

  it('zero step: value, names eta', () => {
    const e = thrown(() => factoredGD(ir, { op, y, init: init0, eta: 0, maxIter: 1 }));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/^factoredGD: argument options\.eta must be a finite number > 0, got 0/);
  });

  it('negative step (timeOrderedExp): value, names eta', () => {
    const e = thrown(() => timeOrderedExp(ir, { op, y, init: init0, eta: -0.1, maxIter: 1 }));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/^timeOrderedExp: argument options\.eta must be a finite number > 0, got -0\.1/);
  });

  it('non-finite y: nonfinite, names y and the index', () => {
    const bad = Float64Array.from(y);
    bad[2] = NaN;
    const e = thrown(() => factoredGD(ir, { op, y: bad, init: init0, eta: 0.01, maxIter: 1 }));
    expect(e.code).toBe('nonfinite');
    expect(e.message).toMatch(/^factoredGD: argument options\.y must be finite, got NaN at index 2/);
  });

  it('non-finite y (gradientFlow, Infinity): nonfinite, names y', () => {
    const bad = Float64Array.from(y);
    bad[0] = Infinity;
    const e = thrown(() => gradientFlow(ir, { op, y: bad, init: init0, tMax: 1 }));
    expect(e.code).toBe('nonfinite');
    expect(e.message).toMatch(/^gradientFlow: argument options\.y must be finite, got Infinity at index 0/);
  });

  it('non-finite X0 (xSpaceGD): nonfinite, names X0', () => {
    const X0 = mat(5, 5);
    X0.data[6] = Infinity;
    const e = thrown(() => xSpaceGD(ir, { op, y, X0, eta: 0.01, maxIter: 1 }));
    expect(e.code).toBe('nonfinite');
    expect(e.message).toMatch(/^xSpaceGD: argument options\.X0 must be finite, got Infinity at index 6/);
  });

  it('X0 of the wrong size (xSpaceGD): shape, names X0', () => {
    const e = thrown(() => xSpaceGD(ir, { op, y, X0: mat(4, 4), eta: 0.01, maxIter: 1 }));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/^xSpaceGD: argument options\.X0 must be 5×5, got 4×4/);
  });

  it('entry operator index out of range given to a solver: value, names op', () => {
    const bad = { kind: 'entry' as const, n: 5, m: 2, rows: Int32Array.from([0, 5]), cols: Int32Array.from([1, 1]) };
    const e = thrown(() => factoredGD(ir, { op: bad, y: [1, 2], init: init0, eta: 0.01, maxIter: 1 }));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/argument options\.op entry 1 = \(5, 1\) lies outside a 5×5 matrix/);
  });

  it('unknown operator kind given to a solver: value, names op.kind', () => {
    const bad = { kind: 'banded', n: 5, m: 8 } as unknown as SensingOperator;
    const e = thrown(() => gradientFlow(ir, { op: bad, y, init: init0, tMax: 1 }));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/argument options\.op\.kind must be 'dense', 'entry' or 'commuting', got 'banded'/);
  });

  it('a freed OperatorHandle given to a solver: state, names the argument op', () => {
    const h = new OperatorHandle(ir, op);
    h.free();
    const e = thrown(() => factoredGD(ir, { op: h, y, init: init0, eta: 0.01, maxIter: 1 }));
    expect(e.code).toBe('state');
    expect(e.message).toMatch(/freed/);
    expect(e.message).toMatch(/argument options\.op\b/);
  });

  it('init rank > d: value, names init.rank', () => {
    const e = thrown(() => initialFactor(ir, 5, 3, { kind: 'gaussian', scale: 1, seed: 1, rank: 4 }));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/argument init\.rank must be an integer ≥ 1 and ≤ 3, got 4/);
  });

  it('svd init with X of the wrong size: shape, names init.X', () => {
    const e = thrown(() => initialFactor(ir, 5, 3, { kind: 'svd', X: mat(4, 4) }));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/argument init\.X must be 5×5, got 4×4/);
  });

  it('negative maxIter: value, names maxIter', () => {
    const e = thrown(() => factoredGD(ir, { op, y, init: init0, eta: 0.01, maxIter: -1 }));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/^factoredGD: argument options\.maxIter must be an integer ≥ 0 and ≤ 2³¹ − 1, got -1/);
  });

  it('gradientFlow tEval not increasing: value, names tEval', () => {
    const e = thrown(() => gradientFlow(ir, { op, y, init: init0, tMax: 1, tEval: [0.5, 0.2] }));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/^gradientFlow: argument options\.tEval must be increasing within \[0, tMax\], got 0\.2 at index 1/);
  });

  it('gradientFlow non-positive tMax: value, names tMax', () => {
    const e = thrown(() => gradientFlow(ir, { op, y, init: init0, tMax: 0 }));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/^gradientFlow: argument options\.tMax must be a finite number > 0, got 0/);
  });
});
