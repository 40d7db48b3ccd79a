// Instantiation of the package's one wasm module, the same in Node, browsers and workers: no bare import specifier,
// so a page can import dist/browser.js without a bundler and module workers need no import map. The module imports
// only `env.abort` (AssemblyScript's assertion hook), supplied here; afterwards only `instance.exports` is used.
import { ImplicitRegError } from '../core/errors.js';
import type { RawExports } from './heap.js';

// An AssemblyScript string: UTF-16 code units, byte length in the u32 just before the pointer (runtime header).
function asString(memory: WebAssembly.Memory | undefined, ptr: number): string {
  if (!memory || !ptr) return '';
  const bytes = new Uint32Array(memory.buffer)[(ptr - 4) >>> 2];
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
}

/** What the host supplies to the wasm's long loops (assembly/host.ts): set by the typed layer after instantiation. */
export interface HostHooks {
  /** Progress `done` of `total`; return 1 to stop the run, 0 to go on. */
  tick(done: number, total: number): number;
}

/** An instantiated module: its raw exports and the hooks its imports call. */
export interface WasmInstance {
  /** The module's exports, typed. */
  raw: RawExports;
  /** The host callbacks the module's imports forward to; the typed layer ({@link Kernels}) sets `tick`. */
  hooks: HostHooks;
}

function imports(): { imports: WebAssembly.Imports; hooks: HostHooks; bind(i: WebAssembly.Instance): void } {
  let memory: WebAssembly.Memory | undefined;
  const hooks: HostHooks = { tick: () => 0 };
  return {
    hooks,
    imports: {
      env: {
        abort(msg: number, file: number, line: number, col: number): never {
          throw new ImplicitRegError('abort', `wasm abort: ${asString(memory, msg)} at ${asString(memory, file)}:${line}:${col}`);
        },
        tick: (done: number, total: number): number => hooks.tick(done, total),
      },
    },
    bind(i) {
      memory = i.exports.memory as WebAssembly.Memory;
    },
  };
}

/** Instantiate a compiled module (asynchronously). */
export async function instantiate(module: WebAssembly.Module): Promise<WasmInstance> {
  const im = imports();
  const instance = await WebAssembly.instantiate(module, im.imports);
  im.bind(instance);
  return { raw: instance.exports as unknown as RawExports, hooks: im.hooks };
}

/** Instantiate synchronously from bytes or a compiled module (workers; large bytes only off a page's main thread). */
export function instantiateSync(source: BufferSource | WebAssembly.Module): WasmInstance {
  const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
  const im = imports();
  const instance = new WebAssembly.Instance(module, im.imports);
  im.bind(instance);
  return { raw: instance.exports as unknown as RawExports, hooks: im.hooks };
}

/** Compile a fetch response, streaming where the server sends application/wasm, from its bytes otherwise. */
export async function compileResponse(res: Response | Promise<Response>): Promise<WebAssembly.Module> {
  const r = await res;
  if (!r.ok) throw new ImplicitRegError('load', `init: fetching ${r.url} failed with HTTP ${r.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && r.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(r);
  }
  return WebAssembly.compile(await r.arrayBuffer());
}
