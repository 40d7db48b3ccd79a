// Argument checks shared by the typed layer: every message names the function, the argument, what was
// expected and what was given (STYLE: errors).
import { ImplicitRegError } from './errors.js';
// the shape of core/matrix.ts's Matrix, restated so that matrix.ts can use these checks without an import cycle
interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Asymmetry tolerance for symmetric-input kernels: max|a_ij − a_ji| ≤ 1e-12 · max|a_ij|. */
export const SYMMETRY_TOL = 1e-12;

export function checkMatrix(fn: string, name: string, a: Matrix): void {
  if (a === null || typeof a !== 'object' || !(a.data instanceof Float64Array)) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must be a Matrix { rows, cols, data: Float64Array }, got ${describe(a)}`);
  }
  if (!Number.isInteger(a.rows) || !Number.isInteger(a.cols) || a.rows < 0 || a.cols < 0 || a.data.length !== a.rows * a.cols) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must have data.length = rows·cols, got ${a.rows}×${a.cols} with ${a.data.length} entries`);
  }
}

export function checkNonEmpty(fn: string, name: string, a: Matrix): void {
  if (a.rows === 0 || a.cols === 0) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must be non-empty, got ${a.rows}×${a.cols}`);
  }
}

export function checkSquare(fn: string, name: string, a: Matrix): void {
  checkMatrix(fn, name, a);
  checkNonEmpty(fn, name, a);
  if (a.rows !== a.cols) throw new ImplicitRegError('shape', `${fn}: argument ${name} must be square, got ${a.rows}×${a.cols}`);
}

export function checkFinite(fn: string, name: string, d: ArrayLike<number>): void {
  if (d instanceof Float64Array ? allFinite(d) : allFiniteLike(d)) return;
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    if (x - x !== 0) {
      throw new ImplicitRegError('nonfinite', `${fn}: argument ${name} must be finite, got ${x} at index ${i}`);
    }
  }
}

/**
 * Whether every entry of d is finite: x·0 is 0 for a finite x and NaN otherwise, summed in four independent chains
 * (bounded by d.length, so the engine drops the bounds checks; no branch per element: ~0.45 ns per double against
 * ~2.7 for a per-element test through ArrayLike). For part of an array, pass a subarray.
 */
export function allFinite(d: Float64Array): boolean {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const end4 = d.length & ~3;
  let i = 0;
  for (; i < end4; i += 4) {
    s0 += d[i] * 0;
    s1 += d[i + 1] * 0;
    s2 += d[i + 2] * 0;
    s3 += d[i + 3] * 0;
  }
  for (; i < d.length; i++) s0 += d[i] * 0;
  return s0 + s1 + s2 + s3 === 0;
}

// the per-element test over any other array-like (number[] and the like: usually small)
function allFiniteLike(d: ArrayLike<number>): boolean {
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    if (x - x !== 0) return false;
  }
  return true;
}

/** Relative asymmetry max|a_ij − a_ji| / max|a_ij| of a square matrix (0 for the zero matrix). */
export function asymmetry(a: Matrix): number {
  checkSquare('asymmetry', 'a', a);
  checkFinite('asymmetry', 'a', a.data);
  const n = a.rows;
  const d = a.data;
  let big = 0;
  let diff = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      big = Math.max(big, Math.abs(d[i * n + j]));
      if (j > i) diff = Math.max(diff, Math.abs(d[i * n + j] - d[j * n + i]));
    }
  }
  return big === 0 ? 0 : diff / big;
}

export function checkSymmetric(fn: string, name: string, a: Matrix): void {
  const r = asymmetry(a);
  if (r > SYMMETRY_TOL) {
    throw new ImplicitRegError('symmetry', `${fn}: argument ${name} must be symmetric (relative asymmetry ≤ ${SYMMETRY_TOL}), got ${r.toExponential(2)}`);
  }
}

export function checkVector(fn: string, name: string, x: unknown, length?: number): asserts x is Float64Array | number[] {
  if (!(x instanceof Float64Array) && !Array.isArray(x)) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must be a Float64Array or number[], got ${describe(x)}`);
  }
  if (length !== undefined && x.length !== length) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must have length ${length}, got ${x.length}`);
  }
}

export function checkPositive(fn: string, name: string, x: number): void {
  if (!(typeof x === 'number' && x > 0 && Number.isFinite(x))) {
    throw new ImplicitRegError('value', `${fn}: argument ${name} must be a positive finite number, got ${x}`);
  }
}

/** A value as an error message shows it: numbers and booleans as written, strings quoted, objects by kind. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  if (typeof x === 'string') return `'${x.length > 40 ? `${x.slice(0, 40)}…` : x}'`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name} of length ${(x as unknown as ArrayLike<number>).length}`;
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'object') return (x as object).constructor?.name === 'Object' ? 'an object' : `a ${(x as object).constructor?.name ?? 'object'}`;
  return typeof x;
}

