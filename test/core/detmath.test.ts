// detmath.log against an independent reference: the logarithm to 40 significant digits (mathjs BigNumber, i.e.
// decimal.js), on seeded inputs across the exponent range, near 1, and subnormals; special values by IEEE 754.
import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { log, roundPow } from '../../src/core/detmath.js';
import { Rng } from '../../src/core/random.js';

const big = create(all, { number: 'BigNumber', precision: 60 });
const view = new DataView(new ArrayBuffer(8));

/** ln x to 60 digits from the exact binary value x = m·2^e (m an integer < 2^53): ln m + e·ln 2. */
function lnExact(x: number) {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  const mant = (hi & 0xfffff) * 2 ** 32 + view.getUint32(4);
  const m = biased === 0 ? mant : mant + 2 ** 52; // subnormal: no hidden bit
  const e = (biased === 0 ? 1 : biased) - 1075;
  return big.add(big.log(big.bignumber(m)), big.multiply(big.bignumber(e), big.log(big.bignumber(2))));
}

/** |log(x) − ln x| in units in the last place of ln x. */
function ulpError(x: number): number {
  const exact = lnExact(x);
  const got = log(x);
  const e = Math.abs(Number(exact));
  const ulp = e === 0 ? Number.MIN_VALUE : 2 ** (Math.floor(Math.log2(e)) - 52);
  return Number(big.abs(big.subtract(big.bignumber(got), exact))) / ulp;
}

describe('detmath.log', () => {
  it('is within 1 ulp of the 40-digit logarithm on 3000 seeded inputs (wide range, near 1, subnormal)', () => {
    const rng = new Rng(2024);
    const xs: number[] = [];
    for (let i = 0; i < 1000; i++) xs.push(rng.uniform() * 2 ** (rng.int(2000) - 1000));
    for (let i = 0; i < 1000; i++) xs.push(1 + (rng.uniform() - 0.5) * 2 ** -(rng.int(40) + 1));
    for (let i = 0; i < 1000; i++) xs.push(rng.uniform() * 2 ** -1030);
    let worst = 0;
    for (const x of xs) if (x > 0) worst = Math.max(worst, ulpError(x));
    expect(worst).toBeLessThan(1);
  });

  it('log 1 = +0 exactly and log 2^k = k·ln 2 within 1 ulp (k·ln2_hi + k·ln2_lo)', () => {
    expect(Object.is(log(1), 0)).toBe(true);
    for (const k of [-1074, -1022, -1, 1, 10, 1023]) expect(ulpError(2 ** k)).toBeLessThan(1);
  });

  it('follows IEEE 754 for the special values', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(Infinity)).toBe(Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(NaN)).toBeNaN();
  });
});

describe('detmath.roundPow', () => {
  it('equals the nearest integer to base^e computed in exact rational arithmetic (mathjs BigNumber), on 2000 seeded cases', () => {
    const rng = new Rng(77);
    for (let i = 0; i < 2000; i++) {
      const base = 1 + rng.int(10_000_000);
      const e = rng.int(101) / 100;
      const exact = big.pow(big.bignumber(base), big.bignumber(e)) as unknown as { toNumber(): number; round(): { toNumber(): number } };
      // base^e is irrational or an integer here, never exactly at a half, so round-half-up is unambiguous
      expect(roundPow(base, e), `${base}^${e}`).toBe(exact.round().toNumber());
    }
  });

  it('is exact on integer powers and at the ends: roundPow(b, 0) = 1, roundPow(b, 1) = b', () => {
    for (const b of [1, 2, 10, 999_999, 1e7]) {
      expect(roundPow(b, 0)).toBe(1);
      expect(roundPow(b, 1)).toBe(b);
    }
    expect(roundPow(1000, 1 / 3)).toBe(10);
    expect(roundPow(1e6, 0.5)).toBe(1000);
  });
});
