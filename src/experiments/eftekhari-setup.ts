// The setup of Eftekhari & Zygalakis 2021, Example 1.1 (shared by E-fig1-3 and E-fig5): X♮ ∈ R^{d×d} PSD of rank r
// with tr X♮ = 1, m = 4·r·d symmetric Gaussian sensing matrices (upper triangle i.i.d. N(0, 1), mirrored), b = A(X♮);
// their training error ‖A(UUᵀ) − b‖² and test error ‖UUᵀ − X♮‖_F², and their step size on docs/model.md's scale.
import type { Kernels } from '../kernels/kernels.js';
import type { Matrix } from '../core/matrix.js';
import { OperatorHandle } from '../operators/operator.js';
import { gaussianSensing, lowRankPSD, measure } from '../operators/problems.js';

export interface EftekhariProblem {
  d: number;
  r: number;
  m: number;
  X: Matrix;
  y: Float64Array;
  /** The operator uploaded once (free() when done). */
  op: OperatorHandle;
}

/** Example 1.1: X♮ from `seed`, the sensing matrices from `seed + 1`. */
export function eftekhariProblem(ir: Kernels, o: { d: number; r: number; seed: number }): EftekhariProblem {
  const m = 4 * o.r * o.d;
  const { X } = lowRankPSD({ n: o.d, r: o.r, seed: o.seed, normalize: 'trace' });
  const sensing = gaussianSensing({ n: o.d, m, seed: o.seed + 1 });
  return { d: o.d, r: o.r, m, X, y: measure(sensing, X), op: new OperatorHandle(ir, sensing, 'eftekhariProblem') };
}

/** Test error ‖UUᵀ − X♮‖_F² (Eftekhari & Zygalakis, Example 1.1). */
export function testError(ir: Kernels, U: Matrix, X: Matrix): number {
  const P = ir.matmul(U, U, { transB: true });
  let s = 0;
  for (let i = 0; i < P.data.length; i++) s += (P.data[i] - X.data[i]) ** 2;
  return s;
}

/** Training error ‖A(UUᵀ) − b‖² from the package's loss L = ¼‖A(UUᵀ) − b‖². */
export const trainError = (loss: number): number => 4 * loss;

/** Their GD step η' → ours: their flow descends G = ⅛‖A(UUᵀ) − b‖² (eq. ERM), ∇G = ½A*(r)U, so η = η'/2 (docs/model.md). */
export const eftekhariEta = (etaPaper: number): number => etaPaper / 2;

export function eftekhariStepText(etaPaper: number): string {
  return `Eftekhari & Zygalakis's GD step η' = ${etaPaper} is taken on their loss G = ⅛‖A(UUᵀ) − b‖² (eq. ERM, flow (1)), ` +
    `so η = η'/2 = ${eftekhariEta(etaPaper)} on L = ¼‖A(UUᵀ) − y‖² (docs/model.md). Their eq. (3) prints ∇‖A(UUᵀ) − b‖², which ` +
    `would mean η = 4η' = ${4 * etaPaper}; we follow docs/model.md. Errors are reported on the paper's scale: training error ` +
    `‖A(UUᵀ) − b‖² = 4L and test error ‖UUᵀ − X♮‖_F².`;
}
