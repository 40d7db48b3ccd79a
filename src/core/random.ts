// The package's one seeded generator (docs/model.md "Randomness"): every random object comes from an explicit
// seed through `Rng`, so Node and browsers produce bit-identical problems. No other source of randomness.
//
// Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018;
// reference C code https://prng.di.unimi.it/xoshiro128starstar.c). Chosen over xoshiro256** because its
// state is four 32-bit words: every step is exact in plain JavaScript (Math.imul, <<, >>>, ^) with no BigInt
// and no floating-point rounding, hence bit-identical on every engine. Period 2^128 − 1; passes BigCrush.
// Seeding: the four state words are the first four outputs of splitmix32 started at the 32-bit seed
// (golden-ratio increment 0x9e3779b9, then the murmur3 fmix32 finalizer — the 32-bit analogue of the
// SplitMix64 seeding Vigna recommends). The first output is a bijection of the seed, so the 2^32 seeds give
// 2^32 distinct states, and nearby seeds (0, 1, 2, …) give unrelated states.
import { log } from './detmath.js';
import { ImplicitRegError } from './errors.js';
import { matrix, type Matrix } from './matrix.js';
import { checkAllocation, checkNumber, describe } from './validate.js';

const TWO32 = 4294967296;
const TWO53 = 9007199254740992;
const GOLDEN = 0x9e3779b9;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** murmur3 fmix32 finalizer (Appleby): a bijective avalanche mix of a 32-bit word. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** MurmurHash3_x86_32 (Appleby) of a list of 32-bit words with the given seed: the hash behind `fork`. */
function murmur3Words(words: ArrayLike<number>, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < words.length; i++) {
    let k = Math.imul(words[i] >>> 0, 0xcc9e2d51);
    k = Math.imul(rotl(k, 15), 0x1b873593);
    h ^= k;
    h = (Math.imul(rotl(h, 13), 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ (words.length * 4));
}

/**
 * Check a seed: an integer in [0, 2^32). Throws ImplicitRegError naming `fn` and `name` otherwise.
 * @example checkSeed('lowRankPSD', 'seed', 7) // ok; checkSeed('f', 'seed', 1.5) throws
 */
export function checkSeed(fn: string, name: string, seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= TWO32) {
    throw new ImplicitRegError('value', `${fn}: argument ${name} must be an integer in [0, 2^32), got ${String(seed)}`);
  }
}

