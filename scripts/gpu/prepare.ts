/**
 * The pack-time half of the real-GPU benchmark (called by scripts/gpu/pack.sh, on lavapipe):
 *
 *   npx tsx scripts/gpu/prepare.ts <.gpu dir> <work dir> [--configs S,M] [--batches 1,16]
 *
 * For each bench config (scripts/bench/configs) and batch it compiles `--target gpu` and
 * `--target cpu` bundles with seed-0 weights, runs the reference one(s) here on a seeded input,
 * and writes to <.gpu dir>:
 * - bundles/<key>-<target>/ (manifest, runner, spec; no weights: the device regenerates them
 *   from the spec and seed, which keeps the pack small),
 * - cases/<key>/ref.safetensors (the lavapipe output out_cpu, and out_gpu if asked; the inputs
 *   are regenerated on the device from their seed),
 * - cases/<key>/model.onnx (the reference U-Net exported by scripts/export_onnx.py with the
 *   same weights, pointed at external data by onnx_external.py), when /usr/bin/python3 has torch,
 * - cases.json (what device-bench.ts reads).
 */
import { execFileSync } from 'node:child_process';
import { gitCommit } from '../bench/git-commit.js';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compile } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { buildGraph } from '../../compiler/ir/build.js';
import { graphStats } from '../../compiler/ir/stats.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { loadBundle, runBundle } from '../../src/host/bundle.js';
import { createGpu } from '../../src/host/device.js';
import { relErr } from '../../src/host/parity.js';
import { toFloat32 } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile, writeSafetensorsFile } from '../../src/host/safetensors-file.js';
import { randomInputs } from '../../src/random-inputs.js';
import { systemPythonHasTorch } from '../bench/ort.js';
import { CACHE_DIR, onnxPath, refPath } from './cache.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SEED = 0;
const INPUT_SEED = 1;
const TARGETS = ['gpu', 'cpu'] as const;
/**
 * Which bundles get a lavapipe reference output (out_<target>). The cpu one by default: the gpu
 * kernels run ~10x slower than it on lavapipe, and the parity tests already hold the two
 * targets to 1e-4 of PyTorch and so of each other. KILN_GPU_REF=gpu,cpu runs both.
 */
const RUN_HERE = (process.env.KILN_GPU_REF ?? 'cpu').split(',');
/**
 * Cases above this many GFLOP per forward get no lavapipe reference (M at batch 1 took 11
 * minutes on the loaded shared 2-core machine, M at batch 16 would take hours); the device then
 * checks them against each other (Kiln gpu vs Kiln cpu vs ORT-Web), while S at batch 1 ties
 * them to lavapipe.
 */
const REF_MAX_GFLOP = Number(process.env.KILN_GPU_REF_MAX_GFLOP ?? 1);

