/** Runs the real `kiln` executable in `cwd`, as a user would; Dawn's own warnings are dropped. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli.js';

export const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'src', 'bin.mjs');
// A hang is a failure: a kiln process that outlives this is killed and reported (code null).
const TIMEOUT_MS = 120_000;

export interface KilnRun {
  readonly code: number | null;
  readonly stderr: string;
  readonly stdout: string;
}

// Dawn prints "Warning: ..." lines on adapter creation; they are not ours.
const dropDawn = (s: string) =>
  s
    .split('\n')
    .filter((l) => l && !l.startsWith('Warning: '))
    .join('\n');

export function runKiln(cwd: string, ...args: string[]): KilnRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd,
    timeout: TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stderr: dropDawn(r.stderr), stdout: r.stdout };
}

/** The same, without blocking: for concurrent writers and for signals sent mid-run. */
export function startKiln(cwd: string, ...args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  const done = new Promise<KilnRun>((resolve) =>
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? -1 : null), stderr: dropDawn(stderr), stdout }),
    ),
  );
  return { child, done };
}

/**
 * The CLI's `main` in this process, its stdout and stderr captured: for tests of what a command
 * computes, where a process per case only adds its start (ts-morph alone loads in about 0.7 s).
 * The process itself (exit codes, signals, files) is what runKiln's tests are for.
 */
export async function runKilnInProcess(...args: string[]): Promise<KilnRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr));
  try {
    const code = await main(args);
    return { code, stderr: dropDawn(stderr.join('')), stdout: stdout.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
