import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { KilnError } from '../../runtime/errors.js';
import type { Manifest } from '../../runtime/format/manifest.js';
import { readManifest } from '../host/bundle.js';
import { intFlag, type Parsed } from '../args.js';
import { serveBundle } from '../serve.js';

/**
 * What `dir` serves: itself when it is a bundle, else the bundles in its folders (a site: your
 * pages beside the bundles they import, so recompiling a bundle never meets a page inside it).
 */
async function bundlesIn(dir: string): Promise<{ path: string; manifest: Manifest }[]> {
  try {
    return [{ path: '', manifest: await readManifest(dir) }];
  } catch (e) {
    if (
      !(
        e instanceof KilnError &&
        e.lines[0]?.endsWith('(no manifest.json); make one with kiln compile')
      )
    )
      throw e;
    const found: { path: string; manifest: Manifest }[] = [];
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const d of entries.sort((a, b) => a.name.localeCompare(b.name)))
      if (d.isDirectory())
        await readManifest(join(dir, d.name)).then(
          (manifest) => found.push({ path: `${d.name}/`, manifest }),
          () => undefined,
        );
    if (found.length === 0)
      throw new KilnError(
        'BUNDLE_INVALID',
        `${dir}: not a kiln bundle and holds none (no manifest.json in it or in its folders); make one with kiln compile`,
      );
    return found;
  }
}

/** Prints the URL on stdout (for scripts), then serves until SIGINT or SIGTERM. */
export async function runServe(
  { positional, flags }: Parsed,
  print: (s: string) => void,
  log: (s: string) => void,
): Promise<void> {
  const dir = positional[0]!;
  const port = intFlag('serve', flags, 'port', 8080, 0, 65535);
  const bundles = await bundlesIn(dir); // a directory without a bundle is an error first
  const server = await serveBundle(dir, port);
  print(server.url);
  for (const { path, manifest } of bundles)
    log(
      `kiln: serving ${manifest.name} from ${join(dir, path).replace(/\/$/, '')} at ${server.url}${path} (demo: ${server.url}${path}${manifest.demo})`,
    );
  log('kiln: Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
}
