// Engine-independent transcendental functions. ECMAScript leaves Math.log & co. "implementation-approximated", and
// engines do change them: Chromium 156's V8 and Node 20's V8 (11.3) return different last bits for Math.log, exp,
// pow, sin, cos, … (measured by test/browser.test.ts's setup; only sqrt and hypot agreed). Seeded generators must
// give the same doubles in Node and every browser (docs/model.md), so they use these ports, which need only IEEE-754
// +, −, ×, / (exactly rounded everywhere) and bit access.
// see: fdlibm 5.3 e_log.c (Sun Microsystems 1993; FreeBSD msun), the algorithm Node 20's V8 ieee754::log uses, so the
// port reproduces Node's Math.log bit for bit (test/detmath.test.ts) and no seeded stream changed in Node.

const buf = new DataView(new ArrayBuffer(8));
const word = (hi: number, lo: number): number => {
  buf.setUint32(0, hi);
  buf.setUint32(4, lo);
  return buf.getFloat64(0);
};

const LN2_HI = word(0x3fe62e42, 0xfee00000); // 6.93147180369123816490e-01
const LN2_LO = word(0x3dea39ef, 0x35793c76); // 1.90821492927058770002e-10
const TWO54 = word(0x43500000, 0x00000000); // 2^54
// minimax coefficients of (log(1+s) − log(1−s))/s − 2 ≈ Lg1·s² + … + Lg7·s¹⁴ on [0, 0.1716] (error < 2^-58.45)
const LG1 = word(0x3fe55555, 0x55555593);
const LG2 = word(0x3fd99999, 0x9997fa04);
const LG3 = word(0x3fd24924, 0x94229359);
const LG4 = word(0x3fcc71c5, 0x1d8e78af);
const LG5 = word(0x3fc74664, 0x96cb03de);
const LG6 = word(0x3fc39a09, 0xd078c69f);
const LG7 = word(0x3fc2f112, 0xdf3e5244);

/**
 * Natural logarithm, the same double on every engine (< 1 ulp from the exact value; fdlibm's algorithm).
 * @example log(Math.E) // 1
 */
export function log(x: number): number {
  buf.setFloat64(0, x);
  let hx = buf.getInt32(0);
  const lx = buf.getUint32(4);
  let k = 0;
  if (hx < 0x00100000) { // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // scale a subnormal up
    buf.setFloat64(0, x);
    hx = buf.getInt32(0);
  }
  if (hx >= 0x7ff00000) return x + x; // +Inf or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  buf.setInt32(0, hx | (i0 ^ 0x3ff00000)); // normalize x or x/2 into [√2/2, √2)
  x = buf.getFloat64(0);
  k += i0 >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) { // −2^-20 ≤ f < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/**
 * The integer nearest to base^e (base ≥ 1, e ≥ 0; halves round up), the same in every engine: Math.pow's last bit
 * differs between engines and could move a rounding, so the candidate from Math.pow is only a starting point and
 * the answer is the c with log(c − ½) ≤ e·log(base) < log(c + ½), decided by this file's log.
 * @example roundPow(1000, 0.5) // 32
 */
export function roundPow(base: number, e: number): number {
  const x = e * log(base);
  let c = Math.max(1, Math.round(Math.pow(base, e)));
  while (c > 1 && log(c - 0.5) > x) c--;
  while (log(c + 0.5) <= x) c++;
  return c;
}
