// Everything the package exports apart from the platform-specific loaders.
export { ImplicitRegError } from './errors.js';
export { matrix, identity, fromRows, transpose, frobenius, type Matrix } from './matrix.js';
export { Kernels, type Eigh, type EighOptions, type Rk45Options, type Rk45Result, type Rk45Status, type Rk45System } from './kernels.js';
export { Heap, Scratch, type RawExports } from './heap.js';
export { asymmetry, SYMMETRY_TOL } from './validate.js';
export * from './plain/index.js';
export {
  OperatorHandle, applyOperator, adjointOperator, gramOperator, lossAndGradient, checkOperator,
  type SensingOperator, type DenseOperator, type EntryOperator, type CommutingOperator,
} from './operator.js';
export {
  factoredGD, timeOrderedExp, xSpaceGD, gradientFlow, initialFactor, sampleIterations,
  type FactorInit, type HistoryPoint, type RecordSpec, type SolverStatus, type FactoredResult, type XSpaceResult,
  type GradientFlowResult, type FactoredGDOptions, type GradientFlowOptions, type XSpaceGDOptions, type TimeOrderedExpOptions,
} from './solvers.js';
export * from './random.js';
export * from './problems.js';
export * from './ratings.js';
export { adaptiveRestarts, windowRatio, restartRule, type AdaptiveRestartsOptions, type AdaptiveRestartsResult } from './restarts.js';
export { asymmetricGD, liftAsymmetric, type AsymmetricGDOptions, type AsymmetricResult, type DenseAsymOperator, type EntryAsymOperator } from './asymmetric.js';
export { solveSDP, minNuclearNorm, minNuclearNormAsym, solveLP, type SDPProblem, type SDPOptions, type SDPResult, type SDPStatus, type Certificate } from './sdp.js';
export { completion3, gridInstance, ENTRIES3, FEASIBILITY_TOL, GRID_VALUES, GRID_MASKS, type Completion3 } from './completion3.js';
export { runGrid3, gridInitialU, gridDefaults, GRID_FIELDS, GRID_SIZE, GRID_STATUS, type Grid3Options } from './grid3.js';
export { summarize, type GridSummary, type GridAlphaSummary } from './grid3-summary.js';
export * from './theory/index.js';
