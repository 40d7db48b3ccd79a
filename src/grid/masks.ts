// Observation masks of n×n symmetric completion problems and their orbits under relabeling of the indices (the
// census's enumeration, docs/census.md). A mask is a k-subset of the N = n(n+1)/2 entries of the upper triangle
// (diagonal included), written as the ascending list of its entry indices in the order of {@link entries}: the n
// diagonal entries (0,0), (1,1), …, then the off-diagonal entries (i, j), i < j, row by row — at n = 3 exactly the
// 3×3 grid's order (docs/algorithms/grid.md): (0,0), (1,1), (2,2), (0,1), (0,2), (1,2). Masks are ordered lexicographically (itertools.combinations).
// A permutation π of the indices maps entry (i, j) to (π(i), π(j)) (sorted); the representative of an orbit is its
// lexicographically smallest mask, and representatives are listed in lexicographic order. The number of orbits
// follows Burnside's lemma: (1/n!) Σ_π #masks fixed by π, where a k-subset is fixed iff it is a union of cycles of
// the permutation π induces on the entries, so #fixed = [x^k] Π_cycles (1 + x^|cycle|).
import { ImplicitRegError } from '../core/errors.js';
import { describe } from '../core/validate.js';

/** Largest n the enumerator supports (n! permutations, C(N, k) masks). */
export const MAX_ORDER = 5;

function checkOrder(fn: string, n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ORDER) throw new ImplicitRegError('value', `${fn}: argument n must be an integer in [1, ${MAX_ORDER}], got ${n}`);
}

function checkK(fn: string, n: number, k: number): void {
  const N = (n * (n + 1)) / 2;
  if (!Number.isInteger(k) || k < 0 || k > N) throw new ImplicitRegError('value', `${fn}: argument k must be an integer in [0, ${N}] for n = ${n}, got ${k}`);
}

/** The N = n(n+1)/2 entries (i, j), i ≤ j: diagonal first, then the off-diagonal row by row. */
export function entries(n: number): Array<readonly [number, number]> {
  checkOrder('entries', n);
  const out: Array<readonly [number, number]> = [];
  for (let i = 0; i < n; i++) out.push([i, i]);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([i, j]);
  return out;
}

/** Index of entry (i, j) (either order) in {@link entries}(n). */
export function entryIndex(n: number, i: number, j: number): number {
  const fn = 'entryIndex';
  checkOrder(fn, n);
  for (const [name, v] of [['i', i], ['j', j]] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new ImplicitRegError('value', `${fn}: argument ${name} must be an integer in [0, ${n}) for n = ${n}, got ${describe(v)}`);
  }
  return index(n, i, j);
}

// entryIndex without the checks (the enumeration's inner loops)
function index(n: number, i: number, j: number): number {
  if (i === j) return i;
  const [a, b] = i < j ? [i, j] : [j, i];
  // off-diagonal entries of rows 0 … a−1 come first: Σ_{r<a} (n − 1 − r)
  return n + a * (n - 1) - (a * (a - 1)) / 2 + (b - a - 1);
}

/** Binomial coefficient C(N, k) (exact for the sizes here). */
export function binomial(N: number, k: number): number {
  if (k < 0 || k > N) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (N - k + i)) / i;
  return Math.round(c);
}

/** All k-subsets of 0 … N−1 in lexicographic order. */
export function combinations(N: number, k: number): number[][] {
  const out: number[][] = [];
  const c = Array.from({ length: k }, (_, i) => i);
  if (k > N) return out;
  for (;;) {
    out.push(c.slice());
    let i = k - 1;
    while (i >= 0 && c[i] === N - k + i) i--;
    if (i < 0) return out;
    c[i]++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
  }
}

/** All permutations of 0 … n−1 (lexicographic order). */
export function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) for (let pos = 0; pos <= p.length; pos++) out.push([...p.slice(0, pos), n - 1, ...p.slice(pos)]);
  return out.sort((a, b) => { for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]; return 0; });
}

/** The permutation of entry indices induced by the index permutation π (entry e ↦ its image). */
export function entryPermutation(n: number, pi: readonly number[]): number[] {
  return entries(n).map(([i, j]) => index(n, pi[i], pi[j]));
}

const lexLess = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
};

