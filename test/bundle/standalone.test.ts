/**
 * A bundle without Kiln: a folder holding only the bundle and the `webgpu` package (linked from
 * this repo's node_modules instead of a network install), where a 5-line script's forward
 * matches `kiln run` on the same input bit for bit (same adapter, same kernels); README's
 * example runs in test/bundle/readme.test.ts. Also `kiln serve`: 127.0.0.1 only, MIME types,
 * nothing outside the served folder, a folder of bundles and pages.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensorsFile, writeSafetensorsFile } from '../../src/host/safetensors-file.js';
import { toFloat32 } from '../../runtime/format/safetensors.js';
import { TINY, type TinyBundle, tinyBundle } from '../helpers/bundle.js';
import { ROOT, runKiln } from '../helpers/kiln.js';

let tiny: TinyBundle;
let app: string;

const node = (script: string) =>
  spawnSync(process.execPath, [script], {
    cwd: app,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_RUNTIME_DIR: '/tmp' },
  });

beforeAll(async () => {
  tiny = await tinyBundle();
  // The app folder: the bundle, and webgpu as `npm install webgpu` would place it. Nothing else.
  app = join(tiny.tmp, 'app');
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', 'webgpu'), join(app, 'node_modules', 'webgpu'));
  cpSync(tiny.dir, join(app, 'tiny'), { recursive: true });
  writeFileSync(join(app, 'package.json'), '{ "type": "module" }\n');
});
afterAll(() => tiny?.cleanup());

describe('a bundle from Node, without Kiln', () => {
  it('a 5-line script matches kiln run on the same input, bit for bit', async () => {
    writeFileSync(join(app, 'x.bin'), tiny.x);
    writeFileSync(
      join(app, 'main.mjs'),
      `import { load } from './tiny/model.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
const model = await load();
const { out } = await model.forward({ x: new Float32Array(new Uint8Array(readFileSync('x.bin')).buffer), t: new Float32Array([${tiny.t[0]}]) });
writeFileSync('out.bin', out); model.destroy();
`,
    );
    const r = node('main.mjs');
    expect(r.status, r.stderr).toBe(0);
    const script = new Float32Array(new Uint8Array(readFileSync(join(app, 'out.bin'))).buffer);

    await writeSafetensorsFile(join(tiny.tmp, 'in.safetensors'), [
      { name: 'x', shape: [1, 3, 16, 16], data: tiny.x },
      { name: 't', shape: [1], data: tiny.t },
    ]);
    const k = runKiln(
      tiny.tmp,
      'run',
      'tiny',
      '--input',
      'in.safetensors',
      '--output',
      'out.safetensors',
    );
    expect(k.code, k.stderr).toBe(0);
    const file = await readSafetensorsFile(join(tiny.tmp, 'out.safetensors'));
    const cli = toFloat32(file.tensors.get('out')!, 'out');
    expect(Array.from(script)).toEqual(Array.from(cli));
  });
});

/** `kiln serve <dir> --port 0` in `cwd`, once it has printed its URL. */
async function startServe(cwd: string, dir: string) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'src', 'bin.mjs'), 'serve', dir, '--port', '0'],
    {
      cwd,
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`kiln serve exited with ${code}: ${stderr}`)));
  });
  // The bundles are listed right after the URL, the last line says how to stop.
  while (!stderr.includes('Ctrl-C to stop')) await new Promise((r) => setTimeout(r, 20));
  return { child: Object.assign(child, { stderrText: () => stderr }), url };
}

describe('kiln serve', () => {
  it('serves the bundle on 127.0.0.1 with the right MIME types, and nothing outside it', async () => {
    const { child, url } = await startServe(tiny.tmp, 'tiny');
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const types: Record<string, string> = {};
      for (const f of ['', 'model.mjs', 'manifest.json', 'weights.safetensors', 'source/model.ts'])
        types[f] = (await fetch(url + f)).headers.get('content-type') ?? '';
      expect(types).toEqual({
        '': 'text/html; charset=utf-8',
        'model.mjs': 'text/javascript; charset=utf-8',
        'manifest.json': 'application/json; charset=utf-8',
        'weights.safetensors': 'application/octet-stream',
        'source/model.ts': 'text/plain; charset=utf-8',
      });
      const weights = await (await fetch(`${url}weights.safetensors`)).arrayBuffer();
      expect(Buffer.from(weights).equals(readFileSync(join(tiny.dir, 'weights.safetensors')))).toBe(
        true,
      );
      expect((await fetch(`${url}nope.js`)).status).toBe(404);
      // Raw requests: fetch would normalise the dots away before sending.
      const raw = (path: string) =>
        new Promise<number>((resolve, reject) =>
          get({ host: '127.0.0.1', port: Number(new URL(url).port), path }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          }).on('error', reject),
        );
      // in.safetensors lies beside the bundle: refused (403) or, once the URL is normalised
      // to inside the bundle, not found (404); never served.
      for (const path of ['/../in.safetensors', '/%2e%2e/in.safetensors', '/..%2fin.safetensors'])
        expect([403, 404], path).toContain(await raw(path));
      expect(await raw('/..%2fin.safetensors')).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('a site: pages beside bundles are served, and the bundle is recompiled in place', async () => {
    const site = join(tiny.tmp, 'site');
    mkdirSync(site);
    cpSync(tiny.dir, join(site, 'tiny'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><p>my page</p>\n');
    const { child, url } = await startServe(tiny.tmp, 'site');
    try {
      expect((await fetch(url)).headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await (await fetch(url)).text()).toContain('my page');
      expect((await fetch(`${url}tiny/model.mjs`)).status).toBe(200);
      expect(child.stderrText()).toContain(`kiln: serving tiny from site/tiny at ${url}tiny/`);
    } finally {
      child.kill('SIGTERM');
    }
    // The page beside the bundle never blocks replacing it.
    const again = runKiln(
      tiny.tmp,
      'compile',
      join(TINY, 'spec.json'),
      '--weights',
      join(TINY, 'weights.safetensors'),
      '--target',
      'gpu',
      '--out',
      'site/tiny',
    );
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('my page');
  });

  it('a directory without a bundle, or a bad port: one line, exit 2', () => {
    mkdirSync(join(tiny.tmp, 'empty'));
    const r = runKiln(tiny.tmp, 'serve', 'empty');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kiln: error: empty: not a kiln bundle and holds none (no manifest.json in it or in its folders); make one with kiln compile',
    );
    const p = runKiln(tiny.tmp, 'serve', 'tiny', '--port', '70000');
    expect(p.code).toBe(2);
    expect(p.stderr).toBe(
      'kiln: error: kiln serve: --port must be an integer from 0 to 65535, got "70000"',
    );
  });
});
