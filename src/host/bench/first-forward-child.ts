/** `node first-forward-child.js <bundle-dir>`: the fresh process of firstForwardInFreshProcess. */
import { firstForward } from './first-forward.js';

firstForward(process.argv[2]!).then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).message?.split('\n')[0] ?? String(e)}\n`);
    process.exit(1);
  },
);
