// Measurement operators (src/operator.ts, assembly/sensing.ts) against independent references: the adjoint
// identity, the plain-TS `measure` / `adjoint` of src/problems.ts, dense ⟨A_i, X⟩ = Σ_jk (A_i)_jk X_jk with A_i
// built in this file from the docs/model.md encodings, the asymmetric lift identity ⟨A_i, WWᵀ⟩ = ⟨Ã_i, UVᵀ⟩, and the
// loss gradient against central finite differences.
//
// Rounding bounds used throughout (Higham 2002, §3.1): a sum of K products computed in any order is within
// γ_K·Σ|terms| of exact, γ_K = K·u/(1 − K·u), u = 2^-53. "Σ|terms|" of an operator evaluation is obtained by
// evaluating the plain-TS reference on the absolute-valued operator and operand (|A|(|X|), |A|*(|r|)), which is
// exactly the sum of the absolute values of the products along every chain. Two independent evaluations of the
// same quantity differ by at most the sum of their two bounds. Measured against Σ|terms|, not |result|, because
// results may cancel.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ImplicitRegError,
  OperatorHandle,
  Rng,
  adjoint,
  adjointOperator,
  applyOperator,
  commutingSensing,
  denseFromPacked,
  gaussianSensing,
  gramOperator,
  init,
  liftAsymmetric,
  lossAndGradient,
  measure,
  powerLawCompletion,
  psdMeasurements,
  uniformCompletion,
  type AsymEntryOperator,
  type CommutingOperator,
  type DenseOperator,
  type EntryOperator,
  type Kernels,
  type Matrix,
  type SensingOperator,
} from '../../src/node.js';
import { absArr, absMat, absOperator, dot, gamma, mat, naiveMatmul, packDense, thrown } from '../support/helpers.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

// ------------------------------------------------------------------------------------------------
// seeded inputs and plain-TS references (nothing here calls a wasm kernel)


function gaussMat(seed: number, rows: number, cols: number, scale = 1): Matrix {
  const r = new Rng(seed);
  return mat(rows, cols, Array.from({ length: rows * cols }, () => scale * r.gaussian()));
}

/** Symmetric, N(0, 1) on and above the diagonal, mirrored (exactly symmetric). */
function symMat(seed: number, n: number): Matrix {
  const r = new Rng(seed);
  const x = mat(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = r.gaussian();
      x.data[i * n + j] = v;
      x.data[j * n + i] = v;
    }
  }
  return x;
}

function gaussVec(seed: number, m: number): Float64Array {
  const r = new Rng(seed);
  return Float64Array.from({ length: m }, () => r.gaussian());
}

const norm2 = (x: ArrayLike<number>): number => Math.sqrt(dot(x, x));

/** U Uᵀ by the naive triple loop (exactly symmetric: Σ_p U_ip U_jp is the same sum for (i, j) and (j, i)). */
const gramOf = (u: Matrix): Matrix => naiveMatmul(u, u, false, true);



/** The lift A_i = ½[[0, Ã_i], [Ã_iᵀ, 0]] of n1×n2 matrices Ã_i, densely (docs/model.md). */
function liftMatrix(at: Matrix): Matrix {
  const n1 = at.rows;
  const n2 = at.cols;
  const n = n1 + n2;
  const a = mat(n, n);
  for (let j = 0; j < n1; j++) {
    for (let k = 0; k < n2; k++) {
      const v = 0.5 * at.data[j * n2 + k];
      a.data[j * n + n1 + k] = v;
      a.data[(n1 + k) * n + j] = v;
    }
  }
  return a;
}

/** A_i of an entry operator, densely, from the docs/model.md encoding. */
function entryMatrix(n: number, j: number, k: number): Matrix {
  const a = mat(n, n);
  if (j === k) a.data[j * n + j] = 1;
  else {
    a.data[j * n + k] = 0.5;
    a.data[k * n + j] = 0.5;
  }
  return a;
}

/** A_i = V diag(d_i) Vᵀ, densely. */
function commutingMatrix(op: CommutingOperator, i: number): Matrix {
  const n = op.n;
  const a = mat(n, n);
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      let s = 0;
      for (let l = 0; l < n; l++) s += op.V.data[p * n + l] * op.d[i * n + l] * op.V.data[q * n + l];
      a.data[p * n + q] = s;
    }
  }
  return a;
}

