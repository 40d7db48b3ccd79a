// The .wasm files shipped in the package, read from disk (Node only: the Node entry and the Node grid runner import
// this; the browser entries fetch or embed the module instead).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { WasmBuild } from './builds.js';

// the one WasmBuild (builds.ts), so that wasmFile's parameter is the type the entries export
export type { WasmBuild };

const FILES: Record<WasmBuild, URL> = {
  release: new URL('../../build/implicit-reg.wasm', import.meta.url),
  fma: new URL('../../build/implicit-reg-fma.wasm', import.meta.url),
  debug: new URL('../../build/implicit-reg-debug.wasm', import.meta.url),
};

/** The file URL of a shipped build. */
export function wasmFile(build: WasmBuild = 'release'): URL {
  return FILES[build];
}

/** The bytes of a shipped build. */
export async function readWasm(build: WasmBuild = 'release'): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await readFile(FILES[build]));
}

/** The bytes of a shipped build, synchronously. */
export function readWasmSync(build: WasmBuild = 'release'): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(FILES[build]));
}
