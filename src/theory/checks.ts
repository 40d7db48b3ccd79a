// Argument checks shared by the theory checks: lists of matrices, normal forms, LP reports.
import { ImplicitRegError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkFinite, checkMatrix, checkNumber, checkObject, checkSquare, checkSymmetric, describe } from '../core/validate.js';

/** A non-empty array of finite symmetric n×n matrices of one size; returns n. */
export function checkSymmetricList(fn: string, name: string, A: unknown): number {
  if (!Array.isArray(A) || A.length === 0) throw new ImplicitRegError('shape', `${fn}: argument ${name} must be a non-empty array of matrices, got ${describe(A)}`);
  let n = 0;
  A.forEach((a: Matrix, i) => {
    checkSquare(fn, `${name}[${i}]`, a);
    if (i === 0) n = a.rows;
    else if (a.rows !== n) throw new ImplicitRegError('shape', `${fn}: argument ${name}[${i}] must be ${n}×${n} like ${name}[0], got ${a.rows}×${a.cols}`);
    checkFinite(fn, `${name}[${i}]`, a.data);
    checkSymmetric(fn, `${name}[${i}]`, a);
  });
  return n;
}

/** A normal form as normalForm returns it (the fields the consumers read). */
export function checkNormalForm(fn: string, name: string, nf: unknown): void {
  checkObject(fn, name, nf);
  const o = nf as { n: unknown; m: unknown; blocks: unknown; Q: Matrix; B: Matrix };
  checkNumber(fn, `${name}.n`, o.n, { integer: true, min: 1 });
  checkNumber(fn, `${name}.m`, o.m, { integer: true, min: 1 });
  if (!Array.isArray(o.blocks) || o.blocks.length === 0 || !o.blocks.every((b) => Array.isArray(b))) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name}.blocks must be a non-empty array of index blocks, got ${describe(o.blocks)}`);
  }
  checkMatrix(fn, `${name}.Q`, o.Q);
  if (o.Q.rows !== o.m || o.Q.cols !== o.m) throw new ImplicitRegError('shape', `${fn}: argument ${name}.Q must be ${o.m}×${o.m}, got ${o.Q.rows}×${o.Q.cols}`);
  checkFinite(fn, `${name}.Q`, o.Q.data);
}

/** An LP report of lpWithReducedCosts (the fields predictedGap reads). */
export function checkLpReport(fn: string, name: string, lp: unknown): void {
  checkObject(fn, name, lp);
  const o = lp as { x: unknown; support: unknown; weights: Matrix; basisReducedCosts: unknown; reference: unknown };
  if (!(o.x instanceof Float64Array)) throw new ImplicitRegError('shape', `${fn}: argument ${name}.x must be a Float64Array, got ${describe(o.x)}`);
  if (!Array.isArray(o.support)) throw new ImplicitRegError('shape', `${fn}: argument ${name}.support must be an array, got ${describe(o.support)}`);
  checkMatrix(fn, `${name}.weights`, o.weights);
  if (!(o.basisReducedCosts instanceof Float64Array) || o.basisReducedCosts.length !== o.x.length) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name}.basisReducedCosts must be a Float64Array of length ${o.x.length}, got ${describe(o.basisReducedCosts)}`);
  }
  checkNumber(fn, `${name}.reference`, o.reference, { gt: 0 });
}