/** Dense A_i of any symmetric operator kind. */
function denseA(op: SensingOperator, i: number): Matrix {
  if (op.kind === 'dense') return denseFromPacked(op, i);
  if (op.kind === 'entry') return entryMatrix(op.n, op.rows[i], op.cols[i]);
  return commutingMatrix(op, i);
}

/** Σ_jk a_jk x_jk and Σ_jk |a_jk x_jk|. */
function inner(a: Matrix, x: Matrix): { value: number; scale: number } {
  let value = 0;
  let scale = 0;
  for (let i = 0; i < a.data.length; i++) {
    value += a.data[i] * x.data[i];
    scale += Math.abs(a.data[i] * x.data[i]);
  }
  return { value, scale };
}

/** A random asymmetric completion mask: m distinct cells of an n1×n2 matrix (Ã_t = e_j e_kᵀ). */
function asymMask(seed: number, n1: number, n2: number, m: number): AsymEntryOperator {
  const cells = new Rng(seed).sampleWithoutReplacement(n1 * n2, m);
  return {
    kind: 'entry-asym', n1, n2, m,
    rows: Int32Array.from(cells, (c) => Math.floor(c / n2)),
    cols: Int32Array.from(cells, (c) => c % n2),
  };
}

// ------------------------------------------------------------------------------------------------
// the operators under test: every kind, plus the two asymmetric lifts

const N1 = 3;
const N2 = 4;
/** The Ã_i (n1×n2 Gaussian) of the dense lift. */
const liftTilde = (): Matrix[] => Array.from({ length: 5 }, (_, i) => gaussMat(900 + i, N1, N2));

const CASES: { name: string; make: () => SensingOperator }[] = [
  { name: 'dense (gaussianSensing n = 7, m = 12)', make: () => gaussianSensing({ n: 7, m: 12, seed: 1 }) },
  { name: 'dense (psdMeasurements n = 6, ranks 2,1,2)', make: () => psdMeasurements({ n: 6, ranks: [2, 1, 2], spectrum: [3, 2, 1.5, 1, 0.5], seed: 2 }) },
  { name: 'dense n = 1 (scalar measurements)', make: () => gaussianSensing({ n: 1, m: 3, seed: 3 }) },
  { name: 'entry (uniformCompletion n = 9, m = 25)', make: () => uniformCompletion({ n: 9, m: 25, seed: 4 }) },
  { name: 'entry (powerLawCompletion n = 9, m = 25)', make: () => powerLawCompletion({ n: 9, m: 25, seed: 5 }) },
  { name: 'commuting (commutingSensing n = 6, m = 4)', make: () => commutingSensing({ n: 6, m: 4, seed: 6 }) },
  { name: `asymmetric entry lift (liftAsymmetric, ${N1 + 1}×${N2 + 1}, m = 11)`, make: () => liftAsymmetric(asymMask(7, N1 + 1, N2 + 1, 11)) },
  { name: `asymmetric dense lift (${N1}×${N2}, m = 5)`, make: () => packDense(N1 + N2, liftTilde().map(liftMatrix)) },
];

/**
 * An upper bound on the number of roundings along any chain of an apply / adjoint evaluation, wasm or plain TS:
 * dense P = n(n+1)/2 (apply) or m (adjoint); commuting XV, diag, D·g (3n) or Dᵀr, V diag Vᵀ (m + n).
 */
const chain = (op: SensingOperator): number => (op.n * (op.n + 1)) / 2 + op.m + 3 * op.n;

// ------------------------------------------------------------------------------------------------

