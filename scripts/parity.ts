/**
 * Parity sweep against PyTorch on nets the tests have never seen:
 *   /usr/bin/python3 test/golden/make_fixtures.py --random 12 --seed 1 --out /tmp/kiln-rand
 *   npx tsx scripts/parity.ts /tmp/kiln-rand [--precision f16]
 * or on every spec in specs/ (test/golden/make_spec_references.py --out DIR).
 * Each DIR/cfg_<i>/ holds spec.json, weights.safetensors and io.safetensors (the inputs, out).
 * Every config is compiled with its weights, run on the adapter, and compared with the project's
 * rule max|kiln - torch| <= 1e-4 * max|torch|; with `--precision f16` (weights stored as f16,
 * rounded once) the rule is 1e-2. Exits 1 if any config fails.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../compiler/index.js';
import { writeBundleDir } from '../compiler/emit/bundle.js';
import { loadBundle, runBundle } from '../src/host/bundle.js';
import { createGpu } from '../src/host/device.js';
import { relErr } from '../src/host/parity.js';
import { checkTensors } from '../runtime/format/safetensors.js';
import { readSafetensorsFile } from '../src/host/safetensors-file.js';
import { type AnySpec, readAnySpecFile } from '../compiler/spec/any.js';

function describeNet(spec: AnySpec): string {
  if ('diffusers' in spec)
    return `B${spec.input.batch} ${spec.input.channels}x${spec.input.height}x${spec.input.width} diffusers ${spec.diffusers.class} levels [${spec.diffusers.levels.map((l) => l.channels)}]`;
  const u = spec.unet;
  const net = u
    ? `${u.outChannels} ${spec.input.height}x${spec.input.width} base ${u.baseChannels} mults [${u.channelMults}] T${u.timeDim} G${u.groups} heads ${u.attentionHeads}`
    : `${spec.blocks.outChannels} ${spec.input.height}x${spec.input.width} levels [${spec.blocks.levels.map((l) => `${l.channels}x${l.resBlocks}${l.attentionHeads ? `+a${l.attentionHeads}` : ''}`)}] T${spec.blocks.timeDim} G${spec.blocks.groups}`;
  return `B${spec.input.batch} ${spec.input.channels}->${net}`;
}

const [root, flag, precision = 'f32'] = process.argv.slice(2);
if (
  !root ||
  (flag !== undefined && flag !== '--precision') ||
  !['f32', 'f16'].includes(precision)
) {
  console.error('usage: tsx scripts/parity.ts <dir with cfg_<i> dirs> [--precision f32|f16]');
  process.exit(2);
}
const tolerance = precision === 'f16' ? 1e-2 : 1e-4;
const gpu = await createGpu();
const tmp = await mkdtemp(join(tmpdir(), 'kiln-parity-'));
let failed = 0;
for (const cfg of (await readdir(root)).filter((d) => d.startsWith('cfg_')).sort()) {
  const dir = join(root, cfg);
  const spec = await readAnySpecFile(join(dir, 'spec.json'));
  const wPath = join(dir, 'weights.safetensors');
  const c = await compile(spec, {
    weights: { file: await readSafetensorsFile(wPath), source: wPath },
    precision: precision as 'f32' | 'f16',
  });
  await writeBundleDir(join(tmp, cfg), c.files);
  const io = checkTensors(
    await readSafetensorsFile(join(dir, 'io.safetensors')),
    [...c.manifest.inputs, ...c.manifest.outputs],
    'io',
    'INPUT_INVALID',
  );
  const want = io.get('out')!;
  const weightBytes = c.files.get('weights.safetensors')!.length;
  // An f16 bundle runs both ways: weights f16 on the GPU (shader-f16), and widened to f32.
  for (const gpuWeights of precision === 'f16' ? (['f16', 'f32'] as const) : [undefined]) {
    const b = await loadBundle(join(tmp, cfg), { device: gpu.device, gpuWeights });
    const rel = relErr((await runBundle(b, io)).out!, want);
    const ok = rel <= tolerance;
    if (!ok) failed++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${cfg}: rel ${rel.toExponential(2)}  ${precision} weights ${weightBytes} bytes${gpuWeights ? ` (${gpuWeights} on the GPU, ${b.model.info.variant} kernels)` : ''}  ${describeNet(spec)}`,
    );
    b.model.destroy();
  }
}
await rm(tmp, { recursive: true, force: true });
gpu.device.destroy();
process.exit(failed ? 1 : 0);
