/**
 * What went wrong, as a stable machine-readable tag of {@link ImplicitRegError}:
 * - `'shape'`: an argument has the wrong type, dimensions or length;
 * - `'nonfinite'`: an argument holds NaN or ±∞;
 * - `'symmetry'`: a matrix that must be symmetric is not (relative asymmetry above 1e-12);
 * - `'value'`: an argument or option has a meaningless value (negative tolerance, NaN step, unknown kind, …);
 * - `'convergence'`: an inner iteration did not converge within its limit (e.g. Jacobi sweeps);
 * - `'overflow'`: the result is not representable in double precision, or the start point already overflows;
 * - `'singular'`: a matrix that must be invertible is singular to working precision;
 * - `'memory'`: the wasm memory cannot hold the request (the instance stays usable);
 * - `'state'`: an object is used in a state that does not allow it (a freed operator handle, a closed pool);
 * - `'load'`: the wasm module could not be fetched or compiled;
 * - `'abort'`: an assertion inside the wasm failed (a bug: please report it);
 * - `'cancelled'`: a run was cancelled through its AbortSignal;
 * - `'worker'`: a worker of a pool failed.
 */
export type ErrorCode =
  | 'shape' | 'nonfinite' | 'symmetry' | 'value' | 'convergence' | 'overflow' | 'singular' | 'memory' | 'state'
  | 'load' | 'abort' | 'cancelled' | 'worker';

/**
 * The one error class the package throws. The message names the function and argument, what was expected and what
 * was given, e.g. `eigh: argument a must be symmetric (relative asymmetry ≤ 1e-12), got 3.2e-3`.
 * @example
 * try { ir.eigh(matrix(2, 3)) } catch (e) { if (e instanceof ImplicitRegError && e.code === 'shape') … }
 */
export class ImplicitRegError extends Error {
  /** A stable machine-readable tag (see {@link ErrorCode}). */
  readonly code: ErrorCode;
  /** @param code what went wrong; @param message the function, the argument, what was expected and what was given */
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ImplicitRegError';
    this.code = code;
  }
}