describe('adjoint identity ⟨A(X), r⟩ = ⟨X, A*(r)⟩ (wasm apply and adjoint)', () => {
  // Both sides are sums of the same products r_i·a_ik·x_k; each is within γ_K·Σ_i|r_i|Σ_k|a_ik x_k| of exact,
  // K = P + m + 3n ≤ 97 here (so γ_K ≤ 1.1e-14), and for these seeded inputs Σ|terms| is at most 3.4× the
  // Cauchy–Schwarz scale ‖A(X)‖₂‖r‖₂ (measured per case). So 1e-13·‖A(X)‖₂‖r‖₂ covers the worst case
  // 2γ_K·Σ|terms| ≤ 7.5e-14·‖A(X)‖₂‖r‖₂ (observed ≤ 1.6e-16); the rigorous bound 2γ_K·Σ|terms| is asserted as well.
  for (const c of CASES) {
    it(c.name, () => {
      const op = c.make();
      const X = symMat(100, op.n);
      const r = gaussVec(101, op.m);
      const ax = applyOperator(ir, op, X);
      const z = adjointOperator(ir, op, r);
      const lhs = dot(ax, r);
      const rhs = dot(X.data, z.data);
      const terms = dot(measure(absOperator(op), absMat(X)), absArr(r));
      expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-13 * norm2(ax) * norm2(r));
      expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(2 * gamma(chain(op)) * terms);
    });
  }
});

