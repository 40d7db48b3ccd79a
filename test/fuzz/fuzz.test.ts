// Property-based fuzz suite of the public surface (the reliability issue): every export of the Node entry, the pure
// browser-entry exports, the runner subpath and every CLI command get probes with bad or extreme input — wrong types
// and shapes, NaN/±∞, 0, negative, huge and non-integer numbers, strings and null in every option, empty input,
// asymmetric input, huge sizes, extreme magnitudes, missing options objects. fast-check (fixed seed) picks export ×
// argument × value; each probe runs in a worker thread under a time limit (a probe over it is a hang: the worker is
// terminated and replaced). Outcomes: ok, error-named, error-clear, and the failures hang, internal,
// silent-nonfinite, accepted-invalid, wrong-name — of which there must be none.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { candidates, drawnValid, type Candidate } from './kinds.js';
import { PROBES } from './registry.js';
import type { Job, Outcome, Report } from './worker.js';

// fixed, so that CI runs the same probes every time; FUZZ_SEED explores other samples locally
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const LIMIT_MS = 10_000;
const WORKERS = 2;
const FAILURES: Outcome[] = ['hang', 'internal', 'silent-nonfinite', 'accepted-invalid', 'wrong-name'];
// probes per export (all of an export's (argument, value) pairs when fewer), the heavy theory checks fewer
const PER_EXPORT = 16;
const HEAVY: Record<string, number> = { checkCommutative: 10, belabbasExperiment: 8, eftekhariRun: 8, 'runner.runGridJob': 10, traceBounds: 8 };

const tmp = mkdtempSync(join(tmpdir(), 'ir-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The probes: per export the baseline call, a fast-check sample of (argument, fixed nasty value) pairs, and random numbers for numeric arguments. */
function planJobs(): Job[] {
  const jobs: Job[] = [];
  let id = 0;
  PROBES.forEach((probe, pi) => {
    const seed = 1 + ((pi + SEED) % 7);
    jobs.push({ id: id++, probe: probe.name, param: -1, seed });
    const pairs: { param: number; c: Candidate }[] = [];
    probe.params.forEach((prm, i) => { for (const c of candidates(prm.kind)) pairs.push({ param: i, c }); });
    const budget = HEAVY[probe.name] ?? PER_EXPORT;
    const chosen = pairs.length <= budget ? pairs : fc.sample(fc.shuffledSubarray(pairs, { minLength: budget, maxLength: budget }), { seed: SEED + pi, numRuns: 1 })[0];
    for (const { param, c } of chosen) jobs.push({ id: id++, probe: probe.name, param, value: c.v, valid: c.valid, seed });
    // random doubles and integers for the numeric arguments (only invalid ones or small valid ones: a random valid
    // iteration cap of 10⁹ is a legitimate long run, not a probe)
    const numeric = probe.params.map((prm, i) => ({ prm, i })).filter(({ prm }) => prm.kind.t === 'num' || prm.kind.t === 'seed');
    if (numeric.length > 0 && !(probe.name in HEAVY)) {
      const arb = fc.tuple(fc.constantFrom(...numeric), fc.oneof(fc.double(), fc.integer({ min: -5, max: 20 }), fc.constantFrom(-0, 5e-324, -5e-324, 2 ** 31, 2 ** 53 + 2)))
        .filter(([{ prm }, v]) => !drawnValid(prm.kind, v) || Math.abs(v) <= 20);
      for (const [{ prm, i }, v] of fc.sample(arb, { seed: SEED + 1000 + pi, numRuns: 3 })) {
        jobs.push({ id: id++, probe: probe.name, param: i, value: v, valid: drawnValid(prm.kind, v), seed });
      }
    }
  });
  return jobs;
}

class Pool {
  private idle: Worker[] = [];
  private waiting: ((w: Worker) => void)[] = [];
  private all = new Set<Worker>();
  private spawn(): void {
    const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { tmp } });
    this.all.add(w);
    w.once('message', () => this.release(w)); // { ready }
    w.on('error', () => {});
  }
  constructor(size: number) { for (let i = 0; i < size; i++) this.spawn(); }
  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w); else this.idle.push(w);
  }
  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => this.waiting.push(resolve));
  }
  async run(job: Job): Promise<Report> {
    const w = await this.acquire();
    return new Promise<Report>((resolve) => {
      let done = false;
      const finish = (r: Report, replace: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('exit', onExit);
        if (replace) {
          this.all.delete(w);
          void w.terminate();
          this.spawn();
        } else this.release(w);
        resolve(r);
      };
      const onMessage = (r: Report) => finish(r, r.outcome === 'internal');
      const onExit = (code: number) => finish({ id: job.id, outcome: 'internal', detail: `worker exited with code ${code}` }, true);
      const timer = setTimeout(() => finish({ id: job.id, outcome: 'hang', detail: `no answer within ${LIMIT_MS} ms` }, true), LIMIT_MS);
      w.on('message', onMessage);
      w.once('exit', onExit);
      w.postMessage(job);
    });
  }
  async close(): Promise<void> { await Promise.all([...this.all].map((w) => w.terminate())); }
}

