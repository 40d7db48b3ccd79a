// Instantiation through @assemblyscript/loader (named by the design: it supplies the `env.abort` import
// and works the same in Node and browsers). Only `instance.exports` is used afterwards: the loader's
// demangled wrappers add a variadic shim per call, so they stay off every hot path.
import { instantiate as asInstantiate, instantiateSync as asInstantiateSync } from '@assemblyscript/loader';
import type { RawExports } from './heap.js';
import { Kernels } from '../kernels/kernels.js';

type Source = Parameters<typeof asInstantiate>[0];

export async function instantiateKernels(source: Source): Promise<Kernels> {
  const { instance } = await asInstantiate(source, {});
  return new Kernels(instance.exports as unknown as RawExports);
}

export function instantiateKernelsSync(source: WebAssembly.Module | BufferSource): Kernels {
  const { instance } = asInstantiateSync(source, {});
  return new Kernels(instance.exports as unknown as RawExports);
}
