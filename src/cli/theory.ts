// `implicit-reg theory <commutative|belabbas|eftekhari> [--seed N] [--json] …`: run one theory check and print it
// as a table (or the report as JSON). Parsed with node:util parseArgs like the rest of src/cli.ts.
import { parseArgs } from 'node:util';
import { init } from '../node.js';
import { checkCommutative } from '../theory/commutative.js';
import { belabbasExperiment } from '../theory/belabbas-metrics.js';
import { normalForm, reducedCriticalPoints, tameSpectrum } from '../theory/belabbas.js';
import { psdMeasurements } from '../operators/problems.js';
import { eftekhariRun } from '../theory/eftekhari-run.js';
import { flagList, flagNumber } from './args.js';

export const THEORY_USAGE = `  implicit-reg theory commutative [--seed N] [--n 8] [--m 3] [--alphas 1e-1,…,1e-10] [--json]
  implicit-reg theory belabbas [--seed N] [--ranks 2,2] [--spectrum 1,1,1,2] [--deltas 1e-2,…,1e-10] [--json]
  implicit-reg theory eftekhari [--seed N] [--n 10] [--r 2] [--json]`;

const e = (v: number, d = 2): string => (Number.isFinite(v) ? v.toExponential(d) : String(v));
const f = (v: number, d = 3): string => (Number.isFinite(v) ? v.toFixed(d) : String(v));

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padStart(w[j])).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

const list = (flag: string, s: unknown, spec: Parameters<typeof flagList>[2] = {}): number[] | undefined => (s === undefined ? undefined : flagList(flag, s, spec));
const int = (flag: string, s: unknown, min: number): number | undefined => (s === undefined ? undefined : flagNumber(flag, s, { integer: true, min }));

