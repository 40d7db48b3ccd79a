// The 3×3 grid through the census against grid3 itself (BENCHMARKS.md "4×4 census"): the same instances, the same
// records bit for bit, CPU time interleaved A/B/A/B in one process. Usage: npx tsx bench/grid/census-vs-grid3.ts [from] [count] [rounds]
import { init } from '../../src/node.js';
import { runGrid3, GRID_FIELDS } from '../../src/grid/grid3.js';
import { censusRange, runCensus, gridValues, CENSUS_FIELDS } from '../../src/grid/census.js';

const from = Number(process.argv[2] ?? 88_000), count = Number(process.argv[3] ?? 6000), rounds = Number(process.argv[4] ?? 3);
const ir = await init();
const alphas = [1e-5, 1e-3, 1];
const o = { n: 3, values: gridValues(10), k: [4], masks: 'all' as const, alphas };
const [lo] = censusRange(o);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
const tg: number[] = [], tc: number[] = [];
let same = true;
for (let r = 0; r < rounds; r++) {
  // alternate which goes first, so that neither profits from the other's warm-up
  let g: Float64Array = new Float64Array(0), c: Float64Array = new Float64Array(0);
  for (const which of r % 2 ? ['census', 'grid3'] : ['grid3', 'census']) {
    const t = cpu();
    if (which === 'grid3') { g = runGrid3(ir, from, count, { alphas }); tg.push(cpu() - t); }
    else { c = runCensus(ir, lo + from, count, o); tc.push(cpu() - t); }
  }
  for (let i = 0; i < count * 3 && same; i++) for (let f = 0; f < GRID_FIELDS; f++) if (!Object.is(g[i * GRID_FIELDS + f], c[i * CENSUS_FIELDS + f])) same = false;
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`instances ${from} … ${from + count - 1} × 3 α, ${rounds} rounds: grid3 ${tg.map((x) => x.toFixed(2)).join(' ')} s, census ${tc.map((x) => x.toFixed(2)).join(' ')} s CPU; median ratio census/grid3 ${(med(tc) / med(tg)).toFixed(3)}; records identical: ${same}`);
