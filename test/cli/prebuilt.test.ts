/**
 * The prebuilt CLI (dist/cli/, made by `npm install`: scripts/build-cli.mjs) against the
 * TypeScript sources run through tsx (KILN_FROM_SOURCE=1): the same output, byte for byte,
 * including a compiled bundle, whose model.mjs must keep its own `import.meta.url`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, newest, ROOT, SOURCES } from '../../src/prebuilt.mjs';

const BIN = join(ROOT, 'src', 'bin.mjs');
const TINY = join(ROOT, 'test', 'golden', 'fixtures', 'nets', 'tiny');
const tmp = mkdtempSync(join(tmpdir(), 'kiln-prebuilt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function kiln(fromSource: boolean, ...args: string[]) {
  const env = { ...process.env, KILN_FROM_SOURCE: fromSource ? '1' : '0' };
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: tmp, env });
  const drop = (s: string) =>
    s
      .split('\n')
      .filter((l) => !l.startsWith('Warning: ') && !/ in \d+(\.\d+)? s$/.test(l))
      .join('\n');
  return { code: r.status, stdout: r.stdout, stderr: drop(r.stderr) };
}

function files(dir: string, at = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(join(dir, at), { withFileTypes: true })) {
    const rel = join(at, e.name);
    if (e.isDirectory()) for (const [k, v] of files(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, rel)));
  }
  return out;
}

describe('the prebuilt CLI', () => {
  it('exists and is newer than the sources (npm install and npm test build it)', () => {
    const built = statSync(BUILT, { throwIfNoEntry: false });
    expect(
      built,
      'dist/cli/cli.js: run node scripts/build-cli.mjs (npm install and npm test do)',
    ).toBeDefined();
    for (const d of SOURCES)
      expect(
        newest(join(ROOT, d)),
        `${d}/ is newer than dist/cli/: run node scripts/build-cli.mjs (npm test does)`,
      ).toBeLessThanOrEqual(built!.mtimeMs);
  });

  it('answers as the sources do: help, a bad flag, inspect', () => {
    for (const args of [['--help'], ['compile', '--bogus'], ['inspect', join(TINY, 'spec.json')]])
      expect(kiln(false, ...args), args.join(' ')).toEqual(kiln(true, ...args));
  });

  it('compiles the same bundle, byte for byte', () => {
    const spec = join(TINY, 'spec.json');
    const weights = join(TINY, 'weights.safetensors');
    const a = kiln(false, 'compile', spec, '--weights', weights, '--out', join(tmp, 'built'));
    const b = kiln(true, 'compile', spec, '--weights', weights, '--out', join(tmp, 'source'));
    expect([a.code, b.code]).toEqual([0, 0]);
    const [x, y] = [files(join(tmp, 'built')), files(join(tmp, 'source'))];
    expect([...x.keys()].sort()).toEqual([...y.keys()].sort());
    for (const [k, v] of x) expect(v.equals(y.get(k)!), k).toBe(true);
    expect(x.get('model.mjs')!.toString()).toContain('import.meta.url');
  });
});