/**
 * Seeded pseudorandom generator: xoshiro128** with splitmix32 seeding (see the file header for the choice).
 * All methods are deterministic functions of the seed and the sequence of calls.
 * @example const rng = new Rng(42); rng.uniform(); rng.gaussian(); rng.int(10)
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Second variate of the last Marsaglia polar pair, or NaN when none is cached. */
  private spare = NaN;

  /** `seed`: an integer in [0, 2^32). */
  constructor(seed: number) {
    checkSeed('Rng', 'seed', seed);
    let z = seed >>> 0;
    const next = (): number => {
      z = (z + GOLDEN) >>> 0;
      return fmix32(z);
    };
    this.setState([next(), next(), next(), next()]);
  }

  /**
   * A generator with the given raw xoshiro128** state (four 32-bit words, not all zero).
   * @example Rng.fromState([1, 2, 3, 4]).nextU32() // 11520
   */
  static fromState(state: ArrayLike<number>): Rng {
    const r = new Rng(0);
    r.setState(state);
    return r;
  }

  private setState(state: ArrayLike<number>): void {
    if (!Array.isArray(state) && !ArrayBuffer.isView(state)) {
      throw new ImplicitRegError('shape', `Rng.fromState: argument state must be an array of 4 words, got ${describe(state)}`);
    }
    if (state.length !== 4) throw new ImplicitRegError('shape', `Rng.fromState: argument state must have 4 words, got ${state.length}`);
    for (let i = 0; i < 4; i++) {
      const w = state[i];
      if (!Number.isInteger(w) || w < 0 || w >= TWO32) {
        throw new ImplicitRegError('value', `Rng.fromState: argument state must hold integers in [0, 2^32), got ${w} at index ${i}`);
      }
    }
    if ((state[0] | state[1] | state[2] | state[3]) === 0) {
      throw new ImplicitRegError('value', 'Rng.fromState: argument state must not be all zero (a fixed point of xoshiro)');
    }
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
    this.spare = NaN;
  }

  /**
   * The current raw state as four unsigned 32-bit words (the cached Gaussian spare is not part of it).
   * @example new Rng(1).state() // [w0, w1, w2, w3]
   */
  state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /**
   * Next 32 random bits as an unsigned integer in [0, 2^32): one xoshiro128** step.
   * @example new Rng(0).nextU32() // an integer in [0, 4294967296)
   */
  nextU32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /**
   * Uniform double in [0, 1) with 53 random bits: (a·2^26 + b)/2^53 from the top 27 bits a of one output
   * and the top 26 bits b of the next (every multiple of 2^-53 in [0, 1) equally likely).
   * @example new Rng(3).uniform() // 0 ≤ u < 1
   */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / TWO53;
  }

  /**
   * Uniform double in [a, b) (a + (b − a)·u; for b > a it may round to b only when b − a is tiny relative to a).
   * @example new Rng(3).uniformIn(-1, 1)
   */
  uniformIn(a: number, b: number): number {
    if (!Number.isFinite(a) || !Number.isFinite(b) || !(b >= a)) {
      throw new ImplicitRegError('value', `Rng.uniformIn: arguments a, b must be finite with a ≤ b, got a = ${a}, b = ${b}`);
    }
    return a + (b - a) * this.uniform();
  }

  /**
   * Standard normal N(0, 1) by the Marsaglia polar method (Marsaglia & Bray 1964): draw (u, v) uniform in the
   * unit disc by rejection, s = u² + v², return u·√(−2 ln s / s) and cache v·√(−2 ln s / s) for the next call.
   * @example new Rng(5).gaussian()
   */
  gaussian(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    // detmath's log, not Math.log: engines differ in Math.log's last bit (Chromium 156 vs Node 20), sqrt is exact
    const f = Math.sqrt((-2 * log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /**
   * Unbiased integer in [0, n) for an integer 1 ≤ n ≤ 2^53, by rejection: for n ≤ 2^32 from one 32-bit output,
   * rejecting the top 2^32 mod n values; above that, the same with 53-bit integers.
   * @example new Rng(9).int(6) // 0…5, each with probability exactly 1/6
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO53) {
      throw new ImplicitRegError('value', `Rng.int: argument n must be an integer in [1, 2^53], got ${n}`);
    }
    if (n <= TWO32) {
      const limit = TWO32 - (TWO32 % n); // accept x < limit: a whole number of copies of [0, n)
      let x = this.nextU32();
      while (x >= limit) x = this.nextU32();
      return x % n;
    }
    const limit = TWO53 - (TWO53 % n);
    let x = this.uniform() * TWO53;
    while (x >= limit) x = this.uniform() * TWO53;
    return x % n;
  }

  /**
   * Shuffle in place (Fisher–Yates / Durstenfeld): every permutation equally likely. Returns `arr`.
   * @example new Rng(1).shuffle([1, 2, 3, 4])
   */
  shuffle<T extends {
    /** Number of elements. */
    length: number;
    [i: number]: unknown;
  }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /**
   * k distinct integers from [0, n), a uniformly random k-subset in uniformly random order: a partial
   * Fisher–Yates shuffle of the virtual array 0…n−1 whose displaced entries live in a Map (O(k) time and memory,
   * whatever n).
   * @example new Rng(2).sampleWithoutReplacement(10, 3) // e.g. [7, 0, 4]
   */
  sampleWithoutReplacement(n: number, k: number): number[] {
    if (!Number.isInteger(n) || n < 0 || n > TWO53) {
      throw new ImplicitRegError('value', `Rng.sampleWithoutReplacement: argument n must be an integer in [0, 2^53], got ${n}`);
    }
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new ImplicitRegError('value', `Rng.sampleWithoutReplacement: argument k must be an integer in [0, n = ${n}], got ${k}`);
    }
    const moved = new Map<number, number>();
    const out = new Array<number>(k);
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const vj = moved.get(j) ?? j;
      const vi = moved.get(i) ?? i;
      moved.set(j, vi);
      out[i] = vj;
    }
    return out;
  }

  /**
   * An independent child generator, a deterministic function of this generator's CURRENT state and `label`
   * (a non-negative safe integer). The parent is not advanced, so `fork(0)`, `fork(1)`, … taken one after the
   * other are reproducible per-instance streams. Child word i = MurmurHash3_x86_32 of
   * (s0, s1, s2, s3, label_lo, label_hi) with hash seed i: a full 128-bit child state, so distinct labels give
   * distinct streams (collisions as unlikely as for random 128-bit states).
   * @example const root = new Rng(7); const inst = root.fork(123); inst.gaussian()
   */
  fork(label: number): Rng {
    if (!Number.isSafeInteger(label) || label < 0) {
      throw new ImplicitRegError('value', `Rng.fork: argument label must be a non-negative safe integer, got ${label}`);
    }
    const words = [this.s0, this.s1, this.s2, this.s3, label >>> 0, Math.floor(label / TWO32) >>> 0];
    const child = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) child[i] = murmur3Words(words, GOLDEN + i);
    if ((child[0] | child[1] | child[2] | child[3]) === 0) child[3] = 1; // probability 2^-128
    return Rng.fromState(child);
  }
}

