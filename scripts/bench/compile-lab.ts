/**
 * What one shader costs the driver to compile: each WGSL file given is made into a pipeline and
 * dispatched once (one workgroup, zero-filled buffers), and the wall time of that first dispatch
 * is printed. lavapipe compiles at the first dispatch (LLVM), so this is the compile. Run it with
 * the Mesa cache off, on a quiet machine:
 *
 *   MESA_SHADER_CACHE_DISABLE=true npx tsx scripts/bench/compile-lab.ts a.wgsl b.wgsl
 *
 * A `--repeat N` flag compiles each file N times (a comment makes each copy new to the driver)
 * and prints the median.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createGpu } from '../../src/host/device.js';

const BINDING = /@binding\((\d+)\)\s*var<(storage, read_write|storage, read|uniform)>/g;
const KIND = {
  uniform: 'uniform',
  'storage, read': 'read-only-storage',
  'storage, read_write': 'storage',
} as const;

async function compileMs(device: GPUDevice, wgsl: string): Promise<number> {
  const t0 = performance.now();
  const module = device.createShaderModule({ code: wgsl });
  // An explicit layout, so that a variant that stops reading a binding still binds it.
  const bindings = [...wgsl.matchAll(BINDING)];
  const layout = device.createBindGroupLayout({
    entries: bindings.map((m) => ({
      binding: Number(m[1]),
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: KIND[m[2] as keyof typeof KIND] },
    })),
  });
  const pipeline = device.createComputePipeline({
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main' },
  });
  const buffers: GPUBuffer[] = [];
  const entries: GPUBindGroupEntry[] = [];
  for (const m of bindings) {
    const uniform = m[2] === 'uniform';
    const buffer = device.createBuffer({
      size: uniform ? 256 : 1 << 16,
      usage: uniform ? GPUBufferUsage.UNIFORM : GPUBufferUsage.STORAGE,
    });
    buffers.push(buffer);
    entries.push({ binding: Number(m[1]), resource: { buffer } });
  }
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout, entries }));
  pass.dispatchWorkgroups(1, 1, 1);
  pass.end();
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
  const ms = performance.now() - t0;
  for (const b of buffers) b.destroy();
  return ms;
}

async function main(args: string[]): Promise<void> {
  let repeat = 1;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--repeat') repeat = Number(args[++i]);
    else files.push(args[i]!);
  }
  const gpu = await createGpu();
  let total = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const times: number[] = [];
    for (let r = 0; r < repeat; r++)
      times.push(await compileMs(gpu.device, `// ${Date.now()} ${r}\n${text}`));
    times.sort((a, b) => a - b);
    const med = times[Math.floor(times.length / 2)]!;
    total += med;
    console.log(`${basename(f).padEnd(32)} ${med.toFixed(0).padStart(6)} ms`);
  }
  console.log(`${files.length} shaders: ${total.toFixed(0)} ms`);
  const errs = gpu.errors();
  if (errs.length) console.log(`errors: ${errs.join(' | ')}`);
  gpu.device.destroy();
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
