// The theory checks of docs/theory.md: the commuting case (Gunasekar Thm. 1, m = 1, Cor. 2, Belabbas Ex. 4), Belabbas's
// toolkit, Eftekhari's diagnostics.
export { checkCommutative, commutativeInstance, COMMUTATIVE_ALPHAS, type CommutativeOptions, type CommutativeReport, type CommutativeRow, type DiagonalCaseRow, type LpSummary, type RateFit } from './commutative.js';
export { eigenbasisFlow, productFlow, entropicLimit, type DiagonalFlowOptions, type DiagonalFlowResult, type DiagonalStatus } from './diagonal.js';
export { lpWithReducedCosts, lpVertices, predictedGap, type LpReport } from './lp.js';
export { manifoldDistance } from './manifold.js';
export { epsRank } from './linalg.js';
export { factorPSD, rankSpread, normalForm, normalRhs, normalFormFlow, tameSpectrum, reducedRhs, reducedCriticalPoints, type PsdFactors, type NormalForm, type TameReport, type CriticalPoint } from './belabbas.js';
export { traceBounds, relativeError, spectralRatio, bottleneck, belabbasExperiment, type TraceBounds, type BottleneckRow, type BelabbasOptions, type BelabbasRow, type BelabbasReport } from './belabbas-metrics.js';
export { effectiveRank, sigmaMinDg } from './eftekhari.js';
export { eftekhariRun, type EftekhariRow } from './eftekhari-run.js';
