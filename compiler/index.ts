/**
 * The compiler's front door: spec -> graph -> program -> bundle files. Pure of I/O except for
 * reading nothing; callers decide where the files go.
 */
import { createHash } from 'node:crypto';
import { serializeSafetensors, type Safetensors } from '../runtime/format/safetensors.js';
import { readFileSync } from 'node:fs';
import { bundleModel, WGSL_DTS, type BundleFiles } from './emit/bundle.js';
import { programLimits } from './emit/limits.js';
import { emitModelEntry, type EmittedVariant, variantDir } from './emit/model.js';
import { f16WeightsProgram } from './lower/f16-weights.js';
import { GENERATED_HEADER } from './emit/text.js';
import { paramsOf, type Graph } from './ir/graph.js';
import { printGraph } from './ir/print.js';
import { lower } from './lower/index.js';
import { planMemory } from './plan/memory.js';
import { runPasses, type PassOptions } from './passes/index.js';
import { TARGETS, type Program, type Target } from './lower/kernel.js';
import { type AnySpec, buildAnyGraph, isDiffusersSpec, loadWeights } from './spec/any.js';
import {
  BUNDLE_FORMAT,
  type Conditioning,
  type Manifest,
  type Precision,
  type TensorSpec,
} from '../runtime/format/manifest.js';
import { KILN_VERSION } from './version.js';
import { stepFacts, totals } from './facts.js';
import { checkLimits } from './plan/limits.js';
import { KilnError } from '../runtime/errors.js';
import { emitRunner } from './emit/runner.js';
import { nonFinite } from '../src/host/numerics.js';
import { initWeights } from './weights/init.js';
import { toF16 } from './weights/f16.js';

export interface CompileOptions {
  /** A parsed .safetensors file with the model's weights; checked against the graph. */
  readonly weights?: { readonly file: Safetensors; readonly source: string };
  /** Seed for generated weights when `weights` is absent. */
  readonly seed?: number;
  /** Fusion passes on (default) or off (`--no-fuse`), and IR dumps. */
  readonly passes?: PassOptions;
  /**
   * Build only this kernel variant (`--target`). Default: every variant (cpu for software
   * adapters, gpu for real GPUs), picked by model.mjs at load from the adapter.
   */
  readonly target?: Target;
  /**
   * A class-conditional spec's default guidance scale, and where it came from (`--guidance`,
   * the training recipe). Default: 1, plain conditional sampling.
   */
  readonly guidance?: { readonly scale: number; readonly source: string };
  /** How the weights file stores the weights (default f32; f16 halves it). */
  readonly precision?: Precision;
}

/** Classes of a class-conditional graph: its embedding table has one row more (the null label). */
export function graphClasses(g: Graph): number | undefined {
  const e = g.nodes.find((n) => n.op === 'embedding');
  return e ? g.nodes[e.inputs[1]!]!.shape[0]! - 1 : undefined;
}

export interface Compiled {
  readonly spec: AnySpec;
  /** The graph after the passes. */
  readonly graph: Graph;
  /** The first variant's program (cpu, unless `target` says otherwise). */
  readonly program: Program;
  readonly programs: ReadonlyMap<Target, Program>;
  readonly files: BundleFiles;
  readonly manifest: Manifest;
}

export type { Manifest, TensorSpec };

export function expectedParams(g: Graph) {
  return paramsOf(g).map((p) => ({ name: p.attrs.name, shape: p.shape }));
}

/** Either spec form (spec/any.ts). */
export async function compile(spec: AnySpec, opts: CompileOptions = {}): Promise<Compiled> {
  const graph = buildAnyGraph(spec);
  const weights = opts.weights
    ? checkFinite(
        loadWeights(spec, graph, opts.weights.file, opts.weights.source),
        expectedParams(graph),
        opts.weights.source,
      )
    : initWeights(graph, opts.seed ?? 0);
  const weightsSource = opts.weights ? 'checkpoint' : `kiln init --seed ${opts.seed ?? 0}`;
  const c = await compileGraph(
    graph,
    weights,
    weightsSource,
    opts.passes,
    opts.target ? [opts.target] : TARGETS,
    opts.guidance,
    !isDiffusersSpec(spec),
    { precision: opts.precision ?? 'f32', source: opts.weights?.source ?? weightsSource },
  );
  c.files.set('spec.json', `${JSON.stringify(spec, null, 2)}\n`);
  return { spec, ...c };
}

const DEMO_HTML = readFileSync(new URL('./emit/demo.html', import.meta.url), 'utf8');

/** Indented JSON with number arrays (shapes, workgroups) kept on one line, for reading. */
function manifestText(m: Manifest): string {
  const text = JSON.stringify(m, null, 2).replace(
    /\[\s+(-?\d+(?:,\s+-?\d+)*)\s+\]/g,
    (_, nums: string) => `[${nums.split(/,\s+/).join(', ')}]`,
  );
  return `${text}\n`;
}

function weightOf(weights: ReadonlyMap<string, Float32Array>, name: string): Float32Array {
  const w = weights.get(name);
  // checkTensors / initWeights cover every param: a gap here is a bug, not bad input.
  if (!w) throw new Error(`no data for weight ${name}`);
  return w;
}

/** A checkpoint with NaN or Inf in it would compile into a bundle that outputs garbage. */
function checkFinite(
  weights: Map<string, Float32Array>,
  params: readonly { name: string; shape: readonly number[] }[],
  source: string,
): Map<string, Float32Array> {
  const bad = params.flatMap((p) => {
    const line = nonFinite(p.name, p.shape, weightOf(weights, p.name));
    return line ? [`${source}: ${line}; weights must be finite`] : [];
  });
  if (bad.length > 0) throw new KilnError('WEIGHTS_INVALID', bad);
  return weights;
}

