import { defineConfig } from 'vite';

export default defineConfig({
  base: './', // relative asset URLs: dist/ can be served from any path
  // the pool's worker imports the package's modules: only ES-module workers can be code-split
  worker: { format: 'es' },
  // the dev server's dependency pre-bundling would move the package's files and break the
  // new URL('../build/implicit-reg.wasm', import.meta.url) it loads the wasm from; serve it as shipped
  optimizeDeps: { exclude: ['implicit-reg'] },
});
