// G-fig3 — Gunasekar et al. 2017, Fig. 3 (i–iii): nuclear norm of the gradient-flow solution from ‖U0‖_F = 1e-4,
// approximated three ways (RK45 on the ODE, the time-ordered exponential, GD with a small step), beside X_gd and
// the certified minimum nuclear norm, for the three planted settings on Gaussian sensing, uniform completion and
// power-law completion.
import { minNuclearNorm } from '../sdp/sdp.js';
import { OperatorHandle, gramOperator, type SensingOperator } from '../operators/operator.js';
import { gaussianSensing, measure, powerLawCompletion, uniformCompletion } from '../operators/problems.js';
import { factoredGD, timeOrderedExp } from '../solvers/gd.js';
import { gradientFlow } from '../solvers/flow.js';
import { xSpaceGD } from '../solvers/xspace.js';
import type { Matrix } from '../core/matrix.js';
import type { VegaLiteSpec } from '../plots/render.js';
import { SETTING_LABEL, flowRate, gram, lossScale, measurements, plantedX, relError, traceOf, type Setting } from './common.js';
import type { Claim, Experiment, Point } from './types.js';

const SCALES = {
  tiny: { n: 16, maxIter: 20_000, xgdIter: 2000, sdpIter: 20_000 }, // m = 3nr ≤ n(n+1)/2 needs n ≥ 11
  default: { n: 30, maxIter: 40_000, xgdIter: 5000, sdpIter: 30_000 },
  full: { n: 50, maxIter: 200_000, xgdIter: 20_000, sdpIter: 100_000 },
};
const OPERATORS = ['Gaussian sensing', 'uniform completion', 'power-law completion'] as const;
const METHODS = ['ODE (RK45)', 'time-ordered exp.', 'gradient descent', 'X_gd', 'min ‖X‖_*', 'ODE, ‖U0‖_F = 1e-8', 'GD, η/2'] as const;

function makeOperator(kind: (typeof OPERATORS)[number], n: number, m: number, seed: number): SensingOperator {
  if (kind === 'Gaussian sensing') return gaussianSensing({ n, m, seed });
  if (kind === 'uniform completion') return uniformCompletion({ n, m, seed });
  return powerLawCompletion({ n, m, seed });
}

