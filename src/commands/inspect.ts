import { gzipSync } from 'node:zlib';
import { minifyWgsl } from '../../compiler/emit/minify-wgsl.js';
import { compile } from '../../compiler/index.js';
import { printGraph } from '../../compiler/ir/print.js';
import { graphStats } from '../../compiler/ir/stats.js';
import { stepFacts, totals } from '../../compiler/facts.js';
import { lower } from '../../compiler/lower/index.js';
import { planMemory } from '../../compiler/plan/memory.js';
import { runPasses } from '../../compiler/passes/index.js';
import { type AnySpec, buildAnyGraph, readAnySpecFile } from '../../compiler/spec/any.js';
import type { Parsed } from '../args.js';

/** Everything `kiln inspect` reports about a spec (its --json output, and the library's inspect). */
export async function inspectSpec(spec: AnySpec) {
  const graph = buildAnyGraph(spec);
  const passed = runPasses(graph);
  const program = lower(passed);
  // Params from the graph as built (the passes keep every weight); FLOPs and bytes per step
  // from the program that runs, exactly as the manifest records them.
  const { params, activationBytes } = graphStats(graph);
  const steps = stepFacts(program, 'cpu');
  const plan = planMemory(program).stats;

  // The bundle as `kiln compile` writes it (both variants), built in memory for its size.
  const compiled = await compile(spec, { seed: 0 });
  const modelMjs = String(compiled.files.get('model.mjs'));
  const wgsl = [...compiled.files].filter(([p]) => p.endsWith('.wgsl')).map(([, t]) => String(t));
  return {
    name: spec.name,
    params,
    ...totals(steps),
    activationBytes,
    plannedActivationBytes: plan.plannedBytes,
    unplannedActivationBytes: plan.unplannedBytes,
    slots: plan.slots,
    dispatches: program.steps.length,
    kernels: program.kernels.length,
    steps,
    bundle: {
      modelBytes: Buffer.byteLength(modelMjs),
      modelGzipBytes: gzipSync(modelMjs, { level: 9 }).length,
      wgslSourceBytes: wgsl.reduce((n, t) => n + Buffer.byteLength(t), 0),
      wgslShippedBytes: wgsl.reduce((n, t) => n + Buffer.byteLength(minifyWgsl(t)), 0),
      variants: compiled.manifest.variants.map((v) => v.target),
    },
    ir: printGraph(graph),
    irAfterPasses: printGraph(passed),
  };
}

export async function runInspect(
  { positional, flags }: Parsed,
  print: (s: string) => void,
): Promise<void> {
  const r = await inspectSpec(await readAnySpecFile(positional[0]!));
  const bundle = r.bundle;
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

  if (flags.has('json')) {
    print(JSON.stringify(r, null, 2));
    return;
  }
  const lines = [
    '# IR as built',
    r.ir.trimEnd(),
    '',
    '# IR after the passes (what is lowered)',
    r.irAfterPasses.trimEnd(),
    '',
    `params:      ${r.params.toLocaleString('en-US')}`,
    `FLOPs:       ${(r.flops / 1e9).toFixed(3)} G per forward`,
    `bytes moved: ${(r.bytes / 2 ** 20).toFixed(2)} MiB per forward (every operand read once, every output written once)`,
    `activations: ${(r.plannedActivationBytes / 2 ** 20).toFixed(2)} MiB planned (${r.slots} slots) vs ${(r.unplannedActivationBytes / 2 ** 20).toFixed(2)} MiB unplanned`,
    `dispatches:  ${r.dispatches} per forward, ${r.kernels} distinct kernels`,
    `model.mjs:   ${kib(bundle.modelBytes)} raw, ${kib(bundle.modelGzipBytes)} gzipped (${bundle.variants.join(' and ')} kernels; WGSL ${kib(bundle.wgslSourceBytes)} in source/, ${kib(bundle.wgslShippedBytes)} shipped without comments and whitespace)`,
    '',
    `  ${'#'.padStart(3)}  ${'kernel'.padEnd(26)} ${'workgroups'.padEnd(10)} ${'MFLOPs'.padStart(9)} ${'KiB'.padStart(8)}  spec node: op`,
    ...r.steps.map(
      (d, i) =>
        `  ${String(i).padStart(3)}  ${d.kernel.replace(/^.*\//, '').padEnd(26)} ${d.workgroups.join('x').padEnd(10)} ${(d.flops / 1e6).toFixed(2).padStart(9)} ${(d.bytes / 1024).toFixed(1).padStart(8)}  ${d.label}: ${d.op}`,
    ),
  ];
  print(lines.join('\n'));
}
