/**
 * Layers import one way: CLI (src/) -> compiler/ -> src/host/ (Node tooling) -> runtime/. The
 * runtime is what a bundle ships to browsers, so it must never pull in the compiler (ts-morph,
 * esbuild), the CLI, Node tooling or a Node built-in (a `node:` module only by a dynamic import
 * that a browser never reaches). The compiler reads from the runtime only the bundle format
 * (runtime/format/) and the public error type (runtime/errors.ts).
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

/** Per layer, what it must not import: a path prefix, unless an allowed prefix matches. */
const FORBIDDEN: Record<string, { banned: readonly string[]; allowed?: readonly string[] }> = {
  runtime: { banned: ['compiler/', 'src/', 'scripts/'] },
  'src/host': { banned: ['compiler/', 'src/', 'scripts/'], allowed: ['src/host/'] },
  compiler: {
    banned: ['src/', 'scripts/', 'runtime/'],
    allowed: ['src/host/', 'runtime/format/', 'runtime/errors.ts', 'runtime/errors.js'],
  },
};

describe('layers', () => {
  for (const [layer, { banned, allowed = [] }] of Object.entries(FORBIDDEN))
    it(`${layer}/ imports nothing from ${banned.join(', ')}${allowed.length ? ` but ${allowed.join(', ')}` : ''}`, () => {
      const bad = tsFiles(join(ROOT, layer)).flatMap((f) =>
        importsOf(f)
          .filter(
            (i) => banned.some((b) => i.startsWith(b)) && !allowed.some((a) => i.startsWith(a)),
          )
          .map((i) => `${relative(ROOT, f)} -> ${i}`),
      );
      expect(bad).toEqual([]);
    });

  it('runtime/ imports no Node built-in statically', () => {
    const bad = tsFiles(join(ROOT, 'runtime')).filter((f) =>
      /^import [^(]*from ['"]node:/m.test(readFileSync(f, 'utf8')),
    );
    expect(bad.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
