/**
 * Per-dispatch measurements of a runner: record the dispatches its `encodeForward` would make,
 * replay each alone to rank kernels and kernel families, and time the same number of empty
 * dispatches, which is what a forward pass costs before any kernel does work.
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

export interface Profile {
  readonly rounds: number;
  /** Median cost of submitting an empty command buffer and awaiting it. */
  readonly overheadMs: number;
  /** Sum of the per-dispatch times. */
  readonly sumMs: number;
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

/** Replays each recorded dispatch alone, in forward order, `rounds` times. */
export async function profileDispatches(
  device: GPUDevice,
  recorded: readonly RecordedDispatch[],
  labels: readonly string[],
  rounds: number,
  progress?: (s: string) => void,
  flops?: readonly number[],
): Promise<Profile> {
  const submit = async (d?: RecordedDispatch) => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    if (d) {
      pass.setPipeline(d.pipeline);
      for (const g of d.bindGroups) pass.setBindGroup(g.index, g.group, g.offsets ?? []);
      if (d.indirect) pass.dispatchWorkgroupsIndirect(d.indirect.buffer, d.indirect.offset);
      else pass.dispatchWorkgroups(d.grid[0], d.grid[1], d.grid[2]);
    }
    pass.end();
    const cb = enc.finish();
    const t0 = performance.now();
    device.queue.submit([cb]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  const empty: number[] = [];
  const per: number[][] = recorded.map(() => []);
  device.pushErrorScope('validation');
  for (let r = 0; r < rounds; r++) {
    progress?.(`profile round ${r + 1}/${rounds} (${recorded.length} dispatches, each alone)`);
    for (let i = 0; i < 5; i++) empty.push(await submit());
    for (let i = 0; i < recorded.length; i++) per[i]!.push(await submit(recorded[i]));
  }
  const err = await device.popErrorScope();
  if (err)
    throw new KilnError(
      'GPU_ERROR',
      `kiln bench --profile: replay failed on the GPU: ${err.message.split('\n')[0]}`,
    );
  const overheadMs = median(empty);
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
    rounds,
    overheadMs,
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