/**
 * Hex sha256 of the weights file, fed 1 GiB at a time: Hash.update refuses one input of 2 GiB or
 * more ("data is too long"), and an SD-sized weights file is 3.4 GB.
 */
function sha256Hex(bytes: Uint8Array): string {
  const h = createHash('sha256');
  for (let at = 0; at < bytes.length; at += 2 ** 30) h.update(bytes.subarray(at, at + 2 ** 30));
  return h.digest('hex');
}

/** Any graph (a whole U-Net or a single op under test) with its weights -> bundle files. */
export async function compileGraph(
  built: Graph,
  weights: ReadonlyMap<string, Float32Array>,
  weightsSource: string,
  passes: PassOptions = {},
  targets: readonly Target[] = TARGETS,
  guidance: CompileOptions['guidance'] = undefined,
  /**
   * Whether a class table ends in the null label (Kiln's `classes`) and so states conditioning
   * for guided sampling; a diffusers num_class_embeds table has none (forward() takes label).
   */
  nullLabel = true,
  /** How the weights file stores them, and how an error names the weights (their file). */
  storage: { readonly precision: Precision; readonly source: string } = {
    precision: 'f32',
    source: weightsSource,
  },
) {
  const { precision } = storage;
  const graph = runPasses(built, passes);
  const classes = nullLabel ? graphClasses(built) : undefined;
  const conditioning: Conditioning | undefined =
    classes === undefined
      ? undefined
      : {
          classes,
          guidance: guidance?.scale ?? 1,
          guidanceSource: guidance?.source ?? 'default (1: no guidance)',
        };
  // Temps share slot buffers by liveness (compiler/plan/memory.ts): allocated once, by the runner.
  const variants: EmittedVariant[] = targets.map((target) => {
    const lowered = lower(graph, target, { reference: passes.fuse === false });
    checkLimits(lowered);
    const { program } = planMemory(lowered);
    return {
      target,
      program,
      limits: programLimits(program),
      steps: stepFacts(program, target),
      // The same dispatches reading f16 weights; its limits are the f32 ones' (smaller buffers).
      ...(precision === 'f16' ? { f16: f16WeightsProgram(program) } : {}),
    };
  });
  const expected = expectedParams(built);
  const tensor = (b: { name: string; shape: readonly number[]; dtype?: 'i32' }): TensorSpec => ({
    name: b.name,
    shape: [...b.shape],
    dtype: b.dtype === 'i32' ? 'I32' : 'F32',
  });
  const first = variants[0]!;
  const weightsFile = serializeSafetensors(
    expected.map((p) => {
      const data = weightOf(weights, p.name);
      return {
        name: p.name,
        shape: p.shape,
        data: precision === 'f16' ? toF16(p.name, data, storage.source) : data,
      };
    }),
    { format: 'pt', producer: `kiln ${KILN_VERSION}` },
  );
  const manifest: Manifest = {
    kiln: KILN_VERSION,
    format: BUNDLE_FORMAT,
    name: graph.name,
    model: 'model.mjs',
    types: 'model.d.mts',
    demo: 'index.html',
    weights: 'weights.safetensors',
    weightsSource,
    weightsSha256: sha256Hex(weightsFile),
    precision,
    inputs: first.program.buffers.filter((b) => b.kind === 'input').map(tensor),
    ...(conditioning ? { conditioning } : {}),
    outputs: first.program.buffers.filter((b) => b.kind === 'output').map(tensor),
    params: expected.map(tensor),
    fused: passes.fuse !== false,
    ...totals(first.steps),
    variants: variants.map(({ target, program, limits, steps, f16 }) => ({
      target,
      runner: `source/${target}/runner.ts`,
      dispatches: program.steps.length,
      kernels: program.kernels.map((k) => `source/${target}/kernels/${k.file}`),
      limits: { ...limits },
      steps: [...steps],
      ...(f16
        ? {
            f16: {
              runner: `source/${variantDir(target, true)}/runner.ts`,
              kernels: f16.kernels.map(
                (k) => `source/${variantDir(target, true)}/kernels/${k.file}`,
              ),
            },
          }
        : {}),
    })),
  };

  // Loaded here, not at the top: ts-morph (types.ts) takes about a second to load, and `kiln
  // --help`, a bad flag or `kiln run` should not wait for it.
  const { emitModelTypes } = await import('./emit/types.js');
  const files: BundleFiles = new Map();
  files.set('manifest.json', manifestText(manifest));
  files.set('model.ir', `# ${GENERATED_HEADER}\n${printGraph(graph)}`);
  for (const { target, program, f16 } of variants)
    for (const [dir, p] of [
      [target, program],
      ...(f16 ? [[variantDir(target, true), f16] as const] : []),
    ] as const) {
      for (const k of p.kernels)
        files.set(`source/${dir}/kernels/${k.file}`, `// ${GENERATED_HEADER}\n${k.wgsl}`);
      files.set(`source/${dir}/runner.ts`, emitRunner(p, KILN_VERSION));
    }
  files.set('source/wgsl.d.ts', WGSL_DTS);
  files.set(
    'source/model.ts',
    emitModelEntry(graph.name, KILN_VERSION, manifest.weights, variants, conditioning),
  );
  files.set('model.mjs', await bundleModel(files));
  files.set('model.d.mts', emitModelTypes(files, graph.name, KILN_VERSION));
  files.set('index.html', DEMO_HTML);
  files.set('weights.safetensors', weightsFile);
  return {
    graph,
    program: first.program,
    programs: new Map(variants.map((v) => [v.target, v.program] as const)),
    files,
    manifest,
  };
}
