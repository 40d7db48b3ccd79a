// Run the benchmark suites (all, or those named on argv: blas eigh expm rk45 solvers sdp), print the machine and one table
// per suite, and write every row as JSON to bench-results/latest.json (gitignored).
//   npm run bench                    full run: ~500 ms per task, each group in a fresh process
//   npm run bench:smoke              tiny sizes, a few ms per task, all in this process (CI)
//   npx tsx bench/run.ts eigh        one suite
//   npx tsx bench/run.ts --in-process    full sizes without process isolation (faster, less reproducible)
//   BENCH_WASM=/path/x.wasm npm run bench   benchmark another build of the kernels
//
// Why a process per group: the JS baselines' speed depends on what V8 optimized before. rk45Plain at n = 50 ran
// ~1.5–2× slower after the n = 10 tasks than in a fresh process, because its code (and the right-hand side's) had
// been specialized for n = 10. A group (one kernel at one size, every variant) therefore runs in its own process:
// every variant starts from the same clean state, and the ratios do not depend on suite order. Ratios compare
// rows of one group, so they always come from one process.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineHasFma, wasmFile } from '../src/node.js';
import { addRatios, checksum, measure, printTable, runSuite, SMOKE, type Row, type Suite } from './common.js';
import { suite as blas } from './kernels/blas.bench.js';
import { suite as eigh } from './kernels/eigh.bench.js';
import { suite as expm } from './kernels/expm.bench.js';
import { suite as rk45 } from './kernels/rk45.bench.js';
import { suite as solvers } from './solvers/solvers.bench.js';
import { suite as sdp } from './sdp/sdp.bench.js';

const SUITES: Record<string, Suite> = { blas, eigh, expm, rk45, solvers, sdp };
const ROWS_MARK = '@@rows ';

const args = process.argv.slice(2);
const child = args.indexOf('--child');
if (child >= 0) {
  // child: time one group and hand its rows back on stdout
  const [name, group] = [args[child + 1], args[child + 2]];
  const { tasks } = await SUITES[name].build();
  const rows = await measure(name, tasks.filter((t) => t.group === group));
  process.stdout.write(`${ROWS_MARK}${JSON.stringify(rows)}\n`);
} else {
  await main();
}

async function main(): Promise<void> {
  const named = args.filter((a) => !a.startsWith('--'));
  for (const s of named) {
    if (!(s in SUITES)) {
      console.error(`bench/run.ts: unknown suite '${s}', expected one of ${Object.keys(SUITES).join(', ')}`);
      process.exit(2);
    }
  }
  const chosen = named.length > 0 ? named : Object.keys(SUITES);
  const isolate = !SMOKE && !args.includes('--in-process');

  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
  };
  console.log(`# implicit-reg benchmarks${SMOKE ? ' (smoke)' : ''}`);
  console.log(`machine: ${machine.cpu} (${machine.cores} cores), ${machine.platform}; node ${machine.node} (V8 ${machine.v8})`);
  // one snapshot of the .wasm for the whole run (children load it through BENCH_WASM); BENCH_WASM set by the
  // caller benchmarks that build instead of the one init() picks here (the FMA build where the engine fuses)
  const source = process.env.BENCH_WASM ?? fileURLToPath(wasmFile(engineHasFma() ? 'fma' : 'release'));
  const wasm = readFileSync(source);
  const build = { ...provenance(wasm, source), wasmFile: source };
  const snapshot = join(os.tmpdir(), `implicit-reg-bench-${process.pid}.wasm`);
  writeFileSync(snapshot, wasm);
  process.env.BENCH_WASM = snapshot;
  console.log(`code: git ${build.commit}${build.dirty.length ? ` + uncommitted ${build.dirty.join(', ')}` : ''}`);
  console.log(`wasm: ${source}, sha256 ${build.wasmSha256.slice(0, 12)}, built ${build.wasmBuilt}`);
  console.log(isolate ? 'each group timed in a fresh process' : 'all groups timed in this process');

  const started = Date.now();
  const rows: Row[] = [];
  for (const name of chosen) {
    const suite = SUITES[name];
    if (!isolate) {
      rows.push(...(await runSuite(suite)));
      continue;
    }
    const { tasks, dispose } = await suite.build();
    dispose?.();
    const groups = [...new Set(tasks.map((t) => t.group))];
    const suiteRows: Row[] = [];
    for (const group of groups) {
      process.stderr.write(`  timing ${name} ${group}\n`);
      suiteRows.push(...runChild(name, group));
    }
    addRatios(suiteRows);
    printTable(name, suiteRows);
    rows.push(...suiteRows);
  }
  rmSync(snapshot, { force: true });
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n${rows.length} tasks in ${seconds.toFixed(1)} s${isolate ? '' : ` (checksum ${checksum().toPrecision(6)})`}`);

  mkdirSync('bench-results', { recursive: true });
  const out = { date: new Date().toISOString(), smoke: SMOKE, isolated: isolate, suites: chosen, machine, build, seconds, rows };
  writeFileSync('bench-results/latest.json', JSON.stringify(out, null, 2) + '\n');
  console.log('wrote bench-results/latest.json');
}

// Which code was measured: the commit, uncommitted changes to the kernels and TS sources, and the .wasm's hash.
function provenance(wasm: Buffer, file: string): { commit: string; dirty: string[]; wasmSha256: string; wasmBuilt: string } {
  const git = (...a: string[]): string => {
    try {
      return execFileSync('git', a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return '';
    }
  };
  const commit = git('rev-parse', '--short', 'HEAD').trim() || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'assembly', 'src')
    .split('\n')
    .filter((l) => l.length > 3)
    .map((l) => l.slice(3));
  return {
    commit,
    dirty,
    wasmSha256: createHash('sha256').update(wasm).digest('hex'),
    wasmBuilt: statSync(file).mtime.toISOString(),
  };
}

function runChild(name: string, group: string): Row[] {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--child', name, group], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  const line = r.stdout?.split('\n').find((l) => l.startsWith(ROWS_MARK));
  if (r.status !== 0 || line === undefined) {
    throw new Error(`bench/run.ts: the child for ${name} ${group} failed (status ${r.status}${r.error ? `, ${r.error.message}` : ''})`);
  }
  // JSON turns NaN (skipped tasks) into null
  return (JSON.parse(line.slice(ROWS_MARK.length)) as Row[]).map((row) => ({
    ...row,
    medianMs: row.medianMs ?? NaN,
    meanMs: row.meanMs ?? NaN,
  }));
}
