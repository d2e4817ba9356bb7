/**
 * Loaded with `node --import` into a benchmark's child process: at exit it writes the process's
 * peak resident memory (VmHWM of /proc/self/status, in bytes) to the file named by
 * KILN_BENCH_HWM, so the parent reports each process's own peak (scripts/bench/sd.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.KILN_BENCH_HWM;
if (file)
  process.on('exit', () => {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) writeFileSync(file, String(Number(m[1]) * 1024));
  });
