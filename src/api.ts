// Everything the package exports apart from the platform-specific loaders.
export { ImplicitRegError } from './core/errors.js';
export { matrix, identity, fromRows, transpose, frobenius, type Matrix } from './core/matrix.js';
export { Kernels, EIGH_JACOBI_MAX_N, type Eigh, type EighOptions, type EighValues, type Rk45Options, type Rk45Result, type Rk45Status, type Rk45System } from './kernels/kernels.js';
export { Heap, Scratch, type RawExports } from './wasm/heap.js';
export { asymmetry, SYMMETRY_TOL } from './core/validate.js';
export * from './kernels/plain/index.js';
export {
  OperatorHandle, applyOperator, adjointOperator, gramOperator, lossAndGradient, checkOperator,
  type SensingOperator, type DenseOperator, type EntryOperator, type CommutingOperator,
} from './operators/operator.js';
export { factoredGD, timeOrderedExp, type FactoredResult, type FactoredGDOptions, type TimeOrderedExpOptions } from './solvers/gd.js';
export { xSpaceGD, type XSpaceResult, type XSpaceGDOptions } from './solvers/xspace.js';
export { gradientFlow, type GradientFlowResult, type GradientFlowOptions } from './solvers/flow.js';
export { initialFactor, type FactorInit } from './solvers/factor-init.js';
export { sampleIterations, type HistoryPoint, type RecordSpec } from './solvers/history.js';
export { type SolverStatus } from './solvers/status.js';
export * from './core/random.js';
export * from './operators/problems.js';
export * from './operators/ratings.js';
export { adaptiveRestarts, windowRatio, restartRule, type AdaptiveRestartsOptions, type AdaptiveRestartsResult } from './solvers/restarts.js';
export { asymmetricGD, type AsymmetricGDOptions, type AsymmetricResult } from './solvers/asymmetric.js';
export { liftAsymmetric, type DenseAsymOperator, type EntryAsymOperator, type AsymEntryOperator } from './operators/lift.js';
export { solveSDP, minNuclearNorm, minNuclearNormAsym, solveLP, type SDPProblem, type SDPOptions, type SDPResult, type SDPStatus, type SDPBounds, type Certificate } from './sdp/sdp.js';
export { completion3, gridInstance, ENTRIES3, FEASIBILITY_TOL, GRID_VALUES, GRID_MASKS, type Completion3 } from './grid/completion3.js';
export { runGrid3, gridInitialU, gridDefaults, GRID_FIELDS, GRID_SIZE, GRID_STATUS, type Grid3Options } from './grid/grid3.js';
export { summarize, type GridSummary, type GridAlphaSummary, type SummarizeOptions } from './grid/summary.js';
export * from './theory/index.js';
