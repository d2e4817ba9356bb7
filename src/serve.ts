/**
 * A static file server for a bundle directory or a folder of bundles and pages, on 127.0.0.1
 * only: enough for a page to import model.mjs and fetch its weights. Every response names its MIME type
 * (browsers refuse a module script served as anything but JavaScript) and is never cached, so a
 * recompiled bundle is picked up on reload. Paths cannot leave the served directory.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { KilnError } from '../runtime/errors.js';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.wgsl': 'text/plain; charset=utf-8',
  '.ir': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.safetensors': 'application/octet-stream',
};

export interface BundleServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `dir` on http://127.0.0.1:<port>/ (0: any free port). */
export async function serveBundle(dir: string, port = 0): Promise<BundleServer> {
  const root = await realpath(dir);
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return send(400, 'bad path');
    }
    if (rel.endsWith('/')) rel += 'index.html';
    if (rel.split('/').some((s) => s === '..') || rel.includes('\0')) return send(403, 'forbidden');
    let path: string;
    try {
      // realpath: a symlink inside the bundle must not lead outside it either.
      path = await realpath(join(root, rel));
      if (path !== root && !path.startsWith(root + sep)) return send(403, 'forbidden');
      if (!(await stat(path)).isFile()) return send(404, 'not found');
    } catch {
      return send(404, 'not found');
    }
    const size = (await stat(path)).size;
    res.writeHead(200, {
      'content-type': MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(size),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new KilnError('CLI_USAGE', `kiln serve: port ${port} on 127.0.0.1 is already in use`)
          : e.code === 'EACCES'
            ? new KilnError('CLI_USAGE', `kiln serve: not allowed to listen on port ${port}`)
            : e,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
