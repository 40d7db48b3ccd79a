// The cases of the reliability issue, one behaviour each: every one is an ImplicitRegError naming the argument now.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adaptiveRestarts, factoredGD, gaussianSensing, gradientFlow, gridInitialU, initSync, lowRankPSD, matrix, measure, runGrid3,
  xSpaceGD, type Kernels,
} from '../../src/node.js';

let ir: Kernels;
let op: ReturnType<typeof gaussianSensing>;
let y: Float64Array;
beforeAll(() => {
  ir = initSync();
  op = gaussianSensing({ n: 4, m: 8, seed: 1 });
  y = measure(op, lowRankPSD({ n: 4, r: 1, seed: 2 }).X);
});
const init = { kind: 'gaussian' as const, scale: 1e-2, seed: 3 };

describe('options are validated with messages naming them', () => {
  it('maxIter = 2³² + 3 (which wrapped to 3 in i32) is an error naming options.maxIter', () => {
    expect(() => factoredGD(ir, { op, y, init, eta: 0.01, maxIter: 2 ** 32 + 3 })).toThrowError(/argument options\.maxIter must be/);
  });

  it('gtol NaN and ltol −1 are errors naming them', () => {
    expect(() => factoredGD(ir, { op, y, init, eta: 0.01, maxIter: 10, gtol: NaN })).toThrowError(/argument options\.gtol must be/);
    expect(() => xSpaceGD(ir, { op, y, eta: 0.01, maxIter: 10, ltol: -1 })).toThrowError(/argument options\.ltol must be/);
  });

  it('tMax NaN and maxSteps 1.5 of the flow are errors naming them', () => {
    expect(() => gradientFlow(ir, { op, y, init, tMax: NaN })).toThrowError(/tMax/);
    expect(() => gradientFlow(ir, { op, y, init, tMax: 1, maxSteps: 1.5 })).toThrowError(/maxSteps/);
  });

  it('divergeLoss NaN is an error naming it', () => {
    expect(() => factoredGD(ir, { op, y, init, eta: 0.01, maxIter: 10, divergeLoss: NaN })).toThrowError(/argument options\.divergeLoss must be/);
  });

  it('a null option is an error naming it (it silently took the default)', () => {
    expect(() => factoredGD(ir, { op, y, init, eta: 0.01, maxIter: 10, gtol: null as never })).toThrowError(/argument options\.gtol must not be null/);
  });

  it("gridInitialU with alpha NaN is an error naming alpha (it returned NaN)", () => {
    expect(() => gridInitialU(ir, 0, 3, 0, NaN)).toThrowError(/gridInitialU: argument alpha must be/);
  });

  it("adaptiveRestarts with seed 'abc' is an error naming seed (it ran)", () => {
    expect(() => adaptiveRestarts(ir, { op, y, eta: 0.01, K: 20, W: 10, tau: 0.9, r0: 2, rho0: 1, r: 1, seed: 'abc' as never })).toThrowError(/argument seed must be an integer/);
  });

  it('runGrid3 without its options object is an error naming opts (a TypeError before)', () => {
    expect(() => runGrid3(ir, 0, 1, undefined as never)).toThrowError(/runGrid3: argument opts must be an options object, got undefined/);
  });

  it('gemv with a plain-array out longer than 64 is an error naming out (dst.set is not a function before)', () => {
    expect(() => ir.gemv(matrix(70, 2), [1, 2], { out: new Array(70).fill(0) as never })).toThrowError(/gemv: argument out must be a Float64Array/);
  });
});

describe('the CLI', () => {
  const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
  const run = (args: string[]): { code: number; stderr: string } => {
    try {
      execFileSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
      return { code: 0, stderr: '' };
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      return { code: err.status, stderr: err.stderr.toString() };
    }
  };

  it('a bad flag value exits 2 with one line naming the flag (grid3 --workers abc hung before)', () => {
    const r = run(['grid3', '--workers', 'abc', '--limit', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("implicit-reg grid3: --workers must be an integer ≥ 1 ≤ 1024, got 'abc'");
  });

  it('an unknown flag of selfcheck exits 2 naming it (it was ignored)', () => {
    const r = run(['selfcheck', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/--bogus/);
  });
});
