// Loading: init() idempotence, initSync from bytes, the debug build, and the browser entry's bundler-visible
// URL literal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineHasFma, ImplicitRegError, init, initSync, matrix, type Kernels } from '../../src/node.js';
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

describe('the FMA build', () => {
  it("is the default exactly where the engine fuses f64x2.relaxed_madd (Node ≥ 22: yes; Node 20: no relaxed SIMD)", async () => {
    const fused = engineHasFma();
    expect(fused).toBe(Number(process.versions.node.split('.')[0]) >= 22);
    expect((await init()).fma).toBe(fused);
    expect(initSync().fma).toBe(fused);
    expect((await init({ fma: false })).fma).toBe(false);
    expect(initSync(undefined, { fma: false }).fma).toBe(false);
    if (fused) expect((await init({ fma: true })).fma).toBe(true);
    else await expect(init({ fma: true })).rejects.toMatchObject({ code: 'load', message: expect.stringMatching(/options\.fma is true but this engine/) });
  });

  it('initSync() runs the build init() picks: the same doubles', async () => {
    expect(workload(initSync())).toEqual(workload(await init()));
  });

  it('agrees with the portable build to rounding (within 1e-12 of the results\' scale), and where fused differs from it in the last bits', async () => {
    const portable = workload(await init({ fma: false }));
    const fma = workload(await init({ fma: 'auto' }));
    expect(fma.length).toBe(portable.length);
    const scale = Math.max(...portable.map(Math.abs));
    fma.forEach((v, i) => expect(Math.abs(v - portable[i])).toBeLessThanOrEqual(1e-12 * scale));
    // the gemm micro-kernel, the eigensolver and the RK stages use the fused multiply-add: some bits differ
    expect(fma.some((v, i) => v !== portable[i])).toBe(engineHasFma());
  });

  it('bad fma options are value errors naming the option', async () => {
    await expect(init({ fma: 'yes' as never })).rejects.toMatchObject({ code: 'value', message: expect.stringMatching(/options\.fma must be 'auto', true or false, got 'yes'/) });
    expect(() => initSync(undefined, { fma: 1 as never })).toThrowError(ImplicitRegError);
    await expect(init({ build: 'debug', fma: true })).rejects.toMatchObject({ code: 'value', message: expect.stringMatching(/debug build is portable/) });
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
    expect(workload(initSync(releaseBytes()))).toEqual(workload(await init({ fma: false })));
  });

  it('creates a new instance with its own memory on every call', () => {
    const a = initSync(releaseBytes());
    const b = initSync(releaseBytes());
    expect(a).not.toBe(b);
    expect(a.raw.memory).not.toBe(b.raw.memory);
  });
});

describe('debug build', () => {
  it("init({ build: 'debug' }) gives the same eigh results as the portable release build", async () => {
    const a = randomSymmetric(new Rng(78), 20);
    const dbg = (await init({ build: 'debug' })).eigh(a);
    const rel = (await init({ fma: false })).eigh(a); // the debug build is portable: same arithmetic, bit for bit
    expect(Array.from(dbg.values)).toEqual(Array.from(rel.values));
    expect(Array.from(dbg.vectors.data)).toEqual(Array.from(rel.vectors.data));
    expect(dbg.sweeps).toBe(rel.sweeps);
  });

  it('runs every kernel family without an assertion abort and with the release results', async () => {
    expect(workload(await init({ build: 'debug' }))).toEqual(workload(await init({ fma: false }))); // both portable
  });
});

describe('browser entry', () => {
  it("contains the exact literal new URL('../build/implicit-reg.wasm', import.meta.url) for bundlers", () => {
    const src = readFileSync(new URL('src/browser.ts', root), 'utf8');
    expect(src).toContain("new URL('../build/implicit-reg.wasm', import.meta.url)");
  });
});
