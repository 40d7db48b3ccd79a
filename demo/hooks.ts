// Test hooks of the explorer page (window.explorer), used by test/browser.test.ts through playwright: each returns
// hex fingerprints of the numbers the page computes, for a bit-for-bit comparison with Node.
import { exploreProblem, exploreTrajectory, minNuclearNorm, type BrowserPool, type ExploreChunk, type ExploreSpec, type Kernels, type TrajectoryProgress } from 'implicit-reg';
import { flattenChunks, hex64 } from './digest.ts';

export interface ExplorerHooks {
  /** The seeded problem: operator data, y and X*. */
  problem(spec: ExploreSpec): { hex: string; doubles: number };
  /** A trajectory on the page's thread and in a worker, and the minimum nuclear norm solution. */
  trajectory(spec: ExploreSpec): Promise<{ main: string; worker: string; statuses: string[]; doubles: number; minNuclear: string }>;
  /** Start a trajectory, abort it after its first chunk: the error code, chunks seen, and whether the pool still works. */
  cancel(spec: ExploreSpec): Promise<{ code: string; chunks: number; poolWorksAfter: boolean }>;
  /** Grid records for ranges, from the worker pool. */
  grid(ranges: [number, number][], alphas: number[]): Promise<{ hex: string; doubles: number }>;
}

export function installHooks({ ir, pool }: { ir: Kernels; pool: BrowserPool }): void {
  const hooks: ExplorerHooks = {
    problem(spec) {
      const p = exploreProblem(spec);
      const op = p.op as { packed?: Float64Array; rows?: Int32Array; cols?: Int32Array };
      const values = [...(op.packed ?? []), ...(op.rows ?? []), ...(op.cols ?? []), ...p.y, ...p.Xstar.data];
      return { hex: hex64(values), doubles: values.length };
    },
    async trajectory(spec) {
      const main = flattenChunks([...exploreTrajectory(ir, spec)]);
      const chunks: ExploreChunk[] = [];
      await pool.run({ kind: 'trajectory', spec }, (m) => {
        const p = m as TrajectoryProgress;
        if (p.kind === 'chunk') chunks.push(p.chunk);
      });
      const worker = flattenChunks(chunks);
      const p = exploreProblem(spec);
      const ref = minNuclearNorm(ir, { A: p.op, y: p.y });
      return { main: hex64(main.values), worker: hex64(worker.values), statuses: main.statuses, doubles: main.values.length, minNuclear: hex64([ref.value, ...ref.X.data]) };
    },
    async cancel(spec) {
      const ctrl = new AbortController();
      let chunks = 0;
      let code = 'none';
      try {
        await pool.run({ kind: 'trajectory', spec }, (m) => {
          if ((m as TrajectoryProgress).kind === 'chunk' && ++chunks === 1) ctrl.abort();
        }, ctrl.signal);
      } catch (e) {
        code = (e as { code?: string }).code ?? String(e);
      }
      const after = await pool.runGrid([[147_700, 4]], { alphas: [1] });
      return { code, chunks, poolWorksAfter: after.length === 4 * 8 };
    },
    async grid(ranges, alphas) {
      const rec = await pool.runGrid(ranges, { alphas, chunk: 50 });
      return { hex: hex64(rec), doubles: rec.length };
    },
  };
  (globalThis as unknown as { explorer: ExplorerHooks }).explorer = hooks;
}
