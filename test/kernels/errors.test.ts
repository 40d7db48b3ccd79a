// Bad input: every case throws ImplicitRegError with a stable .code and a message that names the function
// and the argument (STYLE: errors) — never a wasm trap, never NaN passed on. One case per test.
import { beforeAll, describe, expect, it } from 'vitest';
import { ImplicitRegError, init, matrix, minNuclearNorm, minNuclearNormAsym, type Kernels, type Matrix } from '../../src/node.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

function thrown(fn: () => unknown): ImplicitRegError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImplicitRegError);
    return e as ImplicitRegError;
  }
  throw new Error('expected an ImplicitRegError, nothing was thrown');
}

// The bad calls, named; the last test replays them all on one instance and then checks it still works.
const bad: Record<string, { call: (ir: Kernels) => unknown; code: string; message: RegExp }> = {
  'eigh, non-square 2×3': {
    call: (k) => k.eigh(matrix(2, 3)),
    code: 'shape',
    message: /^eigh: argument a must be square, got 2×3/,
  },
  'eigh, non-symmetric (relative asymmetry 1e-9 > 1e-12)': {
    call: (k) => k.eigh(matrix(2, 2, [1, 1, 1 + 1e-9, 1])),
    code: 'symmetry',
    message: /^eigh: argument a must be symmetric .*got 1\.00e-9/,
  },
  'eigh, NaN entry': {
    call: (k) => k.eigh(matrix(2, 2, [1, NaN, NaN, 1])),
    code: 'nonfinite',
    message: /^eigh: argument a must be finite, got NaN at index 1/,
  },
  'eigh, Infinity entry': {
    call: (k) => k.eigh(matrix(2, 2, [Infinity, 0, 0, 1])),
    code: 'nonfinite',
    message: /^eigh: argument a must be finite, got Infinity at index 0/,
  },
  'eigh, empty 0×0': {
    call: (k) => k.eigh(matrix(0, 0)),
    code: 'shape',
    message: /^eigh: argument a must be non-empty, got 0×0/,
  },
  'eigh, maxSweeps too small for a 10×10': {
    call: (k) => {
      const a = matrix(10, 10);
      for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) a.data[i * 10 + j] = 1 / (1 + i + j); // Hilbert-like
      return k.eigh(a, { maxSweeps: 1 });
    },
    code: 'convergence',
    message: /^eigh: .*maxSweeps = 1/,
  },
  'eigh, warmStart of the wrong size': {
    call: (k) => k.eigh(matrix(2, 2, [2, 1, 1, 2]), { warmStart: matrix(3, 3) }),
    code: 'shape',
    message: /^eigh: argument warmStart must be 2×2, got 3×3/,
  },
  'expm, non-square 3×2': {
    call: (k) => k.expm(matrix(3, 2)),
    code: 'shape',
    message: /^expm: argument a must be square, got 3×2/,
  },
  'expm, NaN entry': {
    call: (k) => k.expm(matrix(2, 2, [0, 0, NaN, 0])),
    code: 'nonfinite',
    message: /^expm: argument a must be finite, got NaN at index 2/,
  },
  'matmul, inner dimensions differ (2×3 · 4×2)': {
    call: (k) => k.matmul(matrix(2, 3), matrix(4, 2)),
    code: 'shape',
    message: /^matmul: inner dimensions must agree: op\(a\) is 2×3, op\(b\) is 4×2/,
  },
  'matmul, data length ≠ rows·cols': {
    call: (k) => k.matmul({ rows: 2, cols: 2, data: new Float64Array(3) } as Matrix, matrix(2, 2)),
    code: 'shape',
    message: /^matmul: argument a must have data\.length = rows·cols, got 2×2 with 3 entries/,
  },
  'matmul, out of the wrong shape': {
    call: (k) => k.matmul(matrix(2, 2), matrix(2, 2), { out: matrix(3, 3) }),
    code: 'shape',
    message: /^matmul: argument out must be 2×2, got 3×3/,
  },
  'gemv, x of the wrong length': {
    call: (k) => k.gemv(matrix(2, 3), [1, 2]),
    code: 'shape',
    message: /^gemv: argument x must have length 3, got 2/,
  },
  'dot, lengths differ': {
    call: (k) => k.dot([1, 2, 3], [1, 2]),
    code: 'shape',
    message: /^dot: argument y must have length 3, got 2/,
  },
  'rk45, system.M of the wrong size': {
    call: (k) => k.rk45({ system: { kind: 'linear', M: matrix(3, 3) }, y0: [1, 2], t1: 1 }),
    code: 'shape',
    message: /^rk45: argument system\.M must be 2×2 to match y0, got 3×3/,
  },
  'rk45, non-finite y0': {
    call: (k) => k.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.5, NaN], t1: 1 }),
    code: 'nonfinite',
    message: /^rk45: argument y0 must be finite, got NaN at index 1/,
  },
  'rk45, negative rtol': {
    call: (k) => k.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.5], t1: 1, rtol: -1e-6 }),
    code: 'value',
    message: /^rk45: argument rtol must be a positive finite number, got -0\.000001/,
  },
  'rk45, tEval not monotone': {
    call: (k) => k.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.5], t1: 1, tEval: [0.5, 0.2] }),
    code: 'value',
    message: /^rk45: argument tEval must be monotone/,
  },
  'eighBatch, data length not a multiple of n²': {
    call: (k) => k.eighBatch(3, new Float64Array(10)),
    code: 'shape',
    message: /^eighBatch: argument data must be a Float64Array of count·n² = count·9 entries, got 10/,
  },
  'eighBatch, a non-symmetric block names its index': {
    call: (k) => k.eighBatch(2, new Float64Array([1, 0, 0, 1, 1, 2, 3, 1])),
    code: 'symmetry',
    message: /^eighBatch: argument data \(matrix 1\) must be symmetric/,
  },
  'expmBatch, data length not a multiple of n²': {
    call: (k) => k.expmBatch(2, new Float64Array(5)),
    code: 'shape',
    message: /^expmBatch: argument data must be a Float64Array of count·n² = count·4 entries, got 5/,
  },
  'minNuclearNorm, no operator': {
    call: (k) => minNuclearNorm(k, { A: undefined as never, y: [1] }),
    code: 'value',
    message: /^minNuclearNorm: argument A must be an operator object, got undefined/,
  },
  'minNuclearNormAsym, order not an integer': {
    call: (k) => minNuclearNormAsym(k, { A: { kind: 'entry-asym', n1: 2.5, n2: 2, m: 1, rows: Int32Array.of(0), cols: Int32Array.of(0) }, y: [1] }),
    code: 'shape',
    message: /^minNuclearNormAsym: argument A\.n1 must be a positive integer, got 2\.5/,
  },
};

