/**
 * One spec serves PyTorch and WebGPU. Against fixtures written by
 * test/golden/make_variant_fixtures.py from the emitted modules (no torch needed here):
 * - `kiln emit-torch` still writes exactly the model.py the fixtures were made from;
 * - the bundle's params are the emitted Model's state_dict(): names, shapes, order;
 * - `kiln inspect` params and FLOPs equal PyTorch's own count (module hooks + einsum) for every
 *   spec in specs/;
 * - `kiln weights` and `kiln init` through the CLI.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, expectedParams } from '../../compiler/index.js';
import { specFiles } from '../../compiler/generate.js';
import { runKiln, runKilnInProcess } from '../helpers/kiln.js';
import { buildGraph } from '../../compiler/ir/build.js';
import { graphStats } from '../../compiler/ir/stats.js';
import { emitTorch } from '../../compiler/torch/emit.js';
import { initWeights } from '../../compiler/weights/init.js';
import { toFloat32 } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { readSpecFile } from '../../compiler/spec/read.js';

const ROOT = join(import.meta.dirname, '..', '..');
const VARIANTS = join(ROOT, 'test', 'golden', 'fixtures', 'variants');
const CASES = readdirSync(VARIANTS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
// Kiln's own forms: a diffusers-form spec (kiln import) has its own reference, emitter and
// counts (compiler/torch/diffusers.ts, test/diffusers/, fixtures/diffusers/keys.json).
const SPECS = specFiles(ROOT).filter(
  (f) => !('diffusers' in JSON.parse(readFileSync(join(ROOT, 'specs', f), 'utf8'))),
);
const COUNTS: Record<
  string,
  {
    params: number;
    flops: number;
    moduleFlops: Record<string, number>;
    stateDict: [string, number[]][];
  }
> = JSON.parse(readFileSync(join(VARIANTS, 'counts.json'), 'utf8'));

const tmp = mkdtempSync(join(tmpdir(), 'kiln-torch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const kiln = (...args: string[]) => runKiln(tmp, ...args);

describe('kiln emit-torch', () => {
  it('has the variant fixtures', () =>
    expect(CASES).toEqual(expect.arrayContaining(['ddpm-unet-32', 'wide-unet-64'])));

  for (const c of CASES) {
    it(`${c}: still emits the model.py the fixtures were made from`, async () => {
      const spec = await readSpecFile(join(VARIANTS, c, 'spec.json'));
      expect(emitTorch(spec, 'spec.json')).toBe(
        readFileSync(join(VARIANTS, c, 'model.py'), 'utf8'),
      );
    });
  }

  it('the variant fixtures are the specs in specs/', () => {
    for (const f of SPECS.filter((f) => CASES.includes(f.replace(/\.json$/, ''))))
      expect(readFileSync(join(VARIANTS, f.replace(/\.json$/, ''), 'spec.json'), 'utf8')).toBe(
        readFileSync(join(ROOT, 'specs', f), 'utf8'),
      );
  });

  it('the CLI prints the same file', async () => {
    const r = kiln('emit-torch', join(ROOT, 'specs', 'ddpm-unet-32.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      emitTorch(await readSpecFile(join(ROOT, 'specs', 'ddpm-unet-32.json')), 'ddpm-unet-32.json'),
    );
  });

  it('an invalid spec: the problems, nothing on stdout', () => {
    const r = kiln(
      'emit-torch',
      join(ROOT, 'test', 'golden', 'fixtures', 'nets', 'tiny', 'weights.safetensors'),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^kiln: error: .*weights\.safetensors: not valid JSON/);
  });
});

describe('params and FLOPs against PyTorch', () => {
  it('counts.json covers every spec of the Kiln forms in specs/ (regenerate with make_variant_fixtures.py)', () =>
    expect(Object.keys(COUNTS).sort()).toEqual(SPECS));

  for (const f of SPECS) {
    it(`${f}: state_dict() names, shapes and order are the bundle's params`, async () => {
      const g = buildGraph(await readSpecFile(join(ROOT, 'specs', f)));
      expect(expectedParams(g).map((p) => [p.name, [...p.shape]])).toEqual(COUNTS[f]!.stateDict);
    });

    it(`${f}: kiln inspect --json params and FLOPs equal PyTorch's count`, async () => {
      const r = await runKilnInProcess('inspect', join(ROOT, 'specs', f), '--json');
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect({ params: j.params, flops: j.flops }).toEqual({
        params: COUNTS[f]!.params,
        flops: COUNTS[f]!.flops,
      });
      console.log(
        `${f}: kiln inspect ${j.params} params, ${j.flops} FLOPs; PyTorch ${COUNTS[f]!.params} params, ${COUNTS[f]!.flops} FLOPs`,
      );
      expect(j.steps.reduce((a: number, st: { flops: number }) => a + st.flops, 0)).toBe(j.flops);
      expect(j.ir).toContain(`graph ${j.name} {`);
      expect(j.irAfterPasses).toContain(`graph ${j.name} {`);
      expect(j.steps.length).toBe(j.dispatches);
    });
  }

  for (const f of SPECS)
    for (const fuse of [true, false])
      it(`${f}: FLOPs per step (${fuse ? 'fused' : 'unfused'}) equal PyTorch's per-module count`, async () => {
        const c = await compile(await readSpecFile(join(ROOT, 'specs', f)), {
          seed: 0,
          passes: { fuse },
        });
        const torch = COUNTS[f]!.moduleFlops;
        const seen = new Map<string, number>();
        c.program.steps.forEach((step, i) => {
          // A step covers the modules whose weights it reads (a fused conv: its conv and its
          // 1x1 shortcut; time_proj: every time_emb linear) and, for attention, its own block,
          // where PyTorch's einsums run.
          const params = step.buffers.flatMap(
            (id) =>
              c.program.buffers.find((b) => b.id === id && b.kind === 'params')?.members ?? [],
          );
          const modules = new Set(params.map((p) => p.name.replace(/\.(weight|bias)$/, '')));
          if (step.op === 'attention') modules.add(step.scope);
          for (const m of modules) seen.set(m, (seen.get(m) ?? 0) + 1);
          const want = [...modules].reduce((a, m) => a + (torch[m] ?? 0), 0);
          expect(c.manifest.variants[0]!.steps[i]!.flops, `step ${i} ${step.label}`).toBe(want);
        });
        for (const m of Object.keys(torch)) expect(seen.get(m), m).toBe(1);
        expect(c.manifest.flops).toBe(COUNTS[f]!.flops);
        expect(graphStats(c.graph).flops).toBe(COUNTS[f]!.flops);
      });

  it('kiln inspect (text) shows the IR before and after the passes and the figures', async () => {
    const r = kiln('inspect', join(ROOT, 'specs', 'ddpm-unet-32.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# IR as built\ngraph ddpm-unet-32 \{/);
    expect(r.stdout).toContain('# IR after the passes');
    expect(r.stdout).toContain(
      `params:      ${COUNTS['ddpm-unet-32.json']!.params.toLocaleString('en-US')}`,
    );
    expect(
      graphStats(buildGraph(await readSpecFile(join(ROOT, 'specs', 'ddpm-unet-32.json')))).flops,
    ).toBe(COUNTS['ddpm-unet-32.json']!.flops);
  });
});

describe('kiln weights and kiln init', () => {
  const spec = join(ROOT, 'specs', 'ddpm-unet-32.json');

  it('kiln weights lists the state_dict() names and shapes', () => {
    const text = kiln('weights', spec);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '# ddpm-unet-32: 200 tensors, 859,699 params (3.28 MiB as F32), in state_dict() order',
    );
    expect(lines.slice(1).map((l) => l.split(/\s+\[/)[0])).toEqual(
      COUNTS['ddpm-unet-32.json']!.stateDict.map(([n]) => n),
    );
    expect(lines).toContain('down_blocks.1.attn2.qkv.weight        [144, 48, 1, 1]');
    const json = JSON.parse(kiln('weights', spec, '--json').stdout);
    expect(json.params).toBe(COUNTS['ddpm-unet-32.json']!.params);
    expect(json.weights.map((w: { name: string; shape: number[] }) => [w.name, w.shape])).toEqual(
      COUNTS['ddpm-unet-32.json']!.stateDict,
    );
  });

  it('the seed preset is the reference state_dict()', () => {
    const lines = kiln('weights', join(ROOT, 'specs', 'seed-unet-s.json'))
      .stdout.trimEnd()
      .split('\n')
      .slice(1);
    expect(lines.map((l) => l.split(/\s+\[/)[0])).toEqual(
      COUNTS['seed-unet-s.json']!.stateDict.map(([n]) => n),
    );
  });

  it('kiln init writes deterministic PyTorch-style weights in state_dict() order', async () => {
    expect(kiln('init', spec, '--seed', '5', '--out', 'a.safetensors', '--quiet').code).toBe(0);
    expect(kiln('init', spec, '--seed', '5', '--out', 'b.safetensors').stderr).toBe(
      'kiln: wrote b.safetensors: 200 tensors, 859,699 params (seed 5)',
    );
    expect(kiln('init', spec, '--seed', '6', '--out', 'c.safetensors', '--quiet').code).toBe(0);
    const a = readFileSync(join(tmp, 'a.safetensors'));
    expect(a.equals(readFileSync(join(tmp, 'b.safetensors')))).toBe(true);
    expect(a.equals(readFileSync(join(tmp, 'c.safetensors')))).toBe(false);
    const file = await readSafetensorsFile(join(tmp, 'a.safetensors'));
    expect([...file.tensors.values()].map((t) => [t.name, [...t.shape]])).toEqual(
      COUNTS['ddpm-unet-32.json']!.stateDict,
    );
    const want = initWeights(buildGraph(await readSpecFile(spec)), 5);
    const get = (n: string) => toFloat32(file.tensors.get(n)!, n);
    // Byte for byte: toEqual walks the 859,699 floats one at a time (seconds).
    const bytes = (f: Float32Array) => Buffer.from(f.buffer, f.byteOffset, f.byteLength);
    for (const [name] of COUNTS['ddpm-unet-32.json']!.stateDict)
      expect(bytes(get(name)).equals(bytes(want.get(name)!)), name).toBe(true);
    // GroupNorm 1 / 0; a conv uniform in +-1/sqrt(fan_in), fan_in = 48 * 3 * 3.
    expect(new Set(get('down_blocks.1.res1.block2.0.weight'))).toEqual(new Set([1]));
    expect(new Set(get('down_blocks.1.res1.block2.0.bias'))).toEqual(new Set([0]));
    const w = get('down_blocks.1.res2.block1.2.weight');
    const bound = 1 / Math.sqrt(48 * 9);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.95 * bound);
  });

  it('kiln init: bad input', () => {
    expect(kiln('init', spec).stderr).toBe(
      'kiln: error: kiln init: --out <w.safetensors> is required (see kiln init --help)',
    );
    expect(kiln('init', spec, '--out', 'no/such/w.safetensors').stderr).toBe(
      'kiln: error: --out no/such/w.safetensors: directory no/such does not exist',
    );
    expect(kiln('init', 'nope.json', '--out', 'w.safetensors').stderr).toBe(
      'kiln: error: nope.json: no such file',
    );
  });
});
