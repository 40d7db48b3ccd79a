// The package in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): the explorer page
// built by Vite, a plain <script type="module"> page importing dist/browser.js with no bundler, and the inline-base64
// entry. Every number the browser computes is compared with Node's for the same seeds as the hex of its IEEE-754
// bytes. Needs `npm run build` (dist/ and the inline module). Without Chromium the file is skipped with a printed
// reason — except under CI, where a missing browser is a failure.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenChunks, hex64 } from '../../demo/digest.js';
import { exploreProblem, exploreTrajectory, type ExploreSpec } from '../../src/solvers/explore.js';
import { runGrid3 } from '../../src/grid/grid3.js';
import { init, minNuclearNorm, type Kernels } from '../../src/node.js';
import { serveStatic } from '../support/browser-server.js';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) {
  console.warn(`test/browser.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium; CI installs it and fails without it)`);
}

// flags that work on this machine's closed network: no background connections, no first-run or component updates
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const GD: ExploreSpec = { problem: 'sensing', n: 6, m: 15, r: 1, seed: 11, scale: 1e-3, method: 'gd', eta: 5e-3, horizon: 3000, chunks: 12 };
const FLOW: ExploreSpec = { problem: 'completion', n: 6, m: 14, r: 1, seed: 5, scale: 1e-3, method: 'flow', horizon: 60, chunks: 10 };
const ALPHAS = [1e-5, 1e-3, 1];
// ranges across masks 0, 3, 6, 11 and 14 (infeasible and feasible instances, flows that converge), chunked in the
// pool differently from Node's one call per range
const RANGES: [number, number][] = [[0, 40], [35_600, 60], [67_700, 60], [118_720, 40], [147_700, 30]];

function nodeTrajectory(ir: Kernels, spec: ExploreSpec) {
  return flattenChunks([...exploreTrajectory(ir, spec)]);
}

