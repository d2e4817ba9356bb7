/**
 * Per-dispatch measurements of a runner: record the dispatches its `encodeForward` would make,
 * time each one to rank kernels and kernel families, and time the same number of empty
 * dispatches, which is what a forward pass costs before any kernel does work.
 *
 * Each dispatch is timed on the GPU itself where the device has `timestamp-query` (every
 * dispatch in its own compute pass, timestampWrites at its beginning and end, all in one
 * submission); otherwise each is replayed alone from the CPU (own command buffer, awaited), whose
 * times include a submission and the wait for it.
 */
import { KilnError } from '../../../runtime/errors.js';
import type { Model } from '../../../runtime/api.js';
import { median } from './timing.js';

export interface RecordedDispatch {
  readonly pipeline: GPUComputePipeline;
  readonly bindGroups: ReadonlyArray<{
    readonly index: number;
    readonly group: GPUBindGroup | null;
    readonly offsets?: number[];
  }>;
  readonly grid: readonly [number, number, number];
  readonly indirect?: { readonly buffer: GPUBuffer; readonly offset: number };
}

/** The dispatches `encodeForward` would record into a real pass, with the state each one sees. */
export function recordDispatches(runner: Pick<Model, 'encodeForward'>): RecordedDispatch[] {
  const out: RecordedDispatch[] = [];
  let pipeline: GPUComputePipeline | undefined;
  const groups = new Map<
    number,
    { index: number; group: GPUBindGroup | null; offsets?: number[] }
  >();
  const snapshot = () => {
    if (!pipeline)
      throw new Error('kiln bench --profile: the runner dispatched before setting a pipeline');
    return { pipeline, bindGroups: [...groups.values()].sort((a, b) => a.index - b.index) };
  };
  const recorder = {
    label: 'kiln-bench-recorder',
    setPipeline(p: GPUComputePipeline) {
      pipeline = p;
    },
    setBindGroup(
      index: number,
      group: GPUBindGroup | null,
      offsets?: Iterable<number> | Uint32Array,
      start?: number,
      length?: number,
    ) {
      let o: number[] | undefined;
      if (offsets) {
        const all = [...(offsets as Iterable<number>)];
        o = start !== undefined ? all.slice(start, start + (length ?? all.length - start)) : all;
      }
      groups.set(index, { index, group, offsets: o });
    },
    dispatchWorkgroups(x: number, y = 1, z = 1) {
      out.push({ ...snapshot(), grid: [x, y, z] });
    },
    dispatchWorkgroupsIndirect(buffer: GPUBuffer, offset: number) {
      out.push({ ...snapshot(), grid: [0, 0, 0], indirect: { buffer, offset } });
    },
    pushDebugGroup() {},
    popDebugGroup() {},
    insertDebugMarker() {},
    end() {},
  };
  const pass = new Proxy(recorder, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target))
        throw new Error(
          `kiln bench --profile: the runner called pass.${prop}, which the dispatch recorder does not support`,
        );
      return Reflect.get(target, prop, receiver);
    },
  });
  runner.encodeForward(pass as unknown as GPUComputePassEncoder);
  return out;
}

