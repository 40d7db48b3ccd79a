// Self-check: every kernel on embedded problems with closed-form answers, with error, bound and time —
// a first-run check that the build works on this machine (`implicit-reg selfcheck`).
import type { Kernels } from './kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';

export interface SelfcheckRow {
  check: string;
  reference: string;
  error: number;
  bound: number;
  microseconds: number;
}

function timeIt(fn: () => void, minMs = 100): number {
  fn();
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    const ms = performance.now() - t0;
    if (ms >= minMs) return (ms / reps) * 1e3;
    reps *= 2;
  }
}

// Clement matrix of order n: zero diagonal, off-diagonals sqrt(k(n − k)); eigenvalues −n+1, −n+3, …, n−1.
function clement(n: number): Matrix {
  const a = matrix(n, n);
  for (let k = 1; k < n; k++) {
    const v = Math.sqrt(k * (n - k));
    a.data[(k - 1) * n + k] = v;
    a.data[k * n + k - 1] = v;
  }
  return a;
}

/** Run the self-check; each row passes when error ≤ bound. */
export function selfcheck(ir: Kernels): SelfcheckRow[] {
  const rows: SelfcheckRow[] = [];
  // eigh: Clement n = 50 against its closed-form spectrum; error relative to ‖A‖₂ = n − 1
  {
    const n = 50;
    const a = clement(n);
    const { values } = ir.eigh(a);
    let err = 0;
    for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(values[j] - (-n + 1 + 2 * j)));
    rows.push({ check: 'eigh Clement n=50', reference: 'closed-form spectrum', error: err / (n - 1), bound: 1e-13, microseconds: timeIt(() => ir.eigh(a)) });
  }
  // expm: rotation generator θ = 2 → [[cos θ, sin θ], [−sin θ, cos θ]]
  {
    const th = 2;
    const a = matrix(2, 2, [0, th, -th, 0]);
    const e = ir.expm(a).data;
    const ref = [Math.cos(th), Math.sin(th), -Math.sin(th), Math.cos(th)];
    let err = 0;
    for (let i = 0; i < 4; i++) err = Math.max(err, Math.abs(e[i] - ref[i]));
    rows.push({ check: 'expm rotation 2×2', reference: 'cos/sin closed form', error: err, bound: 1e-14, microseconds: timeIt(() => ir.expm(a)) });
  }
  // matmul: A·I = A exactly for n = 100
  {
    const n = 100;
    const a = matrix(n, n);
    for (let i = 0; i < n * n; i++) a.data[i] = Math.sin(i + 1);
    const id = matrix(n, n);
    for (let i = 0; i < n; i++) id.data[i * n + i] = 1;
    const c = ir.matmul(a, id).data;
    let err = 0;
    for (let i = 0; i < n * n; i++) err = Math.max(err, Math.abs(c[i] - a.data[i]));
    rows.push({ check: 'matmul A·I n=100', reference: 'exact', error: err, bound: 0, microseconds: timeIt(() => ir.matmul(a, id)) });
  }
  // rk45: logistic y' = y(1 − y), y(0) = 0.1 → y(5) = 1/(1 + 9e^{−5}); relative error at rtol 1e-10
  {
    const opts = { system: { kind: 'logistic' as const, r: 1, K: 1 }, y0: [0.1], t1: 5, rtol: 1e-10, atol: 1e-12 };
    const y = ir.rk45(opts).y[0];
    const ref = 1 / (1 + 9 * Math.exp(-5));
    rows.push({ check: 'rk45 logistic to t=5', reference: 'closed form', error: Math.abs(y - ref) / ref, bound: 1e-9, microseconds: timeIt(() => ir.rk45(opts)) });
  }
  return rows;
}