describe('wasm apply equals the plain-TS measure (src/problems.ts) to rounding', () => {
  // componentwise |wasm_i − ref_i| ≤ 2γ_K·(|A|(|X|))_i (two evaluations, each within γ_K·Σ|terms|)
  for (const c of CASES) {
    it(c.name, () => {
      const op = c.make();
      const X = symMat(110, op.n);
      const got = applyOperator(ir, op, X);
      const ref = measure(op, X);
      const scale = measure(absOperator(op), absMat(X));
      for (let i = 0; i < op.m; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThanOrEqual(2 * gamma(chain(op)) * scale[i]);
      // entry operators read one stored number: no arithmetic at all, so bit-for-bit equal
      if (op.kind === 'entry') expect(Array.from(got)).toEqual(Array.from(ref));
    });
  }
});

describe('wasm adjoint equals the plain-TS adjoint (src/problems.ts) to rounding', () => {
  // entrywise |wasm_jk − ref_jk| ≤ 2γ_K·(|A|*(|r|))_jk
  for (const c of CASES) {
    it(c.name, () => {
      const op = c.make();
      const r = gaussVec(120, op.m);
      const got = adjointOperator(ir, op, r);
      const ref = adjoint(op, r);
      const scale = adjoint(absOperator(op), absArr(r));
      expect([got.rows, got.cols]).toEqual([op.n, op.n]);
      for (let q = 0; q < op.n * op.n; q++) {
        expect(Math.abs(got.data[q] - ref.data[q])).toBeLessThanOrEqual(2 * gamma(chain(op)) * scale.data[q]);
      }
    });
  }
});

describe('A*(r) is returned exactly symmetric (docs/model.md: symmetric matrices stored full; the references mirror)', () => {
  // the dense and entry kernels write (j, k) and (k, j) from one number; any other scheme must symmetrize
  for (const c of CASES) {
    it(c.name, () => {
      const op = c.make();
      const z = adjointOperator(ir, op, gaussVec(121, op.m));
      let worst = 0;
      for (let j = 0; j < op.n; j++) for (let k = 0; k < j; k++) worst = Math.max(worst, Math.abs(z.data[j * op.n + k] - z.data[k * op.n + j]));
      expect(worst).toBe(0);
    });
  }
});

describe('packed = dense', () => {
  it('gaussianSensing: ⟨A_i, X⟩ = Σ_jk (A_i)_jk X_jk from denseFromPacked equals the wasm apply', () => {
    // dense sum: n² products (γ_{n²}); packed wasm sum: P products; Σ|terms| is the same for both layouts
    const n = 8;
    const op = gaussianSensing({ n, m: 10, seed: 11 });
    const X = symMat(12, n);
    const y = applyOperator(ir, op, X);
    for (let i = 0; i < op.m; i++) {
      const { value, scale } = inner(denseFromPacked(op, i), X);
      expect(Math.abs(y[i] - value)).toBeLessThanOrEqual((gamma(n * n) + gamma((n * (n + 1)) / 2)) * scale);
    }
  });

  it('psdMeasurements: ⟨A_i, X⟩ from the returned dense A_i = B_iB_iᵀ equals the wasm apply', () => {
    const n = 7;
    const op = psdMeasurements({ n, ranks: [3, 2, 2], spectrum: [2, 1, 1, 1, 1, 1, 1], seed: 13 });
    const X = symMat(14, n);
    const y = applyOperator(ir, op, X);
    for (let i = 0; i < op.m; i++) {
      const { value, scale } = inner(op.A[i], X);
      expect(Math.abs(y[i] - value)).toBeLessThanOrEqual((gamma(n * n) + gamma((n * (n + 1)) / 2)) * scale);
    }
  });

  it('the test packer of this file round-trips through denseFromPacked exactly (doubling and halving are exact)', () => {
    const mats = liftTilde().map(liftMatrix);
    const op = packDense(N1 + N2, mats);
    for (let i = 0; i < op.m; i++) expect(Array.from(denseFromPacked(op, i).data)).toEqual(Array.from(mats[i].data));
  });
});

describe('asymmetric lift identity: for W = [U; V], ⟨A_i, WWᵀ⟩ = ⟨Ã_i, UVᵀ⟩', () => {
  const d = 3;
  const stack = (u: Matrix, v: Matrix): Matrix => mat(u.rows + v.rows, u.cols, [...u.data, ...v.data]);

  it('entry lift (liftAsymmetric): A(WWᵀ)_t = (UVᵀ)_{j_t k_t}, bit for bit', () => {
    // (WWᵀ)_{j, n1+k} = Σ_p U_jp V_kp is, term for term and in the same order, the naive (UVᵀ)_jk; the wasm apply
    // reads that one stored number
    const asym = asymMask(21, 5, 6, 14);
    const lift = liftAsymmetric(asym);
    const U = gaussMat(22, 5, d);
    const V = gaussMat(23, 6, d);
    const uvt = naiveMatmul(U, V, false, true);
    const y = applyOperator(ir, lift, gramOf(stack(U, V)));
    for (let t = 0; t < asym.m; t++) expect(y[t]).toBe(uvt.data[asym.rows[t] * 6 + asym.cols[t]]);
    // and the plain-TS asymmetric measure agrees
    expect(Array.from(measure(asym, uvt))).toEqual(Array.from(y));
  });

  it('entry lift, fused path (lossAndGradient never forms WWᵀ): residual + y = (UVᵀ)_jk to γ_d·Σ_p|U_jp V_kp|', () => {
    const asym = asymMask(24, 5, 6, 14);
    const lift = liftAsymmetric(asym);
    const U = gaussMat(25, 5, d);
    const V = gaussMat(26, 6, d);
    const y = gaussVec(27, asym.m);
    const { residual } = lossAndGradient(ir, lift, y, stack(U, V));
    const uvt = naiveMatmul(U, V, false, true);
    const abs = naiveMatmul(absMat(U), absMat(V), false, true);
    for (let t = 0; t < asym.m; t++) {
      const q = asym.rows[t] * 6 + asym.cols[t];
      // residual_t = fl(fl(Σ) − y_t): the sum (γ_d each side) plus one rounding of the subtraction
      expect(Math.abs(residual[t] + y[t] - uvt.data[q])).toBeLessThanOrEqual(2 * gamma(d + 2) * (abs.data[q] + Math.abs(y[t])));
    }
  });

  it('entry lift gradient: ∇L(W) = A*(r)W = ½[R V; Rᵀ U], R = Σ_t r_t e_j e_kᵀ (n1×n2)', () => {
    const n1 = 5;
    const n2 = 6;
    const asym = asymMask(28, n1, n2, 14);
    const U = gaussMat(29, n1, d);
    const V = gaussMat(30, n2, d);
    const y = gaussVec(31, asym.m);
    const { gradient, residual } = lossAndGradient(ir, liftAsymmetric(asym), y, stack(U, V));
    const R = mat(n1, n2);
    for (let t = 0; t < asym.m; t++) R.data[asym.rows[t] * n2 + asym.cols[t]] = residual[t];
    const top = naiveMatmul(R, V); // n1×d
    const bottom = naiveMatmul(R, U, true); // n2×d
    const absTop = naiveMatmul(absMat(R), absMat(V));
    const absBottom = naiveMatmul(absMat(R), absMat(U), true);
    for (let q = 0; q < n1 * d; q++) expect(Math.abs(gradient.data[q] - 0.5 * top.data[q])).toBeLessThanOrEqual(2 * gamma(n2) * 0.5 * absTop.data[q]);
    for (let q = 0; q < n2 * d; q++) {
      expect(Math.abs(gradient.data[n1 * d + q] - 0.5 * bottom.data[q])).toBeLessThanOrEqual(2 * gamma(n1) * 0.5 * absBottom.data[q]);
    }
  });

  it('dense lift A_i = ½[[0, Ã_i], [Ã_iᵀ, 0]]: wasm ⟨A_i, WWᵀ⟩ equals Σ_jk (Ã_i)_jk (UVᵀ)_jk', () => {
    // wasm: a packed dot over P entries of which only the Ã block is non-zero, on WWᵀ (d-term sums);
    // reference: n1·n2 products of d-term sums. Bound (γ_{P+d} + γ_{n1n2+d})·Σ_jk |Ã_jk|(|U||V|ᵀ)_jk.
    const tilde = liftTilde();
    const op = packDense(N1 + N2, tilde.map(liftMatrix));
    const U = gaussMat(32, N1, d);
    const V = gaussMat(33, N2, d);
    const y = applyOperator(ir, op, gramOf(stack(U, V)));
    const uvt = naiveMatmul(U, V, false, true);
    const absUvt = naiveMatmul(absMat(U), absMat(V), false, true);
    const P = ((N1 + N2) * (N1 + N2 + 1)) / 2;
    for (let i = 0; i < op.m; i++) {
      const ref = inner(tilde[i], uvt).value;
      const scale = inner(absMat(tilde[i]), absUvt).value;
      expect(Math.abs(y[i] - ref)).toBeLessThanOrEqual((gamma(P + d) + gamma(N1 * N2 + d)) * scale);
    }
  });
});

describe('Gram AA*: (AA*)_ij = ⟨A_i, A_j⟩', () => {
  it('dense: gramOperator equals Σ_jk (A_i)_jk (A_j)_jk computed densely', () => {
    // dense: n² products (γ_{n²}); wasm: P products of the packed rows with the doubling undone (γ_P + one
    // exact-or-rounded scaling by ½)
    const n = 6;
    const op = gaussianSensing({ n, m: 9, seed: 41 });
    const G = gramOperator(ir, op);
    expect([G.rows, G.cols]).toEqual([op.m, op.m]);
    for (let i = 0; i < op.m; i++) {
      for (let j = 0; j < op.m; j++) {
        const { value, scale } = inner(denseFromPacked(op, i), denseFromPacked(op, j));
        expect(Math.abs(G.data[i * op.m + j] - value)).toBeLessThanOrEqual((gamma(n * n) + gamma((n * (n + 1)) / 2 + 1)) * scale);
      }
    }
  });

  it('commuting: gramOperator equals ⟨V D_i Vᵀ, V D_j Vᵀ⟩ computed densely', () => {
    // the kernel uses Σ_l d_il d_jl (exact only for exactly orthogonal V); the dense reference sees V's
    // orthogonality defect ‖VᵀV − I‖ = O(nu) (Householder) and n-term rounding in forming each A_i, then n² terms:
    // |difference| ≤ ~(3n + n²)·u·‖A_i‖_F‖A_j‖_F. We allow 4n²u·‖A_i‖_F‖A_j‖_F (≈ 3e-14 for n = 6).
    const n = 6;
    const op = commutingSensing({ n, m: 4, seed: 42 });
    const G = gramOperator(ir, op);
    const A = Array.from({ length: op.m }, (_, i) => commutingMatrix(op, i));
    for (let i = 0; i < op.m; i++) {
      for (let j = 0; j < op.m; j++) {
        const ref = inner(A[i], A[j]).value;
        expect(Math.abs(G.data[i * op.m + j] - ref)).toBeLessThanOrEqual(4 * n * n * 2 ** -53 * norm2(A[i].data) * norm2(A[j].data));
      }
    }
  });

  it('entry (uniformCompletion): diagonal 1 for observed diagonal cells, ½ for off-diagonal cells, 0 off the diagonal of G', () => {
    const op = uniformCompletion({ n: 7, m: 18, seed: 43 });
    const G = gramOperator(ir, op);
    for (let i = 0; i < op.m; i++) {
      for (let j = 0; j < op.m; j++) {
        const expected = i !== j ? 0 : op.rows[i] === op.cols[i] ? 1 : 0.5;
        expect(G.data[i * op.m + j]).toBe(expected);
      }
    }
  });

  it('entry with a repeated cell and a transposed pair: equals the dense ⟨A_i, A_j⟩ of the SPEC encodings exactly', () => {
    // cells (0,0), (1,2), (2,1), (0,0), (1,3): A_1 = A_2 (½(e1e2ᵀ + e2e1ᵀ) is symmetric) and A_0 = A_3.
    // The dense products are 1·1 or ½·½ + ½·½: exact in binary.
    const op: EntryOperator = { kind: 'entry', n: 4, m: 5, rows: Int32Array.from([0, 1, 2, 0, 1]), cols: Int32Array.from([0, 2, 1, 0, 3]) };
    const G = gramOperator(ir, op);
    for (let i = 0; i < op.m; i++) {
      for (let j = 0; j < op.m; j++) expect(G.data[i * op.m + j]).toBe(inner(denseA(op, i), denseA(op, j)).value);
    }
    expect(G.data[0 * 5 + 3]).toBe(1);
    expect(G.data[1 * 5 + 2]).toBe(0.5);
  });
});

describe('loss and gradient: lossAndGradient against plain-TS L = ¼‖measure(UUᵀ) − y‖², ∇L = adjoint(r)·U', () => {
  // r_i to 2γ_K·(|A|(|U||U|ᵀ) + |y|)_i; the gradient to the bound of A*(r) times |U| plus n-term products
  const cases: { name: string; op: SensingOperator; d: number }[] = [
    { name: 'dense', op: gaussianSensing({ n: 6, m: 10, seed: 51 }), d: 3 },
    { name: 'entry', op: uniformCompletion({ n: 6, m: 12, seed: 52 }), d: 4 },
    { name: 'commuting', op: commutingSensing({ n: 6, m: 3, seed: 53 }), d: 6 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { op, d } = c;
      const n = op.n;
      const U = gaussMat(54, n, d);
      const y = gaussVec(55, op.m);
      const got = lossAndGradient(ir, op, y, U);
      const X = gramOf(U);
      const r = measure(op, X).map((v, i) => v - y[i]);
      const K = chain(op) + d + 1;
      const delta = measure(absOperator(op), gramOf(absMat(U))).map((v, i) => 2 * gamma(K) * (v + Math.abs(y[i])));
      for (let i = 0; i < op.m; i++) expect(Math.abs(got.residual[i] - r[i])).toBeLessThanOrEqual(delta[i]);
      // ¼Σr²: |Δ(¼Σr²)| ≤ ½Σ|r_i|δ_i + ¼Σδ_i² (+ the summation's own γ_m)
      const L = 0.25 * dot(r, r);
      expect(Math.abs(got.loss - L)).toBeLessThanOrEqual(0.5 * dot(absArr(r), delta) + 0.25 * dot(delta, delta) + gamma(op.m) * L);
      // gradient A*(r)U: A*(r) differs by at most |A|*(δ + γ_K|r|) entrywise, then an n-term product with U
      const G = naiveMatmul(adjoint(op, r), U);
      const zErr = adjoint(absOperator(op), delta.map((v, i) => v + 2 * gamma(K) * Math.abs(r[i])));
      const gScale = naiveMatmul(zErr, absMat(U));
      const gRound = naiveMatmul(absMat(adjoint(op, r)), absMat(U));
      for (let q = 0; q < n * d; q++) {
        expect(Math.abs(got.gradient.data[q] - G.data[q])).toBeLessThanOrEqual(gScale.data[q] + 2 * gamma(n + K) * gRound.data[q]);
      }
    });
  }
});

