// The kinds of arguments the fuzz suite mutates, each with its list of nasty values and a validity predicate: a value
// the package must reject with an ImplicitRegError naming the argument (invalid), or one it must handle — return a
// finite result or throw a clear ImplicitRegError ('overflow', 'memory', …) — because it is valid if extreme.
// Values cross from the driver to the worker by structured clone, so values that are not plain data (functions,
// signals, matrices) are tokens { $: … } that the worker turns into the real thing.

/** A value for a mutation, or a token the worker builds. */
export type Token = unknown;

export interface NumSpec {
  min?: number;
  gt?: number;
  max?: number;
  lt?: number;
  integer?: boolean;
  /** Infinity allowed (default false). */
  infinite?: boolean;
}

export type Kind =
  | { t: 'num'; spec: NumSpec; /** valid values safe to run (default: a few small ones) */ safe?: number[]; huge?: number[] }
  | { t: 'seed'; optional?: boolean }
  | { t: 'bool' }
  | { t: 'enum'; values: readonly unknown[] }
  | { t: 'options'; required: boolean }
  | { t: 'matrix'; sym?: boolean; emptyOk?: boolean; nonfiniteOk?: boolean; /** NaN entries mean something (e.g. unobserved), ±∞ do not */ nanOk?: boolean; noScale?: boolean; anyShape?: boolean }
  | { t: 'vector'; fixedLength?: boolean; emptyOk?: boolean; nonfiniteOk?: boolean; noScale?: boolean; positive?: boolean }
  | { t: 'numlist'; spec: NumSpec; emptyOk?: boolean }
  | { t: 'fn' }
  | { t: 'object'; undefinedOk?: boolean }
  | { t: 'string'; emptyOk?: boolean }
  | { t: 'signal' };

/** A nasty value and whether it is valid for its kind. */
export interface Candidate {
  v: Token;
  valid: boolean;
  label: string;
}

export function numValid(v: unknown, s: NumSpec): boolean {
  if (typeof v !== 'number' || Number.isNaN(v)) return false;
  if (!Number.isFinite(v) && !s.infinite) return false;
  if (s.integer && !Number.isInteger(v)) return false;
  if (s.min !== undefined && !(v >= s.min)) return false;
  if (s.gt !== undefined && !(v > s.gt)) return false;
  if (s.max !== undefined && !(v <= s.max)) return false;
  if (s.lt !== undefined && !(v < s.lt)) return false;
  return true;
}

const lbl = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : typeof v === 'object' && v !== null && '$' in v ? String((v as { $: string }).$) : String(v));

function cands(vals: unknown[], valid: (v: unknown) => boolean): Candidate[] {
  return vals.map((v) => ({ v, valid: valid(v), label: lbl(v) }));
}

/** The fixed candidates of a kind (fast-check adds random doubles/integers for numeric kinds). */
export function candidates(k: Kind): Candidate[] {
  switch (k.t) {
    case 'num': {
      const s = k.spec;
      const base: unknown[] = [NaN, Infinity, -Infinity, -1, 0, 1.5, 2 ** 32 + 3, 1e300, -1e300, 'x', '3', null, true, { $: 'object' }];
      // the valid values we may run: the safe list and (for sizes) a few huge ones; others only if they are invalid
      const invalid = base.filter((v) => !numValid(v, s));
      const safe = (k.safe ?? []).filter((v) => numValid(v, s));
      return [...cands(invalid, () => false), ...cands([...safe, ...(k.huge ?? [])], (v) => numValid(v, s))];
    }
    case 'seed':
      return cands([NaN, -1, 1.5, 2 ** 32, Infinity, 'abc', null, undefined, 0, 2 ** 32 - 1, 12345], (v) => (v === undefined && k.optional === true) || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 32));
    case 'bool':
      return cands(['yes', 1, 0, null, 'true', true, false], (v) => typeof v === 'boolean');
    case 'enum':
      return cands(['bogus', 1, null, '', { $: 'object' }, ...k.values], (v) => k.values.includes(v));
    case 'options':
      return cands([null, 5, 'x', [], true, undefined], (v) => v === undefined && !k.required);
    case 'matrix': {
      const out = cands([null, 5, 'x', { $: 'rows-array' }, { $: 'bad-length' }, { $: 'plain-data' }, { $: 'mat-nan' }, { $: 'mat-inf' }, { $: 'mat-wrong-shape' }], (v) => {
        const t = (v as { $?: string })?.$;
        return (k.nonfiniteOk === true && (t === 'mat-nan' || t === 'mat-inf')) || (k.nanOk === true && t === 'mat-nan') || (k.anyShape === true && t === 'mat-wrong-shape');
      });
      out.push({ v: { $: 'mat-empty' }, valid: k.emptyOk === true, label: 'mat-empty' });
      if (k.sym) out.push({ v: { $: 'mat-asym' }, valid: false, label: 'mat-asym' });
      if (!k.noScale) {
        for (const s of ['1e300', '1e-300', 'subnormal', 'zero']) out.push({ v: { $: `mat-scale:${s}` }, valid: true, label: `mat-scale:${s}` });
      }
      return out;
    }
    case 'vector': {
      const out = cands([null, 5, 'abc', { $: 'object' }, { $: 'vec-nan' }, { $: 'vec-inf' }], (v) => {
        const t = (v as { $?: string })?.$;
        return k.nonfiniteOk === true && (t === 'vec-nan' || t === 'vec-inf');
      });
      out.push({ v: { $: 'vec-empty' }, valid: k.emptyOk === true && k.fixedLength !== true, label: 'vec-empty' });
      if (k.fixedLength) {
        out.push({ v: { $: 'vec-short' }, valid: false, label: 'vec-short' });
        out.push({ v: { $: 'vec-long' }, valid: false, label: 'vec-long' });
      }
      if (k.positive) out.push({ v: { $: 'vec-negative' }, valid: false, label: 'vec-negative' });
      if (!k.noScale) {
        for (const s of ['1e300', '1e-300', 'subnormal']) out.push({ v: { $: `vec-scale:${s}` }, valid: true, label: `vec-scale:${s}` });
        if (!k.positive) out.push({ v: { $: 'vec-scale:zero' }, valid: true, label: 'vec-scale:zero' });
      }
      return out;
    }
    case 'numlist':
      return cands([[], [NaN], [-1], [0], [Infinity], 'x', null, [1, 'a'], 5, [1e300]], (v) => Array.isArray(v) && (v.length > 0 || k.emptyOk === true) && v.every((x) => numValid(x, k.spec)));
    case 'fn':
      return cands(['x', 5, null, { $: 'object' }, { $: 'fn' }], (v) => (v as { $?: string })?.$ === 'fn');
    case 'object':
      return cands([null, 5, 'x', { $: 'object' }, [], undefined], (v) => v === undefined && k.undefinedOk === true);
    case 'string':
      return cands([null, 5, undefined, { $: 'object' }, ''], (v) => v === '' && k.emptyOk === true);
    case 'signal':
      return cands(['x', 5, { $: 'object' }, { $: 'aborted-signal' }], (v) => (v as { $?: string })?.$ === 'aborted-signal');
  }
}

/** Whether a number drawn by fast-check for a numeric kind is valid. */
export function drawnValid(k: Kind, v: number): boolean {
  if (k.t === 'num') return numValid(v, k.spec);
  if (k.t === 'seed') return Number.isInteger(v) && v >= 0 && v < 2 ** 32;
  return false;
}
