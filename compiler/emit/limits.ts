/**
 * The device limits a Program needs: the largest buffer sets maxStorageBufferBindingSize and
 * maxBufferSize up to 128 MiB, past which a buffer is bound in parts of at most that
 * (compiler/lower/split.ts) and the runtime makes it as one buffer per part where the device
 * cannot make it whole (runtime/interpreter.ts); the most bindings one step makes, parts
 * counted, sets the storage-buffer count; the workgroup size and workgroup memory come from each
 * kernel's WGSL (the kernels are generated here, so an unparsable declaration is a compiler bug,
 * not a user error).
 */
import { numel } from '../ir/ops.js';
import type { Program } from '../lower/kernel.js';
import type { Limits } from '../../runtime/format/limits.js';
import { PART_BYTES, partOffsets } from '../../runtime/format/runner-table.js';

const SCALAR_BYTES: Readonly<Record<string, number>> = { f32: 4, u32: 4, i32: 4, f16: 2 };

/** Size and alignment of a WGSL type as used in workgroup memory (WGSL's layout rules). */
function layout(type: string): { size: number; align: number } {
  const t = type.replace(/\s+/g, '');
  const scalar = SCALAR_BYTES[t];
  if (scalar) return { size: scalar, align: scalar };
  const vec = /^vec([234])<(\w+)>$/.exec(t) ?? /^vec([234])([fiuh])$/.exec(t);
  if (vec) {
    const n = Number(vec[1]);
    const e =
      SCALAR_BYTES[
        vec[2]!.length === 1 ? { f: 'f32', i: 'i32', u: 'u32', h: 'f16' }[vec[2]!]! : vec[2]!
      ];
    if (!e) throw new Error(`workgroup type ${type}: unknown element type`);
    return { size: n * e, align: (n === 3 ? 4 : n) * e };
  }
  const arr = /^array<(.+),(\d+)u?>$/.exec(t);
  if (arr) {
    const el = layout(arr[1]!);
    const stride = Math.ceil(el.size / el.align) * el.align;
    return { size: stride * Number(arr[2]), align: el.align };
  }
  throw new Error(`kiln: cannot size workgroup type ${type}`);
}

const constants = (wgsl: string): Map<string, number> =>
  new Map(
    [...wgsl.matchAll(/\bconst\s+(\w+)\s*(?::\s*\w+\s*)?=\s*(\d+)[ui]?\s*;/g)].map(
      (m) => [m[1]!, Number(m[2])] as const,
    ),
  );

/** Workgroup size [x, y, z] and workgroup memory bytes of one kernel. */
export function kernelResources(wgsl: string): { size: [number, number, number]; storage: number } {
  const consts = constants(wgsl);
  const value = (e: string): number => {
    const v = e.trim().replace(/[ui]$/, '');
    const n = /^\d+$/.test(v) ? Number(v) : consts.get(v);
    if (n === undefined) throw new Error(`kiln: cannot evaluate workgroup size ${e}`);
    return n;
  };
  const wg = /@workgroup_size\(([^)]*)\)/.exec(wgsl);
  if (!wg) throw new Error('kiln: kernel has no @workgroup_size');
  const dims = wg[1]!
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(value);
  const size: [number, number, number] = [dims[0] ?? 1, dims[1] ?? 1, dims[2] ?? 1];
  let storage = 0;
  for (const m of wgsl.matchAll(/var<workgroup>\s*\w+\s*:\s*([^;]+);/g)) {
    // Array lengths may be named constants: substitute them before sizing.
    const type = m[1]!.replace(/,\s*(\w+)\s*>/g, (all, n: string) =>
      /^\d+u?$/.test(n) ? all : `, ${value(n)}>`,
    );
    const { size: bytes } = layout(type);
    storage += Math.ceil(bytes / 16) * 16;
  }
  return { size, storage };
}

export function programLimits(p: Program): Limits {
  const bytes = new Map(p.buffers.map((b) => [b.id, Math.max(4, numel(b.shape) * 4)]));
  const bufferBytes = Math.max(...bytes.values());
  const kernels = p.kernels.map((k) => kernelResources(k.wgsl));
  const max = (xs: number[]) => Math.max(0, ...xs);
  // A buffer past PART_BYTES is bound as one binding per part (compiler/lower/split.ts).
  const bindings = (ids: readonly string[]) =>
    ids.reduce((n, id) => n + partOffsets(bytes.get(id) ?? 4).length, 0);
  return {
    maxStorageBufferBindingSize: Math.min(bufferBytes, PART_BYTES),
    maxBufferSize: Math.min(bufferBytes, PART_BYTES),
    maxStorageBuffersPerShaderStage: max(p.steps.map((s) => bindings(s.buffers))),
    maxComputeWorkgroupStorageSize: max(kernels.map((k) => k.storage)),
    maxComputeInvocationsPerWorkgroup: max(kernels.map((k) => k.size[0] * k.size[1] * k.size[2])),
    maxComputeWorkgroupSizeX: max(kernels.map((k) => k.size[0])),
    maxComputeWorkgroupSizeY: max(kernels.map((k) => k.size[1])),
    maxComputeWorkgroupSizeZ: max(kernels.map((k) => k.size[2])),
    maxComputeWorkgroupsPerDimension: max(p.steps.flatMap((s) => [...s.grid])),
  };
}
