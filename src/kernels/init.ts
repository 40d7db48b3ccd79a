// The loaders every entry (node.ts, browser.ts, inline.ts) exports, with one signature: `init(options?)` resolves to
// the kernels (idempotent for the default module), `initSync(source?)` makes a new instance, `wasmModule(options?)`
// gives the compiled module to hand to workers. The entries differ only in where the default module comes from.
import { ImplicitRegError } from '../core/errors.js';
import { instantiate, instantiateSync } from '../wasm/instantiate.js';
import { Kernels } from './kernels.js';

/** A wasm module to instantiate: compiled, or its bytes. */
export type WasmSource = WebAssembly.Module | BufferSource;

/** Options of `init` and `wasmModule`. */
export interface InitOptions {
  /** Instantiate this module (compiled or bytes) instead of the entry's default; `init` then makes a new instance. */
  source?: WasmSource;
  /**
   * Which shipped build: 'release' (default) or 'debug' (AssemblyScript assertions on, slower; for diagnosing
   * kernels). Node reads it from the package; a browser fetches it next to the release build; the inline entry
   * embeds only the release build.
   */
  build?: 'release' | 'debug';
}

/** The three loaders of an entry. */
export interface Loaders {
  /**
   * Compile and instantiate the kernels. Without `source` every call returns the same instance (per build).
   * @example const ir = await init(); ir.eigh(matrix(2, 2, [2, 1, 1, 2])).values // [1, 3]
   */
  init(options?: InitOptions): Promise<Kernels>;
  /**
   * Instantiate synchronously — e.g. in a worker, from the module `wasmModule()` compiled. Every call makes a new
   * instance with its own memory. Without `source`, the entry's default where it can be had synchronously.
   * @example const ir = initSync(await wasmModule())
   */
  initSync(source?: WasmSource): Kernels;
  /**
   * The compiled default module (compiled once per build); hand it to workers, which call `initSync(module)`.
   * @example const pool = new BrowserPool({ module: await wasmModule() })
   */
  wasmModule(options?: Pick<InitOptions, 'build'>): Promise<WebAssembly.Module>;
}

// bytes that are not this package's wasm module (a CompileError, a LinkError, missing exports) — a 'load' error
// naming the argument, not the engine's own error class
function loadError(fn: string, e: unknown): ImplicitRegError {
  if (e instanceof ImplicitRegError) return e;
  return new ImplicitRegError('load', `${fn}: argument source is not the implicit-reg wasm module: ${(e as Error)?.message ?? String(e)}`);
}

/**
 * Loaders over an entry's default module: `compile(build)` compiles it (asynchronously), `bytesSync(build)` gives
 * its bytes synchronously where the platform can (Node's file, the inline base64) or is absent.
 */
export function makeLoaders(
  compile: (build: 'release' | 'debug') => Promise<WebAssembly.Module>,
  bytesSync?: (build: 'release' | 'debug') => BufferSource,
): Loaders {
  const modules = new Map<string, Promise<WebAssembly.Module>>();
  const ready = new Map<string, Promise<Kernels>>();
  const checkBuild = (fn: string, build: unknown): 'release' | 'debug' => {
    if (build === undefined) return 'release';
    if (build !== 'release' && build !== 'debug') throw new ImplicitRegError('value', `${fn}: argument options.build must be 'release' or 'debug', got ${String(build)}`);
    return build;
  };
  const wasmModule = (options: Pick<InitOptions, 'build'> = {}): Promise<WebAssembly.Module> => {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new ImplicitRegError('value', `wasmModule: argument options must be an object, got ${String(options)}`);
    const build = checkBuild('wasmModule', options.build);
    let m = modules.get(build);
    if (!m) {
      m = compile(build);
      modules.set(build, m);
      m.catch(() => modules.delete(build)); // a failed fetch may be retried
    }
    return m;
  };
  const checkSource = (fn: string, source: unknown): WasmSource => {
    if (source instanceof WebAssembly.Module || ArrayBuffer.isView(source) || source instanceof ArrayBuffer) return source as WasmSource;
    throw new ImplicitRegError('value', `${fn}: argument source must be a WebAssembly.Module, an ArrayBuffer or a typed array of wasm bytes, got ${source === null ? 'null' : typeof source}`);
  };
  return {
    async init(options: InitOptions = {}): Promise<Kernels> {
      if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new ImplicitRegError('value', `init: argument options must be an object, got ${String(options)}`);
      if (options.source !== undefined) {
        const s = checkSource('init', options.source);
        try {
          return new Kernels(await instantiate(s instanceof WebAssembly.Module ? s : await WebAssembly.compile(s)));
        } catch (e) {
          throw loadError('init', e);
        }
      }
      const build = checkBuild('init', options.build);
      let k = ready.get(build);
      if (!k) {
        k = wasmModule({ build }).then(async (m) => new Kernels(await instantiate(m)));
        ready.set(build, k);
        k.catch(() => ready.delete(build));
      }
      return k;
    },
    initSync(source?: WasmSource): Kernels {
      if (source !== undefined) {
        const s = checkSource('initSync', source);
        try {
          return new Kernels(instantiateSync(s));
        } catch (e) {
          throw loadError('initSync', e);
        }
      }
      if (!bytesSync) {
        throw new ImplicitRegError('value', 'initSync: here the module cannot be had synchronously; pass the compiled module (await wasmModule()) or its bytes');
      }
      return new Kernels(instantiateSync(bytesSync('release')));
    },
    wasmModule,
  };
}
