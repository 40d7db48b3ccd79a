// E-fig5 — Eftekhari & Zygalakis 2021, Section 5, Fig. 5 and Algorithm 1: GD that restarts from a smaller, lower-rank
// random U0 whenever the last window of W iterations converged linearly (ratio < τ), against plain GD from the same
// U0. The setup of Example 1.1 with fresh data per trial; test error ‖UUᵀ − X♮‖_F² at the end of every window.
import { lossAndGradient } from '../operators/operator.js';
import { adaptiveRestarts } from '../solvers/restarts.js';
import { initialFactor } from '../solvers/factor-init.js';
import { hconcat, lineChart } from '../plots/charts.js';
import type { VegaLiteSpec } from '../plots/render.js';
import { eftekhariEta, eftekhariProblem, eftekhariStepText, testError, trainError } from './eftekhari-setup.js';
import { meanSd, trackedGD } from './tracked-gd.js';
import type { Claim, Experiment, Point } from './types.js';

// Fig. 5's parameters (Section 5), η on their scale
const PARAMS = { rho0: 10, etaPaper: 5e-6, W: 100, tau: 0.998, r0: 30, deltaRank: 3, factor: 0.5, r: 2 };

const fmt = (x: number) => (Number.isFinite(x) ? x.toExponential(2) : String(x));

interface Trial {
  seed: number;
  restarts: { iteration: number; rho0: number; r0: number }[];
  ar: { iteration: number; train: number; test: number }[];
  /** L(U_k) of Algorithm 1 for every k (after a restart: the fresh iterate's). */
  arLoss: Float64Array;
  gd: { iteration: number; train: number; test: number }[];
  arStatus: string;
  gdStatus: string;
  gdDivergedAt?: number;
}

/** Vertical dashed rules at the restarts, layered onto a (non-faceted) line chart. */
function withRestarts(spec: VegaLiteSpec, restarts: { iteration: number }[]): VegaLiteSpec {
  const s = spec as unknown as { layer: unknown[] };
  if (restarts.length) {
    s.layer.push({
      data: { values: restarts.map((x) => ({ restart: x.iteration })) },
      mark: { type: 'rule', strokeDash: [3, 3], color: '#888', strokeWidth: 0.8 },
      encoding: { x: { field: 'restart', type: 'quantitative' } },
    });
  }
  return spec;
}

