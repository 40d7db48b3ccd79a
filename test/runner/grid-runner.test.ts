// The grid runner: workers, resume from chunk files, shards and merge give identical records; feasibility confirmed by
// an independent dense search over the two unknown entries. Uses the first instances of the grid (a reduced grid).
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completion3, ENTRIES3, gridInstance } from '../../src/grid/completion3.js';
import { GRID_FIELDS } from '../../src/grid/grid3.js';
import { assemble, chunkDir, gridJobSpec, mergeShards, runGridJob } from '../../src/runner/grid-runner.js';
import { ChunkDir, chunkStarts } from '../../src/runner/chunks.js';
import { summarize } from '../../src/grid/summary.js';
import { init, type Kernels } from '../../src/node.js';

let ir: Kernels;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'grid3-'));
  dirs.push(d);
  return d;
};
beforeAll(async () => {
  ir = await init();
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// a reduced grid: the first 94 000 instances (the first 90 000 are cheap: fixed trace or infeasible; ids 90 000–93 999
// of mask 9 need real flows), short flows so each run stays within a few seconds
const START_LIMIT = 94_000;
const base = { alphas: [1e-3, 1], tMax: 50, chunk: 1000, limit: START_LIMIT };

describe('grid runner', () => {
  let whole: Float64Array;

  it('in-thread run of the reduced grid; the summary counts agree with the records', async () => {
    const out = tmp();
    const chunks = await runGridJob({ ...base, out, workers: 0 }, ir);
    whole = assemble(chunks, 2, START_LIMIT);
    const s = summarize(whole, base.alphas, START_LIMIT);
    let feasible = 0;
    for (let id = 0; id < START_LIMIT; id++) if (whole[id * 2 * GRID_FIELDS] === 1) feasible++;
    expect(s.feasible).toBe(feasible);
    expect(s.alphas[0].run).toBe(feasible);
    expect(s.alphas[0].converged + s.alphas[0].tMax.length + s.alphas[0].maxSteps.length + s.alphas[0].diverged.length).toBe(feasible);
    // Δ statistics cover converged flows only, and a converged flow has fitted the data: tr X∞ ≥ tr X_min (to rounding)
    const inHist = s.alphas[0].histogram.bins.reduce((p, q) => p + q, 0) + s.alphas[0].histogram.below + s.alphas[0].histogram.above;
    expect(inHist).toBe(s.alphas[0].converged);
    expect(s.alphas[0].quantiles['0']).toBeGreaterThanOrEqual(-1e-6);
  }, 120_000);

  it('2 worker threads give records identical to the in-thread run', async () => {
    const out = tmp();
    const chunks = await runGridJob({ ...base, out, workers: 2 });
    expect(Array.from(assemble(chunks, 2, START_LIMIT))).toEqual(Array.from(whole));
  }, 120_000);

  it('a run killed midway (chunks missing, a torn file, a stray temporary file) and resumed equals the uninterrupted run, redoing no finished chunk', async () => {
    const out = tmp();
    await runGridJob({ ...base, out, workers: 0 }, ir);
    const store = new ChunkDir(chunkDir(out), gridJobSpec(base));
    const starts = chunkStarts(store.spec);
    // a kill leaves the chunks not yet written absent (they appear by rename, whole or not at all) and at most a
    // temporary file; a file torn by something else (a copy cut short) is recomputed too
    const lost = starts.filter((_, i) => i % 5 === 2);
    for (const s of lost) rmSync(store.path(s));
    truncateSync(store.path(starts[1]), Math.floor(statSync(store.path(starts[1])).size * 0.6) + 13);
    writeFileSync(`${store.path(starts[3])}.tmp-1-0-abcd`, 'torn');
    let computed = 0;
    const chunks = await runGridJob({ ...base, out, workers: 0, resume: true, onProgress: () => computed++ }, ir);
    expect(computed - 1).toBe(lost.length + 1); // one progress call per newly computed chunk (+1 initial)
    expect(Array.from(assemble(chunks, 2, START_LIMIT))).toEqual(Array.from(whole));
  }, 120_000);

  it('a run stopped by its time budget keeps its finished chunks, says how far it got, and resumed equals the uninterrupted run', async () => {
    const out = tmp();
    // in this thread each chunk holds the event loop: the budget is checked before every chunk. The third stored
    // chunk's progress call waits out the budget (the first chunks take milliseconds), so exactly three are kept
    const budget = 2000;
    const t0 = performance.now();
    let calls = 0;
    const onProgress = (): void => { if (++calls === 4) while (performance.now() < t0 + budget + 10); };
    const err = await runGridJob({ ...base, out, workers: 0, timeBudget: budget, onProgress }, ir).catch((e) => e);
    expect(err).toMatchObject({ code: 'cancelled' });
    expect(err.message).toMatch(/^runJob: stopped after 3000 of 94000 instances \(the time budget was spent\); the 3 finished chunks are kept in /);
    const kept = 3;
    let computed = 0;
    const chunks = await runGridJob({ ...base, out, workers: 0, resume: true, onProgress: () => computed++ }, ir);
    expect(computed - 1).toBe(94 - kept); // only the chunks the stopped run did not finish
    expect(Array.from(assemble(chunks, 2, START_LIMIT))).toEqual(Array.from(whole));
  }, 120_000);

  it('worker threads stop on an aborted signal (chunks in flight dropped, finished ones kept) and resume to the same records', async () => {
    const out = tmp();
    const ctl = new AbortController();
    let progressed = 0;
    // abort once a few chunks are stored: the other chunks are queued or running in the two threads
    const err = await runGridJob({ ...base, out, workers: 2, onProgress: () => { if (++progressed === 4) ctl.abort(); }, signal: ctl.signal }).catch((e) => e);
    expect(err).toMatchObject({ code: 'cancelled' });
    expect(err.message).toMatch(/\(the signal was aborted\)/);
    const kept = Number(/the (\d+) finished/.exec(err.message)![1]);
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(94);
    const chunks = await runGridJob({ ...base, out, workers: 0, resume: true }, ir);
    expect(Array.from(assemble(chunks, 2, START_LIMIT))).toEqual(Array.from(whole));
  }, 120_000);

  it('a signal aborted before the run starts computes nothing', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(runGridJob({ ...base, out: tmp(), workers: 0, signal: ctl.signal }, ir)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('three shards merged equal the whole', async () => {
    const out = tmp();
    for (const k of [1, 2, 3]) await runGridJob({ ...base, out, workers: 0, shard: [k, 3] }, ir);
    const merged = mergeShards([chunkDir(out)], gridJobSpec(base));
    expect(Array.from(merged)).toEqual(Array.from(whole));
  }, 120_000);

  it('shards on machines without a shared directory merge from their chunk directories', async () => {
    const outs = [tmp(), tmp()];
    for (const k of [1, 2]) await runGridJob({ ...base, limit: 5000, out: outs[k - 1], workers: 0, shard: [k, 2] }, ir);
    const merged = mergeShards(outs.map(chunkDir), gridJobSpec({ ...base, limit: 5000 }));
    expect(Array.from(merged)).toEqual(Array.from(whole.subarray(0, 5000 * 2 * GRID_FIELDS)));
  });

  it('merging incomplete shards names every missing chunk by its instance range', async () => {
    const out = tmp();
    await runGridJob({ ...base, limit: 3000, out, workers: 0, shard: [1, 3] }, ir);
    expect(() => mergeShards([chunkDir(out)], gridJobSpec({ ...base, limit: 3000 }))).toThrowError(/lacks 2 of 3 chunks: instances \[1000, 2000\), \[2000, 3000\)$/);
    expect(existsSync(out)).toBe(true);
  });
});

describe('feasibility by an independent method: dense search over the two unknown entries', () => {
  // λ_min(X(u, v)) over a 101 × 101 grid of the unknowns in [−R, R]² (R covers the minimizers: |entries| ≤ 1 and
  // unknown diagonals need at most (1 + 1)/min|diag| ≤ 18 + slack); feasible instances reach λ_min ≥ −1e-9 somewhere
  // when the best completion is interior... the search is conclusive one way: an instance found PSD-completable is
  // feasible. Conversely, for an infeasible instance no point may reach λ_min ≥ 0.
  function lambdaMin3(x: number[]): number {
    // eigenvalues of a symmetric 3×3 by the trigonometric method (Smith 1961), smallest
    const [a, b, c, d, e, f] = [x[0], x[4], x[8], x[1], x[2], x[5]];
    const p1 = d * d + e * e + f * f;
    const q = (a + b + c) / 3;
    const p2 = (a - q) ** 2 + (b - q) ** 2 + (c - q) ** 2 + 2 * p1;
    const p = Math.sqrt(p2 / 6);
    if (p === 0) return q;
    const B = [(a - q) / p, d / p, e / p, d / p, (b - q) / p, f / p, e / p, f / p, (c - q) / p];
    const detB = B[0] * (B[4] * B[8] - B[5] * B[7]) - B[1] * (B[3] * B[8] - B[5] * B[6]) + B[2] * (B[3] * B[7] - B[4] * B[6]);
    const r = Math.max(-1, Math.min(1, detB / 2));
    const phi = Math.acos(r) / 3;
    return q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  }
  // 5 × 1000 instances (split so no single test blocks the runner for long)
  for (let part = 0; part < 5; part++) it(`non-borderline instances, part ${part + 1} of 5 (1000 each): the exact verdict agrees with the dense search`, () => {
    let checked = 0;
    for (let id = 13 + part * 29000; id < 150000 && checked < 1000; id += 29) {
      const g = gridInstance(id);
      const ex = completion3(g.observed, g.values);
      if (ex.borderline) continue;
      const known = new Array<number>(6).fill(NaN);
      g.observed.forEach((e, i) => (known[e] = g.values[i]));
      const unknown = [0, 1, 2, 3, 4, 5].filter((e) => Number.isNaN(known[e]));
      const range = (e: number) => (e < 3 ? [0, 40] : [-3, 3]); // diagonal unknowns ≥ 0; off-diagonal |·| ≤ sqrt(d_i d_j) ≤ 3
      let best = -Infinity;
      const [r0, r1] = [range(unknown[0]), range(unknown[1])];
      for (let i = 0; i <= 100; i++) {
        for (let j = 0; j <= 100; j++) {
          known[unknown[0]] = r0[0] + ((r0[1] - r0[0]) * i) / 100;
          known[unknown[1]] = r1[0] + ((r1[1] - r1[0]) * j) / 100;
          const X = [0, 0, 0, 0, 0, 0, 0, 0, 0];
          ENTRIES3.forEach(([a, b], e) => (X[a * 3 + b] = X[b * 3 + a] = known[e]));
          best = Math.max(best, lambdaMin3(X));
        }
      }
      // feasible: some grid point is (nearly) PSD — the search step (0.4 on diagonals, 0.06 off) limits how close it
      // gets; infeasible: no completion at all is PSD, so no grid point may be
      if (ex.feasible) expect(best, `instance ${id}`).toBeGreaterThan(-0.1);
      else expect(best, `instance ${id}`).toBeLessThan(0);
      checked++;
    }
    expect(checked).toBe(1000);
  }, 60_000);
});
