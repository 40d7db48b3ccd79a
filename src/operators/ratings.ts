// Ratings data (docs/model.md, asymmetric completion; Gunasekar Fig. 3(iv)): the MovieLens `u.data` text format
// (`user \t item \t rating \t timestamp` per line, ids 1-based), a seeded held-out split, a seeded synthetic
// data set in the same format, and the completion operator on the n1×n2 ratings matrix with its symmetric lift.
import { ImplicitRegError } from '../core/errors.js';
import type { EntryOperator } from './operator.js';
import type { AsymEntryOperator } from './lift.js';
import { Rng, checkSeed, gaussianMatrix } from '../core/random.js';
import { checkFinite, checkNumber, checkObject, describe } from '../core/validate.js';

/** Check a Ratings object: count, and four arrays of that length (ids as Int32Array, values finite). */
export function checkRatings(fn: string, name: string, r: Ratings): void {
  checkObject(fn, name, r);
  checkNumber(fn, `${name}.count`, r.count, { integer: true, min: 0 });
  for (const [key, type] of [['user', Int32Array], ['item', Int32Array], ['rating', Float64Array], ['timestamp', Float64Array]] as const) {
    const a = r[key];
    if (!(a instanceof type) || a.length !== r.count) {
      throw new ImplicitRegError('shape', `${fn}: argument ${name}.${key} must be a ${type.name} of length count = ${r.count}, got ${describe(a)}`);
    }
  }
  checkFinite(fn, `${name}.rating`, r.rating);
  checkFinite(fn, `${name}.timestamp`, r.timestamp);
}

/** The most ratings syntheticRatings writes (users·perUser): its text must fit one JavaScript string. */
const MAX_SYNTHETIC = 2 ** 24;

/** A list of ratings, columnar; ids as in the file (1-based). */
export interface Ratings {
  /** Number of ratings (the length of every column). */
  count: number;
  /** User id of each rating (1-based). */
  user: Int32Array;
  /** Item id of each rating (1-based). */
  item: Int32Array;
  /** The rating values (e.g. 1–5 stars in MovieLens). */
  rating: Float64Array;
  /** The timestamp column as read (MovieLens: Unix time in seconds). */
  timestamp: Float64Array;
}

const ID = /^\d+$/;
const REAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MAX_ID = 2147483647;

function emptyRatings(count: number): Ratings {
  return { count, user: new Int32Array(count), item: new Int32Array(count), rating: new Float64Array(count), timestamp: new Float64Array(count) };
}

/** Ratings at the given indices, in that order. */
function select(r: Ratings, idx: ArrayLike<number>): Ratings {
  const out = emptyRatings(idx.length);
  for (let t = 0; t < idx.length; t++) {
    const i = idx[t];
    out.user[t] = r.user[i];
    out.item[t] = r.item[i];
    out.rating[t] = r.rating[i];
    out.timestamp[t] = r.timestamp[i];
  }
  return out;
}

/**
 * Parse MovieLens `u.data` text: one rating per line, four fields `user item rating timestamp` separated by
 * tabs (any whitespace is accepted); user and item positive integers, rating a finite decimal number, timestamp a
 * non-negative integer. Blank lines (a trailing newline, `\r\n` endings) are skipped. Any other malformed line,
 * and a repeated (user, item) pair, throws an ImplicitRegError naming the line number (1-based) and its content.
 * @example parseRatings('196\t242\t3\t881250949\n186\t302\t3\t891717742\n').count // 2
 */
export function parseRatings(text: string): Ratings {
  const fn = 'parseRatings';
  if (typeof text !== 'string') throw new ImplicitRegError('value', `${fn}: argument text must be a string, got ${typeof text}`);
  const lines = text.split('\n');
  const user: number[] = [];
  const item: number[] = [];
  const rating: number[] = [];
  const timestamp: number[] = [];
  const seen = new Map<string, number>();
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].trim();
    if (line === '') continue;
    const bad = (what: string): never => {
      const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
      throw new ImplicitRegError('value', `${fn}: line ${ln + 1}: ${what}, got ${JSON.stringify(shown)}`);
    };
    const f = line.split(/\s+/);
    if (f.length !== 4) bad(`expected 4 fields (user, item, rating, timestamp) separated by tabs, found ${f.length}`);
    const [u, i, r, t] = f;
    if (!ID.test(u) || Number(u) < 1 || Number(u) > MAX_ID) bad(`user id must be an integer in [1, ${MAX_ID}]`);
    if (!ID.test(i) || Number(i) < 1 || Number(i) > MAX_ID) bad(`item id must be an integer in [1, ${MAX_ID}]`);
    if (!REAL.test(r) || !Number.isFinite(Number(r))) bad('rating must be a finite number');
    if (!ID.test(t) || !Number.isSafeInteger(Number(t))) bad('timestamp must be a non-negative integer');
    const key = `${Number(u)},${Number(i)}`;
    const first = seen.get(key);
    if (first !== undefined) bad(`duplicate rating of item ${Number(i)} by user ${Number(u)} (first on line ${first + 1})`);
    seen.set(key, ln);
    user.push(Number(u));
    item.push(Number(i));
    rating.push(Number(r));
    timestamp.push(Number(t));
  }
  return {
    count: user.length,
    user: Int32Array.from(user),
    item: Int32Array.from(item),
    rating: Float64Array.from(rating),
    timestamp: Float64Array.from(timestamp),
  };
}

