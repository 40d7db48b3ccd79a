// The census on the chunked-job layer (src/runner/grids.ts registers it): a small 4×4 census end to end — chunk
// tallies equal the tally of the records, in this thread and on worker threads, split or whole; shards merge; the
// summary's counts follow from the records; progress from the runner and from chunk files; the CLI commands.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CENSUS_FIELDS, CENSUS_STATUS, runCensus } from '../../src/grid/census.js';
import { mergeTallies, summarizeCensus, sweepOutcome, tallyRecords, tallySize, worstForSweep } from '../../src/grid/census-summary.js';
import { chunkDir, jobsIn, mergeShards, runJob } from '../../src/runner/grid-runner.js';
import { ChunkDir, chunkStarts, gridSpec, jobId, parseSpec, canonicalJson } from '../../src/runner/chunks.js';
import { chunkProgress } from '../../src/runner/progress.js';
import { cmdCensus, cmdCensusMerge, cmdProgress } from '../../src/cli/census.js';
import { specFromFlags } from '../../src/cli/grid.js';
import { init, type Kernels } from '../../src/node.js';

let ir: Kernels;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'census-'));
  dirs.push(d);
  return d;
};
beforeAll(async () => {
  ir = await init({ fma: false }); // a job computes on the portable build (src/runner/pool.ts): its references too
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// the first 1 500 ids of the 4×4 census's k = 4 block (the masks (0,0),(1,1),(2,2),(3,3) and (0,0),(1,1),(2,2),(0,1)
// and part of a third), short flows
const options = { n: 4, k: [4], alphas: [1e-3, 1], tMax: 200 };
const whole = gridSpec({ grid: 'census', options, chunk: 500 });
const spec = gridSpec({ grid: 'census', options, chunk: 500, to: whole.from + 1500 });

async function capture(f: () => Promise<number>): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  const err = vi.spyOn(console, 'error').mockImplementation((s: unknown) => void out.push(String(s)));
  const wr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await f(), out: out.join('\n') };
  } finally {
    log.mockRestore(); err.mockRestore(); wr.mockRestore();
  }
}

