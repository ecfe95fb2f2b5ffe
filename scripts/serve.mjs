// A tiny static server for the built renderer (out/renderer): `npm run web` and the end-to-end tests use it.
// Chromium blocks module scripts on file:// pages, so the app is served over http on the loopback address only.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

/**
 * Starts serving `root` on 127.0.0.1:`port` (0 picks a free port); resolves to the server and its URL. `mounts` maps
 * more URL prefixes (`/files/`) to folders of their own (the benchmark serves its generated files that way).
 */
export function serve(root, port = 0, mounts = {}) {
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const mount = Object.keys(mounts).find((prefix) => path.startsWith(prefix));
      const base = resolve(mount ? mounts[mount] : root);
      if (mount) path = path.slice(mount.length - 1);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside root');
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((done) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      done({ server, url: `http://127.0.0.1:${address.port}/` });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 5199);
  const { url } = await serve(resolve(import.meta.dirname, '../out/renderer'), port);
  console.log(`Retain is running at ${url} (Ctrl+C to stop)`);
}
