import { readManifest } from '../host/bundle.js';
import { intFlag, type Parsed } from '../args.js';
import { serveBundle } from '../serve.js';

/** Prints the URL on stdout (for scripts), then serves until SIGINT or SIGTERM. */
export async function runServe(
  { positional, flags }: Parsed,
  print: (s: string) => void,
  log: (s: string) => void,
): Promise<void> {
  const dir = positional[0]!;
  const port = intFlag('serve', flags, 'port', 8080, 0, 65535);
  const manifest = await readManifest(dir); // a directory that is not a bundle is an error first
  const server = await serveBundle(dir, port);
  print(server.url);
  log(
    `kiln: serving ${manifest.name} from ${dir} at ${server.url} (demo: ${server.url}${manifest.demo}); Ctrl-C to stop`,
  );
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
