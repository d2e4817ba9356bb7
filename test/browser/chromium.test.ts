/**
 * The same model.mjs in a real browser: Debian's Chromium, headless, WebGPU on SwiftShader,
 * driven by playwright-core. The bundle is served by `kiln serve`'s server on 127.0.0.1; the
 * demo page loads it, runs forward and draws the output, and the test runs forward on the
 * PyTorch input and checks it against Node (lavapipe) and PyTorch within 1e-4 relative.
 * Never skipped: without Chromium the test fails and says how to install it.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBundle, type BundleServer } from '../../src/serve.js';
import { specBundle, TINY, type TinyBundle, tinyBundle } from '../helpers/bundle.js';
import { expectClose, sharedGpu } from '../helpers/gpu.js';
import { decodePng, distinctColours } from '../helpers/png.js';
import { readmeExample } from '../helpers/readme.js';

const CHROMIUM = '/usr/bin/chromium';
// Exactly these: headless WebGPU on SwiftShader, nothing reaching the network.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = join(tmpdir(), 'kiln-demo-chromium.png');
const PREVIEW_SCREENSHOT = join(tmpdir(), 'kiln-demo-previews-chromium.png');

interface DemoState {
  status: 'loading' | 'done' | 'error';
  code?: string;
  message?: string;
  info?: { adapter: string; variant: string; name: string };
}

let tiny: TinyBundle;
let server: BundleServer;
/** A site as README lays it out: pages beside the bundles tiny, digits and seed-unet-s. */
let site: string;
let siteServer: BundleServer;
let profile: string;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the browser test drives Debian's Chromium; install it with apt-get install -y chromium (.ci/run does)`,
    );
  tiny = await tinyBundle();
  server = await serveBundle(tiny.dir, 0);
  site = mkdtempSync(join(tmpdir(), 'kiln-site-'));
  cpSync(tiny.dir, join(site, 'tiny'), { recursive: true });
  // SwiftShader gets the gpu kernels: the cpu ones are left out to keep the bundles small.
  await specBundle('digits', join(site, 'digits'), { target: 'gpu' });
  await specBundle('seed-unet-s', join(site, 'seed-unet-s'), { target: 'gpu' });
  await specBundle(join(TINY, 'spec.json'), join(site, 'tiny-f16'), {
    weights: join(TINY, 'weights.safetensors'),
    target: 'gpu',
    precision: 'f16',
  });
  siteServer = await serveBundle(site, 0);
  profile = mkdtempSync(join(tmpdir(), 'kiln-chromium-'));
  // launch() refuses --user-data-dir; a persistent context takes the profile directory itself.
  // headless: false because --headless is in FLAGS already, as given.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: FLAGS,
    timeout: 120_000,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(server.url);
  await page.waitForFunction(
    () => (window as unknown as { kiln?: DemoState }).kiln?.status !== 'loading',
    null,
    { timeout: 240_000, polling: 250 },
  );
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await siteServer?.close();
  await tiny?.cleanup();
  if (site) rmSync(site, { recursive: true, force: true });
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const demoState = () =>
  page.evaluate(() => {
    const k = (window as unknown as { kiln: DemoState & { model?: unknown } }).kiln;
    return { ...k, model: undefined } as DemoState;
  });

