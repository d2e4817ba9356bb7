/** generated/ must be exactly what compiling specs/ produces today, byte for byte. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpecFile, GENERATED_DIR, specFiles } from '../compiler/generate.js';
import { GENERATED_HEADER } from '../compiler/emit/runner.js';

const ROOT = join(import.meta.dirname, '..');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

describe('generated/', () => {
  for (const file of specFiles(ROOT)) {
    it(`matches a fresh compile of specs/${file}`, async () => {
      const c = await compileSpecFile(ROOT, file);
      const dir = join(ROOT, GENERATED_DIR, c.spec.name);
      const onDisk = listFiles(dir)
        .map((p) => relative(dir, p))
        .sort();
      expect(onDisk, 'run `npm run generate`').toEqual([...c.files.keys()].sort());
      for (const [rel, data] of c.files) {
        const want = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
        expect(
          readFileSync(join(dir, rel)).equals(want),
          `${rel} differs: run \`npm run generate\``,
        ).toBe(true);
      }
      expect(String(c.files.get('source/cpu/runner.ts')).split('\n')[0]).toBe(
        `// ${GENERATED_HEADER}`,
      );
    });
  }
});
