/**
 * Hardening (issue 11) below the CLI: duplicate tensor names, concurrent writers of one bundle,
 * what counts as a replaceable bundle, the manifest's file fields, and WebGPU's default limits.
 * No GPU.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { type Compiled, compile } from '../../compiler/index.js';
import { validateSpec } from '../../compiler/spec/check.js';
import { isKilnError, KilnError } from '../../runtime/errors.js';
import { whyNotABundle } from '../../src/host/bundle-layout.js';
import { kilnGpu } from '../../src/host/device.js';
import { importModel, readManifest } from '../../src/host/open-bundle.js';
import { manifestSchema } from '../../runtime/format/manifest.js';
import { parseSafetensors } from '../../runtime/format/safetensors.js';

const tinySpec = {
  name: 'tiny',
  input: { batch: 1, channels: 3, height: 16, width: 16 },
  unet: {
    outChannels: 3,
    baseChannels: 8,
    channelMults: [1, 2],
    timeDim: 32,
    groups: 4,
    attentionHeads: 1,
  },
};
let tmp: string;
let tiny: Compiled;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kiln-safety-'));
  tiny = await compile(validateSpec(tinySpec, 'tiny.json'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(header: string, data = 0): Uint8Array {
  const json = Buffer.from(header);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([len, json, Buffer.alloc(data)]));
}
const lines = (f: () => unknown): readonly string[] => {
  try {
    f();
  } catch (e) {
    if (isKilnError(e)) return e.lines;
    throw e;
  }
  throw new Error('expected a KilnError');
};

describe('safetensors: duplicate tensor names', () => {
  const entry = (a: number, b: number) => `{"dtype":"F32","shape":[1],"data_offsets":[${a},${b}]}`;
  it('two entries of one name are one clear error, however the name is spelled', () => {
    expect(
      lines(() => parseSafetensors(file(`{"x":${entry(0, 4)},"x":${entry(4, 8)}}`, 8), 'f')),
    ).toEqual(["f: tensor 'x' appears twice in the header"]);
    expect(
      lines(() => parseSafetensors(file(`{"x":${entry(0, 4)},"\\u0078":${entry(0, 4)}}`, 4), 'f')),
    ).toEqual(["f: tensor 'x' appears twice in the header"]);
    expect(
      lines(() =>
        parseSafetensors(file(`{"__metadata__":{},"a":${entry(0, 4)},"__metadata__":{}}`, 4), 'f'),
      ),
    ).toEqual(['f: __metadata__ appears twice in the header']);
  });
  it('equal keys inside entries or metadata are not tensor names', () => {
    const ok = parseSafetensors(
      file(
        `{"__metadata__":{"a":"1"},"a":${entry(0, 4)},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`,
        8,
      ),
      'f',
    );
    expect([...ok.tensors.keys()]).toEqual(['a', 'b']);
  });
});

describe('bundle directories', () => {
  it('what kiln compile writes is provably a bundle; anything more is not', async () => {
    const dir = join(tmp, 'b');
    await writeBundleDir(dir, tiny.files);
    expect(await whyNotABundle(dir)).toBeNull();
    writeFileSync(join(dir, 'source', 'cpu', 'kernels', 'mine.wgsl'), '');
    expect(await whyNotABundle(dir)).toBe(
      'not only a kiln bundle (source/cpu/kernels/mine.wgsl is not a file kiln compile writes)',
    );
    mkdirSync(join(tmp, 'empty'));
    expect(await whyNotABundle(join(tmp, 'empty'))).toBeNull();
  });

  it('concurrent writers of one directory: each succeeds or gets the lock line, never a raw error', async () => {
    const dir = join(tmp, 'race');
    const results = await Promise.allSettled(
      [0, 1, 2, 3].map(() => writeBundleDir(dir, tiny.files, '--out race')),
    );
    for (const r of results)
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(KilnError);
        expect((r.reason as KilnError).lines).toEqual([
          `--out race: another kiln process (pid ${process.pid}) is writing this bundle; try again when it has finished`,
        ]);
      }
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    expect(await whyNotABundle(dir)).toBeNull();
    expect(readdirSync(tmp).filter((f) => f.includes('kiln-'))).toEqual([]);
    await writeBundleDir(dir, tiny.files); // and the lock is gone
  });
});

describe('manifest: files must lie inside the bundle', () => {
  const manifest = () => JSON.parse(tiny.files.get('manifest.json') as string);
  it.each([
    '../model.mjs',
    '/etc/passwd',
    'a/../../b.mjs',
    'a\\b.mjs',
    '',
    'a//b.mjs',
  ])('model %j is rejected', (model) => {
    expect(manifestSchema.safeParse({ ...manifest(), model }).success).toBe(false);
    expect(manifestSchema.safeParse({ ...manifest(), weights: model }).success).toBe(false);
  });
  it('the compiler writes a manifest the schema accepts', () =>
    expect(manifestSchema.safeParse(manifest()).success).toBe(true));
});

describe('past the default binding limit: compiled, and loaded on an adapter that binds 128 MiB', () => {
  const big = (baseChannels: number, side: number) => ({
    ...tinySpec,
    name: 'big',
    input: { batch: 1, channels: 3, height: side, width: side },
    unet: { ...tinySpec.unet, baseChannels, groups: 4 },
  });
  it('tensors over 128 MiB are bound in 128 MiB ranges: the bundle needs no size limit past the defaults, and load() runs it on lavapipe', async () => {
    const c = await compile(validateSpec(big(40, 1024), 'big.json'), { target: 'cpu' });
    const program = c.programs.get('cpu')!;
    const largest = Math.max(...program.buffers.map((b) => 4 * b.shape.reduce((a, d) => a * d, 1)));
    expect(largest).toBeGreaterThan(128 * 2 ** 20); // refused at compile once, then by load()
    const limits = c.manifest.variants[0]!.limits;
    expect(limits.maxStorageBufferBindingSize).toBe(128 * 2 ** 20);
    expect(limits.maxBufferSize).toBe(128 * 2 ** 20);
    expect(c.files.get('source/cpu/runner.ts')).toContain('  parts: {');
    const dir = join(tmp, 'big');
    await writeBundleDir(dir, c.files);
    const mod = await importModel(dir, await readManifest(dir));
    const gpu = await kilnGpu();
    const adapter = (await gpu.requestAdapter())!;
    expect(adapter.limits.maxStorageBufferBindingSize).toBeLessThan(largest);
    const model = await mod.load({ gpu });
    model.destroy();
  }, 120_000);
});
