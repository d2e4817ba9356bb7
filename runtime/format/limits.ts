/**
 * The device limits a kernel variant needs, computed by the compiler (compiler/emit/limits.ts)
 * and checked at load against what the adapter (or a caller's device) can give. Browser-safe.
 */

/** The limits a bundle depends on, in the order they are reported. */
export const LIMIT_NAMES = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];
export type Limits = Readonly<Record<LimitName, number>>;

/** WebGPU's guaranteed minimums (the values a device gets when it asks for nothing). */
export const DEFAULT_LIMITS: Limits = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupSizeZ: 64,
  maxComputeWorkgroupsPerDimension: 65535,
};

/** One line per limit the adapter or device cannot give: name, needed, available. */
export function limitProblems(
  needed: Limits,
  available: Readonly<Record<string, number>>,
): string[] {
  const problems: string[] = [];
  for (const name of LIMIT_NAMES) {
    const have = available[name];
    if (have === undefined || have < needed[name])
      problems.push(`${name}: needs ${needed[name]}, available ${have ?? 'none'}`);
  }
  return problems;
}

/** What to pass as requiredLimits: only the limits above WebGPU's defaults, at exactly the needed value. */
export function requiredLimits(needed: Limits): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of LIMIT_NAMES) if (needed[name] > DEFAULT_LIMITS[name]) out[name] = needed[name];
  return out;
}
