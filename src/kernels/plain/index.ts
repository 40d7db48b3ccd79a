// Plain-TypeScript twins of the wasm kernels: same algorithms, no wasm needed (and the benchmark baseline).
export { matmulPlain } from './blas.js';
export { eighPlain, type EighPlain } from './jacobi.js';
export { expmPlain } from './expm.js';
export { rk45Plain, type Rk45Rhs, type Rk45PlainOptions, type Rk45PlainResult } from './rk45.js';
