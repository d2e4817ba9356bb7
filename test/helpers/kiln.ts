/** Runs the real `kiln` executable in `cwd`, as a user would; Dawn's own warnings are dropped. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface KilnRun {
  readonly code: number | null;
  readonly stderr: string;
  readonly stdout: string;
}

export function runKiln(cwd: string, ...args: string[]): KilnRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
    encoding: 'utf8',
    cwd,
  });
  // Dawn prints "Warning: ..." lines on adapter creation; they are not ours.
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l && !l.startsWith('Warning: '))
    .join('\n');
  return { code: r.status, stderr, stdout: r.stdout };
}