function checkRng(fn: string, rng: unknown): void {
  if (!(rng instanceof Rng)) throw new ImplicitRegError('value', `${fn}: argument rng must be an Rng, got ${describe(rng)}`);
}

/**
 * A rows×cols matrix of i.i.d. N(0, 1) entries, filled row by row from `rng.gaussian()`.
 * @example gaussianMatrix(new Rng(0), 3, 2) // 3×2
 */
export function gaussianMatrix(rng: Rng, rows: number, cols: number): Matrix {
  checkRng('gaussianMatrix', rng);
  checkNumber('gaussianMatrix', 'rows', rows, { integer: true, min: 0 });
  checkNumber('gaussianMatrix', 'cols', cols, { integer: true, min: 0 });
  checkAllocation('gaussianMatrix', `a ${rows}×${cols} matrix`, rows * cols);
  const g = matrix(rows, cols);
  const d = g.data;
  for (let i = 0; i < d.length; i++) d[i] = rng.gaussian();
  return g;
}

/**
 * A Haar-distributed orthogonal n×n matrix, or (with cols < n) the first `cols` columns of one: an n×cols
 * matrix with orthonormal columns, uniformly distributed on the Stiefel manifold. Householder QR of an n×cols
 * Gaussian matrix G = QR, then Q·diag(sign R_ii) so that R has a positive diagonal, which makes the factor
 * unique and its distribution Haar (Mezzadri, "How to generate random matrices from the classical compact
 * groups", Notices AMS 2007, §5). ‖QᵀQ − I‖ is O(n·ε) (Householder, Higham 2002 Thm. 19.4).
 * @example randomOrthogonal(new Rng(1), 4) // 4×4, QᵀQ = I
 */
export function randomOrthogonal(rng: Rng, n: number, cols: number = n): Matrix {
  checkRng('randomOrthogonal', rng);
  if (!Number.isInteger(n) || n < 1) throw new ImplicitRegError('value', `randomOrthogonal: argument n must be an integer ≥ 1, got ${n}`);
  if (!Number.isInteger(cols) || cols < 1 || cols > n) {
    throw new ImplicitRegError('value', `randomOrthogonal: argument cols must be an integer in [1, n = ${n}], got ${cols}`);
  }
  const p = cols;
  checkAllocation('randomOrthogonal', `an ${n}×${p} orthogonal factor`, 2 * n * p);
  const a = gaussianMatrix(rng, n, p).data; // overwritten by R (upper part) during the factorization
  const vs: Float64Array[] = []; // Householder vectors v_k (unit length, support k…n−1); empty = identity
  const sign = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let norm2 = 0;
    for (let i = k; i < n; i++) norm2 += a[i * p + k] * a[i * p + k];
    const norm = Math.sqrt(norm2);
    const x0 = a[k * p + k];
    const alpha = x0 >= 0 ? -norm : norm; // R_kk = alpha; the sign choice avoids cancellation in v = x − alpha·e1
    const v = new Float64Array(n - k);
    for (let i = k; i < n; i++) v[i - k] = a[i * p + k];
    v[0] -= alpha;
    let vn2 = 0;
    for (let i = 0; i < v.length; i++) vn2 += v[i] * v[i];
    sign[k] = alpha > 0 ? 1 : -1;
    if (vn2 === 0) {
      // x = 0 (probability zero): no reflection, R_kk = 0, sign +1
      vs.push(new Float64Array(0));
      sign[k] = 1;
      continue;
    }
    const vn = Math.sqrt(vn2);
    for (let i = 0; i < v.length; i++) v[i] /= vn;
    // A[k:, k:] ← (I − 2vvᵀ) A[k:, k:]
    for (let j = k; j < p; j++) {
      let s = 0;
      for (let i = k; i < n; i++) s += v[i - k] * a[i * p + j];
      s *= 2;
      for (let i = k; i < n; i++) a[i * p + j] -= s * v[i - k];
    }
    vs.push(v);
  }
  // Q = H_0 H_1 … H_{p−1} applied to the first p columns of I (backward accumulation)
  const q = matrix(n, p);
  const qd = q.data;
  for (let j = 0; j < p; j++) qd[j * p + j] = 1;
  for (let k = p - 1; k >= 0; k--) {
    const v = vs[k];
    if (v.length === 0) continue;
    for (let j = k; j < p; j++) {
      let s = 0;
      for (let i = k; i < n; i++) s += v[i - k] * qd[i * p + j];
      s *= 2;
      for (let i = k; i < n; i++) qd[i * p + j] -= s * v[i - k];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) qd[i * p + j] *= sign[j];
  return q;
}