describe('bad input throws ImplicitRegError with its code and the argument named', () => {
  for (const [name, { call, code, message }] of Object.entries(bad)) {
    it(name, () => {
      const e = thrown(() => call(ir));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
    });
  }

  it('eigh accepts an asymmetry just below the 1e-12 threshold', () => {
    // relative asymmetry 1e-13 ≤ 1e-12: accepted (the tolerance, not exact equality, is the contract)
    const { values } = ir.eigh(matrix(2, 2, [2, 1, 1 + 1e-13, 2]));
    expect(values.length).toBe(2);
  });
});

describe('errors leave the instance usable', () => {
  it('after every bad call above, valid calls on the same instance return correct results', () => {
    for (const { call } of Object.values(bad)) thrown(() => call(ir));
    // integer or closed-form answers, so the checks are exact or at rounding level
    expect(Array.from(ir.eigh(matrix(2, 2, [2, 1, 1, 2])).values)).toEqual([1, 3]);
    expect(Array.from(ir.matmul(matrix(2, 2, [1, 2, 3, 4]), matrix(2, 2, [0, 1, 1, 0])).data)).toEqual([2, 1, 4, 3]);
    expect(Array.from(ir.gemv(matrix(2, 3, [1, 2, 3, 4, 5, 6]), [1, 0, -1]))).toEqual([-2, -2]);
    const e = ir.expm(matrix(1, 1, [1])).data[0];
    expect(Math.abs(e - Math.E) / Math.E).toBeLessThanOrEqual(1e-15);
    const res = ir.rk45({ system: { kind: 'diagonal', lambda: [-1] }, y0: [1], t1: 1, rtol: 1e-10, atol: 1e-13 });
    expect(res.status).toBe('done');
    expect(Math.abs(res.y[0] - Math.exp(-1)) / (1e-13 + 1e-10 * Math.exp(-1))).toBeLessThan(5);
    expect(Array.from(ir.eighBatch(1, new Float64Array([-2, 5])).values)).toEqual([-2, 5]);
  });
});

describe('rk45Step bad input', () => {
  it('rk45Step: y of the wrong length for system.M throws a shape error naming system.M', () => {
    const e = thrown(() => ir.rk45Step({ kind: 'linear', M: matrix(2, 2, [0, 1, -1, 0]) }, 0, [1, 2, 3], 0.1));
    expect(e.code).toBe('shape');
    expect(e.message).toMatch(/system\.M/);
  });
  it('rk45Step: non-positive h throws naming h', () => {
    const e = thrown(() => ir.rk45Step({ kind: 'diagonal', lambda: [-1] }, 0, [1], 0));
    expect(e.code).toBe('value');
    expect(e.message).toMatch(/argument h/);
  });
});
