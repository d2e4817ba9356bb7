/**
 * `kiln sample` through the real process, on the tiny sampling fixture's U-Net: the seeded DDIM
 * run reproduces the PyTorch fixture, two runs are bit-identical, --noise replaces the seeded
 * x_T, and bad input is one line, exit 2, with nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeSafetensors } from '../../runtime/format/safetensors.js';
import { expectClose, FIXTURES, readFixture, readTensors } from '../helpers/gpu.js';
import { runKiln, runKilnInProcess } from '../helpers/kiln.js';

let tmp: string;
const kiln = (...args: string[]) => runKiln(tmp, ...args);

function expectError(r: ReturnType<typeof kiln>, line: string) {
  expect(r.stderr).toBe(`kiln: error: ${line}`);
  expect(r.code).toBe(2);
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kiln-sample-'));
  // The fixtures' weights are kiln init --seed 3.
  const c = kiln(
    'compile',
    join(FIXTURES, 'sampling', 'spec.json'),
    '--seed',
    '3',
    '--out',
    'b',
    '--quiet',
  );
  expect(c.stderr).toBe('');
  expect(c.code).toBe(0);
}, 600_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('kiln sample', () => {
  it('reproduces the PyTorch DDIM fixture, bit-identically across runs, and writes a PNG grid', async () => {
    const f = await readFixture('sampling/ddim.safetensors');
    const args = ['sample', 'b', '--steps', '10', '--seed', f.metadata.seed!, '--scale', '2'];
    const a = kiln(...args, '--out', 'a.png', '--tensor-out', 'a.safetensors');
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(/kiln: ddim 10\/10 .* steps\/s/);
    expect(a.stderr).toMatch(/kiln: wrote a\.png, a\.safetensors/);
    const b = kiln(...args, '--out', 'b.png', '--tensor-out', 'b.safetensors', '--quiet');
    expect(b.stderr).toBe('');
    expect(
      readFileSync(join(tmp, 'a.safetensors')).equals(readFileSync(join(tmp, 'b.safetensors'))),
    ).toBe(true);
    const out = (await readTensors(join(tmp, 'a.safetensors'))).tensors.get('out')!;
    expect(out.shape).toEqual([2, 1, 8, 8]);
    expectClose(out.data, f.tensors.get('out')!.data, 1e-4);
    // Two 8x8 images at scale 2 side by side, with 2-pixel gaps.
    const png = PNG.sync.read(readFileSync(join(tmp, 'a.png')));
    expect([png.width, png.height]).toEqual([2 * 16 + 3 * 2, 16 + 2 * 2]);
  }, 300_000);

  it('--count 1 on the batch-2 bundle: the first image of the full run, bit for bit', async () => {
    const args = ['sample', 'b', '--steps', '4', '--seed', '3', '--quiet'];
    expect(kiln(...args, '--out', 'c2.png', '--tensor-out', 'c2.safetensors').code).toBe(0);
    expect(
      kiln(...args, '--count', '1', '--out', 'c1.png', '--tensor-out', 'c1.safetensors').code,
    ).toBe(0);
    const two = (await readTensors(join(tmp, 'c2.safetensors'))).tensors.get('out')!;
    const one = (await readTensors(join(tmp, 'c1.safetensors'))).tensors.get('out')!;
    expect(one.shape).toEqual([1, 1, 8, 8]);
    expect(Array.from(one.data)).toEqual(Array.from(two.data.subarray(0, 64)));
    const png = PNG.sync.read(readFileSync(join(tmp, 'c1.png')));
    expect([png.width, png.height]).toEqual([8 + 2 * 2, 8 + 2 * 2]);
  }, 300_000);

  it('--noise replaces the seeded x_T; --frames writes one grid per step', async () => {
    const f = await readFixture('sampling/dpmpp2m.safetensors');
    const noise = f.tensors.get('noise')!;
    writeFileSync(
      join(tmp, 'xT.safetensors'),
      serializeSafetensors([{ name: 'x', shape: noise.shape, data: noise.data }]),
    );
    const r = kiln(
      'sample',
      'b',
      '--sampler',
      'dpmpp2m',
      '--steps',
      '10',
      '--seed',
      '999',
      '--noise',
      'xT.safetensors',
      '--tensor-out',
      'n.safetensors',
      '--frames',
      'fr',
      '--quiet',
    );
    expect(r.stderr).toBe('');
    const out = (await readTensors(join(tmp, 'n.safetensors'))).tensors.get('out')!;
    expectClose(out.data, f.tensors.get('out')!.data, 1e-4);
    for (let i = 1; i <= 10; i++)
      expect(existsSync(join(tmp, 'fr', `step-${String(i).padStart(4, '0')}.png`))).toBe(true);
  }, 300_000);

  describe('bad input: one line, exit 2, nothing written', () => {
    const w = (f: string) => join(tmp, f);
    beforeAll(() => {
      writeFileSync(w('keep.png'), 'untouched');
      writeFileSync(
        w('wrong.safetensors'),
        serializeSafetensors([{ name: 'x', shape: [1, 1, 8, 8], data: new Float32Array(64) }]),
      );
      writeFileSync(
        w('nox.safetensors'),
        serializeSafetensors([{ name: 'noise', shape: [2, 1, 8, 8], data: new Float32Array(128) }]),
      );
    });

    it('through the real process', () => {
      expectError(
        kiln('sample', 'b', '--sampler', 'euler', '--out', 'keep.png'),
        'kiln sample: --sampler must be ddim, ddpm, dpmpp2m, got "euler"',
      );
      expect(readFileSync(w('keep.png'), 'utf8')).toBe('untouched');
    });

    // The rest in-process (a kiln process takes seconds to start on a loaded machine).
    const CASES: [string, string[], (t: string) => string][] = [
      [
        'zero steps',
        ['--steps', '0'],
        () => 'kiln sample: --steps must be an integer from 1 to 1000, got "0"',
      ],
      [
        'too many steps',
        ['--steps', '1001'],
        () => 'kiln sample: --steps must be an integer from 1 to 1000, got "1001"',
      ],
      [
        'eta out of range',
        ['--eta', '1.5'],
        () => 'kiln sample: --eta must be a number from 0 to 1, got "1.5"',
      ],
      [
        'eta for ddpm',
        ['--sampler', 'ddpm', '--eta', '0.5'],
        () => 'kiln sample: --eta applies to --sampler ddim only, not ddpm',
      ],
      [
        'noise of the wrong shape',
        ['--noise', 'wrong.safetensors'],
        (t) =>
          `--noise ${t}/wrong.safetensors: tensor x must be F32 [2,1,8,8] (the bundle's batch and image), got F32 [1,1,8,8]`,
      ],
      [
        'a count past the batch',
        ['--count', '3'],
        () => 'kiln sample: --count must be an integer from 1 to 2, got "3"',
      ],
      [
        'noise without x',
        ['--noise', 'nox.safetensors'],
        (t) => `--noise ${t}/nox.safetensors: no tensor x (expected F32 [2,1,8,8])`,
      ],
      [
        'unwritable --out',
        ['--out', 'missing/dir/grid.png'],
        (t) => `--out ${t}/missing/dir/grid.png: directory ${t}/missing/dir does not exist`,
      ],
      [
        'unwritable --tensor-out',
        ['--tensor-out', 'missing/o.safetensors'],
        (t) => `--tensor-out ${t}/missing/o.safetensors: directory ${t}/missing does not exist`,
      ],
      [
        '--out is a directory',
        ['--out', 'b'],
        (t) => `--out ${t}/b: is a directory, expected a file to write`,
      ],
      [
        '--frames is a file',
        ['--frames', 'keep.png'],
        (t) => `--frames ${t}/keep.png: exists and is not a directory`,
      ],
    ];
    const PATHS = new Set(['--noise', '--out', '--tensor-out', '--frames']);
    for (const [what, flags, line] of CASES)
      it(what, async () => {
        const abs = flags.map((f, i) => (i > 0 && PATHS.has(flags[i - 1]!) ? w(f) : f));
        const out = flags.includes('--out') ? [] : ['--out', w('keep.png')];
        const r = await inProcess('sample', w('b'), ...out, ...abs);
        expect(r.stderr).toBe(`kiln: error: ${line(tmp)}`);
        expect(r.code).toBe(2);
        expect(readFileSync(w('keep.png'), 'utf8')).toBe('untouched');
        expect(existsSync(w('missing'))).toBe(false);
      });

    it('outputs under /proc answer at once with one line, before any sampling', async () => {
      for (const [flag, path, line] of [
        [
          '--out',
          '/proc/x.png',
          '--out /proc/x.png: cannot write in /proc: no such file or directory',
        ],
        [
          '--frames',
          '/proc/fr',
          '--frames /proc/fr: cannot write in /proc: no such file or directory',
        ],
      ] as const) {
        const r = await inProcess('sample', w('b'), flag, path);
        expect(r.stderr).toBe(`kiln: error: ${line}`);
        expect(r.code).toBe(2);
      }
    });

    it('a U-Net whose output is not its input shape', async () => {
      const spec = join(FIXTURES, 'variants', 'one_level_no_bottleneck', 'spec.json');
      expect((await inProcess('compile', spec, '--out', w('two'), '--quiet')).code).toBe(0);
      const r = await inProcess('sample', w('two'), '--out', w('keep.png'));
      expect(r.stderr).toBe(
        `kiln: error: ${w('two')}: cannot sample: out is [3,2,8,12] but x is [3,1,8,12]; a noise predictor's output has its input's shape (outChannels = input.channels)`,
      );
      expect(r.code).toBe(2);
    });

    it('kiln compile --batch sets the batch a bundle samples', async () => {
      const spec = join(FIXTURES, 'sampling', 'spec.json');
      expect(
        (await inProcess('compile', spec, '--batch', '3', '--out', w('b3'), '--quiet')).code,
      ).toBe(0);
      const m = JSON.parse(readFileSync(w('b3/manifest.json'), 'utf8'));
      expect(m.inputs[0].shape).toEqual([3, 1, 8, 8]);
      const r = await inProcess('compile', spec, '--batch', '65', '--out', w('b65'));
      expect(r.stderr).toBe(
        'kiln: error: kiln compile: --batch must be an integer from 1 to 64, got "65"',
      );
      expect(existsSync(w('b65'))).toBe(false);
    });

    it('--help documents every flag', async () => {
      const r = await runKilnInProcess('sample', '--help');
      expect(r.code).toBe(0);
      for (const f of [
        '--sampler',
        '--steps',
        '--seed',
        '--eta',
        '--out',
        '--frames',
        '--noise',
        '--tensor-out',
      ])
        expect(r.stdout).toContain(f);
    });

    it('not a bundle', async () => {
      const r = await inProcess('sample', w('nowhere'));
      expect(r.stderr).toBe(
        `kiln: error: ${w('nowhere')}: not a kiln bundle (no manifest.json); make one with kiln compile`,
      );
    });
  });
});

async function inProcess(...args: string[]): Promise<{ code: number; stderr: string }> {
  const r = await runKilnInProcess(...args);
  return { code: r.code ?? -1, stderr: r.stderr.trimEnd() };
}
