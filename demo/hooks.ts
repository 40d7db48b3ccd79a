// Test hooks of the explorer page (window.explorer), used by test/browser.test.ts through playwright: each returns
// hex fingerprints of the numbers the page computes, for a bit-for-bit comparison with Node.
import { exploreProblem, exploreTrajectory, minNuclearNorm, type BrowserPool, type ExploreChunk, type ExploreSpec, type Kernels, type TrajectoryProgress } from 'implicit-reg';
import { flattenChunks, hex64 } from './digest.ts';

export interface ExplorerHooks {
  /** The seeded problem: operator data, y and X*. */
  problem(spec: ExploreSpec): { hex: string; doubles: number };
  /** A trajectory on the page's thread and in a worker, and the minimum nuclear norm solution. */
  trajectory(spec: ExploreSpec): Promise<{ main: string; worker: string; statuses: string[]; doubles: number; minNuclear: string }>;
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
    async grid(ranges, alphas) {
      const rec = await pool.runGrid(ranges, { alphas, chunk: 50 });
      return { hex: hex64(rec), doubles: rec.length };
    },
  };
  (globalThis as unknown as { explorer: ExplorerHooks }).explorer = hooks;
}
