// Bit-exact fingerprints of explorer results, shared by the page's test hooks and the Node side of the Chromium test
// (test/browser.test.ts): numbers become the hex of their IEEE-754 bytes, so equal strings mean equal doubles.
import type { ExploreChunk } from '../src/solvers/explore.js';

/** Hex of the little-endian Float64 bytes of each value, concatenated (16 hex digits per double). */
export function hex64(values: ArrayLike<number>): string {
  const f = Float64Array.from(values as ArrayLike<number>);
  const b = new Uint8Array(f.buffer);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/** All numbers of a trajectory in a fixed order: per chunk end, sample count, x, loss, trace, eigenvalues. */
export function flattenChunks(chunks: ExploreChunk[]): { values: number[]; statuses: string[] } {
  const values: number[] = [];
  for (const c of chunks) values.push(c.end, c.x.length, ...c.x, ...c.loss, ...c.trace, ...c.eigenvalues);
  return { values, statuses: chunks.map((c) => c.status) };
}

/**
 * The reduced grid of the page: `perMask` instances of each of the 15 masks, in blocks of 10 (the last observed
 * value runs over all 10 grid values) at (k0, k1, k2) cells spread over the mask by the stride 397 (coprime to 1000,
 * so the cells are distinct); sorted by start.
 */
export function reducedGridRanges(perMask: number): [number, number][] {
  const ranges: [number, number][] = [];
  const blocks = Math.ceil(perMask / 10);
  for (let mask = 0; mask < 15; mask++) {
    for (let b = 0; b < blocks; b++) ranges.push([mask * 10000 + 10 * ((b * 397) % 1000), Math.min(10, perMask - b * 10)]);
  }
  return ranges.sort((p, q) => p[0] - q[0]);
}