async function main() {
  const [dir, work, ...rest] = process.argv.slice(2);
  if (!dir || !work)
    throw new Error('usage: prepare.ts <.gpu dir> <work dir> [--configs S,M] [--batches 1,16]');
  const list = (name: string, fallback: string) => {
    const i = rest.indexOf(`--${name}`);
    return (i >= 0 ? rest[i + 1]! : fallback).split(',').filter(Boolean);
  };
  const configs = list('configs', 'S,M');
  const batches = list('batches', '1,16').map(Number);
  const torch = systemPythonHasTorch();
  if (!torch) console.error('prepare: /usr/bin/python3 has no torch: no ONNX models, no ORT rows');
  const gpu = await createGpu();
  const cases = [];
  for (const config of configs) {
    const base = JSON.parse(
      await readFile(join(ROOT, 'scripts', 'bench', 'configs', `${config}.json`), 'utf8'),
    ) as { name: string; input: { batch: number } };
    for (const batch of batches) {
      const key = `${config}-b${batch}`;
      const specPath = join(work, `${key}.spec.json`);
      await mkdir(work, { recursive: true });
      await writeFile(
        specPath,
        `${JSON.stringify({ ...base, name: `${base.name}-b${batch}`, input: { ...base.input, batch } }, null, 2)}\n`,
      );
      const spec = await readSpecFile(specPath);
      const flops = graphStats(buildGraph(spec)).flops;
      const caseDir = join(dir, 'cases', key);
      await mkdir(caseDir, { recursive: true });
      await copyFile(specPath, join(caseDir, 'spec.json'));
      const ref = new Map<string, { shape: number[]; data: Float32Array }>();
      const bundles: Record<string, string> = {};
      // One bundle with both kernel variants; the device loads each by name.
      const c = await compile(spec, { seed: SEED });
      const bdir = join(work, key);
      await writeBundleDir(bdir, c.files);
      const rel = join('bundles', key);
      await mkdir(join(dir, rel), { recursive: true });
      for (const f of ['manifest.json', 'model.mjs', 'spec.json'])
        await copyFile(join(bdir, f), join(dir, rel, f));
      const inputs = randomInputs(c.manifest.inputs, INPUT_SEED);
      const xShape = [...c.manifest.inputs.find((t) => t.name === 'x')!.shape];
      for (const target of TARGETS) {
        bundles[target] = rel;
        if (RUN_HERE.includes(target) && flops <= REF_MAX_GFLOP * 1e9) {
          const cached = await refPath(bdir, target, `seed=${SEED} input=${INPUT_SEED}`);
          let out: Float32Array;
          if (existsSync(cached)) {
            out = toFloat32((await readSafetensorsFile(cached)).tensors.get('out')!, cached);
            console.error(`prepare: ${key} ${target}: lavapipe output from ${cached}`);
          } else {
            const t0 = performance.now();
            const b = await loadBundle(bdir, { device: gpu.device, variant: target });
            out = (await runBundle(b, inputs)).out!;
            b.model.destroy();
            console.error(
              `prepare: ${key} ${target}: lavapipe forward ${((performance.now() - t0) / 1000).toFixed(1)} s (with shader compile)`,
            );
            await mkdir(CACHE_DIR, { recursive: true });
            await writeSafetensorsFile(cached, [
              { name: 'out', shape: [...c.manifest.outputs[0]!.shape], data: out },
            ]);
          }
          ref.set(`out_${target}`, { shape: [...c.manifest.outputs[0]!.shape], data: out });
        }
      }
      if (torch) {
        const cached = await onnxPath(bdir, SEED);
        if (!existsSync(cached)) {
          const full = join(work, `${key}.full.onnx`);
          execFileSync(
            '/usr/bin/python3',
            [join(ROOT, 'scripts', 'export_onnx.py'), bdir, full, specPath],
            {
              stdio: ['ignore', 'ignore', 'inherit'],
            },
          );
          const params = join(work, `${key}.params.json`);
          await writeFile(params, JSON.stringify(c.manifest.params.map((p) => p.name)));
          await mkdir(CACHE_DIR, { recursive: true });
          execFileSync(
            '/usr/bin/python3',
            [
              join(ROOT, 'scripts', 'gpu', 'onnx_external.py'),
              full,
              join(bdir, 'weights.safetensors'),
              params,
              `${cached}.tmp`,
            ],
            { stdio: ['ignore', 'inherit', 'inherit'] },
          );
          await rename(`${cached}.tmp`, cached);
        }
        await copyFile(cached, join(caseDir, 'model.onnx'));
      }
      if (ref.has('out_gpu') && ref.has('out_cpu')) {
        const a = ref.get('out_gpu')!.data;
        const b = ref.get('out_cpu')!.data;
        const rel = relErr(a, b);
        console.error(
          `prepare: ${key}: lavapipe gpu vs cpu bundle output: ${rel.toExponential(2)}`,
        );
        if (!(rel <= 1e-4))
          throw new Error(`${key}: the gpu and cpu bundles disagree on lavapipe (${rel})`);
      }
      await writeSafetensorsFile(
        join(caseDir, 'ref.safetensors'),
        [...ref].map(([name, t]) => ({ name, shape: t.shape, data: t.data })),
      );
      cases.push({
        key,
        config,
        batch,
        flops,
        seed: SEED,
        inputSeed: INPUT_SEED,
        xShape,
        spec: join('cases', key, 'spec.json'),
        ref: join('cases', key, 'ref.safetensors'),
        onnx: torch ? join('cases', key, 'model.onnx') : null,
        bundles,
      });
    }
  }
  await writeFile(
    join(dir, 'cases.json'),
    `${JSON.stringify({ commit: gitCommit(ROOT), packedAt: new Date().toISOString(), lavapipe: gpu.adapter, cases }, null, 2)}\n`,
  );
  gpu.device.destroy();
}

main().catch((e) => {
  console.error(`prepare: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
