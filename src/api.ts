// Everything the package exports apart from the platform-specific loaders.
export { ImplicitRegError, type ErrorCode } from './core/errors.js';
export { matrix, identity, fromRows, transpose, frobenius, type Matrix } from './core/matrix.js';
export { Kernels, EIGH_JACOBI_MAX_N, type Eigh, type EighOptions, type EighValues, type Rk45Options, type Rk45Result, type Rk45Status, type Rk45System, type Rk45Control, type Rk45Outcome } from './kernels/kernels.js';
export { type Progress, type RunControl, type Interruption } from './kernels/run.js';
export { Heap, Scratch, type RawExports } from './wasm/heap.js';
export { type WasmInstance, type HostHooks } from './wasm/instantiate.js';
export { engineHasFma, type BuildOptions, type WasmBuild } from './wasm/builds.js';
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
export { summarize, type GridSummary, type GridAlphaSummary, type DeltaHistogram, type SummarizeOptions } from './grid/summary.js';
export {
  runCensus, censusDefaults, censusShape, censusRange, censusLayout, censusInstance, censusInitialU, censusSweep, completionLambdaStar,
  gridValues, FIVE_VALUES, CENSUS_FIELDS, CENSUS_STATUS, CENSUS_STATUS_NAME,
  type CensusOptions, type CensusGrid, type ResolvedCensusOptions, type CensusLayout, type CensusInstance, type CompletionLambda, type SweepRow,
} from './grid/census.js';
export {
  tallyRecords, mergeTallies, summarizeCensus, tallySize, worstForSweep, sweepOutcome, CENSUS_SWEEP_ALPHAS,
  type CensusSummary, type CensusCounts, type CensusKSummary, type CensusOrbitSummary, type CensusAlphaStats, type SweepOutcome,
} from './grid/census-summary.js';
export { entries, entryIndex, maskOrbits, censusMasks, canonicalMask, burnsideOrbitCount, type MaskMode, type MaskOrbit } from './grid/masks.js';
export * from './theory/index.js';
