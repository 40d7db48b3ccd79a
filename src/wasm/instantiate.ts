// Instantiation for the browser entries (browser.ts, inline.ts, the pool's worker) with no bare import specifier:
// a page that imports dist/browser.js without a bundler cannot resolve '@assemblyscript/loader', and module workers
// do not see a page's import map. The module imports only `env.abort` (AssemblyScript's assertion hook), supplied
// here with the same message format as the loader's; only `instance.exports` is used afterwards (as in Node).
import { ImplicitRegError } from '../core/errors.js';
import type { RawExports } from './heap.js';
import { Kernels } from '../kernels/kernels.js';

// An AssemblyScript string: UTF-16 code units, byte length in the u32 just before the pointer (runtime header).
function asString(memory: WebAssembly.Memory | undefined, ptr: number): string {
  if (!memory || !ptr) return '';
  const bytes = new Uint32Array(memory.buffer)[(ptr - 4) >>> 2];
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
}

function imports(): { imports: WebAssembly.Imports; bind(i: WebAssembly.Instance): void } {
  let memory: WebAssembly.Memory | undefined;
  return {
    imports: {
      env: {
        abort(msg: number, file: number, line: number, col: number): never {
          throw new ImplicitRegError('abort', `abort: ${asString(memory, msg)} at ${asString(memory, file)}:${line}:${col}`);
        },
      },
    },
    bind(i) {
      memory = i.exports.memory as WebAssembly.Memory;
    },
  };
}

/** Instantiate a compiled module (asynchronously). */
export async function instantiateModule(module: WebAssembly.Module): Promise<Kernels> {
  const im = imports();
  const instance = await WebAssembly.instantiate(module, im.imports);
  im.bind(instance);
  return new Kernels(instance.exports as unknown as RawExports);
}

/** Instantiate synchronously from bytes or a compiled module (Web Workers; large bytes only off the main thread). */
export function instantiateModuleSync(source: BufferSource | WebAssembly.Module): Kernels {
  const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
  const im = imports();
  const instance = new WebAssembly.Instance(module, im.imports);
  im.bind(instance);
  return new Kernels(instance.exports as unknown as RawExports);
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
