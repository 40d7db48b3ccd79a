// The one wasm module: every exported kernel. Pointers are byte offsets into this module's memory.
export { alloc, free } from './memory';
export { ddot, daxpy, dscal, dgemv, dgemm, dsyrk, dgemmWorkSize } from './blas';
export { dsyevj, dsyevjWorkSize, dsyevjBatch, dsyevjWarm, dsyevjWarmWorkSize } from './jacobi';
export { dexpm, dexpmBatch, dexpmWorkSize } from './expm';
export { rk45, rk45Step, rk45Tableau, rk45WorkSize } from './rk45';
