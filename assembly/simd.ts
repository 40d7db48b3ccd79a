// Multiply-add on f64x2 lanes: fused (one rounding) in the FMA build, where the engine has relaxed SIMD
// (`f64x2.relaxed_madd`; asconfig.json target release-fma), a separate multiply and add in the portable build. The
// FMA build is chosen by init() only where the engine validates it and fmaProbe() shows fused arithmetic; the
// portable build gives the same bits on every engine and is the explicit choice for results that must agree across
// machines. see: WebAssembly relaxed SIMD proposal, "relaxed_madd" (implementation-defined fusion).

/** a·b + c on two lanes. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/** c − a·b on two lanes. */
// @ts-ignore: decorator
@inline export function nmadd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}

/**
 * −2⁻⁶⁰ where madd is fused, 0 where it is not: (1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 = −2⁻⁶⁰ exactly, while the rounded product
 * is 1. init() reads it to decide whether the FMA build is worth loading.
 */
export function fmaProbe(): f64 {
  const a = f64x2.splat(1.0 + 9.313225746154785e-10), b = f64x2.splat(1.0 - 9.313225746154785e-10);
  return f64x2.extract_lane(madd(a, b, f64x2.splat(-1.0)), 0);
}
