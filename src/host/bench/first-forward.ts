/**
 * The first forward pass as a newcomer meets it: a fresh process opens the adapter, loads the
 * bundle (pipelines, buffers, weights) and runs one forward; the time from the start of the
 * load to the output in hand is what the driver's shader compilation costs on top of the work.
 * With `emptyShaderCache`, Mesa gets an empty on-disk cache of its own (MESA_SHADER_CACHE_DIR),
 * so every shader compiles from scratch; other drivers ignore the variable.
 *
 * The child side is first-forward-child.ts, which prints one JSON line {"firstForwardMs",
 * "loadMs"}: under the prebuilt CLI its own build (scripts/build-cli.mjs), else its source
 * through tsx.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../bundle.js';
import { createGpu } from '../device.js';
import { KilnError } from '../../../runtime/errors.js';

export interface FirstForward {
  /** From the start of loading the bundle to the first output read back. */
  readonly firstForwardMs: number;
  /** The load alone (pipelines created, weights uploaded). */
  readonly loadMs: number;
}

/** The child side: one load and one forward in this process. */
export async function firstForward(dir: string): Promise<FirstForward> {
  const gpu = await createGpu();
  const t0 = performance.now();
  const b = await loadBundle(dir, gpu);
  const loadMs = performance.now() - t0;
  const inputs: Record<string, Float32Array> = {};
  for (const t of b.manifest.inputs)
    inputs[t.name] = new Float32Array(t.shape.reduce((a, n) => a * n, 1)).fill(0.5);
  await b.model.forward(inputs);
  const firstForwardMs = performance.now() - t0;
  b.model.destroy();
  gpu.device.destroy();
  return { firstForwardMs, loadMs };
}

/** The prebuilt CLI's own URL (scripts/build-cli.mjs defines it in every file it writes). */
declare const __kilnDist: string | undefined;
const CHILD =
  typeof __kilnDist === 'string'
    ? [fileURLToPath(new URL('first-forward-child.js', __kilnDist))]
    : [
        '--import',
        import.meta.resolve('tsx'),
        fileURLToPath(new URL('./first-forward-child.ts', import.meta.url)),
      ];

/** Spawns a fresh Node process for `dir`'s first forward; rejects with its stderr on failure. */
export async function firstForwardInFreshProcess(
  dir: string,
  opts: { emptyShaderCache: boolean; timeoutMs?: number },
): Promise<FirstForward> {
  const cache = opts.emptyShaderCache ? mkdtempSync(join(tmpdir(), 'kiln-mesa-cache-')) : null;
  const env = cache ? { ...process.env, MESA_SHADER_CACHE_DIR: cache } : process.env;
  try {
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve, reject) => {
      const p = spawn(process.execPath, [...CHILD, dir], {
        env,
        timeout: opts.timeoutMs ?? 600_000,
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('error', reject);
      p.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const line = stdout.trim().split('\n').at(-1) ?? '';
    if (code !== 0 || !line.startsWith('{')) {
      const lines = stderr.split('\n').filter((l) => l && !l.startsWith('Warning: '));
      const why = lines.find((l) => /error/i.test(l)) ?? lines[0];
      throw new KilnError(
        'GPU_ERROR',
        `${dir}: the first-forward process failed (exit ${code}): ${why ?? 'no output'}`,
      );
    }
    return JSON.parse(line) as FirstForward;
  } finally {
    if (cache) rmSync(cache, { recursive: true, force: true });
  }
}
