// Masks and their orbits under relabeling (src/grid/masks.ts): the enumeration against Burnside's lemma and the
// issue's table, the representatives (lexicographically smallest of their orbit, listed in order), the entry order.
import { describe, expect, it } from 'vitest';
import { ENTRIES3 } from '../../src/grid/completion3.js';
import {
  binomial, burnsideOrbitCount, canonicalMask, censusMasks, combinations, entries, entryIndex, entryPermutation, maskOrbits, permutations,
} from '../../src/grid/masks.js';

describe('masks and orbits', () => {
  it('the orbit enumeration matches Burnside\'s count for every k at n = 3, 4, 5', () => {
    for (const n of [3, 4, 5]) {
      const N = (n * (n + 1)) / 2;
      for (let k = 0; k <= N; k++) expect(maskOrbits(n, k).length, `n = ${n}, k = ${k}`).toBe(burnsideOrbitCount(n, k));
    }
  });

  it('n = 4: 17, 11 and 5 orbits for k = 6, 7, 8 (the issue\'s table), 17 and 18 for k = 4, 5', () => {
    expect([4, 5, 6, 7, 8].map((k) => maskOrbits(4, k).length)).toEqual([17, 18, 17, 11, 5]);
    expect([6, 7, 8].map((k) => binomial(10, k))).toEqual([210, 120, 45]);
  });

  it('Burnside by hand at n = 3, k = 4: (15 + 3·3 + 2·0)/6 = 4 orbits', () => {
    // identity fixes all 15; a transposition fixes 3 (cycle type on entries 1,1,2,2 → [x⁴] of (1+x)²(1+x²)² = 3);
    // a 3-cycle fixes none (cycles 3,3 on the 6 entries)
    expect(burnsideOrbitCount(3, 4)).toBe(4);
  });

  it('orbit sizes add up to C(N, k) and divide n!', () => {
    for (const n of [3, 4]) {
      const N = (n * (n + 1)) / 2;
      for (let k = 0; k <= N; k++) {
        const orbits = maskOrbits(n, k);
        expect(orbits.reduce((s, o) => s + o.size, 0)).toBe(binomial(N, k));
        for (const o of orbits) expect((n === 3 ? 6 : 24) % o.size).toBe(0);
      }
    }
  });

  it('each representative is the lexicographically smallest mask of its orbit; representatives ascend; every mask maps to one', () => {
    for (const k of [4, 6, 8]) {
      const reps = maskOrbits(4, k).map((o) => o.mask);
      const keys = reps.map((m) => m.join(','));
      for (const m of reps) expect(canonicalMask(4, m)).toEqual(m);
      for (let i = 1; i < reps.length; i++) {
        const a = reps[i - 1], b = reps[i];
        const j = a.findIndex((x, q) => x !== b[q]);
        expect(a[j]).toBeLessThan(b[j]);
      }
      const hit = new Set(combinations(10, k).map((m) => canonicalMask(4, m).join(',')));
      expect([...hit].sort()).toEqual([...keys].sort());
    }
  });

  it('the representatives of n = 4, k = 8 (stable: ids depend on them)', () => {
    // entries: 0–3 diagonal, 4 (0,1), 5 (0,2), 6 (0,3), 7 (1,2), 8 (1,3), 9 (2,3)
    expect(maskOrbits(4, 8).map((o) => o.mask.join(''))).toEqual(['01234567', '01234589', '01245678', '01245689', '01456789']);
    expect(maskOrbits(4, 8).map((o) => o.size)).toEqual([12, 3, 12, 12, 6]);
  });

  it('entry order: diagonal first, then (i, j) row by row — at n = 3 docs/algorithms/grid.md\'s order; entryIndex inverts it', () => {
    expect(entries(3)).toEqual(ENTRIES3);
    for (const n of [1, 2, 3, 4, 5]) entries(n).forEach(([i, j], e) => { expect(entryIndex(n, i, j)).toBe(e); expect(entryIndex(n, j, i)).toBe(e); });
  });

  it('relabeling maps entries to entries (a permutation of 0 … N−1) and the identity to itself', () => {
    for (const pi of permutations(4)) expect([...entryPermutation(4, pi)].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(entryPermutation(4, [0, 1, 2, 3])).toEqual([...Array(10).keys()]);
    expect(permutations(4).length).toBe(24);
  });

  it('mode \'all\' lists every mask in lexicographic order (the 3×3 grid\'s 15 masks at n = 3, k = 4)', () => {
    const all = censusMasks(3, 4, 'all');
    expect(all.length).toBe(15);
    expect(all[0]).toEqual([0, 1, 2, 3]);
    expect(all[14]).toEqual([2, 3, 4, 5]);
  });

  it('arguments are validated with messages naming them', () => {
    expect(() => maskOrbits(6, 2)).toThrow(/maskOrbits: argument n must be an integer in \[1, 5\], got 6/);
    expect(() => maskOrbits(4, 11)).toThrow(/maskOrbits: argument k must be an integer in \[0, 10\] for n = 4, got 11/);
    expect(() => burnsideOrbitCount(4, 1.5)).toThrow(/argument k/);
    expect(() => censusMasks(4, 4, 'some' as 'all')).toThrow(/argument mode must be 'orbits' or 'all', got some/);
    expect(() => entries(0)).toThrow(/entries: argument n/);
    expect(() => entryIndex(4, 1, 4)).toThrow(/entryIndex: argument j must be an integer in \[0, 4\) for n = 4, got 4/);
    expect(() => entryIndex(NaN, 1, 2)).toThrow(/entryIndex: argument n/);
    expect(() => canonicalMask(4, [1, 1])).toThrow(/canonicalMask: argument mask must be distinct entry indices in \[0, 10\) for n = 4, got \[1, 1\]/);
    expect(() => canonicalMask(4, null as unknown as number[])).toThrow(/canonicalMask: argument mask/);
  });
});
