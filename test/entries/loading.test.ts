// Loading: init() idempotence, initSync from bytes, the debug build, and the browser entry's bundler-visible
// URL literal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { init, initSync, matrix, type Kernels } from '../../src/node.js';
import { Rng, gaussMatrix, randomSymmetric } from '../support/helpers.js';

const root = new URL('../../', import.meta.url);
const releaseBytes = () => readFileSync(new URL('build/implicit-reg.wasm', root));

// A fixed workload touching every kernel family; wasm f64 arithmetic is deterministic (IEEE 754, no
// fast-math, NaN payloads aside), so two instances of the same module — or of the same source compiled
// with and without Binaryen's optimizer, which preserves float semantics — must give identical doubles.
function workload(k: Kernels): number[] {
  const rng = new Rng(77);
  const s = randomSymmetric(rng, 12);
  const g = gaussMatrix(rng, 9, 9, 0.4);
  const e = k.eigh(s);
  const x = k.expm(g);
  const p = k.matmul(gaussMatrix(rng, 40, 30), gaussMatrix(rng, 30, 20));
  const r = k.rk45({ system: { kind: 'linear', M: g }, y0: Array.from({ length: 9 }, (_, i) => i - 4), t1: 2, rtol: 1e-8 });
  return [...e.values, ...e.vectors.data, ...x.data, ...p.data, ...r.y, r.steps, r.nfev];
}

describe('init', () => {
  it('is idempotent: two calls resolve to the same Kernels object', async () => {
    const a = await init();
    const b = await init();
    expect(a).toBe(b);
  });

  it('the debug build is a different instance from the release one', async () => {
    expect(await init({ build: 'debug' })).not.toBe(await init());
  });
});

describe('initSync', () => {
  it('works from the .wasm file bytes', () => {
    const k = initSync(releaseBytes());
    expect(Array.from(k.eigh(matrix(2, 2, [2, 1, 1, 2])).values)).toEqual([1, 3]);
  });

  it('works from a compiled WebAssembly.Module', () => {
    const k = initSync(new WebAssembly.Module(releaseBytes()));
    expect(k.dot([1, 2], [3, 4])).toBe(11);
  });

  it('gives results identical to init()', async () => {
    expect(workload(initSync(releaseBytes()))).toEqual(workload(await init()));
  });

  it('creates a new instance with its own memory on every call', () => {
    const a = initSync(releaseBytes());
    const b = initSync(releaseBytes());
    expect(a).not.toBe(b);
    expect(a.raw.memory).not.toBe(b.raw.memory);
  });
});

describe('debug build', () => {
  it("init({ build: 'debug' }) gives the same eigh results as the release build", async () => {
    const a = randomSymmetric(new Rng(78), 20);
    const dbg = (await init({ build: 'debug' })).eigh(a);
    const rel = (await init()).eigh(a);
    expect(Array.from(dbg.values)).toEqual(Array.from(rel.values));
    expect(Array.from(dbg.vectors.data)).toEqual(Array.from(rel.vectors.data));
    expect(dbg.sweeps).toBe(rel.sweeps);
  });

  it('runs every kernel family without an assertion abort and with the release results', async () => {
    expect(workload(await init({ build: 'debug' }))).toEqual(workload(await init()));
  });
});

describe('browser entry', () => {
  it("contains the exact literal new URL('../build/implicit-reg.wasm', import.meta.url) for bundlers", () => {
    const src = readFileSync(new URL('src/browser.ts', root), 'utf8');
    expect(src).toContain("new URL('../build/implicit-reg.wasm', import.meta.url)");
  });
});
