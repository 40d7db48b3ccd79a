// The shipped builds of the wasm module and which one an engine gets. 'release' is portable: plain SIMD, the same bits
// on every engine. 'fma' is the same source compiled with relaxed SIMD, whose f64x2.relaxed_madd is one fused rounding
// where the hardware has FMA (assembly/simd.ts): faster, and different in the last bits. Whether this engine fuses is
// asked of a 50-byte module with one function, relaxed_madd of three splats: an engine without relaxed SIMD fails to
// validate it, and one that rounds twice answers 0. see: WebAssembly relaxed SIMD proposal, "relaxed_madd".
import { ImplicitRegError } from '../core/errors.js';

/** A shipped build: 'release' (portable), 'fma' (fused multiply-adds, relaxed SIMD), 'debug' (assertions on; portable). */
export type WasmBuild = 'release' | 'fma' | 'debug';

/** The build options of `init` and `wasmModule`. */
export interface BuildOptions {
  /**
   * 'release' (default) or 'debug' (AssemblyScript assertions on, slower, portable; for diagnosing kernels). Node
   * reads it from the package; a browser fetches it next to the release build; the inline entry embeds only the
   * release builds.
   */
  build?: 'release' | 'debug';
  /**
   * Fused multiply-add. 'auto' (default): the FMA build where the engine validates relaxed SIMD and fuses (current
   * Node and browsers on x86-64 and ARM64), else the portable build. false: the portable build — results identical
   * on every engine and machine; choose it when runs on different machines must agree bit for bit. true: the FMA
   * build, or a 'load' error where the engine cannot run it fused.
   */
  fma?: boolean | 'auto';
}

// (func (export "p") (param f64 f64 f64) (result f64)
//   (f64x2.extract_lane 0 (f64x2.relaxed_madd (f64x2.splat (local.get 0)) (f64x2.splat (local.get 1)) (f64x2.splat (local.get 2)))))
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7c, 0x7c, 0x7c, 0x01, 0x7c, // type: (f64, f64, f64) → f64
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x07, 0x05, 0x01, 0x01, 0x70, 0x00, 0x00, // export "p" = function 0
  0x0a, 0x16, 0x01, 0x14, 0x00, // code: one body of 20 bytes, no locals
  0x20, 0x00, 0xfd, 0x14, 0x20, 0x01, 0xfd, 0x14, 0x20, 0x02, 0xfd, 0x14, // local.get i; f64x2.splat (×3)
  0xfd, 0x87, 0x02, // f64x2.relaxed_madd
  0xfd, 0x21, 0x00, // f64x2.extract_lane 0
  0x0b, // end
]);

let fused: boolean | undefined;

/**
 * True where `f64x2.relaxed_madd` validates and rounds once: (1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 is −2⁻⁶⁰ fused and 0 when the
 * product is rounded first. Cached: the answer cannot change within a process.
 */
export function engineHasFma(): boolean {
  if (fused === undefined) {
    try {
      if (!WebAssembly.validate(PROBE)) fused = false;
      else {
        const p = new WebAssembly.Instance(new WebAssembly.Module(PROBE)).exports.p as (a: number, b: number, c: number) => number;
        fused = p(1 + 2 ** -30, 1 - 2 ** -30, -1) === -(2 ** -60);
      }
    } catch {
      fused = false;
    }
  }
  return fused;
}

/** The build `options` select on this engine; throws ImplicitRegError('value' | 'load') naming the option. */
export function selectBuild(fn: string, options: BuildOptions): WasmBuild {
  const { build, fma } = options;
  if (build !== undefined && build !== 'release' && build !== 'debug') {
    throw new ImplicitRegError('value', `${fn}: argument options.build must be 'release' or 'debug', got ${typeof build === 'string' ? `'${build}'` : String(build)}`);
  }
  if (fma !== undefined && fma !== 'auto' && fma !== true && fma !== false) {
    throw new ImplicitRegError('value', `${fn}: argument options.fma must be 'auto', true or false, got ${typeof fma === 'string' ? `'${fma}'` : String(fma)}`);
  }
  if (build === 'debug') {
    if (fma === true) throw new ImplicitRegError('value', `${fn}: argument options.fma must not be true with build 'debug' (the debug build is portable)`);
    return 'debug';
  }
  if (fma === false) return 'release';
  if (engineHasFma()) return 'fma';
  if (fma === true) throw new ImplicitRegError('load', `${fn}: argument options.fma is true but this engine has no fused f64x2.relaxed_madd (relaxed SIMD off or not fused); use fma: 'auto' or false`);
  return 'release';
}
