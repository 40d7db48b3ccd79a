// Shared by the experiments' test files: run experiments at the tiny scale through reproduce() and read back what
// they wrote (results.json), so each file keeps only its own assertions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Kernels } from '../../src/node.js';
import { reproduce } from '../../src/experiments/reproduce.js';

export type Row = Record<string, number | string | boolean | null>;

/** results.json as written by src/experiments/write.ts. */
export interface Written {
  points: Row[];
  figures: { name: string; caption: string; svg: string; spec: string }[];
  claims: { claim: string; measured: string; verdict: string }[];
  notes: string[];
  config: Record<string, unknown>;
  seconds: number;
}

/** Run `ids` at the tiny scale into `dir` (no failures allowed) and read each one's results.json. */
export async function reproduceTiny(
  ir: Kernels, dir: string, ids: string[], options?: Record<string, string | number | boolean | undefined>,
): Promise<Record<string, Written>> {
  const r = await reproduce(ids, { ir, out: dir, scale: 'tiny', options });
  expect(r.failed).toEqual([]);
  const res: Record<string, Written> = {};
  for (const id of ids) res[id] = JSON.parse(readFileSync(join(dir, id, 'results.json'), 'utf8')) as Written;
  return res;
}
