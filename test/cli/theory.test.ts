// `implicit-reg theory …` (src/theory/cli.ts): the JSON output is the report of the library call with the same
// arguments, the table names its columns, and an unknown check exits with status 2 and the usage.
import { describe, expect, it, vi } from 'vitest';
import { belabbasExperiment, init } from '../../src/node.js';
import { cmdTheory } from '../../src/cli/theory.js';

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  const error = vi.spyOn(console, 'error').mockImplementation((s: unknown) => void err.push(String(s)));
  try {
    const code = await cmdTheory(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('implicit-reg theory', () => {
  it('belabbas --json equals belabbasExperiment with the same arguments', async () => {
    const r = await capture(['belabbas', '--seed', '3', '--deltas', '1e-2,1e-6', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const ir = await init();
    const want = belabbasExperiment(ir, { ranks: [2, 2], spectrum: [1, 1, 1, 2], seed: 3, deltas: [1e-2, 1e-6] });
    expect(json.rows.map((w: { relativeError: number }) => w.relativeError)).toEqual(want.rows.map((w) => w.relativeError));
    expect(json.criticalPointCounts).toEqual([4, 4, 1]);
  });

  it('belabbas prints a table with RelativeError and SpectralRatio columns', async () => {
    const r = await capture(['belabbas', '--seed', '3', '--deltas', '1e-4']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/RelativeError\s+SpectralRatio/);
    expect(r.out).toMatch(/tame: true/);
  });

  it('an unknown check exits with 2 and prints the usage', async () => {
    const r = await capture(['nonsense']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/expected 'commutative', 'belabbas' or 'eftekhari'/);
  });
});
