// The one wasm module: every exported kernel. Pointers are byte offsets into this module's memory.
export { alloc, free } from './memory';
export { ddot, daxpy, dscal, dgemv, dgemm, dsyrk, dgemmWorkSize } from './blas/blas';
export { dsyevj, dsyevjWorkSize, dsyevjBatch, dsyevjWarm, dsyevjWarmWorkSize } from './eigen/jacobi';
export { dexpm, dexpmBatch, dexpmWorkSize } from './expm/expm';
export { rk45, rk45Step, rk45Tableau, rk45WorkSize } from './ode/rk45';
export { sensingApply, sensingAdjoint, sensingGram, sensingGrad, sensingWorkSize } from './operators/sensing';
export { factoredGD, factoredWorkSize, elsStep } from './solvers/factored';
export { gradientFlow, gradientFlowWorkSize } from './solvers/flows';
export { timeOrderedExp, timeOrderedExpWorkSize } from './solvers/toexp';
export { xSpaceGD, xSpaceWorkSize } from './solvers/xspace';
export { sdpADMM, sdpWorkSize } from './sdp/sdp';
export { grid3Run, grid3WorkSize, grid3InitialU, exactCompletion3 } from './grid/grid3';
export { censusRun, censusWorkSize, censusInitialU } from './grid/census';
export { completionLambda } from './grid/lambda';
