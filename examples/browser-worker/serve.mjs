// A minimal static server for this folder (any static server that sends .js as JavaScript works; .wasm as
// application/wasm lets the browser compile it while downloading). Loopback only. Usage: node serve.mjs [port]   (port 0 picks a free one)
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json' };

const server = createServer((req, res) => {
  let path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
  if (path.endsWith(sep)) path += 'index.html';
  let ok = path.startsWith(root); // nothing outside this folder
  try { ok &&= statSync(path).isFile(); } catch { ok = false; }
  if (!ok) return void res.writeHead(404).end('not found');
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(res);
});
server.listen(Number(process.argv[2] ?? 8080), '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});
