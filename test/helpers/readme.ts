/** README's copy-paste examples, so that tests run them as written. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The first ```lang block after a README heading (the whole heading line, e.g. `## Use ...`). */
export function readmeExample(heading: string, lang: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README.md has no section ${heading}`);
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme.slice(at));
  if (!m) throw new Error(`README.md: no \`\`\`${lang} block under ${heading}`);
  return m[1]!;
}
