/**
 * generated/ must be exactly what compiling specs/ produces today: text files byte for byte.
 * The weights are seeded random numbers (kiln init --seed 0), kept out of git: the committed
 * manifest records their sha256, which must be the fresh compile's, and a weights file that
 * `npm run generate` wrote must have that hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpecFile, GENERATED_DIR, specFiles } from '../compiler/generate.js';
import { GENERATED_HEADER } from '../compiler/emit/text.js';
import { parseManifest } from '../runtime/format/manifest.js';

const ROOT = join(import.meta.dirname, '..');
const WEIGHTS = 'weights.safetensors';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('generated/', () => {
  it('git tracks no seeded weights there', () => {
    const ignore = readFileSync(join(ROOT, '.gitignore'), 'utf8');
    expect(ignore.split('\n')).toContain(`/${GENERATED_DIR}/*/${WEIGHTS}`);
  });

  for (const file of specFiles(ROOT)) {
    it(`matches a fresh compile of specs/${file}`, async () => {
      const c = await compileSpecFile(ROOT, file);
      const dir = join(ROOT, GENERATED_DIR, c.spec.name);
      const onDisk = listFiles(dir)
        .map((p) => relative(dir, p))
        .filter((p) => p !== WEIGHTS)
        .sort();
      const text = [...c.files.keys()].filter((p) => p !== WEIGHTS).sort();
      expect(onDisk, 'run `npm run generate`').toEqual(text);
      for (const rel of text) {
        const data = c.files.get(rel)!;
        expect(
          readFileSync(join(dir, rel)).equals(Buffer.from(data)),
          `${rel} differs: run \`npm run generate\``,
        ).toBe(true);
      }
      const manifest = parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      if (!manifest.ok) throw new Error(manifest.problems.join('\n'));
      const weights = c.files.get(WEIGHTS);
      expect(weights).toBeDefined();
      expect(sha256(Buffer.from(weights!))).toBe(manifest.manifest.weightsSha256);
      if (existsSync(join(dir, WEIGHTS)))
        expect(
          sha256(readFileSync(join(dir, WEIGHTS))),
          `${WEIGHTS}: run \`npm run generate\``,
        ).toBe(manifest.manifest.weightsSha256);
      expect(String(c.files.get('source/cpu/runner.ts')).split('\n')[0]).toBe(
        `// ${GENERATED_HEADER}`,
      );
    });
  }
});