/** The lexicographically smallest mask of the orbit of `mask` (ascending entry indices). */
export function canonicalMask(n: number, mask: readonly number[]): number[] {
  const fn = 'canonicalMask';
  checkOrder(fn, n);
  const N = (n * (n + 1)) / 2;
  if (!Array.isArray(mask) || !mask.every((e, q) => Number.isInteger(e) && e >= 0 && e < N && mask.indexOf(e) === q)) {
    throw new ImplicitRegError('value', `${fn}: argument mask must be distinct entry indices in [0, ${N}) for n = ${n}, got ${Array.isArray(mask) ? `[${mask.map(describe).join(', ')}]` : describe(mask)}`);
  }
  let best = [...mask].sort((a, b) => a - b);
  for (const pi of permutations(n)) {
    const ep = entryPermutation(n, pi);
    const img = mask.map((e) => ep[e]).sort((a, b) => a - b);
    if (lexLess(img, best)) best = img;
  }
  return best;
}

/** Which masks the census enumerates: one per orbit of the index permutations, or every mask. */
export type MaskMode = 'orbits' | 'all';

/** One orbit of observation masks under simultaneous row/column relabeling. */
export interface MaskOrbit {
  /** The representative: the lexicographically smallest mask of the orbit. */
  mask: number[];
  /** Masks in the orbit (n! / |stabilizer|). */
  size: number;
}

const orbitCache = new Map<string, MaskOrbit[]>();

/**
 * The orbits of the k-masks of an n×n symmetric matrix under relabeling, by representative in lexicographic order.
 * @example maskOrbits(4, 8).length // 5
 */
export function maskOrbits(n: number, k: number): MaskOrbit[] {
  const fn = 'maskOrbits';
  checkOrder(fn, n);
  checkK(fn, n, k);
  const key = `${n}/${k}`;
  const hit = orbitCache.get(key);
  if (hit) return hit;
  const N = (n * (n + 1)) / 2;
  const perms = permutations(n).map((pi) => entryPermutation(n, pi));
  const seen = new Set<string>();
  const out: MaskOrbit[] = [];
  for (const m of combinations(N, k)) {
    const id = m.join(',');
    if (seen.has(id)) continue;
    // m is the smallest unseen mask, so it is the smallest of its orbit
    const orbit = new Set<string>();
    for (const ep of perms) orbit.add(m.map((e) => ep[e]).sort((a, b) => a - b).join(','));
    for (const o of orbit) seen.add(o);
    out.push({ mask: m, size: orbit.size });
  }
  orbitCache.set(key, out);
  return out;
}

/** The masks the census enumerates for (n, k): orbit representatives or all masks, in lexicographic order. */
export function censusMasks(n: number, k: number, mode: MaskMode): number[][] {
  if (mode === 'orbits') return maskOrbits(n, k).map((o) => o.mask);
  if (mode === 'all') {
    checkOrder('censusMasks', n);
    checkK('censusMasks', n, k);
    return combinations((n * (n + 1)) / 2, k);
  }
  throw new ImplicitRegError('value', `censusMasks: argument mode must be 'orbits' or 'all', got ${String(mode)}`);
}

/**
 * The number of orbits of k-masks by Burnside's lemma, (1/n!) Σ_π [x^k] Π_{cycles c of π on entries} (1 + x^|c|):
 * an independent count of what {@link maskOrbits} enumerates.
 * @example burnsideOrbitCount(4, 6) // 17
 */
export function burnsideOrbitCount(n: number, k: number): number {
  const fn = 'burnsideOrbitCount';
  checkOrder(fn, n);
  checkK(fn, n, k);
  const N = (n * (n + 1)) / 2;
  let total = 0;
  const perms = permutations(n);
  for (const pi of perms) {
    const ep = entryPermutation(n, pi);
    const poly = new Array<number>(N + 1).fill(0);
    poly[0] = 1;
    const visited = new Array<boolean>(N).fill(false);
    for (let e = 0; e < N; e++) {
      if (visited[e]) continue;
      let len = 0;
      for (let f = e; !visited[f]; f = ep[f]) { visited[f] = true; len++; }
      for (let d = N; d >= len; d--) poly[d] += poly[d - len];
    }
    total += poly[k];
  }
  return total / perms.length;
}