describe('∇L(U) = A*(r)U against central finite differences (relative 1e-7)', () => {
  // Central difference (L(U + hE) − L(U − hE))/(2h') with h' = ((U + hE) − (U − hE))/2 the exactly
  // representable half-step. L is a quartic polynomial in U, so the truncation error is exactly
  // (h²/6)·∂³L/∂U_ab³ + O(h⁴) — with |U_ab| ~ 1 and h = 1e-5·max(1, |U_ab|) that is ~1e-10·|L'''|; the rounding
  // error is ~u·(Σ|terms| of L)/h ≈ 1e-16·10/1e-5 = 1e-10. Both are ≥ 1000× below the 1e-7 relative bar
  // (‖G_fd − G‖_F ≤ 1e-7·‖G‖_F), which is therefore only crossed by a wrong gradient (a wrong factor ½ or a
  // missing term is an O(1) relative error).
  const cases: { name: string; op: SensingOperator; d: number }[] = [
    { name: 'dense, d < n (n = 6, d = 3)', op: gaussianSensing({ n: 6, m: 10, seed: 61 }), d: 3 },
    { name: 'dense, d = n (n = 5)', op: gaussianSensing({ n: 5, m: 8, seed: 62 }), d: 5 },
    { name: 'entry, d < n (n = 7, d = 2)', op: uniformCompletion({ n: 7, m: 15, seed: 63 }), d: 2 },
    { name: 'entry, d = n (n = 6, power law)', op: powerLawCompletion({ n: 6, m: 12, seed: 64 }), d: 6 },
    { name: 'commuting, d < n (n = 6, d = 2)', op: commutingSensing({ n: 6, m: 3, seed: 65 }), d: 2 },
    { name: 'commuting, d = n (n = 5)', op: commutingSensing({ n: 5, m: 4, seed: 66 }), d: 5 },
    { name: 'asymmetric entry lift, d = 2', op: liftAsymmetric(asymMask(67, 3, 4, 8)), d: 2 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { op, d } = c;
      const n = op.n;
      const h = new OperatorHandle(ir, op);
      try {
        const U = gaussMat(68, n, d);
        // y from a different PSD matrix, so that r is O(1) and the gradient is far from 0
        const y = applyOperator(ir, h, gramOf(gaussMat(69, n, 2)));
        const { gradient } = lossAndGradient(ir, h, y, U);
        const fd = mat(n, d);
        for (let q = 0; q < n * d; q++) {
          const step = 1e-5 * Math.max(1, Math.abs(U.data[q]));
          const up = mat(n, d, U.data);
          const dn = mat(n, d, U.data);
          up.data[q] += step;
          dn.data[q] -= step;
          const width = up.data[q] - dn.data[q];
          fd.data[q] = (lossAndGradient(ir, h, y, up).loss - lossAndGradient(ir, h, y, dn).loss) / width;
        }
        const err = norm2(fd.data.map((v, q) => v - gradient.data[q]));
        expect(norm2(gradient.data)).toBeGreaterThan(1e-2);
        expect(err).toBeLessThanOrEqual(1e-7 * norm2(gradient.data));
      } finally {
        h.free();
      }
    });
  }
});