function barSpec(data: Point[], title: string): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: data },
    facet: { row: { field: 'operator', type: 'nominal', title: null, sort: [...OPERATORS] }, column: { field: 'panel', type: 'nominal', title: null } },
    spec: {
      width: 210, height: 140,
      mark: 'bar',
      encoding: {
        x: { field: 'method', type: 'nominal', sort: [...METHODS], title: null, axis: { labelAngle: -40 } },
        y: { field: 'nuclear', type: 'quantitative', title: '‖X‖_*' },
        color: { field: 'method', type: 'nominal', sort: [...METHODS], legend: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as unknown as VegaLiteSpec;
}

export const gFig3: Experiment = {
  id: 'G-fig3',
  title: 'Nuclear norm of the gradient-flow solution by three integrators vs the minimum, on sensing and completion',
  source: 'Gunasekar et al. 2017, Fig. 3 (i–iii)',
  async run(ctx) {
    const sc = SCALES[ctx.scale];
    const n = sc.n, r = 2, alpha = 1e-4, initSeed = 7, problemSeed = 3;
    const settings: Setting[] = ['a', 'b', 'c'];
    const points: Point[] = [];
    const notes: string[] = [];
    const tick = ctx.progress.step('panels', OPERATORS.length * settings.length);
    for (const kind of OPERATORS) {
      for (const setting of settings) {
        const m = measurements(setting, n, r);
        const op = makeOperator(kind, n, m, problemSeed * 10 + 1);
        const Xs = plantedX(setting, n, r, problemSeed * 10 + 2);
        const y = measure(op, Xs);
        const L0 = lossScale(y);
        const ltol = 1e-8 * L0;
        const h = new OperatorHandle(ctx.ir, op, 'G-fig3');
        try {
          // one relative step for GD and the time-ordered exponential: η = 0.4/ρ, ρ = λ_max(A*(y))
          const rho = flowRate(ctx.ir, h, y);
          const eta = 0.4 / rho;
          const init = { kind: 'gaussian' as const, scale: alpha, seed: initSeed };
          const row = (method: string, nuclear: number, X: Matrix | null, status: string, extra: Record<string, number | string> = {}): Point => ({
            operator: kind, setting, panel: SETTING_LABEL[setting], method, nuclear, status, ...extra,
            relErr: X ? relError(X, Xs) : null,
          });
          // the flow's time unit is 1/ρ; 2e6/ρ leaves room for the slow algebraic tail of completion problems. atol
          // 1e-20: the tiny components that decide the limit must be integrated to relative accuracy
          const flowOpts = { op: h, y, tMax: 2e6 / rho, ltol, gtol: 0, maxSteps: 2_000_000, rtol: 1e-10, atol: 1e-20 };
          const flow = gradientFlow(ctx.ir, { ...flowOpts, init });
          const Xf = gram(ctx.ir, flow.U);
          points.push(row(METHODS[0], traceOf(Xf), Xf, flow.status, { t: flow.t, steps: flow.steps }));
          // the same flow from a 10⁴ times smaller start: does the gap to the minimum close as α → 0?
          const flow8 = gradientFlow(ctx.ir, { ...flowOpts, init: { ...init, scale: 1e-8 } });
          const Xf8 = gram(ctx.ir, flow8.U);
          points.push(row(METHODS[5], traceOf(Xf8), Xf8, flow8.status, { t: flow8.t, steps: flow8.steps }));
          const toe = timeOrderedExp(ctx.ir, { op: h, y, init, eta, maxIter: sc.maxIter, ltol });
          const Xt = gram(ctx.ir, toe.U);
          points.push(row(METHODS[1], traceOf(Xt), Xt, toe.status, { eta, iterations: toe.iterations }));
          const gd = factoredGD(ctx.ir, { op: h, y, init, eta, maxIter: sc.maxIter, ltol });
          const Xg = gram(ctx.ir, gd.U);
          points.push(row(METHODS[2], traceOf(Xg), Xg, gd.status, { eta, iterations: gd.iterations }));
          // GD at half the step: its distance to the flow's solution should halve (first-order convergence in η)
          const gd2 = factoredGD(ctx.ir, { op: h, y, init, eta: eta / 2, maxIter: 2 * sc.maxIter, ltol });
          const Xg2 = gram(ctx.ir, gd2.U);
          points.push(row(METHODS[6], traceOf(Xg2), Xg2, gd2.status, { eta: eta / 2, iterations: gd2.iterations }));
          const gv = ctx.ir.eigh(gramOperator(ctx.ir, h)).values;
          const xgd = xSpaceGD(ctx.ir, { op: h, y, eta: 1 / gv[gv.length - 1], project: true, maxIter: sc.xgdIter, ltol });
          points.push(row(METHODS[3], traceOf(xgd.X), xgd.X, xgd.status, { iterations: xgd.iterations, lossRelative: xgd.loss / L0 }));
          const ref = minNuclearNorm(ctx.ir, { A: h, y }, { tol: 1e-8, maxIter: sc.sdpIter });
          points.push(row(METHODS[4], ref.value, ref.X, ref.status, { gap: ref.certificate.relativeGap, primalResidual: ref.certificate.primalResidual }));
          if (ref.status !== 'optimal') notes.push(`${kind} ${setting}: the SDP ended '${ref.status}' (relative gap ${ref.certificate.relativeGap.toExponential(1)}); its value is a bound, not certified.`);
        } finally {
          h.free();
        }
        tick();
      }
    }
    // relative excess over the minimum per panel and method
    for (const p of points) {
      const min = points.find((q) => q.operator === p.operator && q.setting === p.setting && q.method === METHODS[4])!.nuclear as number;
      p.excess = ((p.nuclear as number) - min) / min;
    }
    const claims: Claim[] = [];
    const panels = OPERATORS.flatMap((o) => settings.map((st) => points.filter((p) => p.operator === o && p.setting === st)));
    const ex = (rows: Point[], mth: string) => rows.find((p) => p.method === mth)!.excess as number;
    // the three integrators approximate one flow: their nuclear norms should agree with each other
    const spreads = panels.map((rows) => {
      const v = METHODS.slice(0, 3).map((mth) => rows.find((p) => p.method === mth)!.nuclear as number);
      return (Math.max(...v) - Math.min(...v)) / Math.min(...v);
    });
    claims.push({
      claim: 'Fig. 3: the ODE solver, the time-ordered exponential and GD give the same solution (criterion: nuclear norms within 0.5% of each other on every panel)',
      measured: `largest spread ${(100 * Math.max(...spreads)).toFixed(3)}%, median ${(100 * median(spreads)).toFixed(3)}% over ${panels.length} panels`,
      verdict: spreads.every((x) => x <= 0.005) ? 'reproduced' : spreads.some((x) => x <= 0.005) ? 'partly' : 'not reproduced',
    });
    const dev = (rows: Point[], mth: string) => Math.abs((rows.find((p) => p.method === mth)!.nuclear as number) - (rows.find((p) => p.method === METHODS[0])!.nuclear as number));
    const halved = panels.filter((rows) => dev(rows, METHODS[6]) <= 0.75 * dev(rows, METHODS[2]) + 1e-6);
    claims.push({
      claim: 'GD approximates the flow (Gunasekar eq. 3): halving η halves the distance of its solution to the flow\'s (criterion: ≤ 0.75× on every panel)',
      measured: `on ${halved.length}/${panels.length} panels; ratios ${panels.map((rows) => (dev(rows, METHODS[6]) / Math.max(dev(rows, METHODS[2]), 1e-300)).toFixed(2)).join(', ')}`,
      verdict: halved.length === panels.length ? 'reproduced' : halved.length > 0 ? 'partly' : 'not reproduced',
    });
    for (const method of METHODS.slice(0, 3)) {
      const rows = points.filter((p) => p.method === method);
      const within = rows.filter((p) => Math.abs(p.excess as number) <= 0.01 && p.status === 'converged');
      const worst = rows.reduce((a, b) => (Math.abs(b.excess as number) > Math.abs(a.excess as number) ? b : a));
      claims.push({
        claim: `Fig. 3: ${method} from ‖U0‖_F = 1e-4 ends near the minimum nuclear norm (criterion: converged and within 1%; the paper itself notes a discernible gap on some panels)`,
        measured: `within 1% on ${within.length}/${rows.length} panels; median excess ${(100 * median(rows.map((p) => p.excess as number))).toFixed(2)}%, worst ${(100 * (worst.excess as number)).toFixed(2)}% (${worst.operator}, ${worst.setting}, ${worst.status})`,
        verdict: within.length === rows.length ? 'reproduced' : within.length > 0 ? 'partly' : 'not reproduced',
      });
    }
    const closer = panels.filter((rows) => ex(rows, METHODS[5]) < ex(rows, METHODS[0]) - 1e-4 || Math.abs(ex(rows, METHODS[5])) <= 1e-3);
    claims.push({
      claim: 'Conjecture: the gap closes as the initialization shrinks (flow from ‖U0‖_F = 1e-8 vs 1e-4)',
      measured: `smaller gap (or ≤ 0.1%) at 1e-8 on ${closer.length}/${panels.length} panels; excess at 1e-4 → 1e-8: ${panels.map((rows) => `${(100 * ex(rows, METHODS[0])).toFixed(2)}→${(100 * ex(rows, METHODS[5])).toFixed(2)}%`).join(', ')}`,
      verdict: closer.length === panels.length ? 'reproduced' : closer.length > 0 ? 'partly' : 'not reproduced',
    });
    const xg = points.filter((p) => p.method === METHODS[3]);
    const above = xg.filter((p) => (p.excess as number) > 0.05).length;
    claims.push({
      claim: 'Fig. 3: X_gd (PSD-projected GD on X) has a clearly larger nuclear norm than the minimum',
      measured: `X_gd more than 5% above the minimum on ${above}/${xg.length} panels (median excess ${(100 * median(xg.map((p) => p.excess as number))).toFixed(1)}%)`,
      verdict: above === xg.length ? 'reproduced' : above >= xg.length / 2 ? 'partly' : 'not reproduced',
    });
    return {
      config: { n, r, alpha, initSeed, problemSeed, stepRule: 'η = 0.4/λ_max(A*(y)) for GD and the time-ordered exponential', maxIter: sc.maxIter, xgdIter: sc.xgdIter, sdpIter: sc.sdpIter, ltolRelative: 1e-8 },
      seeds: [problemSeed, initSeed],
      stepConversion: 'The paper uses η = 1e-3 (GD) and η = 0.1 (time-ordered exp.) without fixing the measurement scale. On this package\'s scale (A_i with N(0,1) entries or entry reads, L = ¼‖A(UUᵀ) − y‖², flow U̇ = −A*(r)U as the paper\'s eq. 3) both use η = 0.4/ρ with ρ = λ_max(A*(y)), the flow\'s rate near 0: ≈ 1e-3 on Gaussian sensing, as the paper\'s GD, and the same relative step on completion, where ρ is ~10³ times smaller. The paper\'s η = 0.1 for the time-ordered exponential is far past its stability limit on Gaussian sensing at this normalization.',
      points,
      figures: [{ name: 'fig3-nuclear-norms', caption: `Nuclear norm of each method's solution per problem (n = ${n}, r = 2, ‖U0‖_F = 1e-4), as Gunasekar Fig. 3 (i–iii)`, spec: barSpec(points, 'Nuclear norm of the solutions') }],
      claims,
      notes: [
        `Methods stop at L ≤ 1e-8·L(0); GD and the time-ordered exponential after at most ${sc.maxIter} iterations, X_gd after ${sc.xgdIter}; statuses per point in results.csv.`,
        ...notes,
      ],
    };
  },
};

function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}
