/**
 * A GPUDevice for Kiln's own tools (the CLI's bench, the tests) in Node (Dawn, npm `webgpu`) or
 * a browser. It asks for the adapter's own limits, not WebGPU's defaults, so any bundle that the
 * hardware allows fits; a bundle's model.mjs checks the limits it needs against it at load.
 */
import { KilnError } from '../../runtime/errors.js';
import { adapterName, isNode, nodeWebgpu } from '../../runtime/gpu.js';

export interface Gpu {
  readonly device: GPUDevice;
  /** e.g. "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) 0.0.1 [mesa, software, llvmpipe]". */
  readonly adapter: string;
  /** Resolves to the first uncaptured GPU error message, if any arrives. */
  errors(): string[];
}

export const NO_ADAPTER_HELP =
  'no WebGPU adapter found. On Debian bookworm install Mesa lavapipe >= 24 (as root): ' +
  "echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/backports.list && " +
  'apt-get update && apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1 ' +
  '(or run: npm run setup-gpu)';

/** navigator.gpu, or in Node Dawn's GPU with its globals (GPUBufferUsage, ...) installed. */
export async function kilnGpu(): Promise<GPU> {
  const g = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (g || !isNode()) return g!;
  const { gpu, globals } = await nodeWebgpu();
  Object.assign(globalThis, globals);
  return gpu;
}

export interface GpuOptions {
  /**
   * Enable `timestamp-query` where the adapter offers it, for per-dispatch GPU times
   * (`kiln bench --profile`); without it the profile replays dispatches from the CPU.
   */
  readonly timestamps?: boolean;
}

export async function createGpu(options: GpuOptions = {}): Promise<Gpu> {
  const gpu = await kilnGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new KilnError('NO_ADAPTER', NO_ADAPTER_HELP);
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    // The cpu kernels share weights through subgroups (compiler/lower/kernels/cpu/); an f16
    // bundle's kernels keep its weights f16 with shader-f16 (compiler/lower/f16-weights.ts).
    requiredFeatures: (['subgroups', 'shader-f16', 'timestamp-query'] as const).filter(
      (f) => adapter.features.has(f) && (f !== 'timestamp-query' || options.timestamps),
    ),
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
      maxComputeWorkgroupSizeZ: l.maxComputeWorkgroupSizeZ,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    },
  });
  const errors: string[] = [];
  device.addEventListener('uncapturederror', (ev) =>
    errors.push((ev as GPUUncapturedErrorEvent).error.message),
  );
  return { device, adapter: adapterName(adapter.info), errors: () => errors };
}
