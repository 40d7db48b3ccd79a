// Throughput of the census on 1 and 2 worker threads (BENCHMARKS.md "4×4 census"): the same job (default: the 4×4
// census's k = 6 block, 265 625 instances, chunks of 5000) run twice into fresh directories, wall clock and CPU.
// Usage: npx tsx bench/grid/census-workers.ts [k] [chunk] [workers…]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { gridSpec, runJob } from '../../src/runner/index.js';

const k = Number(process.argv[2] ?? 6), chunk = Number(process.argv[3] ?? 5000);
const counts = process.argv.length > 4 ? process.argv.slice(4).map(Number) : [1, 2];
const spec = gridSpec({ grid: 'census', options: { n: 4, k: [k], alphas: [1e-5, 1e-3, 1] }, chunk });
const n = spec.to - spec.from;
const rate: Record<number, number> = {};
for (const workers of counts) {
  const out = mkdtempSync(join(tmpdir(), 'census-bench-'));
  const c0 = process.cpuUsage(), l0 = loadavg()[0], t0 = performance.now();
  await runJob(spec, { out, workers });
  const s = (performance.now() - t0) / 1e3, c = process.cpuUsage(c0);
  rmSync(out, { recursive: true, force: true });
  rate[workers] = n / s;
  console.log(`${workers} worker(s): ${n} instances in ${s.toFixed(1)} s wall, ${((c.user + c.system) / 1e6).toFixed(1)} s CPU → ${rate[workers].toFixed(0)} instances/s (load average before: ${l0.toFixed(2)}, after: ${loadavg()[0].toFixed(2)})`);
}
if (rate[1] && rate[2]) console.log(`2 workers / 1 worker: ${(rate[2] / rate[1]).toFixed(2)}×`);
