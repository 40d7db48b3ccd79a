// Flag values of the CLI, parsed strictly: a value that is not what the flag takes is an ImplicitRegError naming the
// flag (main prints it as one line and exits with code 2) — never a NaN passed on, a hang or a stack trace.
import { ImplicitRegError } from '../core/errors.js';

export interface FlagSpec {
  integer?: boolean;
  min?: number;
  gt?: number;
  max?: number;
  lt?: number;
}

function what(s: FlagSpec): string {
  const parts = [s.integer ? 'an integer' : 'a finite number'];
  if (s.gt !== undefined) parts.push(`> ${s.gt}`);
  if (s.min !== undefined) parts.push(`≥ ${s.min}`);
  if (s.lt !== undefined) parts.push(`< ${s.lt}`);
  if (s.max !== undefined) parts.push(`≤ ${s.max}`);
  return parts.join(' ');
}

/** The number a flag's text denotes, checked against `spec`. */
export function flagNumber(flag: string, raw: unknown, spec: FlagSpec = {}): number {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const v = text === '' ? NaN : Number(text);
  const ok = Number.isFinite(v) && (!spec.integer || Number.isInteger(v)) && (spec.min === undefined || v >= spec.min)
    && (spec.gt === undefined || v > spec.gt) && (spec.max === undefined || v <= spec.max) && (spec.lt === undefined || v < spec.lt);
  if (!ok) throw new ImplicitRegError('value', `--${flag} must be ${what(spec)}, got '${String(raw)}'`);
  return v;
}

/** A comma-separated list of numbers, each checked against `spec`. */
export function flagList(flag: string, raw: unknown, spec: FlagSpec = {}): number[] {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') throw new ImplicitRegError('value', `--${flag} must be a comma-separated list of numbers, got '${String(raw)}'`);
  return text.split(',').map((p) => {
    try {
      return flagNumber(flag, p, spec);
    } catch {
      throw new ImplicitRegError('value', `--${flag} must be a comma-separated list of ${what(spec).replace(/^an? /, '')}s, got '${text}'`);
    }
  });
}