/** Run `implicit-reg theory …`; returns the process exit code. */
export async function cmdTheory(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      seed: { type: 'string' }, json: { type: 'boolean' }, n: { type: 'string' }, m: { type: 'string' }, r: { type: 'string' },
      alphas: { type: 'string' }, ranks: { type: 'string' }, spectrum: { type: 'string' }, deltas: { type: 'string' },
    },
  });
  const which = positionals[0];
  if (which !== 'commutative' && which !== 'belabbas' && which !== 'eftekhari') {
    console.error(`implicit-reg theory: expected 'commutative', 'belabbas' or 'eftekhari', got '${which ?? ''}'\nusage:\n${THEORY_USAGE}`);
    return 2;
  }
  const seed = values.seed === undefined ? 1 : flagNumber('seed', values.seed, { integer: true, min: 0, max: 2 ** 32 - 3 });
  // flags that belong to another check are mistakes, not silently ignored
  const own: Record<string, string[]> = { commutative: ['n', 'm', 'alphas'], belabbas: ['ranks', 'spectrum', 'deltas'], eftekhari: ['n', 'r'] };
  for (const k of ['n', 'm', 'r', 'alphas', 'ranks', 'spectrum', 'deltas']) {
    if (values[k as keyof typeof values] !== undefined && !own[which].includes(k)) throw new Error(`--${k} is not a flag of 'theory ${which}'`);
  }
  const ir = await init();
  const out = (report: unknown, text: string): number => {
    console.log(values.json ? JSON.stringify(report, null, 1) : text);
    return 0;
  };
  if (which === 'commutative') {
    const rep = checkCommutative(ir, { seed, n: int('n', values.n, 2), m: int('m', values.m, 1), alphas: list('alphas', values.alphas, { gt: 0, lt: 1 }) });
    const main = table(
      ['alpha', 'flow', 'gap', 'predicted', 'vs Newton', 'lambda_max', '|(I-A*(nu))X|', 'U-space', 'manifold dist', 'rank-1 off-mass', 'on LP support'],
      rep.rows.map((r) => [e(r.alpha, 0), r.flow.status, e(r.gap), e(r.predictedGap), e(r.referenceAgreement, 1), f(r.lambdaMax, 5), e(r.kktResidual),
        r.uSpace?.status ?? '-', e(r.uSpace?.manifoldDistance ?? NaN), e(r.rank1?.offSupportMass ?? NaN), String(r.rank1?.matchesLP ?? '-')]),
    );
    const side = (title: string, rows: { alpha: number; status: string; gap: number; referenceAgreement: number; offTop?: number }[]) => `${title}\n${table(
      ['alpha', 'status', 'gap', 'vs Newton', 'off-top trace'],
      rows.map((r) => [e(r.alpha, 0), r.status, e(r.gap), e(r.referenceAgreement, 1), r.offTop === undefined ? '-' : e(r.offTop)]),
    )}`;
    const text = [
      `implicit-reg theory commutative — Gunasekar Thm. 1 (n = ${rep.n}, m = ${rep.m}, seed ${rep.seed}; X0 = alpha·I)`,
      `LP (min Σx, Dx = y, x ≥ 0): ${f(rep.lp.reference, 6)} by ${rep.lp.solver} (solveLP status ${rep.lp.status}; basis enumeration ${f(rep.lp.vertexValue, 6)}), support {${rep.lp.support}}, reduced costs [${rep.lp.reducedCosts.map((c) => f(c, 3))}]`,
      '', main, '',
      `(b) gap decay rate: observed ${f(rep.gapRate.observed)} (smallest α), c_min ${f(rep.gapRate.predicted)}, leading-order window ${f(rep.gapRate.window)}`,
      `(c) lambda_max − 1 ≈ C/log(1/alpha): fitted C ${f(rep.lambdaFit.C)}, limit log max x_LP ${f(rep.lambdaFit.predicted)}`,
      `(f) rank-1 off-support mass rate: observed ${f(rep.rank1Rate?.observed ?? NaN)}, c_min ${f(rep.lp.cMin)}`,
      '', side(`(d) m = 1: reduced costs' c_min ${f(rep.m1.lp.cMin)}, off-top trace rate ${f(rep.m1.offTopRate.observed)}`, rep.m1.rows),
      '', side(`(e) Cor. 2 (x = u⊙u): c_min ${f(rep.corollary2.lp.cMin)}, gap rate ${f(rep.corollary2.gapRate.observed)} (window ${f(rep.corollary2.gapRate.window)})`, rep.corollary2.rows),
    ].join('\n');
    return out(rep, text);
  }
  if (which === 'belabbas') {
    const ranks = list('ranks', values.ranks, { integer: true, min: 1 }) ?? [2, 2];
    const spectrum = list('spectrum', values.spectrum, { gt: 0 }) ?? [1, 1, 1, 2];
    if (spectrum.length !== ranks.reduce((a, r) => a + r, 0)) throw new Error(`--spectrum must have Σ ranks = ${ranks.reduce((a, r) => a + r, 0)} entries (--ranks ${ranks}), got ${spectrum.length}`);
    const rep = belabbasExperiment(ir, { ranks, spectrum, seed, deltas: list('deltas', values.deltas, { gt: 0, lt: 1 }) });
    const op = psdMeasurements({ n: rep.n, ranks, spectrum, seed });
    const tame = tameSpectrum(ir, normalForm(ir, op.A), { tol: 1e-9 });
    const crit = tame.tame ? reducedCriticalPoints(ir, tame.vbar, tame.alpha, tame.beta, rep.y) : undefined;
    const text = [
      `implicit-reg theory belabbas — ranks (${ranks}), spectrum of ΣA_i {${spectrum}}, seed ${seed}, y = [${rep.y.map((v) => f(v))}]`,
      `tame: ${rep.tame} (Q spread ${e(tame.spread)}, alpha ${f(rep.alpha)}, beta ${f(rep.beta)}); K_min ${f(rep.bounds.kMin, 6)} (${rep.bounds.minStatus}), K_max ${f(rep.bounds.kMax, 6)} (${rep.bounds.maxStatus})`,
      crit ? `reduced dynamics: ${3 ** ranks.length} critical points, count by Morse index [${crit.counts}]` : 'reduced dynamics: needs a tame spectrum',
      '', table(['delta', 'status', 't', 'K = tr X', 'RelativeError', 'SpectralRatio'],
        rep.rows.map((r) => [e(r.delta, 0), r.status, f(r.t, 1), f(r.K, 6), e(r.relativeError), f(r.spectralRatio, 4)])),
    ].join('\n');
    return out({ ...rep, criticalPointCounts: crit?.counts }, text);
  }
  if (which === 'eftekhari') {
    const rep = eftekhariRun(ir, { seed, n: int('n', values.n, 2), r: int('r', values.r, 1) });
    const text = [
      `implicit-reg theory eftekhari — Gaussian sensing, n = ${rep.n}, rank ${rep.r}, m = ${rep.m}, ‖U0‖_F = 1e-3, seed ${seed}`,
      '', table(['init', 'status', 't', 'loss', 'effective rank', 'sigma_m(Dg(U0))', 'sigma_m(Dg(U_end))', 'test error'],
        rep.rows.map((r) => [r.init, r.status, f(r.t, 1), e(r.loss), String(r.effectiveRank), e(r.sigmaM0), e(r.sigmaMEnd), e(r.testError)])),
    ].join('\n');
    return out(rep, text);
  }
  console.error(`implicit-reg theory: expected 'commutative', 'belabbas' or 'eftekhari', got '${which ?? ''}'\nusage:\n${THEORY_USAGE}`);
  return 2;
}
