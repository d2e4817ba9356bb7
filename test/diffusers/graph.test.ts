/**
 * compiler/diffusers/graph.ts: a diffusers network the op table already covers (unet2d-flat:
 * one level, no attention, the seed's sinusoid) compiles from its spec and a diffusers-named
 * checkpoint and runs on lavapipe, matching the PyTorch reference within the project's parity
 * rule (max|kiln - torch| <= 1e-4 max|torch|); every other spec is refused with its missing ops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDiffusersGraph } from '../../compiler/diffusers/graph.js';
import { diffusersWeights, stateDictShapes } from '../../compiler/diffusers/keys.js';
import { validateDiffusersSpec } from '../../compiler/diffusers/spec.js';
import { paramsOf } from '../../compiler/ir/graph.js';
import { isKilnError } from '../../runtime/errors.js';
import { toFloat32 } from '../../runtime/safetensors.js';
import { readSafetensorsFile } from '../../runtime/safetensors-file.js';
import { expectClose, FIXTURES, runGraph } from '../helpers/gpu.js';

const DIR = join(FIXTURES, 'diffusers');
const spec = (c: string) =>
  validateDiffusersSpec(JSON.parse(readFileSync(join(DIR, c, 'spec.json'), 'utf8')));

describe('buildDiffusersGraph', () => {
  it("declares diffusers' state_dict, in its order, as the graph's params", () => {
    const s = spec('unet2d-flat');
    expect(paramsOf(buildDiffusersGraph(s)).map((p) => [p.attrs.name, [...p.shape]])).toEqual(
      stateDictShapes(s).map((t) => [t.name, [...t.shape]]),
    );
  });

  it('refuses a spec whose ops are not built yet, naming them', () => {
    try {
      buildDiffusersGraph(spec('unet2d-attn'), 's.json');
      expect.unreachable();
    } catch (e) {
      expect(isKilnError(e) && e.lines).toEqual([
        's.json: diffusers: kiln compile needs IR ops not built yet: time_sincos with flip and shift attributes (time_proj), channel_linear (to_q/to_k/to_v/to_out.0 over NCHW channels) (4 modules), upsample_nearest2x (up_blocks.0.upsamplers.0)',
      ]);
    }
  });

  it.each([
    // Both kernel targets and both fusion modes, in two compiles (all four pass; each costs ~15 s).
    [false, 'cpu'],
    [true, 'gpu'],
  ] as const)('unet2d-flat runs on lavapipe as the PyTorch reference does (fused %s, %s kernels)', async (fuse, target) => {
    const s = spec('unet2d-flat');
    const file = await readSafetensorsFile(join(DIR, 'unet2d-flat', 'weights.safetensors'));
    const io = await readSafetensorsFile(join(DIR, 'unet2d-flat', 'io.safetensors'));
    const get = (n: string) => toFloat32(io.tensors.get(n)!, 'io');
    const inputs = new Map([
      ['x', get('x')],
      ['t', get('t')],
    ]);
    const got = await runGraph(
      buildDiffusersGraph(s),
      diffusersWeights(s, file),
      inputs,
      fuse,
      target,
    );
    expectClose(got.out!, get('out'));
  });
});
