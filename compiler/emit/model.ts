/**
 * source/model.ts: the entry esbuild bundles into model.mjs. It imports one generated runner per
 * kernel variant (source/<target>/runner.ts) and the runtime (`kiln/runtime/*`, resolved to
 * runtime/ at bundle time), and exports `load`, the input/output shapes, KilnError and
 * isKilnError, and the image helpers (toRGBA, encodePNG).
 */
import type { Program } from '../lower/kernel.js';
import { LANE_CONV } from '../lower/schedule.js';
import type { Limits } from '../../runtime/format/limits.js';
import type { Conditioning, ManifestStep, Target } from '../../runtime/format/manifest.js';
import { GENERATED_HEADER, quoted } from './text.js';

export interface EmittedVariant {
  readonly target: Target;
  readonly program: Program;
  readonly limits: Limits;
  readonly steps: readonly ManifestStep[];
  /** An f16 bundle's twin program: the weights f16 on the GPU (lower/f16-weights.ts). */
  readonly f16?: Program;
}

/** Where a variant's runner and kernels live in a bundle: source/<dir>/. */
export const variantDir = (target: Target, f16 = false) => (f16 ? `${target}_f16` : target);

/** WGSL extensions whose WebGPU feature has another name. */
const FEATURE_OF: Readonly<Record<string, string>> = { f16: 'shader-f16' };

/** The WebGPU features a variant's kernels enable (WGSL `enable <extension>;`). */
export function programFeatures(p: Program): string[] {
  const found = new Set<string>();
  for (const k of p.kernels)
    for (const m of k.wgsl.matchAll(/^enable (\w+);/gm)) found.add(FEATURE_OF[m[1]!] ?? m[1]!);
  return [...found].sort();
}

export function emitModelEntry(
  name: string,
  kilnVersion: string,
  weightsFile: string,
  variants: readonly EmittedVariant[],
  conditioning?: Conditioning,
): string {
  const first = variants[0]!.target;
  const lines = [
    `// ${GENERATED_HEADER}`,
    `// kiln ${kilnVersion}, spec ${quoted(name)}: the entry of model.mjs, with the kernel variants ${variants.map((v) => v.target).join(', ')}`,
    "import type { LoadOptions, Model } from 'kiln/runtime/api';",
    "import { tableParams } from 'kiln/runtime/format/runner-table';",
    "import { runnerClass } from 'kiln/runtime/interpreter';",
    "import { createLoad } from 'kiln/runtime/load';",
    `import type { InputName, OutputName } from './${first}/runner.js';`,
    ...variants.flatMap((v) => [
      `import ${v.target} from './${v.target}/runner.js';`,
      ...(v.f16
        ? [`import ${variantDir(v.target, true)} from './${variantDir(v.target, true)}/runner.js';`]
        : []),
    ]),
    '',
    "export { KilnError, isKilnError } from 'kiln/runtime/errors';",
    "export { encodePNG, toRGBA } from 'kiln/runtime/image';",
    '// The shapes are the same in every variant.',
    `export { INPUTS, OUTPUTS, type InputName, type OutputName } from './${first}/runner.js';`,
    '',
    '/**',
    ` * Loads ${quoted(name)}: weights (default: ${weightsFile} next to this file), a device, the kernel`,
    ' * variant for its adapter, and every pipeline. See LoadOptions.',
    ' */',
    'export const load: (options?: LoadOptions) => Promise<Model<InputName, OutputName>> = createLoad({',
    `  name: ${JSON.stringify(name)},`,
    `  kiln: ${JSON.stringify(kilnVersion)},`,
    `  inputs: ${first}.inputs,`,
    `  outputs: ${first}.outputs,`,
    `  params: tableParams(${first}),`,
    ...(variants[0]!.program.buffers.some((b) => b.kind === 'input' && b.dtype === 'i32')
      ? [
          `  int32Inputs: ${JSON.stringify(variants[0]!.program.buffers.filter((b) => b.kind === 'input' && b.dtype === 'i32').map((b) => b.name))},`,
        ]
      : []),
    ...(conditioning
      ? [
          `  conditioning: { classes: ${conditioning.classes}, guidance: ${conditioning.guidance} },`,
        ]
      : []),
    `  defaultWeights: () => new URL(${JSON.stringify(`./${weightsFile}`)}, import.meta.url),`,
    ...(variants.some((v) => v.f16) ? ["  precision: 'f16',"] : []),
    '  variants: {',
    ...variants.map((v) => {
      const features = programFeatures(v.program);
      const limits = Object.entries(v.limits)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ');
      // The cpu kernels pass data between a workgroup's lanes by subgroupBroadcast, so their
      // subgroups must hold a whole workgroup (kernels/cpu/lanes.ts).
      const subgroups = features.includes('subgroups')
        ? `, subgroupMinSize: ${LANE_CONV.lanes}`
        : '';
      const featureList = features.length > 0 ? `, features: ${JSON.stringify(features)}` : '';
      const twin = v.f16
        ? `, f16: { runner: runnerClass(${variantDir(v.target, true)}), features: ${JSON.stringify(programFeatures(v.f16))} }`
        : '';
      return `    ${v.target}: { runner: runnerClass(${v.target}), limits: { ${limits} }${featureList}${subgroups}${twin} },`;
    }),
    '  },',
    '});',
    '',
  ];
  return lines.join('\n');
}