describe('the census as a grid job', () => {
  let records: Float64Array;
  let tally: Float64Array;

  it('chunk outputs are fixed-size tallies; merged they equal the tally of the whole range\'s records', async () => {
    records = runCensus(ir, spec.from, 1500, spec.options);
    tally = tallyRecords(spec.options, spec.from, records);
    const done: number[] = [];
    const chunks = await runJob(spec, { out: tmp(), workers: 0, onProgress: (d) => done.push(d) }, ir);
    expect(chunks.size).toBe(3);
    for (const c of chunks.values()) expect(c.length).toBe(tallySize(spec.options));
    expect(Array.from(mergeTallies(spec.options, [...chunks.values()]))).toEqual(Array.from(tally));
    expect(done).toEqual([0, 500, 1000, 1500]);
  }, 60_000);

  it('the summary\'s counts follow from the records', () => {
    const s = summarizeCensus(spec.options, tally);
    let feasible = 0, borderline = 0, unattained = 0, run = 0, conv = 0, within2 = 0;
    for (let q = 0; q < 1500; q++) {
      const f = records.subarray(q * 2 * CENSUS_FIELDS, (q * 2 + 1) * CENSUS_FIELDS);
      feasible += f[0]; borderline += f[1];
      if (f[5] === CENSUS_STATUS.unattained) unattained++;
      if (f[5] >= 0) run++;
      if (f[5] === 0) { conv++; if (Math.abs(f[4]) <= 1e-2) within2++; }
    }
    expect([s.instances, s.feasible, s.borderline, s.unattained]).toEqual([1500, feasible, borderline, unattained]);
    expect(s.perK[0].alphas[0].run).toBe(run);
    expect(s.perK[0].alphas[0].converged).toBe(conv);
    expect(s.perK[0].alphas[0].fractionWithin1e2).toBeCloseTo(within2 / conv, 12);
    expect(s.perOrbit.map((o) => o.instances)).toEqual([625, 625, 250, ...new Array(14).fill(0)]); // every orbit of k = 4 is listed
    const hist = s.perK[0].alphas[0].histogram;
    expect(hist.bins.reduce((p, q) => p + q, 0) + hist.below + hist.above).toBe(conv);
    // the worst lists hold the largest |Δ| of each orbit, in order
    for (const o of s.perOrbit) {
      const w = o.alphas[0].worst.map((x) => Math.abs(x.delta));
      expect([...w].sort((p, q) => q - p)).toEqual(w);
    }
    expect(worstForSweep(s).length).toBeGreaterThan(0);
  });

  it('2 worker threads and a different chunking give the same tally', async () => {
    const other = gridSpec({ grid: 'census', options, chunk: 320, to: spec.to });
    const chunks = await runJob(other, { out: tmp(), workers: 2 });
    expect(Array.from(mergeTallies(spec.options, [...chunks.values()]))).toEqual(Array.from(tally));
  }, 120_000);

  it('shards 1/2 and 2/2 in two directories merge into the same tally; the spec round-trips through its JSON', async () => {
    const a = tmp(), b = tmp();
    await runJob(spec, { out: a, workers: 0, shard: [1, 2] }, ir);
    await runJob(spec, { out: b, workers: 0, shard: [2, 2] }, ir);
    const merged = mergeShards([chunkDir(a), chunkDir(b)], spec);
    const size = tallySize(spec.options);
    const parts = chunkStarts(spec).map((_, i) => merged.subarray(i * size, (i + 1) * size));
    expect(Array.from(mergeTallies(spec.options, parts))).toEqual(Array.from(tally));
    expect(jobsIn([chunkDir(a)]).map(jobId)).toEqual([jobId(spec)]);
    expect(jobId(parseSpec(canonicalJson(spec), 'test'))).toBe(jobId(spec));
  }, 60_000);

  it('progress from chunk files: chunks and instances done, the rate between the files\' times, the time to go', async () => {
    const out = tmp();
    const big = gridSpec({ grid: 'census', options, chunk: 250, to: whole.from + 1500 });
    await runJob(gridSpec({ grid: 'census', options, chunk: 250, to: whole.from + 750 }), { out: tmp(), workers: 0 }, ir);
    const store = new ChunkDir(chunkDir(out), big).open();
    const t0 = 1_700_000_000;
    // three chunks written at t0, t0 + 10 s, t0 + 20 s: 500 instances after the first over 20 s → 25/s, 750 to go → 30 s
    chunkStarts(big).slice(0, 3).forEach((s, i) => {
      store.put(s, new Float64Array(tallySize(big.options)));
      utimesSync(store.path(s), t0 + 10 * i, t0 + 10 * i);
    });
    const p = chunkProgress(big, [chunkDir(out)], (t0 + 25) * 1000);
    expect(p).toMatchObject({ chunks: 6, chunksDone: 3, instances: 1500, instancesDone: 750, rate: 25, eta: 30, idle: 5 });
    expect(() => chunkProgress(big, chunkDir(out) as unknown as string[])).toThrow(/chunkProgress: argument dirs must be an array of directory paths/);
    expect(() => chunkProgress(big, [chunkDir(out)], NaN)).toThrow(/chunkProgress: argument now must be a finite number, got NaN/);
    const r = await capture(() => cmdProgress(['--out', out]));
    expect(r.out).toMatch(/3\/6 chunks, 750\/1500 instances \(50\.0%\) \| 25\.0 instances\/s \| ETA 30 s/);
  }, 60_000);
});

