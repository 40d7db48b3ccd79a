// The (m, s) expm chooses for A — Padé degree and number of squarings (Al-Mohy & Higham 2009, Alg. 6.1) — read
// through the raw dexpmParams export; shared by the expm tests and the expm benchmark.
import type { Matrix } from '../../src/core/matrix.js';
import type { Kernels } from '../../src/kernels/kernels.js';

export function expmParams(ir: Kernels, a: Matrix): [number, number] {
  const raw = ir.raw;
  const n = a.rows;
  const work = raw.alloc(raw.dexpmWorkSize(n) * 8 + 16);
  const pa = raw.alloc(n * n * 8);
  const ms = raw.alloc(8);
  new Float64Array(raw.memory.buffer, pa, n * n).set(a.data);
  raw.dexpmParams(n, pa, work, ms);
  const [m, s] = new Int32Array(raw.memory.buffer, ms, 2);
  for (const p of [work, pa, ms]) raw.free(p);
  return [m, s];
}
