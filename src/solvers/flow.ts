// The gradient flow U̇ = −∇L(U) of L(U) = ¼‖A(UUᵀ) − y‖² by Dormand–Prince 5(4) inside wasm (assembly/solvers/flows.ts;
// a 3×3 completion with four observations takes the specialised right-hand side of the grid, same arithmetic).
import { ImplicitRegError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { checkCount, checkOneOf, checkOptions, checkVector, describe, optionalBoolean, optionalNumber } from '../core/validate.js';
import type { Kernels } from '../kernels/kernels.js';
import type { RunControl } from '../kernels/run.js';
import { withOperator, type OperatorHandle, type SensingOperator } from '../operators/operator.js';
import { checkData, overflowAtStart } from './common.js';
import { initialFactor, type FactorInit } from './factor-init.js';
import { statusOf, stopRule, type SolverStatus, type StopOptions } from './status.js';

/** The smallest relative tolerance Dormand–Prince can deliver in double precision (100ε, as SciPy's solve_ivp). */
export const RTOL_MIN = 100 * 2 ** -52;

/** Options of gradientFlow. */
export interface GradientFlowOptions extends StopOptions, RunControl {
  /** The measurement operator. */
  op: SensingOperator | OperatorHandle;
  /** The data y (m numbers). */
  y: ArrayLike<number>;
  /** Factor width d ≤ n (default n). */
  d?: number;
  /** U0. */
  init: FactorInit;
  /** Time horizon (status 'tMax' when reached; default 1e12). */
  tMax?: number;
  /**
   * Relative tolerance of the step control (default 2e-9; at least 100ε ≈ 2.2e-14). The limit's accuracy is set by the
   * stopping rule (qtol, gtol) rather than by rtol from 1e-9 to 3e-9 (docs/stopping.md, "Defaults, and why").
   */
  rtol?: number;
  /** Absolute tolerance of the step control (default 1e-12; > 0). */
  atol?: number;
  /**
   * The step control's error norm. true (default): the error of the whole of U against atol + rtol·rms(U), as MATLAB's
   * NormControl — invariant under U → UQ (Q orthogonal), which leaves the flow's X = UUᵀ unchanged, and blind to the
   * entries of columns that die out (rank X∞ < d), which a per-entry tolerance would track to atol for nothing.
   * false: each entry against atol + rtol·|u_ij|, as the general integrator `rk45` and the grids do.
   */
  normControl?: boolean;
  /**
   * With the data fitted, the flow has converged once tr X changes by at most qtol·|tr X| over a doubling of t (the
   * algebraic tails of non-isolated minima, where ‖∇L‖ reaches gtol only at astronomically large t); default 1e-9, 0
   * switches the test off.
   */
  qtol?: number;
  /**
   * 'auto' (default): Dormand–Prince, switching to Rodas5P (L-stable, analytic Jacobian) in stiff stretches when
   * n·d ≤ 100; 'dopri': Dormand–Prince throughout.
   */
  method?: 'auto' | 'dopri';
  /** Step cap (default 10⁷; accepted and rejected steps counted separately). */
  maxSteps?: number;
  /** Times at which to keep snapshots of U (increasing, within [0, tMax]). */
  tEval?: number[];
}

/** Result of gradientFlow. */
export interface GradientFlowResult {
  /** U at the end. */
  U: Matrix;
  /** How the run ended (see SolverStatus). */
  status: SolverStatus;
  /** Time reached. */
  t: number;
  /** Accepted steps. */
  steps: number;
  /** Rejected trial steps. */
  rejected: number;
  /** Evaluations of ∇L. */
  nfev: number;
  /** Jacobian evaluations (Rodas5P steps). */
  njev: number;
  /** Switches from Dormand–Prince to Rodas5P and back. */
  switches: {
    /** Switches from Dormand–Prince to Rodas5P. */
    toStiff: number;
    /** Switches from Rodas5P back to Dormand–Prince. */
    toNonstiff: number;
  };
  /** ‖∇L‖_F at the end. */
  gradNorm: number;
  /** L at the end. */
  loss: number;
  /** tr X = ‖U‖_F² at the end. */
  trace: number;
  /** U at the requested tEval times reached. */
  snapshots: {
    /** The time tEval[k]. */
    t: number;
    /** U(t) (n×d). */
    U: Matrix;
  }[];
}

/** The step-control tolerances of a flow: rtol ∈ [100ε, 1), atol > 0. */
export function checkFlowTolerances(fn: string, rtol: unknown, atol: unknown, rtolDefault: number, atolDefault: number): { rtol: number; atol: number } {
  const r = optionalNumber(fn, 'options.rtol', rtol, rtolDefault, { min: 0, lt: 1 });
  if (r < RTOL_MIN) {
    throw new ImplicitRegError('value', `${fn}: argument options.rtol must be ≥ 100ε ≈ 2.2e-14 (below it double precision cannot deliver the requested accuracy), got ${describe(rtol)}`);
  }
  return { rtol: r, atol: optionalNumber(fn, 'options.atol', atol, atolDefault, { gt: 0 }) };
}

/**
 * The gradient flow U̇ = −A*(r)U inside wasm — Dormand–Prince 5(4), switching to Rodas5P in stiff stretches — until
 * the rule of SolverStatus stops it (converged, tMax, stationary, maxIter, stepTooSmall, diverged, budget, aborted).
 * @example gradientFlow(ir, { op, y, init: { kind: 'gaussian', scale: 1e-3, seed: 7 } })
 */
export function gradientFlow(ir: Kernels, options: GradientFlowOptions): GradientFlowResult {
  const fn = 'gradientFlow';
  const o = checkOptions(fn, 'options', options, true);
  const { h, release } = withOperator(ir, o.op, fn, 'options.op');
  try {
    checkData(fn, h, o.y);
    const n = h.n;
    const d = o.d === undefined ? n : o.d;
    const tMax = optionalNumber(fn, 'options.tMax', o.tMax, 1e12, { gt: 0 });
    // defaults from measurement: docs/stopping.md, "Defaults, and why"
    const { rtol, atol } = checkFlowTolerances(fn, o.rtol, o.atol, 2e-9, 1e-12);
    const rule = stopRule(fn, o, o.y, 1e-13);
    const qtol = optionalNumber(fn, 'options.qtol', o.qtol, 1e-9, { min: 0, lt: 1 });
    const stiff = checkOneOf(fn, 'options.method', o.method, ['auto', 'dopri'] as const, 'auto') === 'auto' ? 1 : 0;
    const maxSteps = o.maxSteps === undefined ? 10_000_000 : checkCount(fn, 'options.maxSteps', o.maxSteps, 1);
    const normControl = optionalBoolean(fn, 'options.normControl', o.normControl, true) ? 1 : 0;
    const tEval = o.tEval ?? [];
    checkVector(fn, 'options.tEval', tEval);
    for (let k = 0; k < tEval.length; k++) {
      if (!(tEval[k] >= (k ? tEval[k - 1] : 0) && tEval[k] <= tMax)) {
        throw new ImplicitRegError('value', `${fn}: argument options.tEval must be increasing within [0, tMax], got ${describe(tEval[k])} at index ${k}`);
      }
    }
    const U = initialFactor(ir, n, d, o.init, 'options.init');
    const nd = n * d;
    const hp = ir.heap;
    const ptr: Record<string, number> = {};
    try {
      ptr.y = hp.alloc(h.m); ptr.u = hp.alloc(nd); ptr.t = hp.alloc(tEval.length + 1); ptr.ue = hp.alloc(tEval.length * nd + 1);
      ptr.stats = hp.alloc(12); ptr.work = hp.alloc(ir.raw.gradientFlowWorkSize(n, d, h.m, stiff));
      hp.write(ptr.y, o.y);
      hp.write(ptr.u, U.data);
      hp.write(ptr.t, tEval);
      const { value: code, stopped } = ir.runs.run(fn, o, () => ir.raw.gradientFlow(h.ptr, ptr.y, ptr.u, d, tMax, rtol, atol,
        rule.gtol, rule.ltol, rule.fitLoss, qtol, stiff, maxSteps, ptr.t, tEval.length, ptr.ue, ptr.stats, ptr.work, normControl));
      hp.readInto(ptr.u, U.data);
      // stats: [t, steps, rejected, nfev, h, ‖∇L‖_F, njev, to stiff, to non-stiff, L]
      const s = hp.read(ptr.stats, 10);
      if (code === 2 && s[1] === 0 && !Number.isFinite(s[9])) throw overflowAtStart(fn, 'U0', s[9]);
      let tr = 0;
      for (const v of U.data) tr += v * v;
      const snapshots: { t: number; U: Matrix }[] = [];
      for (let k = 0; k < tEval.length && tEval[k] <= s[0]; k++) {
        const Uk = matrix(n, d);
        hp.readInto(ptr.ue + k * nd * 8, Uk.data);
        snapshots.push({ t: tEval[k], U: Uk });
      }
      return {
        U, status: statusOf(fn, code, stopped), t: s[0], steps: s[1], rejected: s[2], nfev: s[3], njev: s[6],
        switches: { toStiff: s[7], toNonstiff: s[8] }, gradNorm: s[5], loss: s[9], trace: tr, snapshots,
      };
    } finally {
      for (const p of Object.values(ptr)) hp.free(p);
    }
  } finally {
    release();
  }
}