describe('OperatorHandle', () => {
  it('a handle gives bit-identical results to the plain operator, and can be reused', () => {
    const op = gaussianSensing({ n: 6, m: 9, seed: 71 });
    const h = new OperatorHandle(ir, op);
    const X = symMat(72, 6);
    const r = gaussVec(73, 9);
    for (let rep = 0; rep < 3; rep++) {
      expect(Array.from(applyOperator(ir, h, X))).toEqual(Array.from(applyOperator(ir, op, X)));
      expect(Array.from(adjointOperator(ir, h, r).data)).toEqual(Array.from(adjointOperator(ir, op, r).data));
      expect(Array.from(gramOperator(ir, h).data)).toEqual(Array.from(gramOperator(ir, op).data));
    }
    expect([h.kind, h.n, h.m, h.freed]).toEqual(['dense', 6, 9, false]);
    h.free();
    expect(h.freed).toBe(true);
    h.free(); // idempotent
    expect(h.freed).toBe(true);
  });

  it('10⁴ apply / adjoint / lossAndGradient calls with plain operators keep heap.byteLength constant (every upload is freed)', () => {
    const op = gaussianSensing({ n: 10, m: 30, seed: 74 }); // 1650 doubles uploaded per call
    const X = symMat(75, 10);
    const r = gaussVec(76, 30);
    const U = gaussMat(77, 10, 4);
    for (let i = 0; i < 5; i++) lossAndGradient(ir, op, r, U);
    const size = ir.heap.byteLength;
    for (let i = 0; i < 10_000; i++) {
      applyOperator(ir, op, X);
      adjointOperator(ir, op, r);
      lossAndGradient(ir, op, r, U);
    }
    expect(ir.heap.byteLength).toBe(size);
  });
});

