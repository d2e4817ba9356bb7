/**
 * The bundle format's compile-time facts: every generated manifest parses, its steps line up
 * with its dispatches and kernels, its totals are the sums of its steps, and a manifest whose
 * facts disagree is reported field by field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR, specFiles } from '../../compiler/generate.js';
import { parseManifest, stepLabels } from '../../runtime/format/manifest.js';

const ROOT = join(import.meta.dirname, '..', '..');
const text = (name: string) =>
  readFileSync(join(ROOT, GENERATED_DIR, name, 'manifest.json'), 'utf8');

const diffusersForm = (f: string) =>
  'diffusers' in JSON.parse(readFileSync(join(ROOT, 'specs', f), 'utf8'));

describe('manifest facts', () => {
  for (const f of specFiles(ROOT)) {
    const name = f.replace(/\.json$/, '');
    it(`${name}: parses, with one step per dispatch and labels from the spec`, () => {
      const r = parseManifest(text(name));
      if (!r.ok) throw new Error(r.problems.join('\n'));
      const m = r.manifest;
      expect(m.variants.map((v) => v.target)).toEqual(['cpu', 'gpu']);
      for (const v of m.variants) {
        expect(v.steps.length).toBe(v.dispatches);
        // Labels are module paths: Kiln's own, or diffusers' for a diffusers-form spec.
        const [first, last] = diffusersForm(f)
          ? ['time_proj: time_sincos', 'conv_out: fused_conv2d']
          : ['time_mlp: time_sincos', 'out_conv: fused_conv2d'];
        expect(stepLabels(m, v.target)[0]).toBe(first);
        expect(stepLabels(m, v.target).at(-1)).toBe(last);
        expect(m.flops).toBe(v.steps.reduce((a, s) => a + s.flops, 0));
      }
      expect(m.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  it('reports steps and totals that disagree, by field', () => {
    const m = JSON.parse(text('seed-unet-s'));
    const cpu = m.variants[0];
    m.flops += 1;
    cpu.steps[3].kernel = 'source/cpu/kernels/99_nope.wgsl';
    cpu.steps.pop();
    m.variants[1].target = 'cpu';
    m.weightsSha256 = 'abc';
    const r = parseManifest(JSON.stringify(m));
    const sum = (steps: Record<string, number>[], key: 'flops' | 'bytes') =>
      steps.reduce((a, s) => a + s[key]!, 0);
    expect(r.ok ? [] : r.problems).toEqual([
      'weightsSha256: must be 64 lowercase hex digits',
      `variants[0].steps: ${cpu.steps.length} steps for ${cpu.dispatches} dispatches`,
      "variants[0].steps[3].kernel: source/cpu/kernels/99_nope.wgsl is not one of the variant's kernels",
      `flops: ${m.flops} is not the sum over the cpu steps (${sum(cpu.steps, 'flops')})`,
      `bytes: ${m.bytes} is not the sum over the cpu steps (${sum(cpu.steps, 'bytes')})`,
      'variants[1].target: cpu is listed twice',
      `flops: ${m.flops} is not the sum over the cpu steps (${sum(m.variants[1].steps, 'flops')})`,
    ]);
  });
});