describe('implicit-reg census', () => {
  it('runs a small census, writes summary.json and the histogram; census-merge rebuilds the same summary from the chunk files', async () => {
    const out = tmp();
    const r = await capture(() => cmdCensus(['--k', '4', '--limit', '600', '--alphas', '1e-3', '--tmax', '100', '--chunk', '200', '--workers', '0', '--out', out, '--no-sweep']));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/4×4 census, values -1, -0\.5, 0, 0\.5, 1, masks: orbits: 600 instances/);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.instances).toBe(600);
    expect(existsSync(join(out, 'histogram.svg'))).toBe(true);
    const m = await capture(() => cmdCensusMerge(['--out', join(out, 'merged'), '--no-sweep', chunkDir(out)]));
    expect(m.code).toBe(0);
    const s2 = JSON.parse(readFileSync(join(out, 'merged', 'summary.json'), 'utf8'));
    expect(s2.perK).toEqual(s.perK);
  }, 120_000);

  it('Ctrl-C stops a census run in worker threads: exit 3, the finished chunks kept; --resume completes it to the uninterrupted run\'s summary', async () => {
    const out = tmp();
    // positive values: two thirds of the instances are feasible and run flows (~0.3 s a chunk)
    const flags = ['--k', '6', '--values', '0.25,0.5,1', '--limit', '4000', '--chunk', '500', '--alphas', '1e-3', '--no-sweep'];
    const cli = join(import.meta.dirname, '../../dist/cli/main.js');
    const child = spawn(process.execPath, [cli, 'census', ...flags, '--workers', '1', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // interrupt once two chunks are on disk (the job has 8)
    const chunks = chunkDir(out);
    const files = () => (existsSync(chunks) ? readdirSync(chunks).filter((f) => f.endsWith('.bin')).length : 0);
    while (files() < 2) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(3);
    expect(stderr).toMatch(/census: SIGINT: stopping; the finished chunks are kept/);
    const m = /stopped after (\d+) of 4000 instances \(the signal was aborted\); the (\d+) finished chunks are kept in .*: the same command with --resume goes on from there/.exec(stderr);
    expect(m).not.toBeNull();
    const kept = Number(m![2]);
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(8);
    expect(files()).toBe(kept);
    const resumed = await capture(() => cmdCensus([...flags, '--workers', '0', '--out', out, '--resume']));
    expect(resumed.code).toBe(0);
    const once = tmp();
    expect((await capture(() => cmdCensus([...flags, '--workers', '0', '--out', once]))).code).toBe(0);
    const [a, b] = [out, once].map((d) => JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8')));
    expect(a.perK).toEqual(b.perK);
    expect(a.instances).toBe(4000);
  }, 120_000);

  it('--time-budget stops a run between chunks with exit 3 and says how to go on', async () => {
    const r = await capture(() => cmdCensus(['--k', '6', '--limit', '3000', '--chunk', '1000', '--alphas', '1e-3', '--tmax', '200', '--workers', '0', '--no-sweep', '--out', tmp(), '--time-budget', '0.000001']));
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/implicit-reg census: stopped after 0 of 3000 instances \(the time budget was spent\); the 0 finished chunks are kept in .*: the same command with --resume goes on from there/);
    const bad = await capture(() => cmdCensus(['--k', '6', '--limit', '3000', '--workers', '0', '--out', tmp(), '--time-budget', '-1']).catch(() => 2));
    expect(bad.code).toBe(2);
  }, 60_000);

  it('job flags: --grid census selects the census (for the queue); census flags without it are refused', () => {
    const q = specFromFlags({ grid: 'census', values: '10', k: '6,7', alphas: '1e-3' });
    expect(q.grid).toBe('census');
    expect([q.from, q.to - q.from]).toEqual([1_981_521, 17e6 + 11e7]);
    expect(() => specFromFlags({ k: '6' })).toThrow(/--k is a census flag: add --grid census/);
    expect(() => specFromFlags({ grid: 'census', k: '4,6' })).toThrow(/options\.k must be ascending consecutive integers/);
    expect(() => specFromFlags({ grid: 'grid9' })).toThrow(/--grid must be 'grid3' or 'census'/);
    // found by the fuzz suite: messages that named options.tMax, gridValues' V, no flag (an array too long), from/to
    expect(() => specFromFlags({ grid: 'census', tmax: '1e309' })).toThrow(/--tmax must be a finite number > 0, got '1e309'/);
    expect(() => specFromFlags({ grid: 'census', values: '101' })).toThrow(/--values must be a count V in \[2, 100\]/);
    expect(() => specFromFlags({ grid: 'census', k: '4-99999999999' })).toThrow(/--k must be a range a-b of at most 100 integers/);
    expect(() => specFromFlags({ grid: 'census', limit: '0' })).toThrow(/--limit must be an integer ≥ 1, got '0'/);
  });

  it('the α sweep outcome: shrank, persisted and unfinished instances', () => {
    const rows = [
      { id: 1, alpha: 1e-1, delta: 0.2, status: 0 }, { id: 1, alpha: 1e-12, delta: 0.01, status: 0 },
      { id: 2, alpha: 1e-1, delta: 0.4, status: 0 }, { id: 2, alpha: 1e-12, delta: 2.6, status: 0 },
      { id: 3, alpha: 1e-1, delta: 0.4, status: 0 }, { id: 3, alpha: 1e-12, delta: 0.0005, status: 0 },
      { id: 4, alpha: 1e-1, delta: 0.4, status: 0 }, { id: 4, alpha: 1e-12, delta: 0, status: 1 },
    ];
    expect(sweepOutcome(rows)).toEqual({ instances: 4, shrank: 2, persisted: 1, unfinished: 1, persisting: [{ id: 2, first: 0.4, last: 2.6 }] });
  });
});
