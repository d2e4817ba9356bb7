/**
 * Repeated load() / forward / destroy() of one bundle through its model.mjs, and the native
 * memory the process holds after each block of cycles: RSS, and V8's external memory (what
 * Dawn's JS wrappers and ArrayBuffers hold outside the heap). A buffer, pipeline or device that
 * destroy() failed to free shows as growth.
 *
 *   npx tsx scripts/load-destroy.ts <bundle-dir> [--cycles 100] [--shared-device] [--json]
 *
 * Each cycle gets its own device (as a page that reloads its model would), or with
 * --shared-device one device serves all cycles (load({ device })): there, load() reuses the
 * pipelines it made on that device before (runtime/interpreter.ts), so a cycle costs buffers,
 * bind groups and the weights' upload only.
 *
 * Growth is reported from cycle `settle` (10: the driver's caches and the allocator's pools
 * fill during the first cycles, then stay) to the last, and per cycle over that span.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGpu, kilnGpu } from '../src/host/device.js';
import { importModel, readManifest } from '../src/host/open-bundle.js';
import { randomInputs } from '../src/random-inputs.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface Sample {
  readonly cycle: number;
  readonly rss: number;
  readonly external: number;
  readonly heap: number;
}

export interface CycleReport {
  readonly name: string;
  readonly cycles: number;
  readonly shared: boolean;
  readonly msPerCycle: number;
  readonly settle: number;
  readonly samples: Sample[];
  /** From the sample at `settle` to the last, in bytes, and per cycle over that span. */
  readonly rssGrowth: number;
  readonly rssPerCycle: number;
  readonly externalGrowth: number;
  readonly externalPerCycle: number;
}

const snapshot = async (cycle: number): Promise<Sample> => {
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const m = process.memoryUsage();
  return { cycle, rss: m.rss, external: m.external, heap: m.heapUsed };
};

export async function loadDestroyCycles(
  dir: string,
  opts: { cycles: number; shared: boolean; settle?: number; log?: (s: Sample) => void },
): Promise<CycleReport> {
  const settle = Math.min(opts.settle ?? 10, opts.cycles);
  const manifest = await readManifest(dir);
  const mod = await importModel(dir, manifest);
  const gpu = await kilnGpu();
  // Kiln's own device: the adapter's limits and subgroups, as any bundle may need.
  const device = opts.shared ? (await createGpu()).device : undefined;
  const inputs = Object.fromEntries(randomInputs(manifest.inputs, 0));
  const samples: Sample[] = [];
  const t0 = performance.now();
  try {
    for (let i = 1; i <= opts.cycles; i++) {
      const model = await mod.load(device ? { device } : { gpu });
      await model.forward(inputs);
      model.destroy();
      if (i === settle || i % 10 === 0 || i === opts.cycles) {
        const s = await snapshot(i);
        samples.push(s);
        opts.log?.(s);
      }
    }
  } finally {
    device?.destroy();
  }
  const msPerCycle = (performance.now() - t0) / opts.cycles;
  const from = samples.find((s) => s.cycle === settle)!;
  const last = samples.at(-1)!;
  const span = Math.max(1, last.cycle - from.cycle);
  return {
    name: manifest.name,
    cycles: opts.cycles,
    shared: opts.shared,
    msPerCycle,
    settle,
    samples,
    rssGrowth: last.rss - from.rss,
    rssPerCycle: (last.rss - from.rss) / span,
    externalGrowth: last.external - from.external,
    externalPerCycle: (last.external - from.external) / span,
  };
}

const mib = (n: number) => `${n >= 0 ? '+' : ''}${(n / 2 ** 20).toFixed(2)} MiB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--cycles');
  const usage =
    'usage: npx tsx scripts/load-destroy.ts <bundle-dir> [--cycles 100] [--shared-device] [--json]';
  const at = args.indexOf('--cycles');
  const cycles = at >= 0 ? Number(args[at + 1]) : 100;
  if (!dir || !Number.isInteger(cycles) || cycles < 1) {
    console.error(usage);
    process.exit(2);
  }
  const json = args.includes('--json');
  let first: Sample | undefined;
  const r = await loadDestroyCycles(dir, {
    cycles,
    shared: args.includes('--shared-device'),
    log: (s) => {
      first ??= s;
      if (!json)
        console.log(
          `after ${String(s.cycle).padStart(3)} cycles: RSS ${(s.rss / 2 ** 20).toFixed(1)} MiB (${mib(s.rss - first.rss)} since cycle ${first.cycle}), external ${(s.external / 2 ** 20).toFixed(1)} MiB, heap ${(s.heap / 2 ** 20).toFixed(1)} MiB`,
        );
    },
  });
  if (json) {
    console.log(JSON.stringify(r));
    return;
  }
  console.log(
    `load-destroy: ${r.cycles} cycles of ${r.name}${r.shared ? ' on one shared device' : ', a new device each'}, ${r.msPerCycle.toFixed(0)} ms each; from cycle ${r.settle} on: RSS ${mib(r.rssGrowth)} (${mib(r.rssPerCycle)} per cycle), external ${mib(r.externalGrowth)} (${mib(r.externalPerCycle)} per cycle)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