describe('model.mjs in headless Chromium (WebGPU on SwiftShader)', () => {
  it('the demo page loads model.mjs, runs forward and draws a non-blank canvas', async () => {
    const state = await demoState();
    expect(state.message, 'the demo page failed').toBeUndefined();
    expect(state.status).toBe('done');
    expect(state.info!.name).toBe('tiny');
    expect(state.info!.adapter).toMatch(/swiftshader/);
    expect(state.info!.variant).toBe('gpu'); // SwiftShader gets the gpu kernels
    expect(pageErrors).toEqual([]);
    const shot = await page.screenshot({ fullPage: true });
    writeFileSync(SCREENSHOT, shot);
    console.log(`demo page screenshot: ${SCREENSHOT}`);
    // The output canvas, as the screen shows it: a blank or flat canvas has one or two colours.
    const canvas = decodePng(await page.locator('canvas#output').screenshot());
    expect(canvas.width).toBeGreaterThanOrEqual(200);
    expect(distinctColours(canvas)).toBeGreaterThan(100);
    await expect(page.textContent('#facts')).resolves.toMatch(/forward.*first .* ms, then median/);
  });

  it('forward on the PyTorch input matches Node and PyTorch within 1e-4 relative', async () => {
    const browser = new Float32Array(
      await page.evaluate(
        async ({ x, t }) => {
          const { model } = (
            window as unknown as {
              kiln: { model: { forward(i: object): Promise<{ out: Float32Array }> } };
            }
          ).kiln;
          const r = await model.forward({ x: new Float32Array(x), t: new Float32Array(t) });
          return Array.from(r.out);
        },
        { x: Array.from(tiny.x), t: Array.from(tiny.t) },
      ),
    );
    const device = (await sharedGpu()).device;
    for (const variant of ['cpu', 'gpu'] as const) {
      const model = await tiny.load({ device, variant });
      try {
        const node = (await model.forward({ x: tiny.x, t: tiny.t })).out!;
        const rel = expectClose(browser, node);
        console.log(`Chromium (gpu kernels) vs Node (${variant} kernels): ${rel.toExponential(2)}`);
      } finally {
        model.destroy();
      }
    }
    expectClose(browser, tiny.out);
  });

  it('an f16 bundle (--precision f16) runs in Chromium within 1e-2 of PyTorch f32', async () => {
    const p = await context.newPage();
    try {
      const url = `${siteServer.url}tiny-f16/model.mjs`;
      await p.goto(url);
      const r = await p.evaluate(
        async ({ url, x, t }) => {
          // A string, so that vitest does not rewrite this import() for Node.
          const m = await new Function('u', 'return import(u)')(url);
          const model = await m.load();
          try {
            const out = await model.forward({ x: new Float32Array(x), t: new Float32Array(t) });
            return { out: Array.from(out.out as Float32Array), precision: model.info.precision };
          } finally {
            model.destroy();
          }
        },
        { url, x: Array.from(tiny.x), t: Array.from(tiny.t) },
      );
      // Stored f16; on the GPU f16 where SwiftShader offers shader-f16, else widened at load.
      expect(r.precision.stored).toBe('f16');
      console.log(`Chromium, f16 bundle: weights ${r.precision.gpu} on the GPU`);
      const rel = expectClose(new Float32Array(r.out), tiny.out, 1e-2);
      console.log(`Chromium, f16 bundle vs PyTorch f32: ${rel.toExponential(2)}`);
    } finally {
      await p.close();
    }
  });

  it('the Sample button draws the predicted x0 with toRGBA while it samples; Stop aborts', async () => {
    await page.fill('#steps', '400');
    await page.fill('#seed', '1');
    await page.click('#sample');
    await page.waitForFunction(
      () =>
        ((window as unknown as { kiln: { previews?: number[] } }).kiln.previews ?? []).length >= 3,
      null,
      { timeout: 240_000, polling: 100 },
    );
    // Mid-run: the caption names the preview's step, and the canvas holds a picture.
    const shot = await page.screenshot({ fullPage: true });
    writeFileSync(PREVIEW_SCREENSHOT, shot);
    console.log(`demo page, sampling with x0 previews: ${PREVIEW_SCREENSHOT}`);
    const status = await page.textContent('#status');
    expect(status).toMatch(/^sampling… step \d+\/400$/);
    await expect(page.textContent('#samples-caption')).resolves.toMatch(
      /^predicted x0 at step \d+ of 400$/,
    );
    const canvas = decodePng(await page.locator('canvas#samples').screenshot());
    expect(distinctColours(canvas)).toBeGreaterThan(20);
    await page.click('#stop');
    await page.waitForFunction(
      () => document.getElementById('status')!.textContent!.startsWith('ABORTED'),
      null,
      {
        timeout: 120_000,
        polling: 100,
      },
    );
    const previews = await page.evaluate(
      () => (window as unknown as { kiln: { previews: number[] } }).kiln.previews,
    );
    expect(previews.length).toBeLessThan(400);
    expect(previews).toEqual(previews.map((_, i) => i + 1)); // every step, in order
    expect(pageErrors).toEqual([]);
  });

  // Across adapters the U-Net's outputs agree to about 2e-5 (above), and the first step's
  // x0 = (x - sqrt(1 - a) eps) / sqrt(a) multiplies that by 1/sqrt(alphas_cumprod[999]) = 157, so
  // Chromium (SwiftShader) and Node (lavapipe) samples agree to about 1e-3, not 1e-4 (measured
  // 1.1e-3 after 3 DDIM steps). Parity with PyTorch at 1e-4 is test/sampling/parity.test.ts.
  it('the Sample button runs model.sample() in the browser, matching Node within 5e-3', async () => {
    await page.fill('#steps', '3');
    await page.fill('#seed', '7');
    await page.click('#sample');
    await page.waitForFunction(
      () => (window as unknown as { kiln: { samples?: unknown } }).kiln.samples !== undefined,
      null,
      { timeout: 240_000, polling: 250 },
    );
    const browser = new Float32Array(
      await page.evaluate(() =>
        Array.from((window as unknown as { kiln: { samples: Float32Array } }).kiln.samples),
      ),
    );
    expect(pageErrors).toEqual([]);
    const canvas = decodePng(await page.locator('canvas#samples').screenshot());
    expect(distinctColours(canvas)).toBeGreaterThan(20);
    const model = await tiny.load({ device: (await sharedGpu()).device, variant: 'gpu' });
    try {
      const node = await model.sample({ sampler: 'ddim', steps: 3, seed: 7 });
      const rel = expectClose(browser, node, 5e-3);
      console.log(`model.sample in Chromium vs Node: ${rel.toExponential(2)}`);
    } finally {
      model.destroy();
    }
  });

  it('bad input in the browser: the same typed error as in Node', async () => {
    const e = await page.evaluate(async () => {
      const { model } = (
        window as unknown as { kiln: { model: { forward(i: object): Promise<unknown> } } }
      ).kiln;
      try {
        await model.forward({ x: new Float32Array(3) });
        return null;
      } catch (e) {
        const k = e as { name: string; code: string; lines: string[] };
        return { name: k.name, code: k.code, lines: k.lines };
      }
    });
    expect(e).toEqual({
      name: 'KilnError',
      code: 'INPUT_INVALID',
      lines: [
        'forward: input x: expected 768 values, shape [1,3,16,16], got 3 values',
        'forward: input t: missing (expected 1 values, shape [1])',
      ],
    });
  });

  // [bundle, images sampled (count = min(4, batch)), image side]
  const examples = [
    ['digits', 4, 32],
    ['seed-unet-s', 1, 32],
  ] as const;
  for (const [bundle, images, side] of examples)
    it(`README's web page example runs as written on ${bundle} and draws its samples`, async () => {
      const html = readmeExample('## Use a bundle in a web page', 'html');
      expect(html).toContain("from './digits/model.mjs'");
      writeFileSync(join(site, `${bundle}.html`), html.replaceAll('./digits/', `./${bundle}/`));
      const example = await context.newPage();
      const errors: string[] = [];
      example.on('pageerror', (e) => errors.push(e.message));
      try {
        await example.goto(`${siteServer.url}${bundle}.html`);
        await example.waitForFunction(
          () => document.getElementById('status')?.textContent?.startsWith('done on '),
          null,
          { timeout: 280_000, polling: 250 },
        );
        expect(errors).toEqual([]);
        const drawn = await example.evaluate(() => {
          const c = document.getElementById('out') as HTMLCanvasElement;
          const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          const colours = new Set<number>();
          for (let i = 0; i < px.length; i += 4)
            colours.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
          return { width: c.width, height: c.height, colours: colours.size };
        });
        const cols = Math.ceil(Math.sqrt(images));
        expect(drawn.width).toBe(cols * side + (cols + 1) * 2);
        expect(drawn.height).toBe(
          Math.ceil(images / cols) * side + (Math.ceil(images / cols) + 1) * 2,
        );
        expect(drawn.colours).toBeGreaterThan(20);
        const shot = join(tmpdir(), `kiln-readme-${bundle}-chromium.png`);
        writeFileSync(shot, await example.screenshot());
        console.log(`README page on ${bundle}: ${shot}`);
      } finally {
        await example.close();
      }
    });

  it("README's Web Worker example runs as written: samples back, errors as { code, lines }", async () => {
    const worker = readmeExample('## Use a bundle in a web page', 'js', 0);
    const pageCode = readmeExample('## Use a bundle in a web page', 'js', 1);
    expect(worker).toContain("from './digits/model.mjs'");
    writeFileSync(join(site, 'worker.mjs'), worker.replaceAll('./digits/', './tiny/'));
    // The page code with a count the tiny bundle (batch 1) takes, then one it rejects.
    const run = (code: string) =>
      `<!doctype html><meta charset="utf-8"><script type="module">\n${code}</script>\n`;
    writeFileSync(join(site, 'worker-ok.html'), run(pageCode.replace('count: 4', 'count: 1')));
    writeFileSync(join(site, 'worker-bad.html'), run(pageCode));
    for (const [file, want] of [
      ['worker-ok.html', /^Float32Array\(768\)/],
      ['worker-bad.html', /^OPTION_INVALID sample: count must be an integer from 1 to 1/],
    ] as const) {
      const p = await context.newPage();
      const seen: string[] = [];
      p.on('console', (m) => seen.push(m.text()));
      p.on('pageerror', (e) => seen.push(`pageerror ${e.message}`));
      try {
        await p.goto(`${siteServer.url}${file}`);
        const deadline = Date.now() + 240_000;
        while (!seen.some((l) => want.test(l)) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 250));
        expect(seen.filter((l) => !l.startsWith('Warning'))).toEqual([expect.stringMatching(want)]);
      } finally {
        await p.close();
      }
    }
  });
});

