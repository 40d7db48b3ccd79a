/**
 * The one error class the package throws. The message names the function and argument, what was
 * expected and what was given, e.g. `eigh: argument a must be symmetric (relative asymmetry ≤ 1e-12), got 3.2e-3`.
 */
export class ImplicitRegError extends Error {
  /** A stable machine-readable tag: 'shape', 'nonfinite', 'symmetry', 'value', 'convergence', 'overflow', 'singular', 'state'. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ImplicitRegError';
    this.code = code;
  }
}
