// The one wasm module: every exported kernel. Pointers are byte offsets into this module's memory.
export { alloc, free } from './memory';
export { ddot, daxpy, dscal, dgemv, dgemm, dsyrk, dgemmWorkSize } from './blas';
export { dsyevj, dsyevjWorkSize, dsyevjBatch, dsyevjWarm, dsyevjWarmWorkSize } from './jacobi';
export { dexpm, dexpmBatch, dexpmWorkSize } from './expm';
export { rk45, rk45Step, rk45Tableau, rk45WorkSize } from './rk45';
export { sensingApply, sensingAdjoint, sensingGram, sensingGrad, sensingWorkSize } from './sensing';
export { factoredGD, factoredWorkSize, elsStep } from './factored';
export { gradientFlow, gradientFlowWorkSize, timeOrderedExp, timeOrderedExpWorkSize } from './flows';
export { xSpaceGD, xSpaceWorkSize } from './xspace';
export { sdpADMM, sdpWorkSize } from './sdp';
export { grid3Run, grid3WorkSize, grid3InitialU, exactCompletion3 } from './grid3';