// ------------------------------------------------------------------------------------------------
// Options. Every public function checks its options here, so that a meaningless value (NaN, a negative tolerance,
// 2³² + 3 iterations) is an ImplicitRegError naming the argument instead of a hang, a wrap-around or a silent NaN.

/** Constraints on a number; finite unless `finite: false`. */
export interface NumberSpec {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  gt?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive upper bound. */
  lt?: number;
  /** Must be an integer. */
  integer?: boolean;
  /** Must be finite (default true). */
  finite?: boolean;
}

/** The largest i32, the bound of counts that cross into wasm. */
export const INT32_MAX = 2 ** 31 - 1;

function specText(s: NumberSpec): string {
  const what = s.integer ? 'an integer' : s.finite === false ? 'a number' : 'a finite number';
  const lo = s.gt !== undefined ? `> ${s.gt}` : s.min !== undefined ? `≥ ${s.min}` : '';
  const hi = s.lt !== undefined ? `< ${s.lt}` : s.max !== undefined ? `≤ ${s.max === INT32_MAX ? '2³¹ − 1' : s.max}` : '';
  return [what, lo, lo && hi ? 'and' : '', hi].filter(Boolean).join(' ');
}

/** A number meeting `spec`, else an ImplicitRegError('value') naming `name`. */
export function checkNumber(fn: string, name: string, v: unknown, spec: NumberSpec = {}): number {
  const ok = typeof v === 'number' && !Number.isNaN(v)
    && (spec.finite === false || Number.isFinite(v))
    && (!spec.integer || Number.isInteger(v))
    && (spec.min === undefined || v >= spec.min) && (spec.gt === undefined || v > spec.gt)
    && (spec.max === undefined || v <= spec.max) && (spec.lt === undefined || v < spec.lt);
  if (!ok) throw new ImplicitRegError('value', `${fn}: argument ${name} must be ${specText(spec)}, got ${describe(v)}`);
  return v as number;
}

/** `checkNumber`, with `dflt` when v is undefined. */
export function optionalNumber(fn: string, name: string, v: unknown, dflt: number, spec: NumberSpec = {}): number {
  return v === undefined ? dflt : checkNumber(fn, name, v, spec);
}

/** A count that crosses into wasm as an i32: an integer in [min, 2³¹ − 1]. */
export function checkCount(fn: string, name: string, v: unknown, min = 0): number {
  return checkNumber(fn, name, v, { integer: true, min, max: INT32_MAX });
}

/** A tolerance: a finite number ≥ 0 (0 switches the test off), `dflt` when undefined. */
export function optionalTolerance(fn: string, name: string, v: unknown, dflt: number): number {
  return optionalNumber(fn, name, v, dflt, { min: 0 });
}