/**
 * Write ratings in the `u.data` format: `user\titem\trating\ttimestamp\n` per rating (numbers in JavaScript's
 * shortest round-trip form, so `parseRatings(formatRatings(r))` reproduces r exactly).
 * @example formatRatings(parseRatings('1\t2\t5\t0')) // '1\t2\t5\t0\n'
 */
export function formatRatings(r: Ratings): string {
  checkRatings('formatRatings', 'r', r);
  const out: string[] = [];
  for (let t = 0; t < r.count; t++) out.push(`${r.user[t]}\t${r.item[t]}\t${r.rating[t]}\t${r.timestamp[t]}\n`);
  return out.join('');
}

/**
 * Hold out `perUser` ratings of every user for testing. A user with more than k = perUser ratings has a uniformly
 * random k of them moved to `test` (drawn from `new Rng(seed).fork(userId)`, so one user's draw does not depend
 * on the other users in the file); a user with ≤ k ratings keeps all of them in `train` (holding out everything
 * would leave that user's row unobserved, with nothing to fit). Both parts keep the input order.
 * @example const { train, test } = splitHeldOut(parseRatings(text), { perUser: 10, seed: 0 })
 */
export function splitHeldOut(ratings: Ratings, opts: { perUser: number; seed: number }): {
  /** The ratings kept for fitting. */
  train: Ratings;
  /** The held-out ratings. */
  test: Ratings;
} {
  const fn = 'splitHeldOut';
  checkRatings(fn, 'ratings', ratings);
  checkObject(fn, 'opts', opts);
  const k = opts.perUser;
  if (!Number.isInteger(k) || k < 0 || k > 2 ** 31 - 1) throw new ImplicitRegError('value', `${fn}: argument perUser must be an integer ≥ 0, got ${describe(k)}${Number.isInteger(k) && k > 0 ? ' (at most 2³¹ − 1)' : ''}`);
  checkSeed(fn, 'seed', opts.seed);
  const root = new Rng(opts.seed);
  const byUser = new Map<number, number[]>();
  for (let t = 0; t < ratings.count; t++) {
    const u = ratings.user[t];
    let list = byUser.get(u);
    if (!list) byUser.set(u, (list = []));
    list.push(t);
  }
  const isTest = new Uint8Array(ratings.count);
  for (const [u, list] of byUser) {
    if (list.length <= k) continue;
    for (const p of root.fork(u).sampleWithoutReplacement(list.length, k)) isTest[list[p]] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let t = 0; t < ratings.count; t++) (isTest[t] ? test : train).push(t);
  return { train: select(ratings, train), test: select(ratings, test) };
}

/**
 * A seeded synthetic ratings file in the `u.data` format. Model: U (users×rank) and V (items×rank) with i.i.d.
 * N(0, 1) entries; user u rates `perUser` distinct items chosen uniformly; rating =
 * clamp(round(3 + (U_u·V_i)/√rank + noise·g), 1, 5) with g ~ N(0, 1), an integer 1…5; timestamp
 * 874724710 + a uniform integer in [0, 2·10⁷). Ids 1-based, users in order, items in draw order.
 * Draws: U, V, then per user the item subset and per rating (noise, timestamp).
 * @example parseRatings(syntheticRatings({ users: 20, items: 30, perUser: 12, seed: 0 })).count // 240
 */