export const eFig5: Experiment = {
  id: 'E-fig5',
  title: 'Adaptive restarts (Algorithm 1) vs plain GD from the same initialization',
  source: 'Eftekhari & Zygalakis 2021, Section 5, Fig. 5, Algorithm 1',
  async run(ctx) {
    const d = 30;
    const K = ctx.scale === 'tiny' ? 3000 : ctx.scale === 'full' ? 200_000 : 50_000;
    const nTrials = ctx.seeds ?? (ctx.scale === 'tiny' ? 1 : 3);
    const seeds = Array.from({ length: nTrials }, (_, t) => 500 + 10 * t);
    const eta = eftekhariEta(PARAMS.etaPaper);
    const windows = Array.from({ length: Math.floor(K / PARAMS.W) + 1 }, (_, j) => Math.min(K, j * PARAMS.W));
    if (windows[windows.length - 1] !== K) windows.push(K);
    const trials: Trial[] = [];
    const tick = ctx.progress.step('restarts and plain GD', 2 * nTrials);
    for (const seed of seeds) {
      // fresh data per trial ("the random data is fresh"): X♮ from seed, A from seed + 1; U0 from seed + 2
      const p = eftekhariProblem(ctx.ir, { d, r: PARAMS.r, seed });
      try {
        const initSeed = seed + 2;
        const ar: Trial['ar'] = [];
        const U0 = initialFactor(ctx.ir, d, d, { kind: 'gaussian', scale: PARAMS.rho0, rank: PARAMS.r0, seed: initSeed });
        ar.push({ iteration: 0, train: trainError(lossAndGradient(ctx.ir, p.op, p.y, U0).loss), test: testError(ctx.ir, U0, p.X) });
        const res = adaptiveRestarts(ctx.ir, {
          op: p.op, y: p.y, d, eta, K, W: PARAMS.W, tau: PARAMS.tau, r0: PARAMS.r0, rho0: PARAMS.rho0,
          deltaRank: PARAMS.deltaRank, factor: PARAMS.factor, r: PARAMS.r, seed: initSeed,
          // at a window's end, before any restart
          onWindow: (k, U) => ar.push({ iteration: k, train: trainError(lossAndGradient(ctx.ir, p.op, p.y, U).loss), test: testError(ctx.ir, U, p.X) }),
        });
        tick();
        // plain GD at every window's end, and every W/4 over the first 20 windows (the magnified figure)
        const at = [...new Set([...windows, ...Array.from({ length: 81 }, (_, j) => Math.min(K, (j * PARAMS.W) / 4))])].sort((a, b) => a - b);
        const gd = trackedGD(ctx.ir, { op: p.op, y: p.y, U0, eta, at, metrics: (U) => ({ test: testError(ctx.ir, U, p.X) }) });
        tick();
        trials.push({
          seed, restarts: res.restarts, ar, arLoss: res.loss, arStatus: res.status, gdStatus: gd.status, gdDivergedAt: gd.divergedAt,
          gd: gd.rows.map((row) => ({ iteration: row.iteration, train: trainError(row.loss), test: row.test })),
        });
      } finally {
        p.op.free();
      }
    }

    const points: Point[] = [];
    for (const t of trials) {
      for (const row of t.ar) points.push({ kind: 'curve', seed: t.seed, method: 'adaptive restarts', iteration: row.iteration, trainError: row.train, testError: row.test });
      for (const row of t.gd.filter((x) => x.iteration % PARAMS.W === 0 || x.iteration === K)) points.push({ kind: 'curve', seed: t.seed, method: 'plain GD', iteration: row.iteration, trainError: row.train, testError: row.test });
      for (const x of t.restarts) points.push({ kind: 'restart', seed: t.seed, iteration: x.iteration, rho0: x.rho0, r0: x.r0 });
    }
    const finalOf = (rows: { train: number; test: number }[]) => rows[rows.length - 1];
    for (const t of trials) {
      const a = finalOf(t.ar), g = finalOf(t.gd);
      points.push({ kind: 'final', seed: t.seed, method: 'adaptive restarts', status: t.arStatus, trainError: a.train, testError: a.test, restarts: t.restarts.length });
      points.push({ kind: 'final', seed: t.seed, method: 'plain GD', status: t.gdStatus, trainError: g.train, testError: g.test, divergedAt: t.gdDivergedAt ?? null });
    }

    // claim, from the final test errors
    const wins = trials.filter((t) => finalOf(t.ar).test < finalOf(t.gd).test).length;
    const per = trials.map((t) => `seed ${t.seed}: restarts ${fmt(finalOf(t.ar).test)} (${t.restarts.length} restarts, last ρ0 = ${t.restarts.at(-1)?.rho0 ?? PARAMS.rho0}, r0 = ${t.restarts.at(-1)?.r0 ?? PARAMS.r0}) vs plain GD ${fmt(finalOf(t.gd).test)}`).join('; ');
    const ratio = meanSd(trials.map((t) => Math.log10(finalOf(t.gd).test / finalOf(t.ar).test))).mean;
    const claims: Claim[] = [{
      claim: `Fig. 5: Algorithm 1 ends with a lower test error than plain GD from the same initialization (criterion: in every trial, after K = ${K} iterations)`,
      measured: `final test error ‖UUᵀ − X♮‖_F²: ${per}; mean log10(GD/restarts) = ${ratio.toFixed(2)}`,
      verdict: wins === trials.length ? 'reproduced' : wins > 0 ? 'partly' : 'not reproduced',
    }];
    const fastTrain = trials.filter((t) => finalOf(t.gd).train < finalOf(t.ar).train).length;
    claims.push({
      claim: 'Section 5: "the test error is always large whenever the training error reduces too rapidly" — plain GD from the large full-rank U0 fits the data but not X♮ (criterion: final training error < 1e-3 × test error and test error > 0.1 in every trial; test error > 0.1 only → partly)',
      measured: `plain GD final training vs test error: ${trials.map((t) => `seed ${t.seed}: ${fmt(finalOf(t.gd).train)} vs ${fmt(finalOf(t.gd).test)}`).join('; ')}; plain GD's training error is below the restarts' in ${fastTrain}/${trials.length} trials`,
      verdict: trials.every((t) => finalOf(t.gd).test > 1e-1 && finalOf(t.gd).train < 1e-3 * finalOf(t.gd).test) ? 'reproduced'
        : trials.some((t) => finalOf(t.gd).test > 1e-1) ? 'partly' : 'not reproduced',
    });

    // figure: the first trial, training and test error with the restarts as dashed rules (the paper shows one run)
    const t0 = trials[0];
    const AR = 'Algorithm 1';
    // Algorithm 1's training error every W/4 iterations and on both sides of every restart (the jump up)
    const trainIts = new Set<number>();
    for (let k = 0; k < t0.arLoss.length; k += PARAMS.W / 4) trainIts.add(k);
    for (const x of t0.restarts) trainIts.add(x.iteration - 1).add(x.iteration);
    trainIts.add(t0.arLoss.length - 1);
    const arTrain = [...trainIts].sort((a, b) => a - b).map((k) => ({ iteration: k, method: AR, value: trainError(t0.arLoss[k]) }));
    const ok = (v: number) => v > 0 && Number.isFinite(v);
    const data = (f: 'train' | 'test', upTo = Infinity) => [
      ...(f === 'train' ? arTrain : t0.ar.map((x) => ({ iteration: x.iteration, method: AR, value: x.test }))),
      ...t0.gd.map((x) => ({ iteration: x.iteration, method: 'plain GD', value: x[f] })),
    ].filter((x) => ok(x.value) && x.iteration <= upTo);
    // the paper magnifies the restarts in insets: a second figure zooms on the first iterations
    const zoom = Math.min(K, Math.max(10 * PARAMS.W, 2 * (t0.restarts.at(-1)?.iteration ?? 0)));
    const panel = (f: 'train' | 'test', yTitle: string, upTo = Infinity) => withRestarts(lineChart({
      data: data(f, upTo), x: 'iteration', y: 'value', color: 'method', logY: true, points: f === 'test' && upTo < Infinity,
      title: `${f === 'train' ? 'Training' : 'Test'} error${upTo < Infinity ? `, first ${upTo} iterations` : ''}`, xTitle: 'iteration k', yTitle, width: 340, height: 240,
    }), t0.restarts.filter((x) => x.iteration <= upTo));
    const notes = [
      `Setup of Example 1.1 (d = ${d}, r = ${PARAMS.r}, tr X♮ = 1, m = ${4 * PARAMS.r * d}) with fresh data per trial: X♮ from the trial's seed, A from seed + 1, U0 (rank r0 = ${PARAMS.r0}, ‖U0‖_F = ρ0 = ${PARAMS.rho0}) from seed + 2; plain GD starts from the same U0.`,
      `Test errors are measured at the end of every window of W = ${PARAMS.W} iterations, before a restart; restarts of the first trial at iterations ${t0.restarts.map((x) => x.iteration).join(', ') || '(none)'} (dashed rules).`,
      `K = ${K} iterations (the paper does not state K in the text).`,
    ];
    return {
      config: { d, m: 4 * PARAMS.r * d, traceX: 1, ...PARAMS, eta, K, trials: nTrials, seeds },
      seeds,
      stepConversion: eftekhariStepText(PARAMS.etaPaper),
      points,
      figures: [{
        name: 'restarts',
        caption: `Algorithm 1 vs plain GD from the same U0 (seed ${t0.seed}): training error ‖A(UUᵀ) − b‖² and test error ‖UUᵀ − X♮‖_F² vs iteration; dashed lines mark the restarts (Eftekhari & Zygalakis Fig. 5)`,
        spec: hconcat(`Adaptive restarts vs plain GD (‖U0‖_F = ${PARAMS.rho0}, η' = 5e-6, W = ${PARAMS.W}, τ = ${PARAMS.tau}, r0 = ${PARAMS.r0})`, [
          panel('train', '‖A(UUᵀ) − b‖²'), panel('test', '‖UUᵀ − X♮‖_F²'),
        ]),
      }, {
        name: 'restarts-zoom',
        caption: `The same run's first ${zoom} iterations, where the restarts happen (the paper's magnified insets); test error at the end of each window, before a restart`,
        spec: hconcat(`Restarts magnified (seed ${t0.seed})`, [panel('train', '‖A(UUᵀ) − b‖²', zoom), panel('test', '‖UUᵀ − X♮‖_F²', zoom)]),
      }],
      claims,
      notes,
    };
  },
};
