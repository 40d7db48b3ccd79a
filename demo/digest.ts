// Bit-exact fingerprints of explorer results, shared by the page's test hooks and the Node side of the Chromium test
// (test/browser.test.ts): numbers become the hex of their IEEE-754 bytes, so equal strings mean equal doubles.
import type { ExploreChunk } from '../src/explore.js';

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

/** The reduced grid of the page: `perMask` instances of each of the 15 masks, in blocks of ≤ 50 spread over the mask. */
export function reducedGridRanges(perMask: number): [number, number][] {
  const ranges: [number, number][] = [];
  const blocks = Math.ceil(perMask / 50);
  for (let mask = 0; mask < 15; mask++) {
    for (let b = 0; b < blocks; b++) {
      const count = Math.min(50, perMask - b * 50);
      ranges.push([mask * 10000 + Math.round((b * 10000) / blocks), count]);
    }
  }
  return ranges;
}
