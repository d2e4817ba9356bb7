/**
 * The kiln command line. User mistakes are KilnErrors: printed as `kiln: error: ...` lines,
 * exit code 2, no stack trace. Anything else is a bug in Kiln and keeps its stack.
 */
import { runInterruptCleanups } from './host/cleanup.js';
import { isKilnError } from '../runtime/errors.js';
import { isOsError, osProblem } from './host/fs-errors.js';
import { KILN_VERSION } from '../compiler/version.js';
import { commandHelp, parseArgs, type CommandDef, type Parsed } from './args.js';
import {
  benchCommand,
  compileCommand,
  emitTorchCommand,
  importCommand,
  initCommand,
  inspectCommand,
  runCommand,
  sampleCommand,
  serveCommand,
  weightsCommand,
} from './commands/defs.js';

type Handler = (p: Parsed, log: (s: string) => void, print: (s: string) => void) => Promise<void>;

// Each command's code loads when it runs (see commands/defs.ts).
const COMMANDS: readonly [CommandDef, Handler][] = [
  [compileCommand, async (p, log) => (await import('./commands/compile.js')).runCompile(p, log)],
  [runCommand, async (p, log) => (await import('./commands/run.js')).runRun(p, log)],
  [sampleCommand, async (p, log) => (await import('./commands/sample.js')).runSample(p, log)],
  [
    inspectCommand,
    async (p, _log, print) => (await import('./commands/inspect.js')).runInspect(p, print),
  ],
  [
    weightsCommand,
    async (p, _log, print) => (await import('./commands/weights.js')).runWeights(p, print),
  ],
  [initCommand, async (p, log) => (await import('./commands/init.js')).runInit(p, log)],
  [
    importCommand,
    async (p, log, print) => (await import('./commands/import.js')).runImport(p, log, print),
  ],
  [
    emitTorchCommand,
    async (p, _log, print) => (await import('./commands/emit-torch.js')).runEmitTorch(p, print),
  ],
  [
    benchCommand,
    async (p, log, print) => (await import('./commands/bench.js')).runBench(p, log, print),
  ],
  [
    serveCommand,
    async (p, log, print) => (await import('./commands/serve.js')).runServe(p, print, log),
  ],
];

const MAIN_HELP = `kiln ${KILN_VERSION}: compile a diffusion U-Net spec to WebGPU (WGSL kernels + a TypeScript runner)

usage: kiln <command> [args] [flags]

commands:
${COMMANDS.map(([c]) => `  ${(`${c.name} ${c.args.join(' ')}`).padEnd(28)}${c.summary.split(/[:.] /)[0]}`).join('\n')}

Run kiln <command> --help for its flags. Exit codes: 0 ok, 2 bad input, 1 internal error.
`;

/** More lines than this (a header of a million bad tensors) are cut to this many plus a count. */
const MAX_ERROR_LINES = 100;

let signalsHandled = false;
/**
 * On SIGINT/SIGTERM: remove the temporaries and locks in flight, exit as the signal would. A
 * closed stdout (`kiln emit-torch x.json | head`) ends the process quietly, as for any CLI.
 */
function cleanUpOnSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      runInterruptCleanups();
      process.exit(0);
    });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(signal, () => {
      runInterruptCleanups();
      process.exit(code);
    });
}

export async function main(argv: readonly string[]): Promise<number> {
  cleanUpOnSignals();
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    out(KILN_VERSION);
    return 0;
  }
  const entry = COMMANDS.find(([c]) => c.name === name);
  try {
    if (!entry) {
      err(
        `kiln: error: unknown command ${JSON.stringify(name)} (commands: ${COMMANDS.map(([c]) => c.name).join(', ')}; see kiln --help)`,
      );
      return 2;
    }
    const [def, handler] = entry;
    const parsed = parseArgs(def, rest);
    if (parsed.flags.has('help')) {
      out(commandHelp(def));
      return 0;
    }
    await handler(parsed, err, out);
    return 0;
  } catch (e) {
    if (isKilnError(e)) {
      for (const line of e.lines.slice(0, MAX_ERROR_LINES)) err(`kiln: error: ${line}`);
      if (e.lines.length > MAX_ERROR_LINES)
        err(`kiln: error: ... and ${e.lines.length - MAX_ERROR_LINES} more lines not shown`);
      return 2;
    }
    // An OS error no command mapped (fs-errors.ts maps the known ones with their flag) is still
    // about a path the user gave: one line, not a stack trace.
    if (isOsError(e)) {
      err(`kiln: error: ${e.path ?? e.syscall ?? 'file system'}: ${osProblem(e)}`);
      return 2;
    }
    throw e;
  }
}
