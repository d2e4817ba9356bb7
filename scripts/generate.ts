/** Rewrites generated/<name>/ for every spec in specs/ (see compiler/generate.ts). */
import { rm, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBundleDir } from '../compiler/emit/bundle.js';
import { compileSpecFile, GENERATED_DIR, specFiles } from '../compiler/generate.js';

const root = process.cwd();
const names = new Set<string>();
for (const file of specFiles(root)) {
  const c = await compileSpecFile(root, file);
  names.add(c.spec.name);
  await writeBundleDir(join(root, GENERATED_DIR, c.spec.name), c.files);
  console.log(
    `kiln: ${join('specs', file)} -> ${join(GENERATED_DIR, c.spec.name)} (${c.files.size} files)`,
  );
}
for (const stale of (await readdir(join(root, GENERATED_DIR))).filter(
  (d) => !names.has(d) && !d.startsWith('README'),
)) {
  await rm(join(root, GENERATED_DIR, stale), { recursive: true });
  console.log(`kiln: removed stale ${join(GENERATED_DIR, stale)}`);
}
