// `implicit-reg reproduce <id|all> [--full] [--seeds N] [--out results/] [--ratings u.data] [--workers N] [--resume]`
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { init } from '../node.js';
import { consoleProgress } from './progress.js';
import { reproduce, resolveIds } from '../experiments/reproduce.js';
import { EXPERIMENTS } from '../experiments/index.js';
import { flagNumber } from './args.js';

export const REPRODUCE_USAGE = `  implicit-reg reproduce <id|all> [--full] [--seeds N] [--out results/] [--ratings u.data] [--workers N] [--resume]
      experiments: ${EXPERIMENTS.map((e) => e.id).join(', ')}`;

export async function cmdReproduce(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      full: { type: 'boolean' }, seeds: { type: 'string' }, out: { type: 'string' }, ratings: { type: 'string' },
      workers: { type: 'string' }, resume: { type: 'boolean' }, tiny: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) {
    console.error(`implicit-reg reproduce: expected one experiment id or 'all', got ${positionals.length ? positionals.map((p) => `'${p}'`).join(' ') : 'none'}\nusage:\n${REPRODUCE_USAGE}`);
    return 2;
  }
  const ids = resolveIds(positionals[0]);
  const seeds = values.seeds === undefined ? undefined : flagNumber('seeds', values.seeds, { integer: true, min: 1, max: 1000 });
  if (values.workers !== undefined) flagNumber('workers', values.workers, { integer: true, min: 0, max: 1024 });
  const out = String(values.out ?? 'results');
  const scale = values.full ? 'full' : values.tiny ? 'tiny' : 'default';
  const ir = await init();
  const t0 = performance.now();
  const { results, failed } = await reproduce(ids, {
    ir, out, scale, seeds, resume: Boolean(values.resume),
    options: { ratings: values.ratings, workers: values.workers },
    progress: (id) => consoleProgress(id),
    log: (m) => console.log(m),
    command: `implicit-reg reproduce ${args.join(' ')}`,
  });
  console.log(`\n${results.length} experiment(s) in ${((performance.now() - t0) / 1e3).toFixed(1)} s; report: ${join(out, 'REPORT.md')}`);
  for (const r of results) console.log(`  ${r.id.padEnd(12)} ${r.claims.map((c) => c.verdict).join(' / ')}`);
  if (failed.length) {
    for (const f of failed) console.error(`  ${f.id.padEnd(12)} FAILED: ${f.error}`);
    return 1;
  }
  return 0;
}
