/**
 * Finding a GPU in Node or a browser, naming the adapter, and telling software rasterisers from
 * real GPUs. Browser-safe: Node's `webgpu` package is imported dynamically, and only when there
 * is no navigator.gpu and the caller gave neither a device nor a GPU.
 */
import type { Variant } from './api.js';
import { KilnError } from './errors.js';

export const isNode = (): boolean =>
  typeof process !== 'undefined' && typeof process.versions?.node === 'string';

// Module-level on purpose: when the object `webgpu`'s create() returns is garbage-collected
// while one of its devices is alive, Node segfaults.
let nodeGpu: GPU | undefined;

interface WebgpuModule {
  create(flags: string[]): GPU;
  globals: object;
}

/** Node's GPU from the `webgpu` package (Dawn), created once per process. */
export async function nodeWebgpu(): Promise<{ gpu: GPU; globals: object }> {
  let mod: WebgpuModule;
  try {
    // A variable specifier keeps bundlers from trying to resolve it for the browser.
    const name = 'webgpu';
    mod = (await import(name)) as WebgpuModule;
  } catch (e) {
    throw new KilnError(
      'NO_ADAPTER',
      `load: no device was given and the 'webgpu' package cannot be imported (${(e as Error).message.split('\n')[0]}); npm install webgpu, or pass { device }`,
    );
  }
  // Dawn's Vulkan loader wants a runtime directory; headless machines often have none.
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = '/tmp';
  // Dawn rounds GPU timestamps down to 65.5 us (a browser's defence against timing attacks),
  // which would zero most dispatches of `kiln bench --profile`; a Node process has no page to
  // defend. Without `timestamp-query` on the device the flag changes nothing.
  nodeGpu ??= mod.create(['disable-dawn-features=timestamp_quantization']);
  return { gpu: nodeGpu, globals: mod.globals };
}

/** navigator.gpu in a browser; in Node, the `webgpu` package. */
export async function defaultGpu(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (nav) return nav;
  if (!isNode())
    throw new KilnError(
      'NO_ADAPTER',
      'load: this browser has no WebGPU (navigator.gpu is missing); use a browser with WebGPU enabled',
    );
  return (await nodeWebgpu()).gpu;
}

/** e.g. "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) [mesa, software]". */
export function adapterName(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device].filter((s) => s && s.length > 0);
  const head =
    info.description && info.description.length > 0
      ? info.description
      : parts.join(' ') || 'unknown adapter';
  return `${head} [${parts.join(', ')}]`;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|\bwarp\b|basic render/i;

/** Software rasterisers (lavapipe, SwiftShader, WARP) want the `cpu` kernels. */
export function isSoftwareAdapter(info: GPUAdapterInfo | undefined): boolean {
  if (!info) return false;
  const fallback = (info as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return (
    fallback ||
    SOFTWARE.test([info.vendor, info.architecture, info.device, info.description].join(' '))
  );
}

/**
 * The variant an adapter runs best. Software rasterisers want the cpu kernels (few invocations,
 * big register tiles), except SwiftShader: its shader compiler chokes on those tiles (measured
 * in Chromium 156, spec tiny at 16x16: 7-12 s per 3x3 conv pipeline and over 30 s for the 4x4
 * stride-2 one, where all 30 gpu kernels compile in 3 s), so it gets the gpu kernels.
 */
export function preferredVariant(info: GPUAdapterInfo | undefined): Variant {
  if (!info) return 'gpu';
  if (
    /swiftshader/i.test([info.vendor, info.architecture, info.device, info.description].join(' '))
  )
    return 'gpu';
  return isSoftwareAdapter(info) ? 'cpu' : 'gpu';
}

/** The variant for an adapter, among those a bundle carries. */
export function pickVariant(
  info: GPUAdapterInfo | undefined,
  available: readonly Variant[],
): Variant {
  const want = preferredVariant(info);
  return available.includes(want) ? want : available[0]!;
}

/**
 * The WebGPU constants the runners use. A caller's device from Node's `webgpu` comes without
 * them unless the caller copied `globals`; their values are fixed by the spec.
 */
export function ensureWebgpuConstants(): void {
  const g = globalThis as Record<string, unknown>;
  g.GPUBufferUsage ??= {
    MAP_READ: 0x1,
    MAP_WRITE: 0x2,
    COPY_SRC: 0x4,
    COPY_DST: 0x8,
    INDEX: 0x10,
    VERTEX: 0x20,
    UNIFORM: 0x40,
    STORAGE: 0x80,
    INDIRECT: 0x100,
    QUERY_RESOLVE: 0x200,
  };
  g.GPUMapMode ??= { READ: 0x1, WRITE: 0x2 };
  g.GPUShaderStage ??= { VERTEX: 0x1, FRAGMENT: 0x2, COMPUTE: 0x4 };
}
