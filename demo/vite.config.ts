// The explorer page (npm run demo: dev server; npm run demo:build: static build in demo/dist). The page imports the
// package by its name; the alias points the bare name at the repository root, whose package.json `exports` Vite
// resolves with the `browser` condition (dist/browser.js), as it would for an installed copy. Offline: no CDN, all
// assets (wasm, workers, vega) are bundled or served locally.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * logLevel 'warn' keeps builds quiet but also hides the URL the dev and preview servers print: print it here. The
 * server resolves its URLs on 'listening' (dev) or just after (preview), hence the timeout.
 */
function printUrls(): Plugin {
  const print = (server: ViteDevServer | PreviewServer) => {
    server.httpServer?.once('listening', () => setTimeout(() => {
      const urls = server.resolvedUrls;
      for (const url of [...(urls?.local ?? []), ...(urls?.network ?? [])]) console.log(`  explorer: ${url}`);
    }));
  };
  return { name: 'print-urls', configureServer: print, configurePreviewServer: print };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './', // relative asset URLs: the build can be served from any path
  resolve: { alias: [{ find: /^implicit-reg$/, replacement: root }] },
  worker: { format: 'es' }, // the pool's workers are ES modules (they import the package's modules)
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { fs: { allow: [root] } },
  plugins: [printUrls()],
  logLevel: 'warn',
});
