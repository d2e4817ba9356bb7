/**
 * The adapter's FMA roofline, measured in WGSL: every invocation runs a long chain of vec4
 * `fma` on ACCUMULATORS independent accumulators (no chain waits on another, so the ALUs can
 * overlap them), over enough workgroups to fill the device. Each vec4 fma is 4 lanes x 2 FLOPs.
 *
 * The multiplier and addend come from a storage buffer and the loop count from a uniform, so
 * the compiler can neither fold the chain nor unroll it away; the sum of the accumulators is
 * stored, so it cannot drop it either. The size grows until one dispatch takes at least
 * `minMs`, then the median of `rounds` timed dispatches (submit + onSubmittedWorkDone) is used.
 *
 *   npx tsx scripts/bench/peak.ts        prints the adapter and its peak GFLOP/s
 */
import { pathToFileURL } from 'node:url';
import { median } from '../../src/host/bench/timing.js';

export interface PeakResult {
  /** FLOPs per second / 1e9, median over the timed rounds. */
  readonly gflops: number;
  /** Median milliseconds per dispatch at the final size. */
  readonly ms: number;
  /** FLOPs per dispatch at the final size. */
  readonly flops: number;
  readonly workgroups: number;
  readonly loops: number;
}

export interface PeakOptions {
  /** Grow the problem until one dispatch takes at least this long (default 150 ms). */
  readonly minMs?: number;
  /** Timed dispatches at the final size (default 5). */
  readonly rounds?: number;
}

const WORKGROUP = 64;
const ACCUMULATORS = 8;
const UNROLL = 8; // fma per accumulator per loop iteration

export const PEAK_WGSL = (() => {
  const init = Array.from(
    { length: ACCUMULATORS },
    (_, i) => `  var a${i} = vec4f(f32(gid.x & 7u) * 1e-3 + ${i}.0, ${i}.25, ${i}.5, ${i}.75);`,
  );
  const body: string[] = [];
  for (let u = 0; u < UNROLL; u++)
    for (let i = 0; i < ACCUMULATORS; i++) body.push(`    a${i} = fma(a${i}, m, c);`);
  const sum = Array.from({ length: ACCUMULATORS }, (_, i) => `a${i}`).join(' + ');
  return `// FMA peak: ${ACCUMULATORS} independent vec4 accumulators, ${UNROLL} fma each per iteration.
struct Params { loops: u32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> k: array<vec4f, 2>;
@group(0) @binding(2) var<storage, read_write> sink: array<vec4f>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let m = k[0];
  let c = k[1];
${init.join('\n')}
  for (var i = 0u; i < params.loops; i++) {
${body.join('\n')}
  }
  sink[gid.y * nwg.x * ${WORKGROUP}u + gid.x] = ${sum};
}
`;
})();

export async function measurePeak(device: GPUDevice, opts: PeakOptions = {}): Promise<PeakResult> {
  const minMs = opts.minMs ?? 150;
  const rounds = Math.max(1, opts.rounds ?? 5);
  const module = device.createShaderModule({ label: 'peak_fma.wgsl', code: PEAK_WGSL });
  const pipeline = device.createComputePipeline({
    label: 'peak_fma.wgsl',
    layout: 'auto',
    compute: { module, entryPoint: 'main' },
  });
  const params = device.createBuffer({
    size: 16,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const k = device.createBuffer({
    size: 32,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  // m slightly below 1 and a small addend keep every accumulator finite and non-denormal.
  device.queue.writeBuffer(
    k,
    0,
    new Float32Array([0.9999, 0.99991, 0.99992, 0.99993, 1e-4, 2e-4, 3e-4, 4e-4]),
  );
  const maxX = device.limits.maxComputeWorkgroupsPerDimension;
  let sink: GPUBuffer | undefined;
  let bind: GPUBindGroup | undefined;
  let sinkWorkgroups = 0;

  const run = async (workgroups: number, loops: number): Promise<number> => {
    if (workgroups !== sinkWorkgroups) {
      sink?.destroy();
      sink = device.createBuffer({
        size: workgroups * WORKGROUP * 16,
        usage: GPUBufferUsage.STORAGE,
      });
      bind = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: params } },
          { binding: 1, resource: { buffer: k } },
          { binding: 2, resource: { buffer: sink } },
        ],
      });
      sinkWorkgroups = workgroups;
    }
    device.queue.writeBuffer(params, 0, new Uint32Array([loops, 0, 0, 0]));
    await device.queue.onSubmittedWorkDone();
    const x = Math.min(workgroups, maxX);
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind!);
    pass.dispatchWorkgroups(x, workgroups / x);
    pass.end();
    const t0 = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };

  // Start small (cheap on a CPU adapter), fill the device first, then lengthen the chains.
  let workgroups = 256;
  let loops = 64;
  device.pushErrorScope('validation');
  await run(workgroups, loops); // compiles the pipeline
  const err = await device.popErrorScope();
  if (err)
    throw new Error(`peak microbenchmark rejected by the GPU: ${err.message.split('\n')[0]}`);
  for (let i = 0; i < 40; i++) {
    const ms = await run(workgroups, loops);
    if (ms >= minMs) break;
    const grow = Math.min(8, Math.max(2, Math.ceil(minMs / Math.max(ms, 1e-3))));
    if (workgroups < 65536)
      workgroups = Math.min(65536, workgroups * 2 ** Math.floor(Math.log2(grow)));
    else loops = Math.min(1 << 20, loops * grow);
    if (workgroups > maxX) workgroups = Math.ceil(workgroups / maxX) * maxX; // a whole number of rows
  }
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) times.push(await run(workgroups, loops));
  sink?.destroy();
  params.destroy();
  k.destroy();
  const ms = median(times);
  const flops = workgroups * WORKGROUP * loops * UNROLL * ACCUMULATORS * 4 * 2;
  return { gflops: flops / (ms * 1e6), ms, flops, workgroups, loops };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { createGpu } = await import('../../src/host/device.js');
  const gpu = await createGpu();
  const p = await measurePeak(gpu.device);
  console.log(`adapter: ${gpu.adapter}`);
  console.log(
    `peak: ${p.gflops.toFixed(1)} GFLOP/s (vec4 fma, ${p.workgroups} workgroups x ${WORKGROUP}, ${p.loops} loops: ${(p.flops / 1e9).toFixed(2)} GFLOP in ${p.ms.toFixed(1)} ms)`,
  );
  gpu.device.destroy();
}
