// gradientFlow with its default options on seeded 3×3 completion instances (the grid's, feasible ones) from
// ‖U0‖_F ∈ {1e-3, 1e-5}: how many stop 'converged' and how long each call takes (issue: ≥ 99 % converged, each in
// ≤ 1 ms). Each call is timed alone, five times after one warm-up pass over the whole sample; its time is the median of
// the five (the machine is shared: a single timing catches other processes' bursts).
// usage: npx tsx bench/solvers/flow3-defaults.ts [instances = 300] [repeats = 5]
import { init } from '../../src/node.js';
import { Rng } from '../../src/core/random.js';
import { completion3, ENTRIES3, gridInstance } from '../../src/grid/completion3.js';
import { gradientFlow } from '../../src/solvers/flow.js';
import type { EntryOperator } from '../../src/operators/operator.js';

const ir = await init();
const want = Number(process.argv[2] ?? 300);
const repeats = Number(process.argv[3] ?? 5);
const rng = new Rng(16);
const sample: { op: EntryOperator; y: number[]; id: number }[] = [];
while (sample.length < want) {
  const id = rng.int(150_000);
  const g = gridInstance(id);
  if (!completion3(g.observed, g.values).feasible) continue;
  const op: EntryOperator = { kind: 'entry', n: 3, m: 4, rows: Int32Array.from(g.observed.map((e) => ENTRIES3[e][0])), cols: Int32Array.from(g.observed.map((e) => ENTRIES3[e][1])) };
  sample.push({ op, y: g.values, id });
}
const run = (s: (typeof sample)[number], scale: number) => gradientFlow(ir, { op: s.op, y: s.y, init: { kind: 'gaussian', scale, seed: s.id } });
for (const s of sample) for (const scale of [1e-3, 1e-5]) run(s, scale); // warm-up
const ms: number[] = [];
const statuses: Record<string, number> = {};
for (const s of sample) {
  for (const scale of [1e-3, 1e-5]) {
    const times: number[] = [];
    let r!: ReturnType<typeof run>;
    for (let k = 0; k < repeats; k++) {
      const t0 = performance.now();
      r = run(s, scale);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    ms.push(times[repeats >> 1]);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  }
}
ms.sort((a, b) => a - b);
const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
console.log(JSON.stringify({
  node: process.version, fma: ir.fma, runs: ms.length, repeats, statuses,
  msPerCall: { median: q(0.5), p90: q(0.9), p99: q(0.99), max: ms[ms.length - 1], mean: ms.reduce((a, b) => a + b, 0) / ms.length },
  over1ms: ms.filter((x) => x > 1).length,
}, null, 1));
