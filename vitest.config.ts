import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import ColdFirstSequencer from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/count-reporter.ts'],
    // Dawn is a native addon: separate processes are safer than worker threads.
    pool: 'forks',
    // vitest's default, one fewer than the cores, is one file at a time on a 2-core machine; but
    // a GPU test file spends much of its time in lavapipe's compiler and the CLI tests waiting
    // on child processes, so two files side by side keep both cores busy (a cold run on 2 cores:
    // 497 s one file at a time, 401 s two).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A worker runs file after file without reloading modules: the compiler, ts-morph and one
    // Dawn device (test/helpers/gpu.ts: sharedGpu) load once per worker, not once per file, and
    // stay JIT-compiled (a cold run on 2 cores: 477 s isolated, 430 s not). No test file patches
    // a global it does not restore.
    isolate: false,
    sequence: { sequencer: ColdFirstSequencer },
    // Lavapipe compiles every shader on the CPU the first time (a cold Mesa cache costs tens of
    // seconds for a whole U-Net), so GPU tests get generous limits.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    env: { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
  },
});
