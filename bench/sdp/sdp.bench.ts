// Minimum nuclear norm SDP (issue 4's benchmark): Gaussian sensing n = 50, m = 300, rank-2 X*, tolerance 1e-8 on
// the certificate. Goal: ≤ 1 s single-threaded. No JS peer solves SDPs (SPEC §5), so the row stands alone; the
// notes give iterations and the certificate.
import { gaussianSensing, lowRankPSD, measure, minNuclearNorm } from '../../src/node.js';
import { OperatorHandle } from '../../src/operators/operator.js';
import { isMain, kernels, runSuite, SMOKE, type Suite, type TaskSpec } from '../common.js';

async function build(): Promise<{ tasks: TaskSpec[]; dispose?: () => void }> {
  const ir = await kernels();
  const [n, m] = SMOKE ? [8, 30] : [50, 300];
  const op = gaussianSensing({ n, m, seed: 1 });
  const y = measure(op, lowRankPSD({ n, r: 2, seed: 2 }).X);
  const h = new OperatorHandle(ir, op);
  const group = `sdp:minNuclearNorm:n=${n},m=${m}`;
  const tasks: TaskSpec[] = [
    {
      name: `sdp:wasm:n=${n},m=${m}`, group, baseline: true,
      fn: () => minNuclearNorm(ir, { A: h, y }).value,
      info: () => {
        const r = minNuclearNorm(ir, { A: h, y });
        const c = r.certificate;
        return { status: r.status, iterations: r.iterations, primal: c.primalResidual, dual: c.dualInfeasibility, gap: c.relativeGap };
      },
    },
  ];
  return { tasks, dispose: () => h.free() };
}

export const suite: Suite = { name: 'sdp', build };

if (isMain(import.meta.url)) await runSuite(suite);
