/** README's copy-paste examples, so that tests run them as written. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The `index`-th (from 0) ```lang block of a README section (the whole heading line, e.g.
 * `## Use ...`; the section ends at the next `## ` heading).
 */
export function readmeExample(heading: string, lang: string, index = 0): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README.md has no section ${heading}`);
  const rest = readme.slice(at + heading.length + 2);
  const section = rest.slice(0, rest.search(/^## /m) >>> 0);
  const blocks = [...section.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))];
  const m = blocks[index];
  if (!m) throw new Error(`README.md: no \`\`\`${lang} block ${index} under ${heading}`);
  return m[1]!;
}
