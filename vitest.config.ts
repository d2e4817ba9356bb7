import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/count-reporter.ts'],
    // Dawn is a native addon: separate processes are safer than worker threads.
    pool: 'forks',
    // Lavapipe compiles every shader on the CPU the first time (a cold Mesa cache costs tens of
    // seconds for a whole U-Net), so GPU tests get generous limits.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    env: { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
  },
});
