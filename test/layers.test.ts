/**
 * Layers import one way: CLI (src/) -> compiler/ -> runtime/. The runtime is what a bundle
 * ships with, so it must never pull in the compiler (ts-morph, esbuild) or the CLI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : /\.(ts|mts|mjs)$/.test(f) ? [p] : [];
  });
}

/** Every relative import or export-from of `file`, as a repo-relative path. */
function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const specs = [...src.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => relative(ROOT, resolve(dirname(file), s)));
}

const FORBIDDEN: Record<string, readonly string[]> = {
  runtime: ['compiler/', 'src/', 'scripts/'],
  compiler: ['src/', 'scripts/'],
};

describe('layers', () => {
  for (const [layer, banned] of Object.entries(FORBIDDEN))
    it(`${layer}/ imports nothing from ${banned.join(', ')}`, () => {
      const bad = tsFiles(join(ROOT, layer)).flatMap((f) =>
        importsOf(f)
          .filter((i) => banned.some((b) => i.startsWith(b)))
          .map((i) => `${relative(ROOT, f)} -> ${i}`),
      );
      expect(bad).toEqual([]);
    });
});