export function syntheticRatings(opts: { users: number; items: number; perUser: number; seed: number; rank?: number; noise?: number }): string {
  const fn = 'syntheticRatings';
  checkObject(fn, 'opts', opts);
  const { users, items, perUser } = opts;
  const rank = opts.rank === undefined ? 2 : opts.rank;
  const noise = opts.noise === undefined ? 0.5 : opts.noise;
  if (!Number.isInteger(users) || users < 1) throw new ImplicitRegError('value', `${fn}: argument users must be an integer ≥ 1, got ${users}`);
  if (!Number.isInteger(items) || items < 1) throw new ImplicitRegError('value', `${fn}: argument items must be an integer ≥ 1, got ${items}`);
  if (!Number.isInteger(perUser) || perUser < 1 || perUser > items) {
    throw new ImplicitRegError('value', `${fn}: argument perUser must be an integer in [1, items = ${items}], got ${perUser}`);
  }
  if (!Number.isInteger(rank) || rank < 1) throw new ImplicitRegError('value', `${fn}: argument rank must be an integer ≥ 1, got ${rank}`);
  if (!(Number.isFinite(noise) && noise >= 0)) throw new ImplicitRegError('value', `${fn}: argument noise must be finite and ≥ 0, got ${describe(noise)}`);
  checkSeed(fn, 'seed', opts.seed);
  if (users * perUser > MAX_SYNTHETIC || items * rank > MAX_SYNTHETIC || users * rank > MAX_SYNTHETIC) {
    throw new ImplicitRegError('memory', `${fn}: ${users} users × ${perUser} ratings (${items} items, rank ${rank}) exceed the ${MAX_SYNTHETIC} ratings one text file may hold here`);
  }
  const rng = new Rng(opts.seed);
  const U = gaussianMatrix(rng, users, rank);
  const V = gaussianMatrix(rng, items, rank);
  const out = emptyRatings(users * perUser);
  let t = 0;
  for (let u = 0; u < users; u++) {
    for (const i of rng.sampleWithoutReplacement(items, perUser)) {
      let s = 0;
      for (let c = 0; c < rank; c++) s += U.data[u * rank + c] * V.data[i * rank + c];
      const score = 3 + s / Math.sqrt(rank) + noise * rng.gaussian();
      out.user[t] = u + 1;
      out.item[t] = i + 1;
      out.rating[t] = Math.min(5, Math.max(1, Math.round(score)));
      out.timestamp[t] = 874724710 + rng.int(20_000_000);
      t++;
    }
  }
  return formatRatings(out);
}

/**
 * The completion operator of the n1×n2 ratings matrix (users × items): observation t reads entry
 * (user − 1, item − 1) with value y_t = rating (ids are taken as 1-based row/column numbers, as in MovieLens,
 * where they are contiguous). n1, n2 default to the largest user and item ids; an id beyond them, or a repeated
 * (user, item) pair, throws.
 * @example const op = asymmetricCompletion(train, 943, 1682) // op.y[t] = rating t
 */
export function asymmetricCompletion(ratings: Ratings, n1?: number, n2?: number): AsymEntryOperator & {
  /** The observed values: y[t] = rating t. */
  y: Float64Array;
} {
  const fn = 'asymmetricCompletion';
  checkRatings(fn, 'ratings', ratings);
  if (n1 !== undefined) checkNumber(fn, 'n1', n1, { integer: true, min: 1, max: 2 ** 31 - 1 });
  if (n2 !== undefined) checkNumber(fn, 'n2', n2, { integer: true, min: 1, max: 2 ** 31 - 1 });
  let maxU = 0;
  let maxI = 0;
  for (let t = 0; t < ratings.count; t++) {
    maxU = Math.max(maxU, ratings.user[t]);
    maxI = Math.max(maxI, ratings.item[t]);
  }
  const N1 = n1 ?? maxU;
  const N2 = n2 ?? maxI;
  if (!Number.isInteger(N1) || N1 < 1 || N1 < maxU) throw new ImplicitRegError('value', `${fn}: argument n1 must be an integer ≥ the largest user id ${maxU} (and ≥ 1), got ${N1}`);
  if (!Number.isInteger(N2) || N2 < 1 || N2 < maxI) throw new ImplicitRegError('value', `${fn}: argument n2 must be an integer ≥ the largest item id ${maxI} (and ≥ 1), got ${N2}`);
  const m = ratings.count;
  const rows = new Int32Array(m);
  const cols = new Int32Array(m);
  const seen = new Set<number>();
  for (let t = 0; t < m; t++) {
    rows[t] = ratings.user[t] - 1;
    cols[t] = ratings.item[t] - 1;
    if (rows[t] < 0 || cols[t] < 0) throw new ImplicitRegError('value', `${fn}: argument ratings has a non-positive id at index ${t} (user ${ratings.user[t]}, item ${ratings.item[t]})`);
    const key = rows[t] * N2 + cols[t];
    if (seen.has(key)) throw new ImplicitRegError('value', `${fn}: argument ratings repeats (user ${ratings.user[t]}, item ${ratings.item[t]}) at index ${t}`);
    seen.add(key);
  }
  return { kind: 'entry-asym', n1: N1, n2: N2, m, rows, cols, y: Float64Array.from(ratings.rating) };
}
