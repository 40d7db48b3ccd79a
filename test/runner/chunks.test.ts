// The chunked-job layer: job ids follow the spec (and only the spec), chunk files are written whole and rewritten
// byte for byte, merge restores instance order from any mix of sources and names every missing chunk.
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, ChunkDir, chunkDoubles, chunkLength, chunkStarts, findJobSpecs, gridSpec, jobId, mergeChunks, parseSpec, shardChunks } from '../../src/runner/chunks.js';
import { GRID_FIELDS } from '../../src/grid/grid3.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'chunks-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const spec = gridSpec({ options: { alphas: [1e-3, 1], tMax: 50 }, from: 100, to: 1050, chunk: 200 });
// stand-in records: each double says which (instance, α, field) it is, so misplacement shows
const fake = (start: number) => Float64Array.from({ length: chunkLength(spec, start) * 2 * GRID_FIELDS }, (_, i) => start * 2 * GRID_FIELDS + i);

describe('job spec and id', () => {
  it('defaults are resolved, so spelling a default out gives the same job id', () => {
    const a = gridSpec({ options: { alphas: [1e-3, 1] } });
    const b = gridSpec({ grid: 'grid3', options: { alphas: [1e-3, 1], seed: 0, tMax: 1e12, gtol: 1e-13, qtol: 1e-10, method: 'auto' }, from: 0, to: 150_000, chunk: 2500 });
    expect(jobId(a)).toBe(jobId(b));
    expect(jobId(a)).toMatch(/^grid3-[0-9a-f]{16}$/);
  });

  it('any change of options, range or chunking changes the id', () => {
    const ids = new Set([
      spec, gridSpec({ ...spec, options: { ...spec.options, alphas: [1e-3] } }), gridSpec({ ...spec, options: { ...spec.options, seed: 1 } }),
      gridSpec({ ...spec, from: 0 }), gridSpec({ ...spec, to: 1000 }), gridSpec({ ...spec, chunk: 100 }),
    ].map(jobId));
    expect(ids.size).toBe(6);
  });

  it('canonical JSON sorts keys at every level; a spec round-trips through it', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"e":3,"f":2}]},"b":1}');
    expect(parseSpec(canonicalJson(spec), 'here')).toEqual(spec);
    expect(() => parseSpec(JSON.stringify(spec, null, 1), 'here')).toThrowError(/here is not a spec's canonical JSON/);
    expect(() => parseSpec('{"grid":"grid3"}', 'row 7')).toThrowError(/row 7 does not hold a grid job spec: gridSpec: argument input.options must be an options object/);
  });

  it('invalid ranges, chunk sizes and alphas throw naming the argument', () => {
    expect(() => gridSpec({ options: { alphas: [1] }, from: 10, to: 10 })).toThrowError(/arguments from, to must select instances with 0 ≤ from < to ≤ 150000, got 10, 10/);
    expect(() => gridSpec({ options: { alphas: [1] }, to: 150_001 })).toThrowError(/got 0, 150001/);
    expect(() => gridSpec({ options: { alphas: [1] }, chunk: 0 })).toThrowError(/argument chunk must be a positive integer, got 0/);
    expect(() => gridSpec({ options: { alphas: [1] }, chunk: 2 ** 32 + 3 })).toThrowError(/argument chunk must be at most 2³¹ − 1, got 4294967299/);
    expect(() => gridSpec({ options: { alphas: [1] }, grid: 'constructor' as 'grid3' })).toThrowError(/argument grid must be one of grid3, census, got constructor/);
    const spec = gridSpec({ options: { alphas: [1] }, from: 10, to: 30, chunk: 10 });
    expect(chunkDoubles(spec, 20)).toBe(10 * 8);
    expect(() => chunkDoubles(spec, 15)).toThrowError(/chunkDoubles: argument start must be a chunk start \(from \+ a multiple of chunk = 10\), got 15/);
    expect(() => chunkDoubles(spec, NaN)).toThrowError(/chunkDoubles: argument start must be an integer ≥ 10 and ≤ 29, got NaN/);
    expect(() => gridSpec({ options: { alphas: [] } })).toThrowError(/argument options.alphas must be positive finite numbers, got \[\]/);
  });

  it('chunks tile [from, to); shards partition the chunks', () => {
    expect(chunkStarts(spec)).toEqual([100, 300, 500, 700, 900]);
    expect(chunkLength(spec, 900)).toBe(150);
    const shards = [1, 2, 3].map((k) => shardChunks(spec, [k, 3]));
    expect(shards).toEqual([[100, 700], [300, 900], [500]]);
  });
});

describe('chunk files', () => {
  it('are written whole under their final name only (no temporary file left), with the spec beside them', () => {
    const dir = tmp();
    const store = new ChunkDir(dir, spec).open();
    store.put(300, fake(300));
    expect(readdirSync(dir).sort()).toEqual([`${jobId(spec)}.000000300.bin`, `${jobId(spec)}.json`]);
    expect(findJobSpecs(dir)).toEqual([spec]);
    expect(Array.from(store.get(300)!)).toEqual(Array.from(fake(300)));
  });

  it('re-running a chunk rewrites identical bytes', () => {
    const store = new ChunkDir(tmp(), spec).open();
    store.put(900, fake(900));
    const first = readFileSync(store.path(900));
    store.put(900, fake(900));
    expect(readFileSync(store.path(900)).equals(first)).toBe(true);
  });

  it('a file of the wrong size counts as absent; a chunk of the wrong length is refused', () => {
    const store = new ChunkDir(tmp(), spec).open();
    store.put(100, fake(100));
    truncateSync(store.path(100), 8 * 1000);
    expect(store.get(100)).toBeUndefined();
    expect(store.has(100)).toBe(false);
    expect(() => store.put(100, fake(900))).toThrowError(/argument records must hold 3200 doubles for chunk 100, got 2400/);
  });
});

describe('merge', () => {
  it('restores instance order from chunks spread over several sources', () => {
    const a = new ChunkDir(tmp(), spec).open();
    const b = new ChunkDir(tmp(), spec).open();
    for (const s of chunkStarts(spec)) (s % 400 === 100 ? a : b).put(s, fake(s));
    const merged = mergeChunks(spec, [b, a]);
    expect(merged.length).toBe(950 * 2 * GRID_FIELDS);
    expect(merged.every((v, i) => v === 100 * 2 * GRID_FIELDS + i)).toBe(true);
  });

  it('names every missing chunk by its instance range', () => {
    const a = new ChunkDir(tmp(), spec).open();
    a.put(300, fake(300));
    a.put(700, fake(700));
    expect(() => mergeChunks(spec, [a])).toThrowError(
      `mergeChunks: job ${jobId(spec)} (instances [100, 1050) in chunks of 200) lacks 3 of 5 chunks: instances [100, 300), [500, 700), [900, 1050)`);
  });
});
