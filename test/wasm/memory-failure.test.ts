// A request the wasm32 memory cannot hold is an ImplicitRegError('memory') stating the size, and the instance stays
// usable: after each failed huge call every kernel still agrees with its plain-TypeScript twin.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ImplicitRegError, Rng, eighPlain, expmPlain, gaussianMatrix, initSync, matmulPlain, matrix, type Kernels, type Matrix,
} from '../../src/node.js';

let ir: Kernels;
beforeAll(() => {
  ir = initSync();
});

function sym(n: number, seed: number): Matrix {
  const g = gaussianMatrix(new Rng(seed), n, n);
  const a = matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = g.data[i * n + j] + g.data[j * n + i];
  return a;
}
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

// every kernel against an independent reference after the failure
function kernelsStillCorrect(): void {
  const a = gaussianMatrix(new Rng(1), 7, 5);
  const b = gaussianMatrix(new Rng(2), 5, 6);
  expect(maxDiff(ir.matmul(a, b).data, matmulPlain(a, b).data)).toBeLessThanOrEqual(1e-13);
  const s = sym(8, 3);
  expect(maxDiff(ir.eigh(s).values, eighPlain(s).values)).toBeLessThanOrEqual(1e-12);
  const e = gaussianMatrix(new Rng(4), 6, 6);
  expect(maxDiff(ir.expm(e).data, expmPlain(e).data)).toBeLessThanOrEqual(1e-11);
  expect(ir.dot([1, 2, 3], [4, 5, 6])).toBe(32);
  const r = ir.rk45({ system: { kind: 'diagonal', lambda: [-1] }, y0: [1], t1: 1, rtol: 1e-10, atol: 1e-12 });
  expect(Math.abs(r.y[0] - Math.exp(-1))).toBeLessThanOrEqual(1e-9);
}

describe('a failed allocation leaves the instance usable', () => {
  it('expm of a 5000×5000 matrix: memory error with the size, then every kernel is correct', () => {
    kernelsStillCorrect(); // grow the scratch first, so that the failure hits a live scratch block
    let err: unknown;
    try { ir.expm(matrix(5000, 5000)); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ImplicitRegError);
    expect((err as ImplicitRegError).code).toBe('memory');
    expect((err as Error).message).toMatch(/GiB/);
    kernelsStillCorrect();
  });

  it('eigh of a 6000×6000 and expmBatch of two 4000×4000: memory errors, then every kernel is correct', () => {
    for (const call of [() => ir.eigh(matrix(6000, 6000)), () => ir.expmBatch(4000, new Float64Array(2 * 4000 * 4000))]) {
      expect(call).toThrowError(expect.objectContaining({ code: 'memory' }));
      kernelsStillCorrect();
    }
  });

  it('matrix(1e5, 1e5) is a memory error stating the size (not V8\'s "Invalid typed array length")', () => {
    expect(() => matrix(1e5, 1e5)).toThrowError(/matrix: a 100000×100000 matrix needs 1\.00e\+10 doubles \(74\.5 GiB\)/);
    expect(() => matrix(1e5, 1e5)).toThrowError(expect.objectContaining({ code: 'memory' }));
  });

  it('Heap.alloc beyond 4 GiB: memory error before calling into wasm; the next allocation works', () => {
    expect(() => ir.heap.alloc(2 ** 30)).toThrowError(expect.objectContaining({ code: 'memory' }));
    const p = ir.heap.alloc(16);
    expect(p).toBeGreaterThan(0);
    ir.heap.free(p);
    kernelsStillCorrect();
  });
});