/** `07_conv2d.wgsl` -> `conv2d`: the kernel family of a pipeline label. */
export const kernelFamily = (label: string): string =>
  label
    .replace(/^.*\//, '')
    .replace(/\.wgsl$/, '')
    .replace(/^\d+_/, '') || '(unlabelled)';

export interface DispatchProfile {
  readonly index: number;
  readonly kernel: string;
  readonly family: string;
  readonly grid: readonly number[];
  readonly label: string;
  /** Median time alone, minus the empty-submission overhead (never below 0). */
  readonly ms: number;
  /** FLOPs of this dispatch, when the caller knows them. */
  readonly flops?: number;
}

/** How the per-dispatch times were taken. */
export type ProfileTiming = 'timestamp-query' | 'replay';

export interface Profile {
  readonly timing: ProfileTiming;
  readonly rounds: number;
  /**
   * replay: the median cost of submitting an empty command buffer and awaiting it, subtracted
   * from each dispatch; timestamp-query: 0 (nothing is subtracted).
   */
  readonly overheadMs: number;
  /** Sum of the per-dispatch times. */
  readonly sumMs: number;
  /**
   * timestamp-query only: the GPU time of all the dispatches in one compute pass, as a forward
   * records them (median of the rounds); sumMs exceeds it by what the per-dispatch passes add.
   */
  readonly passMs?: number;
  readonly dispatches: DispatchProfile[];
  /** Per kernel family, slowest first. */
  readonly families: {
    readonly family: string;
    readonly dispatches: number;
    readonly ms: number;
    /** FLOPs of the family's dispatches and their rate (GFLOP/s), when known. */
    readonly flops?: number;
    readonly gflops?: number;
  }[];
}

function encodeRecorded(pass: GPUComputePassEncoder, d: RecordedDispatch): void {
  pass.setPipeline(d.pipeline);
  for (const g of d.bindGroups) pass.setBindGroup(g.index, g.group, g.offsets ?? []);
  if (d.indirect) pass.dispatchWorkgroupsIndirect(d.indirect.buffer, d.indirect.offset);
  else pass.dispatchWorkgroups(d.grid[0], d.grid[1], d.grid[2]);
}

/** Per dispatch, its times (ms) over the rounds; `overheadMs` is subtracted from each. */
interface Samples {
  readonly per: number[][];
  readonly overheadMs: number;
  readonly passMs?: number;
}

/** Each dispatch replayed alone from the CPU, in forward order, `rounds` times. */
async function replaySamples(
  device: GPUDevice,
  recorded: readonly RecordedDispatch[],
  rounds: number,
  progress?: (s: string) => void,
): Promise<Samples> {
  const submit = async (d?: RecordedDispatch) => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    if (d) encodeRecorded(pass, d);
    pass.end();
    const cb = enc.finish();
    const t0 = performance.now();
    device.queue.submit([cb]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  const empty: number[] = [];
  const per: number[][] = recorded.map(() => []);
  for (let r = 0; r < rounds; r++) {
    progress?.(`profile round ${r + 1}/${rounds} (${recorded.length} dispatches, each alone)`);
    for (let i = 0; i < 5; i++) empty.push(await submit());
    for (let i = 0; i < recorded.length; i++) per[i]!.push(await submit(recorded[i]));
  }
  return { per, overheadMs: median(empty) };
}

/** WebGPU's most queries in one query set. */
const MAX_QUERIES = 4096;

/**
 * GPU timestamps, `rounds` times: each dispatch in its own compute pass with timestampWrites at
 * its beginning and end (one submission per 2,048 dispatches), then all of them in one pass (as
 * a forward records them) for `passMs`. A timestamp pair the GPU reports out of order (the spec
 * allows it) counts as 0.
 */
async function timestampSamples(
  device: GPUDevice,
  recorded: readonly RecordedDispatch[],
  rounds: number,
  progress?: (s: string) => void,
): Promise<Samples> {
  const chunk = MAX_QUERIES / 2;
  const querySet = device.createQuerySet({ type: 'timestamp', count: MAX_QUERIES });
  const bytes = MAX_QUERIES * 8;
  const resolve = device.createBuffer({
    label: 'kiln profile timestamps',
    size: bytes,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  const readback = device.createBuffer({
    label: 'kiln profile timestamps readback',
    size: bytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  // Records `passes` (each a list of dispatches in one timed pass), submits, returns their ms.
  const timed = async (passes: readonly (readonly RecordedDispatch[])[]): Promise<number[]> => {
    const enc = device.createCommandEncoder();
    passes.forEach((ds, j) => {
      const pass = enc.beginComputePass({
        timestampWrites: {
          querySet,
          beginningOfPassWriteIndex: 2 * j,
          endOfPassWriteIndex: 2 * j + 1,
        },
      });
      for (const d of ds) encodeRecorded(pass, d);
      pass.end();
    });
    const n = passes.length * 2;
    enc.resolveQuerySet(querySet, 0, n, resolve, 0);
    enc.copyBufferToBuffer(resolve, 0, readback, 0, n * 8);
    device.queue.submit([enc.finish()]);
    await readback.mapAsync(GPUMapMode.READ, 0, n * 8);
    const t = new BigUint64Array(readback.getMappedRange(0, n * 8).slice(0));
    readback.unmap();
    return passes.map((_, j) =>
      t[2 * j + 1]! > t[2 * j]! ? Number(t[2 * j + 1]! - t[2 * j]!) / 1e6 : 0,
    );
  };
  const per: number[][] = recorded.map(() => []);
  const pass: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      progress?.(
        `profile round ${r + 1}/${rounds} (${recorded.length} dispatches, GPU timestamps)`,
      );
      for (let at = 0; at < recorded.length; at += chunk) {
        const ms = await timed(recorded.slice(at, at + chunk).map((d) => [d]));
        ms.forEach((m, j) => per[at + j]!.push(m));
      }
      pass.push(...(await timed([recorded])));
    }
  } finally {
    querySet.destroy();
    resolve.destroy();
    readback.destroy();
  }
  return { per, overheadMs: 0, passMs: median(pass) };
}

/**
 * Times each recorded dispatch `rounds` times, with GPU timestamps where the device has
 * `timestamp-query` enabled, else by replay; `timing` forces one way.
 */
export async function profileDispatches(
  device: GPUDevice,
  recorded: readonly RecordedDispatch[],
  labels: readonly string[],
  rounds: number,
  progress?: (s: string) => void,
  flops?: readonly number[],
  timing: ProfileTiming = device.features.has('timestamp-query') ? 'timestamp-query' : 'replay',
): Promise<Profile> {
  device.pushErrorScope('validation');
  const run = timing === 'timestamp-query' ? timestampSamples : replaySamples;
  // The GPU's own error, when there is one, explains any failure of the run.
  let failure: unknown;
  const samples = await run(device, recorded, rounds, progress).catch((e: unknown) => {
    failure = e;
    return undefined;
  });
  const err = await device.popErrorScope();
  if (err)
    throw new KilnError(
      'GPU_ERROR',
      `kiln bench --profile: ${timing} profiling failed on the GPU: ${err.message.split('\n')[0]}`,
    );
  if (!samples) throw failure;
  const { per, overheadMs, passMs } = samples;
  const dispatches: DispatchProfile[] = recorded.map((d, i) => {
    const kernel = d.pipeline.label || `pipeline ${i}`;
    return {
      index: i,
      kernel,
      family: kernelFamily(kernel),
      grid: d.grid,
      label: labels[i] ?? '',
      ms: Math.max(0, median(per[i]!) - overheadMs),
      ...(flops ? { flops: flops[i]! } : {}),
    };
  });
  const fam = new Map<
    string,
    { family: string; dispatches: number; ms: number; flops?: number; gflops?: number }
  >();
  for (const d of dispatches) {
    const f = fam.get(d.family) ?? {
      family: d.family,
      dispatches: 0,
      ms: 0,
      ...(flops ? { flops: 0 } : {}),
    };
    f.dispatches++;
    f.ms += d.ms;
    if (f.flops !== undefined) f.flops += d.flops!;
    fam.set(d.family, f);
  }
  for (const f of fam.values())
    if (f.flops !== undefined) f.gflops = f.ms > 0 ? f.flops / (f.ms * 1e6) : 0;
  return {
    timing,
    rounds,
    overheadMs,
    ...(passMs !== undefined ? { passMs } : {}),
    sumMs: dispatches.reduce((a, d) => a + d.ms, 0),
    dispatches,
    families: [...fam.values()].sort((a, b) => b.ms - a.ms),
  };
}

const EMPTY_WGSL = '@compute @workgroup_size(1) fn main() {}';

/**
 * The cost of `count` dispatches that do nothing, in one compute pass, submitted and awaited:
 * the floor under a forward pass of `count` dispatches (encoding, submission, the driver's
 * per-dispatch work), median of `rounds`.
 */
export async function emptyDispatchesMs(
  device: GPUDevice,
  count: number,
  rounds: number,
): Promise<number> {
  const pipeline = device.createComputePipeline({
    label: 'empty.wgsl',
    layout: 'auto',
    compute: { module: device.createShaderModule({ code: EMPTY_WGSL }), entryPoint: 'main' },
  });
  const once = async () => {
    const t0 = performance.now();
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    for (let i = 0; i < count; i++) pass.dispatchWorkgroups(1);
    pass.end();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  await once(); // compiles the empty shader
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) times.push(await once());
  return median(times);
}