/** One of `values`, else an ImplicitRegError('value') listing them; `dflt` when undefined (if given). */
export function checkOneOf<T extends string | number | boolean>(fn: string, name: string, v: unknown, values: readonly T[], dflt?: T): T {
  if (v === undefined && dflt !== undefined) return dflt;
  if (!values.includes(v as T)) {
    throw new ImplicitRegError('value', `${fn}: argument ${name} must be ${values.map((x) => (typeof x === 'string' ? `'${x}'` : String(x))).join(', ').replace(/, ([^,]*)$/, ' or $1')}, got ${describe(v)}`);
  }
  return v as T;
}

/** A boolean, `dflt` when undefined. */
export function optionalBoolean(fn: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new ImplicitRegError('value', `${fn}: argument ${name} must be true or false, got ${describe(v)}`);
  return v;
}

/** An options object (a plain object; `{}` when undefined unless `required`). */
export function checkOptions<T extends object>(fn: string, name: string, v: T | undefined, required = false): T {
  if (v === undefined && !required) return {} as T;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ImplicitRegError('value', `${fn}: argument ${name} must be an options object, got ${describe(v)}`);
  }
  rejectNullFields(fn, name, v);
  return v;
}

/** A function, else an ImplicitRegError('value'). */
export function checkFunction(fn: string, name: string, v: unknown): void {
  if (typeof v !== 'function') throw new ImplicitRegError('value', `${fn}: argument ${name} must be a function, got ${describe(v)}`);
}

/** A required object argument (not null, not an array), else an ImplicitRegError('value') naming it. */
export function checkObject(fn: string, name: string, v: unknown): asserts v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ImplicitRegError('value', `${fn}: argument ${name} must be an object, got ${describe(v)}`);
  }
  rejectNullFields(fn, name, v);
}

// A field set to null is a mistake (`?? default` would silently take the default): leave it out for the default.
function rejectNullFields(fn: string, name: string, v: object): void {
  // for…in without allocating (checkOptions runs on every kernel call)
  for (const key in v) {
    if (Object.hasOwn(v, key) && (v as Record<string, unknown>)[key] === null) {
      throw new ImplicitRegError('value', `${fn}: argument ${name}.${key} must not be null (leave it out for the default)`);
    }
  }
}

/** An array of numbers each meeting `spec` (non-empty unless `emptyOk`), else an ImplicitRegError naming it. */
export function checkNumberList(fn: string, name: string, v: unknown, spec: NumberSpec = {}, emptyOk = false): number[] {
  if (!Array.isArray(v) && !(v instanceof Float64Array)) {
    throw new ImplicitRegError('value', `${fn}: argument ${name} must be an array of numbers, got ${describe(v)}`);
  }
  if (v.length === 0 && !emptyOk) throw new ImplicitRegError('value', `${fn}: argument ${name} must be a non-empty array of numbers, got an empty array`);
  for (let i = 0; i < v.length; i++) checkNumber(fn, `${name}[${i}]`, v[i], spec);
  return Array.from(v as ArrayLike<number>);
}

/** A string, else an ImplicitRegError('value') naming it. */
export function checkString(fn: string, name: string, v: unknown): asserts v is string {
  if (typeof v !== 'string') throw new ImplicitRegError('value', `${fn}: argument ${name} must be a string, got ${describe(v)}`);
}

/**
 * The most doubles one array may hold (2³⁰ = 8 GiB): a request beyond it is an ImplicitRegError('memory') stating the
 * size, instead of V8's RangeError 'Invalid typed array length' or an out-of-memory crash.
 */
export const MAX_DOUBLES = 2 ** 30;

/** Bytes as a person reads them (KiB … TiB). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${u === 0 ? v : v.toPrecision(3)} ${units[u]}`;
}

/** `doubles` f64 values must fit one array (MAX_DOUBLES), else an ImplicitRegError('memory') with the size. */
export function checkAllocation(fn: string, what: string, doubles: number): void {
  if (!(doubles <= MAX_DOUBLES)) {
    throw new ImplicitRegError('memory', `${fn}: ${what} needs ${doubles.toPrecision(3)} doubles (${formatBytes(doubles * 8)}), beyond the ${formatBytes(MAX_DOUBLES * 8)} one array may hold`);
  }
}
