/**
 * Where a cold first forward goes: loads a bundle, then submits each of its dispatches alone and
 * records the process CPU time of the first dispatch of every kernel. On lavapipe the driver
 * compiles a pipeline's shader (LLVM) at its first dispatch, not at createComputePipeline, so
 * this is each kernel's compile cost. CPU time, not wall time, so that a loaded machine does
 * not inflate it. Run it with an empty cache to see cold costs:
 *
 *   MESA_SHADER_CACHE_DIR=$(mktemp -d) npx tsx scripts/bench/cold-compile.ts generated/seed-unet-s
 */
import { loadBundle } from '../../src/host/bundle.js';
import { recordDispatches } from '../../src/host/bench/profile.js';
import { createGpu } from '../../src/host/device.js';
import { openBundle } from '../../src/host/open-bundle.js';

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

async function main(dir: string): Promise<void> {
  const gpu = await createGpu();
  const d = gpu.device;
  const c0 = process.cpuUsage();
  const bundle = await loadBundle(await openBundle(dir), gpu, () => {});
  const loadCpu = cpuMs(process.cpuUsage(c0));
  const first = new Map<string, number>();
  for (const r of recordDispatches(bundle.model)) {
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(r.pipeline);
    for (const g of r.bindGroups) pass.setBindGroup(g.index, g.group, g.offsets ?? []);
    pass.dispatchWorkgroups(...r.grid);
    pass.end();
    const c = process.cpuUsage();
    d.queue.submit([enc.finish()]);
    await d.queue.onSubmittedWorkDone();
    if (!first.has(r.pipeline.label)) first.set(r.pipeline.label, cpuMs(process.cpuUsage(c)));
  }
  const rows = [...first].sort((a, b) => b[1] - a[1]);
  for (const [k, ms] of rows) console.log(`${k.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms CPU`);
  const total = rows.reduce((a, r) => a + r[1], 0);
  console.log(
    `${rows.length} kernels: first dispatches ${(total / 1000).toFixed(1)} s CPU; load (pipelines, buffers, weights) ${(loadCpu / 1000).toFixed(1)} s CPU`,
  );
  bundle.model.destroy();
  d.destroy();
}

main(process.argv[2] ?? 'generated/seed-unet-s').catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