// ------------------------------------------------------------------------------------------------ CLI probes
interface CliProbe { command: string; args: string[]; expect: 'usage' | 'ok'; names?: string }

// the tiny census of the CLI probes (n = 3, k = 4, two positive values: some instances feasible, a few ms) and its
// job's result directory, made before the other probes (census-merge and progress read it)
const CENSUS_TINY = ['--n', '3', '--values', '0.5,1', '--k', '4', '--alphas', '1e-3', '--limit', '4'];
const censusFixture = () => join(tmp, 'cli', 'census-fixture');

function planCliSetup(): CliProbe[] {
  return [{ command: 'census', args: ['census', ...CENSUS_TINY, '--workers', '0', '--out', censusFixture()], expect: 'ok' }];
}

/** `args` without the flag `name` and its value. */
const without = (args: string[], name: string): string[] => args.filter((a, i) => a !== `--${name}` && args[i - 1] !== `--${name}`);

function planCli(): CliProbe[] {
  const out = join(tmp, 'cli');
  const fixture = censusFixture();
  // a directory whose job spec file is not a spec (progress and merges must name it)
  const badSpecs = join(out, 'bad-specs');
  mkdirSync(badSpecs, { recursive: true });
  writeFileSync(join(badSpecs, 'census-0123456789abcdef.json'), '{"grid":"census"}\n');
  const probes: CliProbe[] = [
    { command: 'help', args: ['help'], expect: 'ok' },
    { command: 'help', args: ['--help'], expect: 'ok' },
    { command: 'selfcheck', args: ['selfcheck'], expect: 'ok' },
    { command: 'unknown', args: ['frobnicate'], expect: 'usage', names: 'frobnicate' },
    { command: 'unknown', args: ['--frobnicate'], expect: 'usage', names: 'frobnicate' },
    { command: 'selfcheck', args: ['selfcheck', '--bogus'], expect: 'usage', names: 'bogus' },
    { command: 'grid3', args: ['grid3', '--limit', '4', '--alphas', '1e-3', '--workers', '1', '--out', join(out, 'g')], expect: 'ok' },
    { command: 'theory', args: ['theory'], expect: 'usage', names: 'theory' },
    { command: 'theory', args: ['theory', 'bogus'], expect: 'usage', names: 'bogus' },
    { command: 'reproduce', args: ['reproduce'], expect: 'usage', names: 'reproduce' },
    { command: 'theory eftekhari', args: ['theory', 'eftekhari', '--n', '4', '--alphas', '1e-2'], expect: 'usage', names: '--alphas' },
    { command: 'reproduce', args: ['reproduce', 'no-such-experiment'], expect: 'usage', names: 'no-such-experiment' },
    { command: 'grid3-merge', args: ['grid3-merge', '--out', join(out, 'm'), join(out, 'missing.bin')], expect: 'usage', names: 'missing.bin' },
    // the census: a run with the α sweep (the setup's), its merge and progress from its chunk files
    { command: 'census', args: ['census', ...CENSUS_TINY, '--workers', '0', '--no-sweep', '--out', join(out, 'c1')], expect: 'ok' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--workers', '0', '--no-sweep', '--shard', '2/2', '--out', join(out, 'c2')], expect: 'ok' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--values', '1'], expect: 'usage', names: '--values' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--values', '101'], expect: 'usage', names: '--values' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--values', '1,1'], expect: 'usage', names: 'values' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--values', '0,1e400'], expect: 'usage', names: '--values' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--k', '4-99999999999'], expect: 'usage', names: '--k' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--k', '4,6'], expect: 'usage', names: 'k' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--k', '7'], expect: 'usage', names: 'k' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--n', '5'], expect: 'usage', names: 'n' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--limit', '0'], expect: 'usage', names: '--limit' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--chunk', '0'], expect: 'usage', names: 'chunk' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--chunk', '99999999999'], expect: 'usage', names: 'chunk' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--shard', '3/2'], expect: 'usage', names: 'shard' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--shard', '1/2', '--shards', '3'], expect: 'usage', names: 'shards' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--workers', '5000'], expect: 'usage', names: 'workers' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--out', ''], expect: 'usage', names: 'out' },
    { command: 'census', args: ['census', ...CENSUS_TINY, '--grid', 'census'], expect: 'usage', names: 'grid' },
    { command: 'census-merge', args: ['census-merge', '--out', fixture], expect: 'ok' },
    { command: 'census-merge', args: ['census-merge', '--no-sweep', '--out', join(out, 'cm'), join(fixture, 'chunks')], expect: 'ok' },
    { command: 'census-merge', args: ['census-merge', '--no-sweep', '--out', join(out, 'cm'), ...CENSUS_TINY, join(fixture, 'chunks')], expect: 'ok' },
    { command: 'census-merge', args: ['census-merge', '--out', join(out, 'cm'), join(out, 'missing-chunks')], expect: 'usage', names: 'missing-chunks' },
    { command: 'census-merge', args: ['census-merge', '--out', join(out, 'cm'), badSpecs], expect: 'usage', names: 'census-0123456789abcdef.json' },
    { command: 'progress', args: ['progress', '--out', fixture], expect: 'ok' },
    { command: 'progress', args: ['progress', join(fixture, 'chunks'), join(out, 'missing-chunks')], expect: 'ok' },
    { command: 'progress', args: ['progress', join(out, 'missing-chunks')], expect: 'usage', names: 'missing-chunks' },
    { command: 'progress', args: ['progress', badSpecs], expect: 'usage', names: 'census-0123456789abcdef.json' },
    { command: 'progress', args: ['progress', '--out'], expect: 'usage', names: 'out' },
    { command: 'progress', args: ['progress', '--bogus'], expect: 'usage', names: 'bogus' },
    // the queue's job flags are checked before it needs a database (or Node ≥ 22.12): without --db, valid flags end at the --db error
    { command: 'queue enqueue', args: ['queue', 'enqueue', '--grid', 'census', ...CENSUS_TINY], expect: 'usage', names: 'db' },
    { command: 'queue enqueue', args: ['queue', 'enqueue', '--grid', 'bogus'], expect: 'usage', names: 'grid' },
    { command: 'queue enqueue', args: ['queue', 'enqueue', '--grid', 'census', '--from', '3'], expect: 'usage', names: 'from' },
    { command: 'queue enqueue', args: ['queue', 'enqueue', ...CENSUS_TINY], expect: 'usage', names: 'n' },
    { command: 'queue enqueue', args: ['queue', 'enqueue', '--grid', 'census', ...CENSUS_TINY, '--k', '4-99999999999'], expect: 'usage', names: '--k' },
  ];
  const BAD = ['abc', '-1', '1.5', '1e309', ''];
  // flag → which of BAD are invalid for it (all of them unless listed as valid)
  // flag → the values of BAD that are valid for it (none unless listed); a valid value runs the command (expect ok),
  // except merges and the queue, whose runs then stop at `validNames` (the missing input, the missing --db); `bad`:
  // the values tried (default all of BAD)
  const flags: { command: string; base: string[]; flag: string; valid?: string[]; validNames?: string; bad?: string[] }[] = [
    { command: 'grid3', base: ['grid3', '--limit', '2', '--workers', '1', '--out', join(out, 'f')], flag: 'alphas', valid: ['1.5'] },
    { command: 'grid3', base: ['grid3', '--limit', '2', '--alphas', '1e-3', '--out', join(out, 'f')], flag: 'workers' },
    { command: 'grid3', base: ['grid3', '--limit', '2', '--alphas', '1e-3', '--workers', '1', '--out', join(out, 'f')], flag: 'shard' },
    { command: 'grid3', base: ['grid3', '--alphas', '1e-3', '--workers', '1', '--out', join(out, 'f')], flag: 'limit' },
    { command: 'grid3', base: ['grid3', '--limit', '2', '--alphas', '1e-3', '--workers', '1', '--out', join(out, 'f')], flag: 'tmax', valid: ['1.5'] },
    { command: 'grid3', base: ['grid3', '--limit', '2', '--alphas', '1e-3', '--workers', '1', '--out', join(out, 'f')], flag: 'time-budget', valid: ['1.5'] },
    { command: 'grid3-merge', base: ['grid3-merge', '--out', join(out, 'm'), join(out, 'missing.bin')], flag: 'alphas', valid: ['1.5'], validNames: 'missing.bin' },
    { command: 'grid3-merge', base: ['grid3-merge', '--out', join(out, 'm'), join(out, 'missing.bin')], flag: 'limit' },
    { command: 'grid3-merge', base: ['grid3-merge', '--out', join(out, 'm'), join(out, 'missing.bin')], flag: 'tmax', valid: ['1.5'], validNames: 'missing.bin' },
    { command: 'theory commutative', base: ['theory', 'commutative', '--alphas', '1e-2'], flag: 'seed' },
    { command: 'theory commutative', base: ['theory', 'commutative', '--alphas', '1e-2'], flag: 'n' },
    { command: 'theory commutative', base: ['theory', 'commutative', '--alphas', '1e-2'], flag: 'm' },
    { command: 'theory commutative', base: ['theory', 'commutative'], flag: 'alphas' },
    { command: 'theory belabbas', base: ['theory', 'belabbas', '--deltas', '1e-2'], flag: 'ranks' },
    { command: 'theory belabbas', base: ['theory', 'belabbas', '--deltas', '1e-2'], flag: 'spectrum' },
    { command: 'theory belabbas', base: ['theory', 'belabbas'], flag: 'deltas' },
    { command: 'theory belabbas', base: ['theory', 'belabbas', '--deltas', '1e-2'], flag: 'seed' },
    { command: 'theory eftekhari', base: ['theory', 'eftekhari', '--n', '4'], flag: 'seed' },
    { command: 'theory eftekhari', base: ['theory', 'eftekhari'], flag: 'n' },
    { command: 'theory eftekhari', base: ['theory', 'eftekhari', '--n', '4'], flag: 'r' },
    { command: 'reproduce', base: ['reproduce', 'G-fig4', '--tiny', '--out', join(out, 'r')], flag: 'seeds' },
    { command: 'reproduce', base: ['reproduce', 'G-fig4', '--tiny', '--out', join(out, 'r')], flag: 'workers' },
  ];
  // the census commands and the queue's census job: every flag of the tiny census, mutated
  const censusBase = ['census', ...CENSUS_TINY, '--workers', '0', '--no-sweep', '--out', join(out, 'cf')];
  const censusMergeBase = ['census-merge', '--no-sweep', '--out', join(out, 'cmf'), ...CENSUS_TINY, join(out, 'missing-chunks')];
  const enqueueBase = ['queue', 'enqueue', '--grid', 'census', ...CENSUS_TINY];
  // (census-merge and the queue parse the census's flags as census does, and census its run flags as grid3 does: a
  // few values each show the wiring — every CLI probe is a Node process)
  for (const flag of ['n', 'values', 'k', 'masks', 'alphas', 'tmax', 'limit', 'chunk']) {
    const valid = flag === 'alphas' || flag === 'tmax' ? ['1.5'] : [];
    flags.push({ command: 'census', base: without(censusBase, flag), flag, valid });
    if (['values', 'k', 'tmax', 'limit'].includes(flag)) {
      flags.push({ command: 'census-merge', base: without(censusMergeBase, flag), flag, valid, validNames: 'missing-chunks', bad: ['abc', '1.5'] });
      flags.push({ command: 'queue enqueue', base: without(enqueueBase, flag), flag, valid, validNames: 'db', bad: ['abc', '1.5'] });
    }
  }
  for (const flag of ['workers', 'shard', 'shards']) flags.push({ command: 'census', base: without(censusBase, flag), flag, bad: ['abc', '1.5'] });
  flags.push({ command: 'census', base: censusBase, flag: 'time-budget', valid: ['1.5'], bad: ['abc', '-1', '1.5'] });
  for (const flag of ['lease', 'chunk-timeout', 'retries']) flags.push({ command: 'queue enqueue', base: enqueueBase, flag, bad: ['abc'] });
  for (const f of flags) {
    for (const v of f.bad ?? BAD) {
      const valid = f.valid?.includes(v) === true;
      const expect = valid && !f.validNames ? 'ok' : 'usage';
      probes.push({ command: f.command, args: [...f.base, `--${f.flag}`, v], expect, names: valid ? f.validNames : `--${f.flag}` });
    }
    probes.push({ command: f.command, args: [...f.base, `--${f.flag}`], expect: 'usage', names: `--${f.flag}` }); // value missing
  }
  for (const cmd of [['grid3'], ['grid3-merge'], ['census'], ['census-merge'], ['progress'], ['queue', 'enqueue'], ['theory', 'commutative'], ['theory', 'belabbas'], ['theory', 'eftekhari'], ['reproduce', 'G-fig4']]) {
    probes.push({ command: cmd.join(' '), args: [...cmd, '--no-such-flag', '1'], expect: 'usage', names: '--no-such-flag' });
  }
  return probes;
}

