/**
 * A GPUDevice in Node (Dawn, npm `webgpu`) or the browser (navigator.gpu). The device asks for
 * the adapter's own limits, not WebGPU's defaults, so large layers fit where the hardware allows.
 */
import { KilnError } from './errors.js';

export interface Gpu {
  readonly device: GPUDevice;
  /** e.g. "llvmpipe (LLVM 19.1.7, 256 bits) [mesa, vulkan, cpu]". */
  readonly adapter: string;
  /** Resolves to the first uncaptured GPU error message, if any arrives. */
  errors(): string[];
}

export const NO_ADAPTER_HELP =
  'no WebGPU adapter found. On Debian bookworm install Mesa lavapipe >= 24 (as root): ' +
  "echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/backports.list && " +
  'apt-get update && apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1 ' +
  '(or run: npm run setup-gpu)';

function describe(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device].filter((s) => s && s.length > 0);
  const head =
    info.description && info.description.length > 0
      ? info.description
      : parts.join(' ') || 'unknown adapter';
  return `${head} [${parts.join(', ')}]`;
}

let nodeGpu: GPU | undefined;

async function navigatorGpu(): Promise<GPU> {
  const g = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (g) return g;
  if (!nodeGpu) {
    if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = '/tmp';
    const webgpu = (await import('webgpu')) as unknown as {
      create(flags: string[]): GPU;
      globals: object;
    };
    Object.assign(globalThis, webgpu.globals);
    nodeGpu = webgpu.create([]);
  }
  return nodeGpu;
}

export async function createGpu(): Promise<Gpu> {
  const gpu = await navigatorGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new KilnError('NO_ADAPTER', NO_ADAPTER_HELP);
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
    },
  });
  const errors: string[] = [];
  device.addEventListener('uncapturederror', (ev) =>
    errors.push((ev as GPUUncapturedErrorEvent).error.message),
  );
  return { device, adapter: describe(adapter.info), errors: () => errors };
}
