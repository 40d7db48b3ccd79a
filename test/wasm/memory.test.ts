// Memory: the typed layer reuses one scratch region, so steady-state calls allocate nothing in wasm
// (the memory never grows); and views stay correct across memory growth (docs/algorithms/blas.md, STYLE: views are
// re-created when view.buffer !== memory.buffer).
import { beforeAll, describe, expect, it } from 'vitest';
import { init, initSync, matrix, type Kernels } from '../../src/node.js';
import { Rng, randomSymmetric, gaussMatrix } from '../support/helpers.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

const CALLS = 100_000;

describe('no leak in steady state', () => {
  it(`${CALLS} eigh calls on a 10×10 keep heap.byteLength constant after warm-up`, () => {
    const a = randomSymmetric(new Rng(1), 10);
    for (let i = 0; i < 5; i++) ir.eigh(a);
    const size = ir.heap.byteLength;
    const first = ir.eigh(a);
    let last = first;
    for (let i = 0; i < CALLS; i++) last = ir.eigh(a);
    expect(ir.heap.byteLength).toBe(size);
    // and the scratch reuse does not corrupt results: the same input still gives the same doubles
    expect(Array.from(last.values)).toEqual(Array.from(first.values));
  });

  it(`${CALLS} expm calls on a 10×10 keep heap.byteLength constant after warm-up`, () => {
    const a = gaussMatrix(new Rng(2), 10, 10, 0.3);
    for (let i = 0; i < 5; i++) ir.expm(a);
    const size = ir.heap.byteLength;
    const first = ir.expm(a);
    const out = matrix(10, 10);
    for (let i = 0; i < CALLS; i++) ir.expm(a, out);
    expect(ir.heap.byteLength).toBe(size);
    expect(Array.from(out.data)).toEqual(Array.from(first.data));
  });
});

describe('memory growth', () => {
  // a fresh instance (initSync: its own memory, 16 pages = 1 MiB) so that the 300×300 eigh (≈ 2.9 MB of
  // scratch) certainly grows it
  it('a Float64Array taken from heap.f64 before growth is detected stale; heap.f64 is re-created', () => {
    const k = initSync();
    const stale = k.heap.f64;
    expect(stale.buffer === k.raw.memory.buffer).toBe(true);
    const before = k.heap.byteLength;
    k.eigh(randomSymmetric(new Rng(3), 300));
    expect(k.heap.byteLength).toBeGreaterThan(before);
    expect(stale.buffer === k.raw.memory.buffer).toBe(false);
    expect(k.heap.f64.buffer === k.raw.memory.buffer).toBe(true);
  });

  it('the 300×300 eigh that grows memory is itself correct (Σλ = tr A, values ascending)', () => {
    const k = initSync();
    const a = randomSymmetric(new Rng(4), 300);
    const { values } = k.eigh(a);
    let tr = 0;
    let s = 0;
    let fro = 0;
    for (let i = 0; i < 300; i++) {
      tr += a.data[i * 301];
      s += values[i];
      if (i > 0) expect(values[i - 1]).toBeLessThanOrEqual(values[i]);
    }
    for (const x of a.data) fro += x * x;
    // each λ within O(nε)‖A‖ ≤ 1e-13·n·‖A‖_F of exact; their sum is exactly tr A
    expect(Math.abs(s - tr)).toBeLessThanOrEqual(1e-13 * 300 * Math.sqrt(fro));
  });

  it('after growth, small calls return correct values', () => {
    const k = initSync();
    k.eigh(randomSymmetric(new Rng(5), 300));
    expect(Array.from(k.eigh(matrix(2, 2, [2, 1, 1, 2])).values)).toEqual([1, 3]);
    expect(Array.from(k.matmul(matrix(2, 2, [1, 2, 3, 4]), matrix(2, 2, [5, 6, 7, 8])).data)).toEqual([19, 22, 43, 50]);
    expect(k.dot([1, 2, 3], [4, 5, 6])).toBe(32);
    const e = k.expm(matrix(1, 1, [2])).data[0];
    expect(Math.abs(e - Math.exp(2)) / Math.exp(2)).toBeLessThanOrEqual(1e-14);
  });
});