// the probes' environment: no queue database and no array-job task (they would change what a command does)
const CLI_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'IMPLICIT_REG_DB' && !k.startsWith('SLURM_') && k !== 'JOB_COMPLETION_INDEX'));

// the flag or argument is named as a word (so 'n' is not found in 'census'), as the library probes check
const namesWord = (msg: string, name: string): boolean => new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_]|$)`).test(msg);

function runCli(p: CliProbe): Promise<{ outcome: Outcome; detail: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../dist/cli/main.js'), ...p.args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmp, env: CLI_ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const first = stderr.trim().split('\n')[0] ?? '';
      const detail = `exit ${code ?? signal}: ${first.slice(0, 200)}`;
      if (signal) return resolve({ outcome: 'hang', detail });
      if (/\n\s+at |TypeError|RangeError|RuntimeError/.test(stderr)) return resolve({ outcome: 'internal', detail });
      if (p.expect === 'ok') return resolve({ outcome: code === 0 ? 'ok' : 'internal', detail: code === 0 ? '' : `${detail} ${stdout.slice(-200)}` });
      if (code === 0) return resolve({ outcome: 'accepted-invalid', detail: 'exit 0' });
      if (code !== 2) return resolve({ outcome: 'internal', detail });
      return resolve({ outcome: namesWord(first, p.names!.replace(/^--/, '')) ? 'error-named' : 'wrong-name', detail });
    });
  });
}

async function inParallel<T, R>(items: T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  }));
  return out;
}

function table(rows: Map<string, Map<Outcome, number>>): string {
  const cols: Outcome[] = ['ok', 'error-named', 'error-clear', ...FAILURES];
  const w = Math.max(...[...rows.keys()].map((k) => k.length), 6);
  const line = (name: string, c: (o: Outcome) => string) => `${name.padEnd(w)} ${cols.map((o) => c(o).padStart(o.length + 1)).join('')}`;
  const total = new Map<Outcome, number>();
  for (const m of rows.values()) for (const [o, n] of m) total.set(o, (total.get(o) ?? 0) + n);
  return [line('export', (o) => o), ...[...rows].map(([k, m]) => line(k, (o) => String(m.get(o) ?? 0))), line('TOTAL', (o) => String(total.get(o) ?? 0))].join('\n');
}

describe('fuzz: the public surface under bad and extreme input', () => {
  it('≥ 1000 probes: no hang, trap, internal error, silent NaN/∞, accepted invalid value or wrong name', async () => {
    const jobs = planJobs();
    const cliSetup = planCliSetup();
    const cli = planCli();
    expect(jobs.length + cli.length).toBeGreaterThanOrEqual(1000);
    const pool = new Pool(WORKERS);
    const t0 = performance.now();
    let reports: Report[];
    try {
      reports = await inParallel(jobs, WORKERS, async (j) => {
        const r = await pool.run(j);
        if (process.env.FUZZ_LOG) appendFileSync(process.env.FUZZ_LOG, `${((performance.now() - t0) / 1e3).toFixed(1)} ${j.probe} ${j.param} ${r.outcome} ${r.detail.slice(0, 200)}\n`);
        return r;
      });
    } finally {
      await pool.close();
    }
    const cliReports = [...await inParallel(cliSetup, 1, runCli), ...await inParallel(cli, WORKERS, runCli)];
    const byExport = new Map<string, Map<Outcome, number>>();
    const failures: string[] = [];
    const count = (name: string, o: Outcome) => {
      const m = byExport.get(name) ?? new Map<Outcome, number>();
      m.set(o, (m.get(o) ?? 0) + 1);
      byExport.set(name, m);
    };
    reports.forEach((r, i) => {
      const j = jobs[i];
      count(j.probe, r.outcome);
      if (FAILURES.includes(r.outcome)) {
        const prm = j.param >= 0 ? PROBES.find((p) => p.name === j.probe)!.params[j.param] : undefined;
        const v = typeof j.value === 'object' && j.value !== null && '$' in j.value ? (j.value as { $: string }).$ : JSON.stringify(j.value) ?? String(j.value);
        failures.push(`${r.outcome.padEnd(16)} ${j.probe}${prm ? ` ${prm.path.join('.')} = ${Number.isNaN(j.value) ? 'NaN' : v}${j.valid ? ' (valid)' : ''}` : ' (baseline)'}: ${r.detail}`);
      }
    });
    const allCli = [...cliSetup, ...cli];
    cliReports.forEach((r, i) => {
      count(`cli ${allCli[i].command}`, r.outcome);
      if (FAILURES.includes(r.outcome)) failures.push(`${r.outcome.padEnd(16)} cli ${allCli[i].args.join(' ')}: ${r.detail}`);
    });
    const seconds = ((performance.now() - t0) / 1e3).toFixed(1);
    const report = `${jobs.length} library probes + ${allCli.length} CLI probes in ${seconds} s\n${table(byExport)}\n${failures.length} failures${failures.length ? `:\n${failures.join('\n')}` : ''}`;
    writeFileSync(join(process.env.FUZZ_REPORT_DIR ?? tmpdir(), 'implicit-reg-fuzz-report.txt'), report);
    console.log(report);
    expect(failures).toEqual([]);
  }, Number(process.env.FUZZ_TEST_TIMEOUT ?? 280_000));
});