describe('the browser keeps the weights it downloaded (Cache API, runtime/weights/cache.ts)', () => {
  it('the second load of the demo page fetches no weight bytes; cache: false fetches them all', async () => {
    const size = statSync(join(tiny.dir, 'weights.safetensors')).size;
    const p = await context.newPage();
    // Weight bytes served to the page, per load: every request for them goes through this
    // route, and is counted before the page sees a byte of it (a Cache API hit makes none).
    let fetched = { requests: 0, bytes: 0 };
    await p.route('**/*.safetensors', async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      fetched.requests++;
      fetched.bytes += body.length;
      await route.fulfill({ response, body });
    });
    const weightsFetched = async (load: () => Promise<unknown>) => {
      fetched = { requests: 0, bytes: 0 };
      await load();
      return fetched;
    };
    const demo = async () => {
      await p.goto(server.url);
      await p.waitForFunction(
        () => (window as unknown as { kiln?: DemoState }).kiln?.status !== 'loading',
        null,
        { timeout: 240_000, polling: 250 },
      );
      const state = await p.evaluate(() => {
        const k = (window as unknown as { kiln: DemoState }).kiln;
        return { status: k.status, message: k.message };
      });
      expect(state.message, 'the demo page failed').toBeUndefined();
      expect(state.status).toBe('done');
    };
    const cached = () =>
      p.evaluate(async () => (await (await caches.open('kiln-weights')).keys()).map((r) => r.url));
    try {
      // The suite's first page cached them already: start empty (same origin, nothing loaded).
      await p.goto(`${server.url}manifest.json`);
      await p.evaluate(() => caches.delete('kiln-weights'));
      expect(await weightsFetched(demo)).toEqual({ requests: 1, bytes: size });
      const sha = tiny.compiled.manifest.weightsSha256;
      expect(await cached()).toEqual([`https://kiln-weights.invalid/${sha}.safetensors`]);
      expect(await weightsFetched(demo)).toEqual({ requests: 0, bytes: 0 });
      // A string, so that vitest leaves this import() alone: the page's own model.mjs.
      await p.evaluate("import('./model.mjs').then((m) => { window.kilnModule = m; })");
      type Module = {
        load(
          o: object,
        ): Promise<{ forward(i: object): Promise<{ out: Float32Array }>; destroy(): void }>;
      };
      // The cached weights compute what PyTorch does, and stream with progress as a download does.
      const loaded = await p.evaluate(
        async ({ x, t }) => {
          const m = (window as unknown as { kilnModule: Module }).kilnModule;
          const phases: { phase: string; done: number; total: number }[] = [];
          const model = await m.load({ onProgress: (e: (typeof phases)[0]) => phases.push(e) });
          const r = await model.forward({ x: new Float32Array(x), t: new Float32Array(t) });
          model.destroy();
          return {
            out: Array.from(r.out as Float32Array),
            weights: phases.filter((e) => e.phase === 'weights'),
          };
        },
        { x: Array.from(tiny.x), t: Array.from(tiny.t) },
      );
      expectClose(new Float32Array(loaded.out), tiny.out);
      expect(loaded.weights.length).toBeGreaterThan(1);
      const last = loaded.weights.at(-1)!;
      expect(last.done).toBe(last.total);
      // cache: false downloads every byte again, and leaves the cache as it was.
      expect(
        await weightsFetched(() =>
          p.evaluate(async () => {
            const m = (window as unknown as { kilnModule: Module }).kilnModule;
            (await m.load({ cache: false })).destroy();
          }),
        ),
      ).toEqual({ requests: 1, bytes: size });
      expect(await cached()).toHaveLength(1);
    } finally {
      await p.close();
    }
  });
});
