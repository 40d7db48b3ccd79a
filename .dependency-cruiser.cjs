// The layers of src/, bottom to top. A file may import its own folder and the folders below it, never one above; no
// layer imports the platform entries (src/*.ts; the CLI alone uses the Node entry); the library layers load neither Node built-ins nor the CLI-only
// packages, so `import 'implicit-reg'` in a browser or a bundler pulls in none of them. `npm run lint:deps` checks it,
// and CI fails on any violation (no exceptions are configured).
const LAYERS = ['core', 'wasm', 'kernels', 'operators', 'solvers', 'sdp', 'grid', 'theory', 'runner', 'plots', 'experiments', 'browser', 'cli'];
// may use Node built-ins and the CLI-only packages
const NODE_ONLY = ['runner', 'experiments', 'cli'];
const CLI_ONLY_PACKAGES = ['piscina', 'cli-progress', 'vega', 'vega-lite', 'pg', 'pg-boss'];

const upward = LAYERS.map((layer, i) => ({
  name: `no-import-above-${layer}`,
  comment: `src/${layer}/ may import only ${LAYERS.slice(0, i + 1).join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: i + 1 < LAYERS.length ? `^src/(${LAYERS.slice(i + 1).join('|')})/` : '^$' },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-import-of-entries',
      comment: 'the platform entries (src/node.ts, browser.ts, inline.ts, api.ts) sit on top: no layer imports them, but for the CLI, an application of the Node entry',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$', pathNot: '^src/node\\.ts$' },
    },
    {
      name: 'only-cli-imports-node-entry',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: '^src/cli/' },
      to: { path: '^src/node\\.ts$' },
    },
    {
      name: 'library-without-node-builtins',
      comment: 'only runner/, experiments/, cli/ and the Node file reader (wasm/node-files.ts) use Node built-ins',
      severity: 'error',
      from: { path: `^src/(${LAYERS.filter((l) => !NODE_ONLY.includes(l)).join('|')})/`, pathNot: '^src/wasm/node-files\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'library-without-cli-packages',
      comment: `${CLI_ONLY_PACKAGES.join(', ')} serve the CLI, the runner and the figures only`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${NODE_ONLY.join('|')}|plots)/` },
      to: { path: `node_modules/(${CLI_ONLY_PACKAGES.join('|')})/` },
    },
    {
      name: 'browser-entries-without-node',
      comment: 'the browser entries reach nothing that needs Node',
      severity: 'error',
      from: { path: '^src/(browser|inline)\\.ts$' },
      to: { path: '^src/(wasm/node-files|runner/|experiments/|cli/)', reachable: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
  },
};
