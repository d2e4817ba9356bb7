/**
 * Soak: one bundle, many forward passes in one process, and what it holds before and after:
 * JS heap, RSS, and live GPU buffers (every createBuffer is counted, every destroy uncounted).
 * A leak in the runner, the runtime or Dawn's bindings shows as growth over the run.
 *
 *   npx tsx scripts/soak.ts [bundle-dir] [--iters 1000]
 *
 * Without a bundle it compiles test/golden/fixtures/nets/tiny/spec.json into a temporary one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writeBundleDir } from '../compiler/emit/bundle.js';
import { compile } from '../compiler/index.js';
import { readSpecFile } from '../compiler/spec/read.js';
import { loadBundle, runBundle } from '../src/host/bundle.js';
import { createGpu } from '../src/host/device.js';
import { randomInputs } from '../src/random-inputs.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const args = process.argv.slice(2);
const itersAt = args.indexOf('--iters');
const iters = itersAt >= 0 ? Number(args[itersAt + 1]) : 1000;
const given = args.find((a, i) => !a.startsWith('--') && (itersAt < 0 || i !== itersAt + 1));

let dir = given;
let tmp: string | undefined;
if (!dir) {
  tmp = await mkdtemp(join(tmpdir(), 'kiln-soak-'));
  dir = join(tmp, 'tiny');
  const spec = await readSpecFile(join('test', 'golden', 'fixtures', 'nets', 'tiny', 'spec.json'));
  await writeBundleDir(dir, (await compile(spec)).files);
}

const gpu = await createGpu();
let live = 0;
const create = gpu.device.createBuffer.bind(gpu.device);
gpu.device.createBuffer = (desc: GPUBufferDescriptor) => {
  const b = create(desc);
  live++;
  const destroy = b.destroy.bind(b);
  let gone = false;
  b.destroy = () => {
    if (!gone) live--;
    gone = true;
    destroy();
  };
  return b;
};

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
// Dawn frees a native object when its JS wrapper is finalized, which runs after a GC, not in it.
const settle = () => new Promise((r) => setTimeout(r, 200));
const snapshot = async () => {
  gc();
  await settle();
  gc();
  await settle();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss, buffers: live };
};
const show = (label: string, s: Awaited<ReturnType<typeof snapshot>>) =>
  console.log(
    `${label.padEnd(26)} heap ${mib(s.heap)}, RSS ${mib(s.rss)}, live GPU buffers ${s.buffers}`,
  );

const bundle = await loadBundle(dir, { device: gpu.device });
const inputs = randomInputs(bundle.manifest.inputs, 0);
const first = await runBundle(bundle, inputs);
const before = await snapshot();
show('after 1 forward', before);
const t0 = performance.now();
let last = first;
for (let i = 0; i < iters; i++) {
  last = await runBundle(bundle, inputs, { warn: null });
  if (i + 1 === 100 || ((i + 1) % 500 === 0 && i + 1 < iters))
    show(`after ${i + 1} more`, await snapshot());
}
const ms = (performance.now() - t0) / iters;
const after = await snapshot();
show(`after ${iters} more`, after);
const same = Object.keys(first).every((k) =>
  Buffer.from(first[k]!.buffer).equals(Buffer.from(last[k]!.buffer)),
);
bundle.model.destroy();
show('after model.destroy()', await snapshot());
console.log(
  `soak: ${iters} forwards of ${bundle.manifest.name} on ${gpu.adapter}, ${ms.toFixed(1)} ms each; ` +
    `heap ${after.heap >= before.heap ? '+' : ''}${mib(after.heap - before.heap)}, RSS ${after.rss >= before.rss ? '+' : ''}${mib(after.rss - before.rss)}, ` +
    `GPU buffers ${before.buffers} -> ${after.buffers}; last output ${same ? 'bit-identical to' : 'DIFFERENT from'} the first`,
);
gpu.device.destroy();
if (tmp) await rm(tmp, { recursive: true, force: true });
process.exitCode = same && after.buffers === before.buffers ? 0 : 1;
