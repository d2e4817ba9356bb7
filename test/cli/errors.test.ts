/**
 * Bad input through the real `kiln` process: one clear line naming the place, exit code 2, no
 * stack trace, and no partial bundle directory left behind.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeSafetensors, toFloat32 } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { runKiln } from '../helpers/kiln.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TINY = join(ROOT, 'test', 'golden', 'fixtures', 'nets', 'tiny');
let tmp: string;

const kiln = (...args: string[]) => runKiln(tmp, ...args);

function expectError(r: ReturnType<typeof kiln>, lines: string[]) {
  expect(r.stderr).toBe(lines.map((l) => `kiln: error: ${l}`).join('\n'));
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const tensor = (name: string, shape: number[]) => ({
  name,
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
});

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kiln-cli-'));
  writeFileSync(
    join(tmp, 'bad.json'),
    JSON.stringify({
      name: 'b',
      input: { batch: 1, channels: 3, height: 30, width: 32 },
      unet: {
        outChannels: 3,
        baseChannels: 16,
        channelMults: [1, 0],
        timeDim: 32,
        groups: 8,
        attentionHeads: 1,
      },
    }),
  );
  writeFileSync(join(tmp, 'broken.json'), '{ "name": ');
  copyFileSync(join(TINY, 'spec.json'), join(tmp, 'tiny.json'));
  writeFileSync(
    join(tmp, 'in-shape.safetensors'),
    serializeSafetensors([tensor('x', [1, 3, 16, 8]), tensor('t', [1])]),
  );
  writeFileSync(
    join(tmp, 'in-extra.safetensors'),
    serializeSafetensors([tensor('x', [1, 3, 16, 16]), tensor('t', [1]), tensor('y', [2])]),
  );
  const header = JSON.stringify({
    x: { dtype: 'I32', shape: [1, 3, 16, 16], data_offsets: [0, 3072] },
    t: { dtype: 'F32', shape: [1], data_offsets: [3072, 3076] },
  });
  const pad = ' '.repeat((8 - (header.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length + pad.length));
  writeFileSync(
    join(tmp, 'in-dtype.safetensors'),
    Buffer.concat([len, Buffer.from(header + pad), Buffer.alloc(3076)]),
  );
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('kiln compile: bad input', () => {
  it('an invalid spec: every problem, with its path', () => {
    expectError(kiln('compile', 'bad.json', '--out', 'b1'), [
      'bad.json: unet.channelMults[1]: must be an integer from 1 to 64, got 0',
      'bad.json: input.height: 30 cannot be halved 2 times (once per level of unet.channelMults); use a multiple of 4',
    ]);
    expect(existsSync(join(tmp, 'b1'))).toBe(false);
  });

  it('a spec that is not JSON', () => {
    const r = kiln('compile', 'broken.json', '--out', 'b2');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kiln: error: broken\.json: not valid JSON \(.+\)$/);
  });

  it('a missing spec file', () =>
    expectError(kiln('compile', 'nope.json'), ['nope.json: no such file']));

  it('a missing weights file', () =>
    expectError(kiln('compile', 'tiny.json', '--weights', 'w.safetensors', '--out', 'b3'), [
      '--weights w.safetensors: no such file: w.safetensors',
    ]));

  it('weights that do not fit: all problems at once, by tensor name', () => {
    const w = join(TINY, 'weights.safetensors');
    // Take the tiny net's weights, mis-shape one, drop one and add a stray one.
    writeFileSync(
      join(tmp, 'w-bad.safetensors'),
      serializeSafetensors([tensor('init_conv.weight', [8, 3, 1, 1]), tensor('stray', [4])]),
    );
    const r = kiln('compile', 'tiny.json', '--weights', 'w-bad.safetensors', '--out', 'b4');
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^kiln: error: w-bad\.safetensors: \d+ problem\(s\) with tensors$/);
    expect(lines).toContain('kiln: error: init_conv.weight: expected [8,3,3,3], got [8,3,1,1]');
    expect(lines).toContain('kiln: error: init_conv.bias: missing (expected [8])');
    expect(lines).toContain(
      'kiln: error: down_blocks.0.res.block1.2.weight: missing (expected [8,8,3,3])',
    );
    expect(lines[lines.length - 1]).toBe('kiln: error: stray: unexpected tensor (shape [4])');
    expect(existsSync(join(tmp, 'b4'))).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.includes('kiln-tmp'))).toEqual([]);
    expect(existsSync(w)).toBe(true);
  });

  it('an unknown flag', () =>
    expectError(kiln('compile', 'tiny.json', '--fast'), [
      'kiln compile: unknown flag --fast (see kiln compile --help)',
    ]));
  it('a flag without its value', () =>
    expectError(kiln('compile', 'tiny.json', '--out'), [
      'kiln compile: --out needs a value (<dir>) (see kiln compile --help)',
    ]));
  it('a bad --seed', () =>
    expectError(kiln('compile', 'tiny.json', '--seed', '-1'), [
      'kiln compile: --seed must be an integer from 0 to 4294967295, got "-1"',
    ]));
  it('an unknown --target', () =>
    expectError(kiln('compile', 'tiny.json', '--target', 'tpu'), [
      'kiln compile: --target must be cpu or gpu, got "tpu"',
    ]));
  it('an unknown --precision', () =>
    expectError(kiln('compile', 'tiny.json', '--precision', 'f8'), [
      'kiln compile: --precision must be f32 or f16, got "f8"',
    ]));
  it('--precision f16 with a weight f16 cannot hold: the tensor, and no bundle', async () => {
    const tiny = await readSafetensorsFile(join(TINY, 'weights.safetensors'));
    const big = [...tiny.tensors.values()].map((t) => ({
      name: t.name,
      shape: t.shape,
      data: Float32Array.from(toFloat32(t, 'tiny')),
    }));
    big.find((t) => t.name === 'init_conv.bias')!.data[1] = 70000;
    writeFileSync(join(tmp, 'w-big.safetensors'), serializeSafetensors(big));
    const r = kiln(
      'compile',
      'tiny.json',
      '--weights',
      'w-big.safetensors',
      '--precision',
      'f16',
      '--out',
      'b-f16',
    );
    expectError(r, [
      "w-big.safetensors: tensor 'init_conv.bias' has 70000 at index 1, beyond f16's largest value 65504; compile it with --precision f32",
    ]);
    expect(existsSync(join(tmp, 'b-f16'))).toBe(false);
  });
  it('a non-numeric --seed', () =>
    expectError(kiln('compile', 'tiny.json', '--seed', 'abc'), [
      'kiln compile: --seed must be an integer from 0 to 4294967295, got "abc"',
    ]));
  it('an unknown command', () =>
    expectError(kiln('compiel', 'x'), [
      'unknown command "compiel" (commands: compile, run, sample, inspect, weights, init, import, emit-torch, bench, serve; see kiln --help)',
    ]));
  it('a missing argument', () =>
    expectError(kiln('compile'), ['kiln compile: missing <spec.json> (see kiln compile --help)']));
  it('refuses to overwrite a directory that is not a bundle', () => {
    writeFileSync(join(tmp, 'keep.txt'), 'x');
    expectError(kiln('compile', 'tiny.json', '--out', '.'), [
      '--out .: not a kiln bundle (no manifest.json); refusing to replace it',
    ]);
  });
});

describe('kiln run: bad input', () => {
  beforeAll(() => {
    const r = kiln('compile', 'tiny.json', '--out', 'bundle', '--quiet');
    expect(r.code).toBe(0);
  });

  it('input of the wrong shape', () =>
    expectError(kiln('run', 'bundle', '--input', 'in-shape.safetensors'), [
      '--input in-shape.safetensors: 1 problem(s) with tensors',
      'x: expected [1,3,16,16], got [1,3,16,8]',
    ]));

  it('input of the wrong dtype', () =>
    expectError(kiln('run', 'bundle', '--input', 'in-dtype.safetensors'), [
      '--input in-dtype.safetensors: 1 problem(s) with tensors',
      'x: dtype I32 is not supported (expected a float type: F32, F16, BF16 or F64)',
    ]));

  it('an unexpected input tensor', () =>
    expectError(kiln('run', 'bundle', '--input', 'in-extra.safetensors'), [
      '--input in-extra.safetensors: 1 problem(s) with tensors',
      'y: unexpected tensor (shape [2])',
    ]));

  it('a missing input file', () =>
    expectError(kiln('run', 'bundle', '--input', 'nope.safetensors'), [
      '--input nope.safetensors: no such file: nope.safetensors',
    ]));
  it('no --input at all', () =>
    expectError(kiln('run', 'bundle'), [
      'kiln run: --input <in.safetensors> is required (or --random-input) (see kiln run --help)',
    ]));
  it('a directory that is not a bundle', () =>
    expectError(kiln('run', '.', '--random-input'), [
      '.: not a kiln bundle (no manifest.json); make one with kiln compile',
    ]));
  it('an output directory that does not exist', () =>
    expectError(kiln('run', 'bundle', '--random-input', '--output', 'no/such/out.safetensors'), [
      '--output no/such/out.safetensors: directory no/such does not exist',
    ]));
  it('a bad --iters', () =>
    expectError(kiln('run', 'bundle', '--random-input', '--iters', '0'), [
      'kiln run: --iters must be an integer from 1 to 10000, got "0"',
    ]));
});

describe('kiln --help', () => {
  it('lists the commands', () => {
    const r = kiln('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/compile <spec\.json>/);
    expect(r.stdout).toMatch(/run <bundle-dir>/);
    expect(r.stdout).toMatch(/sample <bundle-dir>/);
  });
  it('documents each flag of a command', () => {
    const r = kiln('run', '--help');
    expect(r.code).toBe(0);
    for (const f of ['--input', '--output', '--random-input', '--iters', '--seed'])
      expect(r.stdout).toContain(f);
  });
});
