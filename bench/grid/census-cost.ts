// The full 4×4 census's cost from a measured sample (BENCHMARKS.md "4×4 census"): for every mask orbit of the job,
// S chunks of C consecutive ids at seeded random places in the orbit's id range are computed in this thread, and the
// CPU time per instance of each orbit, times the orbit's instance count, adds up to the job's CPU seconds — so a user
// can size a cluster. Usage: npx tsx bench/grid/census-cost.ts [--values 10] [--k 6,7] [--samples 100] [--chunk 25]
import { parseArgs } from 'node:util';
import { init } from '../../src/node.js';
import { censusDefaults, censusLayout, runCensus, CENSUS_FIELDS, gridValues } from '../../src/grid/census.js';

const { values } = parseArgs({ options: { values: { type: 'string' }, k: { type: 'string' }, samples: { type: 'string' }, chunk: { type: 'string' }, seed: { type: 'string' } } });
const V = Number(values.values ?? 10);
const ks = String(values.k ?? '6,7').split(',').map(Number);
// many short runs: feasible instances cluster by value pattern, and 4 chunks of 250 per orbit gave 3–24 core-hours
const S = Number(values.samples ?? 100), C = Number(values.chunk ?? 25);
const o = censusDefaults({ n: 4, values: gridValues(V), k: ks, alphas: [1e-5, 1e-3, 1] });
const L = censusLayout(4, V, 'orbits');
const ir = await init();
let seed = Number(values.seed ?? 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
let total = 0, totalInstances = 0, sampled = 0, sampledCpu = 0, feasible = 0, flows = 0;
const rows: string[] = [];
for (const k of ks) {
  const b = L.blocks[k];
  let kCpu = 0, kInst = 0;
  for (let r = 0; r < b.count; r++) {
    let c = 0, f = 0;
    for (let s = 0; s < S; s++) {
      const start = b.offset + r * b.Vk + Math.floor(rnd() * (b.Vk - C));
      const t = cpu();
      const rec = runCensus(ir, start, C, o);
      c += cpu() - t;
      for (let q = 0; q < C; q++) { if (rec[q * 3 * CENSUS_FIELDS] === 1) f++; if (rec[q * 3 * CENSUS_FIELDS + 5] >= 0) flows += 3; }
    }
    const perInstance = c / (S * C);
    kCpu += perInstance * b.Vk;
    kInst += b.Vk;
    sampled += S * C; sampledCpu += c; feasible += f;
    rows.push(`k = ${k} orbit ${r}: ${(1e6 * perInstance).toFixed(1)} µs/instance, feasible ${(100 * f / (S * C)).toFixed(1)}%`);
  }
  total += kCpu; totalInstances += kInst;
  console.log(`k = ${k}: ${kInst} instances, estimated ${(kCpu / 3600).toFixed(1)} core-hours (${(1e6 * kCpu / kInst).toFixed(1)} µs/instance)`);
}
for (const r of rows) console.log('  ' + r);
console.log(`sample: ${sampled} instances (${(100 * feasible / sampled).toFixed(2)}% feasible, ${flows} flows) in ${sampledCpu.toFixed(1)} CPU s`);
console.log(`full census (n = 4, ${V} values, k = ${ks.join(',')}, 3 α): ${totalInstances} instances ≈ ${(total / 3600).toFixed(0)} core-hours; ${(totalInstances / (total / 3600)).toExponential(3)} instances per core-hour`);
