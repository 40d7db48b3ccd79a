// Problem generators (docs/model.md) and the plain-TypeScript reference of the measurement operators (docs/model.md).
// Every generator takes an explicit `seed` (one `Rng` per call, draws in a documented order) and returns plain
// objects with Matrix / typed-array fields. Completion masks are index lists, never dense matrices.
// `measure` / `adjoint` here are the slow, obviously-correct references the wasm operators are tested against.
import { log } from '../core/detmath.js';
import { ImplicitRegError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { Rng, checkSeed, gaussianMatrix, randomOrthogonal } from '../core/random.js';
import { checkAllocation, checkFinite, checkMatrix, checkObject, checkVector } from '../core/validate.js';
// The operator shapes are defined once, next to their wasm upload (src/operator.ts, docs/model.md):
//  DenseOperator { kind: 'dense', n, m, packed } — row i = upper triangle of A_i row by row, off-diagonals doubled,
//    so Σ_k packed[i·P + k]·packSymmetric(X)_k = ⟨A_i, X⟩;
//  EntryOperator { kind: 'entry', n, m, rows, cols } — A_i = e_j e_jᵀ (j = k) or ½(e_j e_kᵀ + e_k e_jᵀ), rows ≤ cols;
//  CommutingOperator { kind: 'commuting', n, m, V, d } — A_i = V diag(d_i) Vᵀ, d m×n row-major.
import { checkOperator, type CommutingOperator, type DenseOperator, type EntryOperator, type SensingOperator } from './operator.js';

import { checkAsymOperator, type AsymEntryOperator } from './lift.js';

export type { AsymEntryOperator };

/** Any measurement operator `measure` / `adjoint` accept: the symmetric kinds and the asymmetric completion. */
export type MeasurementOperator = SensingOperator | AsymEntryOperator;

// ------------------------------------------------------------------------------------------------
// argument checks

function checkInt(fn: string, name: string, x: unknown, min: number, max = Number.MAX_SAFE_INTEGER, maxName?: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${maxName ? `${maxName} = ` : ''}${max}]`;
    throw new ImplicitRegError('value', `${fn}: argument ${name} must be an integer ${range}, got ${String(x)}`);
  }
  return x;
}

function checkReal(fn: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new ImplicitRegError('nonfinite', `${fn}: argument ${name} must be a finite number, got ${String(x)}`);
  }
  return x;
}

/** m for a completion: 1 ≤ m ≤ n(n+1)/2 (distinct cells of the upper triangle). */
function checkCompletionCount(fn: string, n: number, m: unknown): number {
  const P = triangle(n);
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > P) {
    throw new ImplicitRegError('value', `${fn}: argument m must be an integer in [1, n(n+1)/2 = ${P}] (distinct upper-triangle entries of an ${n}×${n} matrix), got ${String(m)}`);
  }
  return m;
}

function seeded(fn: string, seed: unknown): Rng {
  checkSeed(fn, 'seed', seed);
  return new Rng(seed);
}

/** Number of entries n(n+1)/2 of the upper triangle (diagonal included). */
function triangle(n: number): number {
  return (n * (n + 1)) / 2;
}

/** (j, k), j ≤ k, of the sorted upper-triangle linear indices (row by row) → rows, cols. */
function decodeSorted(n: number, idx: ArrayLike<number>): { rows: Int32Array; cols: Int32Array } {
  const m = idx.length;
  const rows = new Int32Array(m);
  const cols = new Int32Array(m);
  let j = 0;
  let start = 0; // linear index of (j, j)
  for (let i = 0; i < m; i++) {
    while (idx[i] >= start + (n - j)) {
      start += n - j;
      j++;
    }
    rows[i] = j;
    cols[i] = j + (idx[i] - start);
  }
  return { rows, cols };
}

/** X = W Wᵀ, exactly symmetric (each off-diagonal entry computed once and mirrored). */
function gram(w: Matrix): Matrix {
  const n = w.rows;
  const r = w.cols;
  const x = matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += w.data[i * r + k] * w.data[j * r + k];
      x.data[i * n + j] = s;
      x.data[j * n + i] = s;
    }
  }
  return x;
}

/** V diag(s) Vᵀ for square V, exactly symmetric. */
function vdvt(v: Matrix, s: ArrayLike<number>): Matrix {
  const n = v.rows;
  const c = v.cols;
  const x = matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let t = 0;
      for (let k = 0; k < c; k++) t += v.data[i * c + k] * s[k] * v.data[j * c + k];
      x.data[i * n + j] = t;
      x.data[j * n + i] = t;
    }
  }
  return x;
}

// ------------------------------------------------------------------------------------------------
// packing

/**
 * The plain upper triangle of a square matrix, row by row (n(n+1)/2 entries, no doubling).
 * @example packSymmetric(fromRows([[1, 2], [2, 3]])) // Float64Array [1, 2, 3]
 */
export function packSymmetric(x: Matrix): Float64Array {
  checkMatrix('packSymmetric', 'x', x);
  if (x.rows !== x.cols) throw new ImplicitRegError('shape', `packSymmetric: argument x must be square, got ${x.rows}×${x.cols}`);
  const n = x.rows;
  const p = new Float64Array(triangle(n));
  let t = 0;
  for (let j = 0; j < n; j++) for (let k = j; k < n; k++) p[t++] = x.data[j * n + k];
  return p;
}

/**
 * The symmetric n×n matrix whose upper triangle (row by row) is `p` — the inverse of `packSymmetric`.
 * @example unpackSymmetric(2, [1, 2, 3]) // [[1, 2], [2, 3]]
 */
export function unpackSymmetric(n: number, p: ArrayLike<number>): Matrix {
  checkInt('unpackSymmetric', 'n', n, 0);
  checkAllocation('unpackSymmetric', `an ${n}×${n} matrix`, n * n);
  checkVector('unpackSymmetric', 'p', p);
  if (p.length !== triangle(n)) {
    throw new ImplicitRegError('shape', `unpackSymmetric: argument p must have n(n+1)/2 = ${triangle(n)} entries, got ${p.length}`);
  }
  const x = matrix(n, n);
  let t = 0;
  for (let j = 0; j < n; j++) {
    for (let k = j; k < n; k++) {
      x.data[j * n + k] = p[t];
      x.data[k * n + j] = p[t];
      t++;
    }
  }
  return x;
}

/**
 * Measurement A_i of a packed dense operator as a dense symmetric n×n matrix (off-diagonal weights halved back).
 * @example denseFromPacked(gaussianSensing({ n: 3, m: 2, seed: 0 }), 1) // A_1, 3×3 symmetric
 */
export function denseFromPacked(op: DenseOperator, i: number): Matrix {
  checkOperator('denseFromPacked', op);
  if (op.kind !== 'dense') throw new ImplicitRegError('value', `denseFromPacked: argument op.kind must be 'dense', got '${op.kind}'`);
  checkInt('denseFromPacked', 'i', i, 0, op.m - 1);
  const n = op.n;
  const P = triangle(n);
  const x = matrix(n, n);
  let t = i * P;
  for (let j = 0; j < n; j++) {
    x.data[j * n + j] = op.packed[t++];
    for (let k = j + 1; k < n; k++) {
      const v = 0.5 * op.packed[t++];
      x.data[j * n + k] = v;
      x.data[k * n + j] = v;
    }
  }
  return x;
}

/** Pack dense symmetric matrices into the doubled-off-diagonal operator layout. */
function packOperator(n: number, mats: Matrix[]): DenseOperator {
  const P = triangle(n);
  const packed = new Float64Array(mats.length * P);
  let t = 0;
  for (const a of mats) {
    for (let j = 0; j < n; j++) {
      packed[t++] = a.data[j * n + j];
      for (let k = j + 1; k < n; k++) packed[t++] = 2 * a.data[j * n + k];
    }
  }
  return { kind: 'dense', n, m: mats.length, packed };
}

// ------------------------------------------------------------------------------------------------
// ground truths

/**
 * Low-rank PSD ground truth X* = W Wᵀ, W ∈ R^{n×r} with i.i.d. N(0, 1) entries (drawn row by row), then W scaled
 * so that ‖X*‖_F = 1 (`normalize: 'fro'`, default) or tr X* = 1 (`'trace'`, as in Eftekhari Ex. 1.1).
 * X is exactly symmetric and equal to W Wᵀ as returned.
 * @example const { X, W } = lowRankPSD({ n: 50, r: 2, seed: 0 }) // ‖X‖_F = 1, rank 2
 */
export function lowRankPSD(opts: { n: number; r: number; seed: number; normalize?: 'fro' | 'trace' }): {
  /** The ground truth X* = WWᵀ (n×n). */
  X: Matrix;
  /** The scaled factor W (n×r). */
  W: Matrix;
} {
  const fn = 'lowRankPSD';
  checkObject(fn, 'opts', opts);
  const n = checkInt(fn, 'n', opts.n, 1);
  const r = checkInt(fn, 'r', opts.r, 1, n, 'n');
  const normalize = opts.normalize ?? 'fro';
  if (normalize !== 'fro' && normalize !== 'trace') {
    throw new ImplicitRegError('value', `${fn}: argument normalize must be 'fro' or 'trace', got ${String(normalize)}`);
  }
  const rng = seeded(fn, opts.seed);
  const w = gaussianMatrix(rng, n, r);
  const x0 = gram(w);
  let size: number; // ‖W Wᵀ‖_F or tr W Wᵀ, before scaling
  if (normalize === 'fro') {
    let s = 0;
    for (let i = 0; i < x0.data.length; i++) s += x0.data[i] * x0.data[i];
    size = Math.sqrt(s);
  } else {
    size = 0;
    for (let i = 0; i < n; i++) size += x0.data[i * n + i];
  }
  const c = 1 / Math.sqrt(size);
  for (let i = 0; i < w.data.length; i++) w.data[i] *= c;
  return { X: gram(w), W: w };
}

/**
 * "Low nuclear norm" PSD ground truth of Gunasekar et al. 2017, Fig. 1b: a spectrum decaying as O(k^{-decay})
 * with ‖X‖_* = √r·‖X‖_F, random (Haar) eigenvectors, ‖X‖_F = 1.
 *
 * The ratio ‖X‖_* /‖X‖_F is scale invariant, so it cannot be reached by scaling; for the pure power law
 * s_k = k^{-1.5} (n = 50) it is ≈ 2.12, not √2. The paper only fixes the decay rate, O(1/k^{1.5}), and the
 * ratio, so the shape is chosen to meet both exactly: the tail stays s_k = k^{-decay} for k = 2…n and only the
 * top eigenvalue is raised, s_1 = t ≥ 1, with t the larger root of (t + S1)² = r·(t² + S2)
 * (S1 = Σ_{k≥2} k^{-decay}, S2 = Σ_{k≥2} k^{-2·decay}) — on t ≥ 1 the ratio (t + S1)/√(t² + S2) falls
 * monotonically to 1, so the root is unique. Then s is scaled to ‖s‖₂ = 1. This needs 1 < r ≤ r_max, where
 * r_max = (Σ_k k^{-decay})² / Σ_k k^{-2·decay} is the squared ratio of the pure power law (t = 1); otherwise an
 * error says so. Draws: V from `randomOrthogonal(rng, n)`, nothing else.
 * Returns X = V diag(spectrum) Vᵀ (exactly symmetric), V, the spectrum (descending, ‖·‖₂ = 1) and the achieved
 * ratio Σ s_k / ‖s‖₂ (equal to √r to rounding).
 * @example const { X, ratio } = lowNuclearNormPSD({ n: 50, seed: 0 }) // ratio ≈ √2, ‖X‖_F = 1
 */
export function lowNuclearNormPSD(opts: { n: number; seed: number; decay?: number; r?: number }): {
  /** The ground truth X = V diag(spectrum) Vᵀ (n×n, ‖X‖_F = 1). */
  X: Matrix;
  /** The Haar-random orthogonal eigenbasis (n×n). */
  V: Matrix;
  /** The eigenvalues, descending, ‖·‖₂ = 1. */
  spectrum: Float64Array;
  /** The achieved ratio ‖X‖_* / ‖X‖_F (√r to rounding). */
  ratio: number;
} {
  const fn = 'lowNuclearNormPSD';
  checkObject(fn, 'opts', opts);
  const n = checkInt(fn, 'n', opts.n, 2);
  checkAllocation(fn, `an ${n}×${n} X and its eigenvectors`, 2 * n * n);
  const decay = checkReal(fn, 'decay', opts.decay ?? 1.5);
  if (decay <= 0) throw new ImplicitRegError('value', `${fn}: argument decay must be > 0, got ${decay}`);
  const r = checkReal(fn, 'r', opts.r ?? 2);
  let s1 = 0;
  let s2 = 0;
  for (let k = n; k >= 2; k--) {
    const s = k ** -decay;
    s1 += s;
    s2 += s * s;
  }
  const rMax = (1 + s1) ** 2 / (1 + s2);
  if (!(r > 1 && r <= rMax)) {
    throw new ImplicitRegError(
      'value',
      `${fn}: argument r must satisfy 1 < r ≤ ${rMax.toPrecision(6)} (the squared ‖X‖_* /‖X‖_F of the pure power law for n = ${n}, decay = ${decay}), got ${r}`,
    );
  }
  // (r − 1)t² − 2·S1·t + (r·S2 − S1²) = 0, larger root; written to avoid cancellation: t = (S1 + √D)/(r − 1)
  const disc = s1 * s1 - (r - 1) * (r * s2 - s1 * s1);
  const t = Math.max(1, (s1 + Math.sqrt(Math.max(0, disc))) / (r - 1));
  const spectrum = new Float64Array(n);
  spectrum[0] = t;
  for (let k = 2; k <= n; k++) spectrum[k - 1] = k ** -decay;
  let norm2 = 0;
  for (let k = n - 1; k >= 0; k--) norm2 += spectrum[k] * spectrum[k];
  const scale = 1 / Math.sqrt(norm2);
  let sum = 0;
  let sq = 0;
  for (let k = n - 1; k >= 0; k--) {
    spectrum[k] *= scale;
    sum += spectrum[k];
    sq += spectrum[k] * spectrum[k];
  }
  const rng = seeded(fn, opts.seed);
  const V = randomOrthogonal(rng, n);
  return { X: vdvt(V, spectrum), V, spectrum, ratio: sum / Math.sqrt(sq) };
}

// ------------------------------------------------------------------------------------------------
// measurement operators

/**
 * Gaussian symmetric sensing (Eftekhari & Zygalakis Ex. 1.1): m matrices A_i with i.i.d. N(0, 1) entries on and
 * above the diagonal, mirrored below. Draws: A_0's upper triangle row by row, then A_1, … Returned packed
 * (off-diagonals doubled, see DenseOperator); use `denseFromPacked` for a dense A_i.
 * @example const op = gaussianSensing({ n: 50, m: 300, seed: 1 }); const y = measure(op, X)
 */
export function gaussianSensing(opts: { n: number; m: number; seed: number }): DenseOperator {
  const fn = 'gaussianSensing';
  checkObject(fn, 'opts', opts);
  const n = checkInt(fn, 'n', opts.n, 1);
  const m = checkInt(fn, 'm', opts.m, 1);
  const rng = seeded(fn, opts.seed);
  const P = triangle(n);
  checkAllocation(fn, `m·n(n+1)/2 = ${m}·${P} packed entries`, m * P);
  const packed = new Float64Array(m * P);
  let t = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      packed[t++] = rng.gaussian();
      for (let k = j + 1; k < n; k++) packed[t++] = 2 * rng.gaussian();
    }
  }
  return { kind: 'dense', n, m, packed };
}

/**
 * Uniform completion: m distinct entries (j, k), j ≤ k, of the upper triangle (diagonal included), a uniformly
 * random m-subset of the n(n+1)/2 cells (`Rng.sampleWithoutReplacement`). Observations are listed in row-major
 * upper-triangle order (sorted), which is canonical and cache-friendly; the order carries no randomness.
 * @example const op = uniformCompletion({ n: 50, m: 600, seed: 2 }) // op.rows[i] ≤ op.cols[i]
 */
export function uniformCompletion(opts: { n: number; m: number; seed: number }): EntryOperator {
  const fn = 'uniformCompletion';
  checkObject(fn, 'opts', opts);
  const n = checkInt(fn, 'n', opts.n, 1);
  const m = checkCompletionCount(fn, n, opts.m);
  const rng = seeded(fn, opts.seed);
  const idx = rng.sampleWithoutReplacement(triangle(n), m).sort((a, b) => a - b);
  return { kind: 'entry', n, m, ...decodeSorted(n, idx) };
}

/**
 * Power-law completion: m distinct upper-triangle entries (j, k), j ≤ k (0-based), where each cell has weight
 * w_jk = p_j·p_k, p_j ∝ (j + 1)^{-gamma} (so index 0 is the most observed), sampled sequentially without
 * replacement: each next entry is drawn from the not-yet-chosen cells with probability ∝ w_jk. Each cell of the
 * upper triangle carries weight p_j p_k once (the diagonal is not halved relative to off-diagonal cells).
 * Implemented with exponential keys (Efraimidis & Spirakis, "Weighted random sampling with a reservoir", IPL 2006):
 * key_c = E_c / w_c with E_c ~ Exp(1) drawn for every cell in row-major order; the m smallest keys are exactly
 * a sequential weighted sample without replacement. O(n² log n). Output sorted as in `uniformCompletion`.
 * @example const op = powerLawCompletion({ n: 50, m: 600, seed: 3, gamma: 1 })
 */
export function powerLawCompletion(opts: { n: number; m: number; seed: number; gamma?: number }): EntryOperator {
  const fn = 'powerLawCompletion';
  checkObject(fn, 'opts', opts);
  const n = checkInt(fn, 'n', opts.n, 1);
  const P = triangle(n);
  const m = checkCompletionCount(fn, n, opts.m);
  const gamma = checkReal(fn, 'gamma', opts.gamma ?? 1);
  const rng = seeded(fn, opts.seed);
  checkAllocation(fn, `the n(n+1)/2 = ${P} cells`, 3 * P);
  const logp = new Float64Array(n);
  // detmath's log, not Math.log: engines differ in its last bit, and the sample must be the same in every engine
  for (let j = 0; j < n; j++) logp[j] = -gamma * log(j + 1);
  // log key = log E − log w (logs keep huge gamma from overflowing the weights)
  const logKey = new Float64Array(P);
  let t = 0;
  for (let j = 0; j < n; j++) {
    for (let k = j; k < n; k++) {
      // Exp(1) as −log(1 − u): u is a multiple of 2^-53 in [0, 1), so 1 − u is exact and > 0 (e finite)
      const e = -log(1 - rng.uniform());
      logKey[t++] = log(e) - logp[j] - logp[k];
    }
  }
  const order = new Int32Array(P);
  for (let c = 0; c < P; c++) order[c] = c;
  // ties (probability ~0, e = 0 only when uniform() = 0) broken by cell index: deterministic
  const chosen = Array.from(order.sort((a, b) => logKey[a] - logKey[b] || a - b).subarray(0, m)).sort((a, b) => a - b);
  return { kind: 'entry', n, m, ...decodeSorted(n, chosen) };
}

/**
 * Commuting measurements (Gunasekar Thm. 1): A_i = V diag(d_i) Vᵀ with V Haar orthogonal and d_i ∈ R^n with
 * i.i.d. N(0, 1) entries. Draws: V (`randomOrthogonal`), then d row by row.
 * @example const op = commutingSensing({ n: 10, m: 3, seed: 4 }) // op.d is 3×10 row-major
 */
export function commutingSensing(opts: { n: number; m: number; seed: number }): CommutingOperator {
  const fn = 'commutingSensing';
  checkObject(fn, 'opts', opts);
  const n = checkInt(fn, 'n', opts.n, 1);
  const m = checkInt(fn, 'm', opts.m, 1);
  const rng = seeded(fn, opts.seed);
  checkAllocation(fn, `V (${n}×${n}) and d (${m}×${n})`, n * n + m * n);
  const V = randomOrthogonal(rng, n);
  const d = new Float64Array(m * n);
  for (let i = 0; i < d.length; i++) d[i] = rng.gaussian();
  return { kind: 'commuting', n, m, V, d };
}

/**
 * PSD measurements with a prescribed spectrum (Belabbas 2020): A_i = B_i B_iᵀ, B = [B_1 … B_q] ∈ R^{n×M} with
 * block widths `ranks` (M = Σ ranks ≤ n), B = W diag(√λ) Zᵀ with W n×M orthonormal columns and Z M×M orthogonal
 * (both Haar, drawn in that order), so Σ A_i = BBᵀ = W diag(λ) Wᵀ has nonzero spectrum λ = `spectrum`
 * (length M, entries > 0). Each A_i is PSD of rank r_i (almost surely). Returns the packed operator (m = q) plus
 * B, W, Z and the dense A_i (exactly symmetric).
 * @example const op = psdMeasurements({ n: 7, ranks: [3, 2, 2], spectrum: [2, 1, 1, 1, 1, 1, 1], seed: 5 })
 */
export function psdMeasurements(opts: { n: number; ranks: number[]; spectrum: number[]; seed: number }): DenseOperator & {
  /** B = [B_1 … B_q] = W diag(√λ) Zᵀ (n×M). */
  B: Matrix;
  /** The orthonormal columns W (n×M). */
  W: Matrix;
  /** The orthogonal Z (M×M). */
  Z: Matrix;
  /** The q dense measurement matrices A_i = B_i B_iᵀ (n×n each). */
  A: Matrix[];
} {
  const fn = 'psdMeasurements';
  checkObject(fn, 'opts', opts);
  const n = checkInt(fn, 'n', opts.n, 1);
  const { ranks, spectrum } = opts;
  if (!Array.isArray(ranks) || ranks.length === 0) {
    throw new ImplicitRegError('shape', `${fn}: argument ranks must be a non-empty array of positive integers, got ${String(ranks)}`);
  }
  let M = 0;
  for (let i = 0; i < ranks.length; i++) M += checkInt(fn, `ranks[${i}]`, ranks[i], 1);
  if (M > n) throw new ImplicitRegError('value', `${fn}: argument ranks must sum to at most n = ${n}, got sum ${M}`);
  if (!Array.isArray(spectrum) || spectrum.length !== M) {
    throw new ImplicitRegError('shape', `${fn}: argument spectrum must have Σ ranks = ${M} entries, got ${Array.isArray(spectrum) ? spectrum.length : String(spectrum)}`);
  }
  checkFinite(fn, 'spectrum', spectrum);
  for (let l = 0; l < M; l++) {
    if (!(spectrum[l] > 0)) throw new ImplicitRegError('value', `${fn}: argument spectrum must be positive, got ${spectrum[l]} at index ${l}`);
  }
  const rng = seeded(fn, opts.seed);
  const W = randomOrthogonal(rng, n, M);
  const Z = randomOrthogonal(rng, M);
  const B = matrix(n, M);
  for (let a = 0; a < n; a++) {
    for (let c = 0; c < M; c++) {
      let s = 0;
      for (let l = 0; l < M; l++) s += W.data[a * M + l] * Math.sqrt(spectrum[l]) * Z.data[c * M + l];
      B.data[a * M + c] = s;
    }
  }
  const A: Matrix[] = [];
  let c0 = 0;
  for (const ri of ranks) {
    const bi = matrix(n, ri);
    for (let a = 0; a < n; a++) for (let c = 0; c < ri; c++) bi.data[a * ri + c] = B.data[a * M + c0 + c];
    A.push(gram(bi));
    c0 += ri;
  }
  return { ...packOperator(n, A), B, W, Z, A };
}

// ------------------------------------------------------------------------------------------------
// reference apply / adjoint

function checkAnyOperator(fn: string, op: MeasurementOperator): void {
  checkObject(fn, 'op', op);
  if (op.kind === 'entry-asym') checkAsymOperator(fn, op);
  else checkOperator(fn, op);
}

// a sum of finite terms that is not finite overflowed: say so instead of handing back ∞
function checkResult(fn: string, what: string, d: ArrayLike<number>): void {
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) throw new ImplicitRegError('overflow', `${fn}: ${what} overflows double precision at index ${i}; scale the input down`);
  }
}

function checkOperand(fn: string, op: MeasurementOperator, x: Matrix): void {
  checkAnyOperator(fn, op);
  checkMatrix(fn, 'X', x);
  const [r, c] = op.kind === 'entry-asym' ? [op.n1, op.n2] : [op.n, op.n];
  if (x.rows !== r || x.cols !== c) throw new ImplicitRegError('shape', `${fn}: argument X must be ${r}×${c}, got ${x.rows}×${x.cols}`);
  checkFinite(fn, 'X', x.data);
}

/**
 * y = A(X), y_i = ⟨A_i, X⟩ = tr(A_i X), for every operator kind (plain TS reference). For a square X that is not
 * exactly symmetric this is still ⟨A_i, X⟩ (the symmetric A_i pair with ½(X + Xᵀ)).
 * @example measure(uniformCompletion({ n: 3, m: 2, seed: 0 }), X) // the two observed entries of X
 */
export function measure(op: MeasurementOperator, x: Matrix): Float64Array {
  const fn = 'measure';
  checkOperand(fn, op, x);
  const y = measureUnchecked(op, x.data);
  checkResult(fn, 'A(X)', y);
  return y;
}

function measureUnchecked(op: MeasurementOperator, X: Float64Array): Float64Array {
  const y = new Float64Array(op.m);
  switch (op.kind) {
    case 'dense': {
      const n = op.n;
      const P = triangle(n);
      const xp = new Float64Array(P);
      let t = 0;
      for (let j = 0; j < n; j++) {
        xp[t++] = X[j * n + j];
        for (let k = j + 1; k < n; k++) xp[t++] = 0.5 * (X[j * n + k] + X[k * n + j]);
      }
      for (let i = 0; i < op.m; i++) {
        let s = 0;
        for (let k = 0; k < P; k++) s += op.packed[i * P + k] * xp[k];
        y[i] = s;
      }
      return y;
    }
    case 'entry': {
      const n = op.n;
      for (let i = 0; i < op.m; i++) {
        const j = op.rows[i];
        const k = op.cols[i];
        y[i] = j === k ? X[j * n + j] : 0.5 * (X[j * n + k] + X[k * n + j]);
      }
      return y;
    }
    case 'entry-asym': {
      for (let i = 0; i < op.m; i++) y[i] = X[op.rows[i] * op.n2 + op.cols[i]];
      return y;
    }
    case 'commuting': {
      // y_i = Σ_l d_il (VᵀXV)_ll
      const n = op.n;
      const V = op.V.data;
      const diag = new Float64Array(n);
      for (let l = 0; l < n; l++) {
        let s = 0;
        for (let a = 0; a < n; a++) {
          let xa = 0;
          for (let b = 0; b < n; b++) xa += X[a * n + b] * V[b * n + l];
          s += V[a * n + l] * xa;
        }
        diag[l] = s;
      }
      for (let i = 0; i < op.m; i++) {
        let s = 0;
        for (let l = 0; l < n; l++) s += op.d[i * n + l] * diag[l];
        y[i] = s;
      }
      return y;
    }
  }
}

/**
 * A*(r) = Σ_i r_i A_i as a dense matrix (n×n symmetric; n1×n2 for 'entry-asym'), plain TS reference.
 * Satisfies ⟨A(X), r⟩ = ⟨X, A*(r)⟩.
 * @example adjoint(op, measure(op, X))
 */
export function adjoint(op: MeasurementOperator, r: ArrayLike<number>): Matrix {
  const fn = 'adjoint';
  checkAnyOperator(fn, op);
  checkVector(fn, 'r', r);
  if (r.length !== op.m) throw new ImplicitRegError('shape', `${fn}: argument r must have m = ${op.m} entries, got ${r.length}`);
  checkFinite(fn, 'r', r);
  const out = adjointUnchecked(op, r);
  checkResult(fn, 'A*(r)', out.data);
  return out;
}

function adjointUnchecked(op: MeasurementOperator, r: ArrayLike<number>): Matrix {
  switch (op.kind) {
    case 'dense': {
      const n = op.n;
      const P = triangle(n);
      const acc = new Float64Array(P);
      for (let i = 0; i < op.m; i++) {
        const ri = r[i];
        for (let k = 0; k < P; k++) acc[k] += ri * op.packed[i * P + k];
      }
      const out = matrix(n, n);
      let t = 0;
      for (let j = 0; j < n; j++) {
        out.data[j * n + j] = acc[t++];
        for (let k = j + 1; k < n; k++) {
          const v = 0.5 * acc[t++];
          out.data[j * n + k] = v;
          out.data[k * n + j] = v;
        }
      }
      return out;
    }
    case 'entry': {
      const n = op.n;
      const out = matrix(n, n);
      for (let i = 0; i < op.m; i++) {
        const j = op.rows[i];
        const k = op.cols[i];
        if (j === k) out.data[j * n + j] += r[i];
        else {
          out.data[j * n + k] += 0.5 * r[i];
          out.data[k * n + j] += 0.5 * r[i];
        }
      }
      return out;
    }
    case 'entry-asym': {
      const out = matrix(op.n1, op.n2);
      for (let i = 0; i < op.m; i++) out.data[op.rows[i] * op.n2 + op.cols[i]] += r[i];
      return out;
    }
    case 'commuting': {
      const n = op.n;
      const s = new Float64Array(n);
      for (let i = 0; i < op.m; i++) for (let l = 0; l < n; l++) s[l] += r[i] * op.d[i * n + l];
      return vdvt(op.V, s);
    }
  }
}