function nodeGrid(ir: Kernels, ranges: [number, number][]): Float64Array {
  const parts = ranges.map(([s, c]) => runGrid3(ir, s, c, { alphas: ALPHAS }));
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

describe.skipIf(!haveChromium && !process.env.CI)('in headless Chromium', () => {
  let ir: Kernels;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const pages: Page[] = [];
  const errors: string[] = [];

  async function open(path: string, ready: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    pages.push(page);
    page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`${path}: ${m.text()}`); });
    await page.goto(site.url + path);
    await page.waitForFunction(ready, undefined, { timeout: 20_000 });
    return page;
  }

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`no Chromium at ${CHROMIUM}: CI must install it (.ci/run: apt-get install -y chromium)`);
    for (const f of ['dist/browser.js', 'dist/browser/worker.js', 'dist/inline-wasm.js']) {
      if (!existsSync(`${root}/${f}`)) throw new Error(`${f} is missing: run npm run build first`);
    }
    ir = await init();
    await build({ configFile: `${root}/demo/vite.config.ts`, logLevel: 'warn' });
    site = await serveStatic(root);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  }, 120_000); // the Vite build takes ~12 s alone, longer beside the rest of the suite on 2 cores

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('explorer page (Vite build): the problem, GD and flow trajectories and the min nuclear norm equal Node bit for bit', async () => {
    const page = await open('demo/dist/index.html', 'globalThis.explorer !== undefined');
    for (const spec of [GD, FLOW]) {
      const p = exploreProblem(spec);
      const op = p.op as { packed?: Float64Array; rows?: Int32Array; cols?: Int32Array };
      const want = [...(op.packed ?? []), ...(op.rows ?? []), ...(op.cols ?? []), ...p.y, ...p.Xstar.data];
      const got = await page.evaluate((s) => (globalThis as any).explorer.problem(s), spec);
      expect(got.doubles).toBe(want.length);
      expect(got.hex).toBe(hex64(want));

      const node = nodeTrajectory(ir, spec);
      const ref = minNuclearNorm(ir, { A: p.op, y: p.y });
      const t = await page.evaluate((s) => (globalThis as any).explorer.trajectory(s), spec);
      expect(t.doubles).toBe(node.values.length);
      expect(t.statuses).toEqual(node.statuses);
      expect(t.main).toBe(hex64(node.values)); // page thread
      expect(t.worker).toBe(hex64(node.values)); // a pool worker
      expect(t.minNuclear).toBe(hex64([ref.value, ...ref.X.data]));
      console.log(`bit-identical (${spec.method}, ${spec.problem}): problem ${want.length} doubles, trajectory ${node.values.length} doubles ×2 (page, worker), min nuclear norm ${1 + ref.X.data.length} doubles`);
    }
  }, 30_000);

  it('grid ranges in the worker pool equal Node runGrid3 records bit for bit', async () => {
    const page = pages[0] ?? (await open('demo/dist/index.html', 'globalThis.explorer !== undefined'));
    const want = nodeGrid(ir, RANGES);
    const got = await page.evaluate(([r, a]) => (globalThis as any).explorer.grid(r, a), [RANGES, ALPHAS] as const);
    expect(got.doubles).toBe(want.length);
    expect(got.hex).toBe(hex64(want));
    const field = (f: number) => want.filter((_, i) => i % 8 === f);
    const feasible = field(0).filter((v) => v === 1).length / ALPHAS.length;
    const converged = field(5).filter((v) => v === 0).length;
    console.log(`grid: ${want.length / 8} records (${want.length / 24} instances × 3 α; ${feasible} feasible instances, ${converged} converged flows), ${want.length} doubles identical`);
    expect(converged).toBeGreaterThan(0); // flows were run, not only infeasible records
  }, 30_000);

  it('a running trajectory task stops between chunks when aborted; the pool keeps working', async () => {
    const page = pages[0] ?? (await open('demo/dist/index.html', 'globalThis.explorer !== undefined'));
    const long = { ...GD, horizon: 10_000_000, chunks: 200 };
    const r = await page.evaluate((s) => (globalThis as any).explorer.cancel(s), long);
    expect(r.code).toBe('cancelled');
    expect(r.chunks).toBeLessThan(10);
    expect(r.poolWorksAfter).toBe(true);
  }, 30_000);

  it('explorer UI: live plots, a reduced grid with progress and its histogram; screenshot', async () => {
    const page = await open('demo/dist/index.html', "document.body.dataset.ready === '1'");
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('(done)'), undefined, { timeout: 30_000 });
    await page.fill('#grid-per-mask', '100');
    await page.click('#grid-run');
    await page.waitForFunction(() => document.querySelector('#plot-grid svg') !== null, undefined, { timeout: 30_000 });
    expect(await page.$eval('#grid-progress', (e) => (e as HTMLProgressElement).value)).toBe(1);
    const gridText = await page.textContent('#grid-status');
    expect(gridText).toMatch(/^1500 \/ 1500 instances/);
    expect(gridText).toMatch(/ [1-9]\d* feasible/); // the sample reaches feasible instances: the histogram has bars
    expect(await page.$$eval('#plot-grid svg path[aria-roledescription="bar"], #plot-grid svg .mark-rect path', (p) => p.length)).toBeGreaterThan(0);
    for (const id of ['#plot-loss', '#plot-trace', '#plot-eig']) {
      // the marks drew a path with data (an empty line has no 'd')
      expect(await page.$$eval(`${id} svg path[d]`, (p) => p.length)).toBeGreaterThan(0);
    }
    mkdirSync(`${root}/test-results`, { recursive: true });
    const shot = `${root}/test-results/explorer.png`;
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  }, 60_000);

  it('plain <script type="module"> page (no bundler, no import map): same numbers as Node, pool with default worker URL', async () => {
    const page = await open('test/support/pages/plain.html', "document.title === 'ready'");
    expect(await page.evaluate((s) => (globalThis as any).plain.trajectory(s), GD)).toBe(hex64(nodeTrajectory(ir, GD).values));
    const ranges: [number, number][] = [[35_600, 60]];
    expect(await page.evaluate(([r, a]) => (globalThis as any).plain.grid(r, a), [ranges, ALPHAS] as const)).toBe(hex64(nodeGrid(ir, ranges)));
    expect(await page.evaluate(() => (globalThis as any).plain.badModule())).toBe(
      'true BrowserPool: argument module must be a WebAssembly.Module (from wasmModule()), got 0,0,0,0,0,0,0,0',
    );
  }, 20_000);

  it('pool: grid results of ≤ 128 doubles (3 α × 8 fields per instance, one instance per task) twice in one worker equal Node', async () => {
    const page = await open('test/support/pages/plain.html', "document.title === 'ready'");
    const ranges: [number, number][] = [[35_600, 3], [67_700, 3], [118_720, 3]];
    const [a, b] = await page.evaluate(([r, al]) => (globalThis as any).plain.gridTwice(r, al), [ranges, ALPHAS] as const);
    const want = hex64(nodeGrid(ir, ranges));
    expect(a).toBe(want);
    expect(b).toBe(want);
  }, 30_000);

  it('pool: a failing piece rejects runGrid with its error, cancels the rest, stops the progress; the pool works after', async () => {
    const page = await open('test/support/pages/plain.html', "document.title === 'ready'");
    const ranges: [number, number][] = [[35_600, 60]];
    const r = await page.evaluate(([rg, al]) => (globalThis as any).plain.failingGrid(rg, al), [ranges, ALPHAS] as const);
    expect(r.error).toMatch(/^true value runGrid3: argument opts\.maxSteps must be an integer/);
    expect(r.progress).toEqual([[0, 60]]); // only the start: no piece reported after the failure
    expect(r.after).toBe(hex64(nodeGrid(ir, ranges)));
  }, 30_000);

  it('pool: a worker that fails is replaced and the next task runs', async () => {
    const page = await open('test/support/pages/plain.html', "document.title === 'ready'");
    const ranges: [number, number][] = [[118_720, 10]];
    const r = await page.evaluate(([rg, al]) => (globalThis as any).plain.replacedWorker(rg, al), [ranges, ALPHAS] as const);
    expect(r.replaced).toBe(true);
    expect(r.after).toBe(hex64(nodeGrid(ir, ranges)));
  }, 30_000);

  it('inline entry: no .wasm request, compiled from base64, same numbers as Node', async () => {
    const requests: string[] = [];
    const page = await browser.newPage();
    pages.push(page);
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(`inline: ${e.message}`));
    await page.goto(`${site.url}test/support/pages/inline.html`);
    await page.waitForFunction("document.title === 'ready'");
    expect(await page.evaluate((s) => (globalThis as any).inline.trajectory(s), FLOW)).toBe(hex64(nodeTrajectory(ir, FLOW).values));
    const ranges: [number, number][] = [[118_720, 40]];
    expect(await page.evaluate(([r, a]) => (globalThis as any).inline.grid(r, a), [ranges, ALPHAS] as const)).toBe(hex64(nodeGrid(ir, ranges)));
    expect(requests.filter((u) => u.endsWith('.wasm'))).toEqual([]);
    expect(requests.some((u) => u.endsWith('/dist/inline-wasm.js'))).toBe(true);
  }, 20_000);

  it('pages raised no errors', () => {
    expect(errors).toEqual([]);
  });
});
