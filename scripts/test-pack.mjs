// The package as a user gets it: `npm pack` (the tarball npm would publish), then each example of examples/ copied
// to a scratch folder outside the repository, the tarball installed there, the example type-checked and run — the
// Node script, the plain page with a module worker and the Vite build, the pages in headless Chromium. Nothing can
// resolve to the repository's own files, so a file missing from "files", a wrong "exports" path or a broken .d.ts
// fails here. Needs a built repository (npm ci builds it). Offline when npm's cache holds the dependencies' metadata,
// else npm fetches it. Exits 1 on any failure, naming the step. Usage: npm run test:pack [-- --keep]
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const repoPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const keep = process.argv.includes('--keep');
const CHROMIUM = '/usr/bin/chromium';
// as test/browser/browser.test.ts: no background connections on a closed network
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const failures = [];
const cleanups = [];

/** Run one named step; a failure is recorded with its message and the run goes on (later steps may still work). */
async function step(name, fn) {
  const t0 = performance.now();
  try {
    const note = await fn();
    console.log(`ok   ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)${note ? `: ${note}` : ''}`);
    return true;
  } catch (e) {
    console.log(`FAIL ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s): ${e.message}`);
    failures.push(name);
    return false;
  }
}

/** Run a command to its end; reject with the tail of its output when it fails. */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: opts.cwd ?? root, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => p.kill('SIGTERM'), opts.timeout ?? 300_000);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} ${signal ? `was killed (${signal}, timeout)` : `exited ${code}`}:\n${out.trim().split('\n').slice(-25).map((l) => `     | ${l}`).join('\n')}`));
    });
  });
}

/** Start a server process and resolve with the first http://127.0.0.1:PORT/ URL it prints. */
function serve(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => p.kill('SIGTERM'));
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')} printed no URL within 30 s:\n${out}`)), 30_000);
    const onData = (d) => {
      out += d;
      const m = out.replace(/\x1b\[[0-9;]*m/g, '').match(/http:\/\/(127\.0\.0\.1|localhost):\d+\/\S*/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${cmd} ${args.join(' ')} exited ${code} before serving:\n${out}`)); });
  });
}

/** Every file an "exports" target (or "main", "types", "bin") names. */
function exportTargets(pkg) {
  const out = new Set([pkg.main, pkg.types, ...Object.values(pkg.bin ?? {})].filter(Boolean));
  const walk = (v) => {
    if (typeof v === 'string') out.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  return [...out].map((p) => p.replace(/^\.\//, ''));
}

/** The folder itself or an ancestor that holds a node_modules (Node and tsc look there after the scratch's own). */
function leakyAncestor(dir) {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

// a node_modules above the scratch folder (a stray /tmp/node_modules, say) would resolve what the install lacks and
// hide the very errors this looks for: take the first temporary folder without one
const bases = [...new Set([process.env.TMPDIR, tmpdir(), '/var/tmp'].filter((d) => d && existsSync(d)))];
const base = bases.find((d) => !leakyAncestor(d));
if (!base) {
  console.log(`FAIL scratch folder: every temporary folder (${bases.join(', ')}) lies below a node_modules (${bases.map((d) => join(leakyAncestor(d), 'node_modules')).join(', ')}); set TMPDIR to a folder without one`);
  process.exit(1);
}
if (base !== bases[0]) console.log(`note: ${join(leakyAncestor(bases[0]), 'node_modules')} exists and would leak into module resolution; using ${base}`);
const scratch = mkdtempSync(join(base, 'implicit-reg-pack-'));
let tarball;

// 1. the tarball: packed without the prepare script (npm ci already built dist/ and build/), checked against exports
const packed = await step('npm pack', async () => {
  for (const f of ['dist/node.js', 'dist/browser.js', 'dist/inline-wasm.js', 'build/implicit-reg.wasm']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: build first (npm ci or npm run build)`);
  }
  const json = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch]);
  const info = JSON.parse(json.slice(json.indexOf('[')))[0];
  tarball = join(scratch, info.filename);
  const files = new Set(info.files.map((f) => f.path));
  // every export, the pool's worker (loaded by URL, not by an export), and each "files" entry the repository has
  const missing = [...exportTargets(repoPkg), 'dist/browser/worker.js'].filter((f) => !files.has(f));
  for (const entry of repoPkg.files) {
    if (existsSync(join(root, entry)) && ![...files].some((f) => f === entry || f.startsWith(`${entry}/`))) missing.push(entry);
  }
  if (missing.length) throw new Error(`the tarball lacks ${missing.join(', ')} (package.json "files")`);
  return `${info.filename}, ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} KiB`;
});

/**
 * Copy an example next to the tarball and install it there as a user would (`npm install`), except that its
 * devDependencies (typescript, vite, @types/node) are the repository's own, linked in — the same versions, which
 * the example must declare identically — so the check needs no second copy of the toolchain.
 */
