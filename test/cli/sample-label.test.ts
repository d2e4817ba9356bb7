/**
 * `kiln sample --label/--guidance` and `kiln compile --guidance` on the 3-class guided-sampling
 * fixture's U-Net: a guided run reproduces the PyTorch fixture, the default guidance comes from
 * the training recipe beside the weights, and bad input is one line, exit 2, nothing written,
 * before any GPU work.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, FIXTURES, readFixture, readTensors } from '../helpers/gpu.js';
import { runKilnInProcess } from '../helpers/kiln.js';

let tmp: string;
const w = (name: string) => join(tmp, name);
const kiln = (...args: string[]) => runKilnInProcess(...args);
const GUIDED = join(FIXTURES, 'sampling-guided', 'spec.json');

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kiln-label-'));
  // The fixtures' weights are kiln init --seed 3; the recipe beside them sets guidance 4.
  const init = await kiln('init', GUIDED, '--seed', '3', '--out', w('w.safetensors'), '--quiet');
  expect(init.code).toBe(0);
  writeFileSync(w('w.recipe.json'), JSON.stringify({ guidance: 4 }));
  for (const [spec, out, extra] of [
    [GUIDED, 'cond', ['--weights', w('w.safetensors')]],
    [join(FIXTURES, 'sampling', 'spec.json'), 'plain', []],
  ] as const) {
    const c = await kiln('compile', spec, ...extra, '--out', w(out), '--quiet');
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
  }
}, 600_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('kiln sample --label', () => {
  it('takes the guidance of the training recipe beside the weights', () => {
    const m = JSON.parse(readFileSync(w('cond/manifest.json'), 'utf8'));
    expect(m.conditioning).toEqual({
      classes: 3,
      guidance: 4,
      guidanceSource: `training recipe ${w('w.recipe.json')}`,
    });
  });

  it('reproduces the guided PyTorch fixture, bit-identically across runs', async () => {
    const f = await readFixture('sampling-guided/ddim_w3.safetensors');
    const args = ['sample', w('cond'), '--steps', '10', '--seed', f.metadata.seed!];
    const a = await kiln(
      ...args,
      '--label',
      '2,0',
      '--guidance',
      '3',
      '--out',
      w('a.png'),
      '--tensor-out',
      w('a.safetensors'),
    );
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(
      /kiln: 2 sample\(s\) 1x8x8, ddim, 10 steps, seed 21, guidance 3 \(batched\)/,
    );
    const b = await kiln(
      ...args,
      '--label',
      '2,0',
      '--guidance',
      '3',
      '--out',
      w('b.png'),
      '--tensor-out',
      w('b.safetensors'),
      '--quiet',
    );
    expect(b.code).toBe(0);
    expect(readFileSync(w('a.safetensors')).equals(readFileSync(w('b.safetensors')))).toBe(true);
    const out = (await readTensors(w('a.safetensors'))).tensors.get('out')!;
    expect(out.shape).toEqual([2, 1, 8, 8]);
    expectClose(out.data, f.tensors.get('out')!.data.slice(0, 128), 1e-4);
    // --guide twice: all four images of the fixture in two forwards per step.
    const t = await kiln(
      ...args,
      '--label',
      '2,0,1,2',
      '--guidance',
      '3',
      '--guide',
      'twice',
      '--out',
      w('t.png'),
      '--tensor-out',
      w('t.safetensors'),
      '--quiet',
    );
    expect(t.code).toBe(0);
    expectClose(
      (await readTensors(w('t.safetensors'))).tensors.get('out')!.data,
      f.tensors.get('out')!.data,
      1e-4,
    );
  }, 300_000);

  describe('bad input: one line, exit 2, nothing written', () => {
    const CASES: [string, string, string[], string][] = [
      [
        'label out of range',
        'cond',
        ['--label', '3'],
        'kiln sample: --label 3 is outside 0..2 (the model has 3 classes)',
      ],
      [
        'label not an integer',
        'cond',
        ['--label', '1.5'],
        'kiln sample: --label must be a class id or a comma-separated list of them (0 to 2), got "1.5"',
      ],
      [
        'negative label',
        'cond',
        ['--label', '-1'],
        'kiln sample: --label must be a class id or a comma-separated list of them (0 to 2), got "-1"',
      ],
      [
        'wrong label count',
        'cond',
        ['--label', '0,1,2'],
        'kiln sample: --label has 3 values; give one, or one per image (2)',
      ],
      [
        'label without classes',
        'plain',
        ['--label', '1'],
        `kiln sample: --label: ${'PLAIN'} is not class-conditional (its spec has no classes)`,
      ],
      [
        'negative guidance',
        'cond',
        ['--label', '1', '--guidance', '-2'],
        'kiln sample: --guidance must be a finite number >= 0, got "-2"',
      ],
      [
        'non-finite guidance',
        'cond',
        ['--label', '1', '--guidance', 'Infinity'],
        'kiln sample: --guidance must be a finite number >= 0, got "Infinity"',
      ],
      [
        'NaN guidance',
        'cond',
        ['--label', '1', '--guidance', 'nan'],
        'kiln sample: --guidance must be a finite number >= 0, got "nan"',
      ],
      [
        'guidance without label',
        'cond',
        ['--guidance', '2'],
        'kiln sample: --guidance needs --label (the classes to guide towards)',
      ],
      [
        'bad guide',
        'cond',
        ['--label', '1', '--guide', 'both'],
        'kiln sample: --guide must be batched or twice, got "both"',
      ],
      [
        'count past half the batch with guide batched',
        'cond',
        ['--label', '1', '--count', '3'],
        'kiln sample: --count 3: --guide batched makes at most 2 images (half the batch of 4: cond and uncond halves); --guide twice makes up to 4',
      ],
      [
        'label list longer than count',
        'cond',
        ['--label', '0,1', '--count', '1'],
        'kiln sample: --label has 2 values; give one, or one per image (1)',
      ],
      [
        'context',
        'cond',
        ['--context', 'ctx.safetensors'],
        'kiln sample: --context: this bundle has no context input',
      ],
      [
        'negative context',
        'cond',
        ['--negative-context', 'n.safetensors'],
        'kiln sample: --negative-context: this bundle has no context input',
      ],
    ];
    for (const [name, bundle, flags, line] of CASES)
      it(name, async () => {
        const out = w(`${bundle}-${name.replace(/\W/g, '_')}.png`);
        const r = await kiln('sample', w(bundle), ...flags, '--out', out);
        expect(r.stderr).toBe(`kiln: error: ${line.replace('PLAIN', w('plain'))}`);
        expect(r.code).toBe(2);
        expect(existsSync(out)).toBe(false);
      });

    it('kiln compile --guidance: bad values and unconditional specs', async () => {
      const bad = await kiln('compile', GUIDED, '--guidance', '-1', '--out', w('x'));
      expect(bad.stderr).toBe(
        'kiln: error: kiln compile: --guidance must be a finite number >= 0, got "-1"',
      );
      expect(bad.code).toBe(2);
      const plain = join(FIXTURES, 'sampling', 'spec.json');
      const none = await kiln('compile', plain, '--guidance', '2', '--out', w('y'));
      expect(none.stderr).toBe(
        `kiln: error: kiln compile: --guidance: ${plain} is not class-conditional (no classes)`,
      );
      expect(none.code).toBe(2);
      expect(existsSync(w('x')) || existsSync(w('y'))).toBe(false);
    });
  });
});
