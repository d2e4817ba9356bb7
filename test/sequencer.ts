/**
 * The order vitest starts test files in. Files run side by side (vitest.config.ts: maxWorkers),
 * so a long file started last is a long tail: the files that cost most on a cold run (an empty
 * Mesa shader cache, a fresh clone with no vitest timings cache) start first. COLD_SECONDS is
 * vitest's time for each file in such a run, two files at a time on the 2-core CI machine
 * (fresh clone of c71f329); files not listed come after, in vitest's own order (longest last
 * time, or largest, first).
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const COLD_SECONDS: Readonly<Record<string, number>> = {
  'test/e2e/nets-fused-gpu.test.ts': 96,
  'test/cli/harden.test.ts': 71,
  'test/kernels/ops.test.ts': 70,
  // Timed in a full `npm test` at dae3316 (warm Mesa cache, two files at a time, under load).
  'test/e2e/large.test.ts': 54,
  'test/browser/chromium.test.ts': 44,
  'test/e2e/nets-unfused-cpu.test.ts': 41,
  'test/torch/emit.test.ts': 25,
  'test/fuzz/names.test.ts': 25,
  'test/spec/fuzz.test.ts': 23,
  'test/e2e/nets-fused-cpu.test.ts': 23,
  'test/cli/prebuilt.test.ts': 18,
};

export default class ColdFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byVitest = await super.sort(files);
    const root = this.ctx.config.root;
    const cost = (f: TestSpecification) => COLD_SECONDS[f.moduleId.slice(root.length + 1)] ?? 0;
    // Array.prototype.sort is stable: unlisted files keep vitest's order among themselves.
    return [...byVitest].sort((a, b) => cost(b) - cost(a));
  }
}