// ------------------------------------------------------------------------------------------------


describe('bad operators', () => {
  it('entry operator index out of range (col = n): code value, message names op and the entry', () => {
    const op: EntryOperator = { kind: 'entry', n: 4, m: 3, rows: Int32Array.from([0, 1, 2]), cols: Int32Array.from([0, 4, 3]) };
    const e = thrown(() => applyOperator(ir, op, symMat(80, 4)));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/argument op entry 1 = \(1, 4\) lies outside a 4×4 matrix/);
  });

  it('entry operator negative index: code value, message names op', () => {
    const op: EntryOperator = { kind: 'entry', n: 4, m: 2, rows: Int32Array.from([0, -1]), cols: Int32Array.from([0, 2]) };
    const e = thrown(() => adjointOperator(ir, op, [1, 2]));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/argument op entry 1 = \(-1, 2\)/);
  });

  it("unknown operator kind 'sparse': code value, message names op.kind and what was given", () => {
    const op = { kind: 'sparse', n: 3, m: 2 } as unknown as SensingOperator;
    const e = thrown(() => applyOperator(ir, op, symMat(81, 3)));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/argument op\.kind must be 'dense', 'entry' or 'commuting', got 'sparse'/);
  });

  it("unknown operator kind that is an Object.prototype key ('toString'): reported as an unknown kind", () => {
    // `kind in KIND_ID` also sees inherited keys; the kind must still be rejected as unknown
    const op = { kind: 'toString', n: 3, m: 2 } as unknown as SensingOperator;
    const e = thrown(() => applyOperator(ir, op, symMat(82, 3)));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/argument op\.kind must be 'dense', 'entry' or 'commuting', got 'toString'/);
  });

  it('a freed OperatorHandle: code state, message names the argument op', () => {
    const h = new OperatorHandle(ir, gaussianSensing({ n: 3, m: 2, seed: 83 }));
    h.free();
    const e = thrown(() => applyOperator(ir, h, symMat(84, 3)));
    expect(e.code).toBe('state');
    expect(e.message).toMatch(/freed/);
    expect(e.message).toMatch(/argument op\b/);
  });

  it('dense packed array of the wrong length: code shape, message names op.packed', () => {
    const op: DenseOperator = { kind: 'dense', n: 3, m: 2, packed: new Float64Array(11) };
    const e = thrown(() => gramOperator(ir, op));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/argument op\.packed must be a Float64Array of m·n\(n\+1\)\/2 = 12 entries, got 11/);
  });

  it('X of the wrong size for applyOperator: code shape, message names X', () => {
    const e = thrown(() => applyOperator(ir, gaussianSensing({ n: 3, m: 2, seed: 85 }), symMat(86, 4)));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/^applyOperator: argument X must be 3×3, got 4×4/);
  });

  it('r of the wrong length for adjointOperator: code shape, message names r', () => {
    const e = thrown(() => adjointOperator(ir, gaussianSensing({ n: 3, m: 2, seed: 87 }), [1, 2, 3]));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/^adjointOperator: argument r must have length 2, got 3/);
  });

  it('U with the wrong number of rows for lossAndGradient: code shape, message names U', () => {
    const e = thrown(() => lossAndGradient(ir, gaussianSensing({ n: 3, m: 2, seed: 88 }), [1, 2], gaussMat(89, 4, 2)));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/^lossAndGradient: argument U must be 3×d with d ≥ 1, got 4×2/);
  });
});
