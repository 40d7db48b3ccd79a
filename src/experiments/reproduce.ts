// `implicit-reg reproduce <id|all>`: runs experiments one after another, writes each one's outputs as soon as it
// finishes (so an interruption loses no finished experiment; --resume reuses them), then results/REPORT.md.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { EXPERIMENTS } from './index.js';
import { reportMarkdown } from './report.js';
import type { ExperimentResult, Progress } from './types.js';
import { writeResult } from './write.js';

export interface ReproduceOptions {
  ir: Kernels;
  out: string;
  scale: 'default' | 'full' | 'tiny';
  seeds?: number;
  /** Reuse results/<id>/results.json written earlier at the same scale and seeds instead of re-running. */
  resume?: boolean;
  options?: Record<string, string | number | boolean | undefined>;
  progress?: (id: string) => Progress;
  log?: (msg: string) => void;
  command?: string;
}

export function resolveIds(which: string): string[] {
  if (which === 'all') return EXPERIMENTS.map((e) => e.id);
  const ids = which.split(',');
  for (const id of ids) {
    if (!EXPERIMENTS.some((e) => e.id === id)) throw new ImplicitRegError('value', `reproduce: unknown experiment '${id}'; known: ${EXPERIMENTS.map((e) => e.id).join(', ')}, all`);
  }
  return ids;
}

export async function reproduce(ids: string[], o: ReproduceOptions): Promise<{ results: ExperimentResult[]; failed: { id: string; error: string }[] }> {
  const log = o.log ?? (() => {});
  const results: ExperimentResult[] = [];
  const failed: { id: string; error: string }[] = [];
  mkdirSync(o.out, { recursive: true });
  for (const id of ids) {
    const e = EXPERIMENTS.find((x) => x.id === id)!;
    const dir = join(o.out, id);
    const prior = join(dir, 'results.json');
    if (o.resume && existsSync(prior)) {
      const r = JSON.parse(readFileSync(prior, 'utf8')) as ExperimentResult & { figures: { name: string; caption: string }[] };
      if (r.scale === o.scale && (o.seeds === undefined || r.config.seedsRequested === o.seeds)) {
        log(`${id}: reusing ${prior}`);
        results.push({ ...r, figures: r.figures.map((f) => ({ ...f, spec: JSON.parse(readFileSync(join(dir, `${f.name}.vl.json`), 'utf8')) })) });
        continue;
      }
    }
    log(`${id}: ${e.title} (${e.source})`);
    const t0 = performance.now();
    try {
      const progress = o.progress?.(id) ?? { step: () => () => {}, done: () => {} };
      const r = await e.run({ ir: o.ir, scale: o.scale, seeds: o.seeds, out: dir, progress, options: o.options ?? {} });
      progress.done();
      const full: ExperimentResult = { id, title: e.title, source: e.source, scale: o.scale, ...r, config: { ...r.config, seedsRequested: o.seeds ?? null }, seconds: (performance.now() - t0) / 1e3 };
      await writeResult(dir, full);
      results.push(full);
      log(`${id}: done in ${full.seconds.toFixed(1)} s — ${full.claims.map((c) => c.verdict).join(', ')}`);
    } catch (err) {
      // one failing experiment must not lose the others: record it and go on
      failed.push({ id, error: (err as Error).message });
      log(`${id}: FAILED — ${(err as Error).message}`);
    }
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const md = reportMarkdown(results, {
    command: o.command ?? `implicit-reg reproduce ${ids.join(',')}`,
    machine: `${cpu} (${cpus().length} cores), ${platform()} ${release()}, node ${process.version}`,
    date: new Date().toISOString().slice(0, 19).replace('T', ' ') + ' UTC',
    failed,
  });
  writeFileSync(join(o.out, 'REPORT.md'), md);
  return { results, failed };
}
