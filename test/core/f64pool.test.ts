// Pooled small arrays (src/f64pool.ts): zero-filled, private (no two arrays share an element), correct lengths,
// across slab boundaries; large arrays are not pooled.
import { describe, expect, it } from 'vitest';
import { allocF64 } from '../../src/core/f64pool.js';
import { matrix } from '../../src/core/matrix.js';

describe('allocF64', () => {
  it('returns zero-filled arrays of the requested length, across several 8 KiB slabs', () => {
    for (let k = 0; k < 500; k++) {
      const len = 1 + (k % 128);
      const a = allocF64(len);
      expect(a.length).toBe(len);
      expect(a.every((x) => x === 0)).toBe(true);
      a.fill(k + 1); // dirty it: a later array must still come back zeroed
    }
  });

  it('never hands out overlapping storage: writing one array leaves all others untouched', () => {
    const arrays = Array.from({ length: 300 }, (_, k) => allocF64(1 + (k % 100)));
    arrays.forEach((a, k) => a.fill(k));
    arrays.forEach((a, k) => expect(a.every((x) => x === k)).toBe(true));
  });

  it('arrays longer than 128 doubles get their own buffer', () => {
    const a = allocF64(129);
    expect(a.buffer.byteLength).toBe(129 * 8);
  });

  it('matrix() data is private even when pooled', () => {
    const m1 = matrix(3, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const m2 = matrix(3, 3);
    m2.data.fill(-1);
    expect(Array.from(m1.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
