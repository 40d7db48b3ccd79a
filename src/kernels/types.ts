// Types shared by the wasm kernels (kernels.ts) and their plain-TypeScript twins (plain/), which must not load wasm.

/**
 * How an `rk45` integration ended: 'done' (t1 reached), 'ftol' (‖f(t, y)‖₂ ≤ ftol: an equilibrium), 'maxSteps' (the
 * step limit, counting accepted and rejected steps separately), 'stepTooSmall' (the controller asked for a step below
 * 10 ulp(t)), 'nonFinite' (f or the error estimate is not finite and shrinking the step does not help).
 */
export type Rk45Status = 'done' | 'ftol' | 'maxSteps' | 'stepTooSmall' | 'nonFinite';

/** Step control of a Dormand–Prince integration (`rk45`, `rk45Plain`). */
export interface Rk45Control {
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance (default 1e-9). */
  atol?: number;
  /** Initial step; default Hairer's rule. */
  h0?: number;
  /** Largest step; default |t1 − t0|. */
  hMax?: number;
  /** Step limit (default 1e6); reaching it ends with status 'maxSteps'. */
  maxSteps?: number;
}

/** How a Dormand–Prince integration ended: where, in what state, at what cost. */
export interface Rk45Outcome {
  /** How the integration ended (see {@link Rk45Status}). */
  status: Rk45Status;
  /** Time reached. */
  t: number;
  /** State at t. */
  y: Float64Array;
  /** Accepted steps. */
  steps: number;
  /** Rejected trial steps. */
  rejected: number;
  /** Evaluations of f. */
  nfev: number;
  /** Step size the controller proposes next. */
  h: number;
  /** ‖f(t, y)‖₂ at the end. */
  fNorm: number;
}
