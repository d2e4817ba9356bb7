/**
 * Repeated load() / forward / destroy() of one bundle through its model.mjs, each with its own
 * device (as a page that reloads its model would), and what the process holds: RSS and JS heap
 * after each block of cycles. A buffer or device that destroy() failed to free shows as growth.
 *
 *   npx tsx scripts/load-destroy.ts <bundle-dir> [--cycles 30] [--shared-device]
 *
 * --shared-device: one device for all cycles (load({ device })), to tell growth in what load()
 * makes from growth in the driver's per-device state.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { kilnGpu } from '../src/host/device.js';
import { importModel, readManifest } from '../src/host/open-bundle.js';
import { randomInputs } from '../src/random-inputs.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) throw new Error('usage: npx tsx scripts/load-destroy.ts <bundle-dir> [--cycles 30]');
const at = args.indexOf('--cycles');
const cycles = at >= 0 ? Number(args[at + 1]) : 30;

const manifest = await readManifest(dir);
const mod = await importModel(dir, manifest);
const gpu = await kilnGpu();
const shared = args.includes('--shared-device')
  ? await (await gpu.requestAdapter())!.requestDevice()
  : undefined;
const inputs = Object.fromEntries(randomInputs(manifest.inputs, 0));
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const snapshot = async () => {
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
};

let first: Awaited<ReturnType<typeof snapshot>> | undefined;
const t0 = performance.now();
for (let i = 1; i <= cycles; i++) {
  const model = await mod.load(shared ? { device: shared } : { gpu });
  await model.forward(inputs);
  model.destroy();
  if (i === 5 || i % 10 === 0 || i === cycles) {
    const s = await snapshot();
    first ??= s;
    console.log(
      `after ${String(i).padStart(3)} cycles: RSS ${mib(s.rss)} (${s.rss >= first.rss ? '+' : ''}${mib(s.rss - first.rss)} since cycle 5), heap ${mib(s.heap)}`,
    );
  }
}
console.log(
  `load-destroy: ${cycles} cycles of ${manifest.name}${shared ? ' on one shared device' : ', a new device each'} (weights ${mib(manifest.params.reduce((a, p) => a + 4 * p.shape.reduce((x, y) => x * y, 1), 0))}), ${((performance.now() - t0) / cycles).toFixed(0)} ms each`,
);
