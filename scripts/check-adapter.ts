/**
 * Probe for a usable WebGPU adapter (Dawn via npm `webgpu`).
 *
 *   tsx scripts/check-adapter.ts            one line; exit 0 (adapter) or 1 (none)
 *   tsx scripts/check-adapter.ts --install  as root on Debian bookworm with no adapter: run
 *                                           scripts/setup-gpu.sh, then probe again; elsewhere
 *                                           print what to run and exit 1
 *
 * Prints `kiln: WebGPU adapter: <adapter>` on stdout, or `kiln: error: <message>` (and what to do)
 * on stderr. The probe itself runs in a child process: Dawn writes warnings straight to fd 2
 * (shown only when the probe fails), a hung driver can be killed, and a re-probe after installing
 * sees the new Vulkan driver (the loader enumerates ICDs once per process).
 *
 * Environment (for tests, and for simulating machines without a driver):
 *   KILN_FAKE_NO_ADAPTER=1  behave as if requestAdapter() returned null
 *   KILN_FAKE_NONROOT=1     behave as if not root          (also honoured by setup-gpu.sh)
 *   KILN_OS_RELEASE=<file>  read instead of /etc/os-release (also honoured by setup-gpu.sh)
 *   KILN_PROBE_TIMEOUT_MS   kill a probe that has not answered after this long (default 30000)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGpu, NO_ADAPTER_HELP } from '../src/host/device.js';
import { isKilnError } from '../runtime/errors.js';

const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), '..');
const CHILD_FLAG = '--probe-child';
/** Child exit code meaning "createGpu() threw NO_ADAPTER"; stdout holds the message. */
const CHILD_NO_ADAPTER = 3;

const out = (line: string): void => void process.stdout.write(`kiln: ${line}\n`);
const err = (line: string): void => void process.stderr.write(`kiln: ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Child: create the device, report, destroy it.

async function child(): Promise<number> {
  if (process.env.KILN_FAKE_NO_ADAPTER === '1') {
    process.stdout.write(NO_ADAPTER_HELP);
    return CHILD_NO_ADAPTER;
  }
  try {
    const gpu = await createGpu();
    process.stdout.write(gpu.adapter);
    gpu.device.destroy();
    return 0;
  } catch (e) {
    if (isKilnError(e) && e.code === 'NO_ADAPTER') {
      process.stdout.write(e.message);
      return CHILD_NO_ADAPTER;
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Parent.

type Probe = { ok: true; adapter: string } | { ok: false; message: string; log: string[] };

function probe(): Probe {
  const ms =
    Number(process.env.KILN_PROBE_TIMEOUT_MS) > 0
      ? Number(process.env.KILN_PROBE_TIMEOUT_MS)
      : 30_000;
  const r = spawnSync(process.execPath, [...process.execArgv, self, CHILD_FLAG], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: ms,
    killSignal: 'SIGKILL',
  });
  const log = (r.stderr ?? '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim().length > 0);
  const stdout = (r.stdout ?? '').trim();
  if (r.error || r.signal) {
    const why = r.signal
      ? `was killed (${r.signal}) after ${ms} ms`
      : `could not start: ${r.error?.message}`;
    return { ok: false, message: `no WebGPU adapter: the probe ${why}`, log };
  }
  if (r.status === 0) return { ok: true, adapter: stdout };
  if (r.status === CHILD_NO_ADAPTER) return { ok: false, message: stdout || NO_ADAPTER_HELP, log };
  return { ok: false, message: `no WebGPU adapter: the probe failed (exit ${r.status})`, log };
}

function report(p: Probe): number {
  if (p.ok) {
    out(`WebGPU adapter: ${p.adapter}`);
    return 0;
  }
  for (const l of p.log) err(`  | ${l}`);
  err(`error: ${p.message}`);
  return 1;
}

function isRoot(): boolean {
  if (process.env.KILN_FAKE_NONROOT === '1') return false;
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function isBookworm(): boolean {
  let text: string;
  try {
    text = readFileSync(process.env.KILN_OS_RELEASE || '/etc/os-release', 'utf8');
  } catch {
    return false;
  }
  const get = (key: string): string | undefined =>
    new RegExp(`^${key}=(.*)$`, 'm')
      .exec(text)?.[1]
      .trim()
      .replace(/^["']|["']$/g, '');
  return get('ID') === 'debian' && get('VERSION_CODENAME') === 'bookworm';
}

function hasAptGet(): boolean {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

function printInstructions(): void {
  if (!isBookworm() || !hasAptGet()) {
    err('this is not Debian bookworm, so Kiln cannot install a driver for you. Install a Vulkan');
    err('driver that Dawn accepts (e.g. Mesa lavapipe >= 24: mesa-vulkan-drivers, and the Vulkan');
    err("loader libvulkan1) with this system's package manager, then run: npm run check-gpu");
    return;
  }
  const sudo = spawnSync('sh', ['-c', 'command -v sudo'], { stdio: 'ignore' }).status === 0;
  err('installing the driver needs root. Run:');
  err(sudo ? '  sudo bash scripts/setup-gpu.sh' : '  su -c "bash scripts/setup-gpu.sh"');
  err('or, as root, by hand:');
  err(
    "  echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/backports.list",
  );
  err('  apt-get update');
  err('  apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1');
}

function main(argv: string[]): number {
  const bad = argv.find((a) => a !== '--install');
  if (bad !== undefined) {
    err(`error: unknown argument ${bad} (usage: check-adapter.ts [--install])`);
    return 2;
  }
  const first = probe();
  if (first.ok || !argv.includes('--install')) return report(first);

  report(first);
  if (!(isRoot() && isBookworm() && hasAptGet())) {
    printInstructions();
    return 1;
  }
  err('installing Mesa lavapipe from bookworm-backports (scripts/setup-gpu.sh)');
  const setup = spawnSync('bash', [join(root, 'scripts', 'setup-gpu.sh')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    // We probe before and after ourselves: setup-gpu.sh only installs.
    env: { ...process.env, KILN_SETUP_NO_PROBE: '1' },
  });
  if (setup.status !== 0) {
    err(`error: scripts/setup-gpu.sh failed (exit ${setup.status ?? setup.signal})`);
    return 1;
  }
  const last = probe();
  if (!last.ok) {
    err('the driver packages are installed but Dawn still finds no adapter.');
    for (const v of ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES']) {
      if (process.env[v])
        err(
          `${v}=${process.env[v]} is set: it must name /usr/share/vulkan/icd.d/lvp_icd.json, or be unset.`,
        );
    }
    if (process.env.KILN_FAKE_NO_ADAPTER === '1')
      err('KILN_FAKE_NO_ADAPTER=1 is set: the probe pretends there is no adapter.');
  }
  return report(last);
}

if (process.argv[2] === CHILD_FLAG) {
  child().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
} else {
  process.exit(main(process.argv.slice(2)));
}