async function installExample(name) {
  const dir = join(scratch, name);
  // not what a local npm install left in examples/ (its lock pins the registry's implicit-reg)
  cpSync(join(root, 'examples', name), dir, { recursive: true, filter: (src) => !/\/(node_modules|dist|package-lock\.json)$/.test(src) });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // a user who copies the example must get this version: ^major.minor (0.x) or ^major
  const [major, minor] = repoPkg.version.split('.');
  const wanted = major === '0' ? `^0.${minor}.` : `^${major}.`;
  if (!pkg.dependencies?.['implicit-reg']?.startsWith(wanted)) {
    throw new Error(`examples/${name}/package.json must depend on implicit-reg ${wanted}x (the version packed is ${repoPkg.version}), got ${pkg.dependencies?.['implicit-reg']}`);
  }
  pkg.dependencies['implicit-reg'] = `file:${tarball}`;
  const dev = pkg.devDependencies ?? {};
  for (const [d, range] of Object.entries(dev)) {
    if (repoPkg.devDependencies[d] !== range) {
      throw new Error(`examples/${name} wants ${d}@${range}, the repository has ${d}@${repoPkg.devDependencies[d] ?? '(none)'}: keep them equal`);
    }
  }
  delete pkg.devDependencies;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const args = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
  let how = 'offline';
  try {
    await run('npm', [...args, '--offline'], { cwd: dir });
  } catch (e) {
    // npm's cache can hold a tarball without the metadata npm install asks for (npm ci never needs it)
    if (!/ENOTCACHED/.test(e.message)) throw e;
    how = 'from the registry: npm\'s cache lacked some metadata';
    await run('npm', [...args, '--prefer-offline'], { cwd: dir });
  }
  for (const d of Object.keys(dev)) {
    const link = join(dir, 'node_modules', d);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, 'node_modules', d), link, 'dir');
  }
  const installed = JSON.parse(readFileSync(join(dir, 'node_modules/implicit-reg/package.json'), 'utf8'));
  if (installed.version !== repoPkg.version) throw new Error(`installed implicit-reg ${installed.version}, packed ${repoPkg.version}`);
  return { dir, note: `installed ${how}` };
}

const tsc = (dir) => run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, timeout: 120_000 });
const VITE = join(root, 'node_modules/vite/bin/vite.js');
const pages = []; // [name, url] to open in Chromium
const dirs = {};

for (const name of packed ? ['node', 'browser-worker', 'bundler'] : []) {
  if (!(await step(`${name}: npm install`, async () => {
    const r = await installExample(name);
    dirs[name] = r.dir;
    return r.note;
  }))) continue;
  const dir = dirs[name];
  await step(`${name}: type-check`, () => tsc(dir));
  if (name === 'node') {
    await step('node: node index.mjs', async () => {
      const out = await run(process.execPath, ['index.mjs'], { cwd: dir, timeout: 120_000 });
      process.stdout.write(`${out.trimEnd().replace(/^/gm, '     | ')}\n`);
    });
  } else if (name === 'browser-worker') {
    await step('browser-worker: serve', async () => {
      const url = await serve(process.execPath, ['serve.mjs', '0'], dir);
      pages.push([name, url]);
      return url;
    });
  } else {
    const built = await step('bundler: vite build', async () => {
      await run(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: dir, timeout: 180_000 });
      const assets = readdirSync(join(dir, 'dist/assets'));
      // the browser condition's loader made Vite emit the .wasm, and the pool's worker became its own chunk
      if (!assets.some((f) => f.endsWith('.wasm'))) throw new Error(`no .wasm emitted in dist/assets (${assets.join(', ')})`);
      if (!assets.some((f) => /^worker-.*\.js$/.test(f))) throw new Error(`no worker chunk in dist/assets (${assets.join(', ')})`);
      return assets.join(', ');
    });
    if (built) {
      await step('bundler: vite preview', async () => {
        const url = await serve(process.execPath, [VITE, 'preview', '--host', '127.0.0.1', '--port', '0'], dir);
        pages.push([name, url]);
        return url;
      });
    }
  }
}

// 2. the pages in headless Chromium: each sets document.body.dataset.result to JSON with ok (or an error)
if (pages.length) {
  let browser;
  await step('chromium: launch', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
  });
  for (const [name, url] of browser ? pages : []) {
    await step(`${name}: page in Chromium`, async () => {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(url);
      await page.waitForFunction(() => document.body.dataset.result !== undefined, undefined, { timeout: 60_000 })
        .catch(() => { throw new Error(`no result after 60 s; page says: ${errors.join('; ') || '(nothing)'}`); });
      const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
      const text = (await page.textContent('#out'))?.trim() ?? '';
      await page.close();
      if (!result.ok) throw new Error(`result not ok: ${JSON.stringify(result)}; page: ${text}`);
      if (errors.length) throw new Error(`console errors: ${errors.join('; ')}`);
      return text.slice(0, 300);
    });
  }
}

for (const c of cleanups.reverse()) await c();
// a failed run keeps its scratch folder to look into (~120 MB), except under CI, where nobody can
const kept = keep || (failures.length > 0 && !process.env.CI);
if (!kept) rmSync(scratch, { recursive: true, force: true });
if (failures.length) {
  console.log(`\ntest:pack FAILED: ${failures.join('; ')}${kept ? `\n(scratch folder kept: ${scratch})` : ''}`);
  process.exit(1);
}
console.log(`\ntest:pack passed${keep ? ` (scratch folder: ${scratch})` : ''}`);
