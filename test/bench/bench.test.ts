/**
 * The benchmark harness, its cheap and deterministic parts only: flag errors, the JSON line of
 * `kiln bench --json` (and its --profile shape) on the tiny net, the suite's flag parser and the
 * BENCHMARKS.md section update. Timings are never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.js';
import { runKiln } from '../helpers/kiln.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { kernelFamily, profileDispatches, recordDispatches } from '../../src/host/bench/profile.js';
import { loadBundle } from '../../src/host/bundle.js';
import { sharedGpu } from '../helpers/gpu.js';
import { median, timeRounds } from '../../src/host/bench/timing.js';
import { parseBenchFlags } from '../../scripts/bench/main.js';
import { formatSdTable, parseSdFlags, type SdReport } from '../../scripts/bench/sd.js';
import { NEEDS_TORCH } from '../../scripts/bench/ort.js';
import { formatTable, upsertSection, type Report } from '../../scripts/bench/report.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TINY_SPEC = join(ROOT, 'test', 'golden', 'fixtures', 'nets', 'tiny', 'spec.json');
let tmp: string;
let dispatches: number;

const kiln = (...args: string[]) => runKiln(tmp, ...args);

function expectUsage(r: ReturnType<typeof kiln>, line: string) {
  expect(r.stderr).toBe(`kiln: error: ${line}`);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kiln-bench-'));
  // lavapipe is a software adapter: the bundle runs its cpu kernels.
  const c = await compile(await readSpecFile(TINY_SPEC), { seed: 0, target: 'cpu' });
  dispatches = c.manifest.variants[0]!.dispatches;
  await writeBundleDir(join(tmp, 'tiny'), c.files);
  mkdirSync(join(tmp, 'empty'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('kiln bench: bad input', () => {
  it('flags: one line naming the flag, exit 2', () => {
    expectUsage(
      kiln('bench', 'tiny', '--iters', '0'),
      'kiln bench: --iters must be an integer from 1 to 100000, got "0"',
    );
    expectUsage(
      kiln('bench', 'tiny', '--warmup', 'two'),
      'kiln bench: --warmup must be an integer from 0 to 100000, got "two"',
    );
    expectUsage(
      kiln('bench', 'tiny', '--iters'),
      'kiln bench: --iters needs a value (<n>) (see kiln bench --help)',
    );
    expectUsage(
      kiln('bench', 'tiny', '--fast'),
      'kiln bench: unknown flag --fast (see kiln bench --help)',
    );
    expectUsage(
      kiln('bench', 'tiny', '--json=1'),
      'kiln bench: --json takes no value (see kiln bench --help)',
    );
    expectUsage(kiln('bench'), 'kiln bench: missing <bundle-dir> (see kiln bench --help)');
  });

  it('a directory that is not a bundle', () => {
    expectUsage(
      kiln('bench', 'empty'),
      'empty: not a kiln bundle (no manifest.json); make one with kiln compile',
    );
    expectUsage(
      kiln('bench', 'nowhere'),
      'nowhere: not a kiln bundle (no manifest.json); make one with kiln compile',
    );
  });

  it('--help lists the flags', () => {
    const r = kiln('bench', '--help');
    expect(r.code).toBe(0);
    for (const f of ['--iters', '--warmup', '--json', '--profile']) expect(r.stdout).toContain(f);
  });
});

describe('kiln bench --json', () => {
  it('prints exactly one JSON line, adapter, msPerForward and dispatches first', () => {
    const r = kiln('bench', 'tiny', '--json', '--iters', '1', '--warmup', '1');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(1);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const j = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(j).slice(0, 3)).toEqual(['adapter', 'msPerForward', 'dispatches']);
    expect(typeof j.adapter).toBe('string');
    expect((j.adapter as string).length).toBeGreaterThan(0);
    expect(typeof j.msPerForward).toBe('number');
    expect(j.msPerForward as number).toBeGreaterThan(0);
    expect(j.dispatches).toBe(dispatches);
    expect(j.iters).toBe(1);
    expect(j.warmup).toBe(1);
    expect(j.timesMs).toHaveLength(1);
    expect(j.warmupMs).toHaveLength(1);
    expect(j.flops as number).toBeGreaterThan(0); // the bundle has its spec.json
    expect(typeof j.gflops).toBe('number');
    expect(j.emptyDispatchesMs as number).toBeGreaterThan(0);
    // measured in a fresh process, so it includes at least the forward itself
    expect(j.firstForwardMs as number).toBeGreaterThan(0);
    expect(j.coldShaderCache).toBe(false);
    expect(j.profile).toBeUndefined();
  });

  it('--profile: GPU timestamps per dispatch on lavapipe, totals per kernel family', () => {
    const r = kiln('bench', 'tiny', '--json', '--profile', '--iters', '3', '--warmup', '1');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      dispatches: number;
      msPerForward: number;
      profile: {
        timing: string;
        sumMs: number;
        passMs: number;
        overheadMs: number;
        rounds: number;
        dispatches: { index: number; kernel: string; family: string; ms: number; grid: number[] }[];
        families: { family: string; dispatches: number; ms: number }[];
      };
    };
    const manifest = JSON.parse(readFileSync(join(tmp, 'tiny', 'manifest.json'), 'utf8')) as {
      variants: { target: string; kernels: string[] }[];
    };
    const cpu = manifest.variants.find((v) => v.target === 'cpu')!;
    const kernels = new Set(cpu.kernels.map((k) => k.split('/').at(-1)));
    expect(j.profile.rounds).toBeGreaterThanOrEqual(3);
    expect(j.profile.dispatches).toHaveLength(j.dispatches);
    j.profile.dispatches.forEach((d, i) => {
      expect(d.index).toBe(i);
      expect(kernels.has(d.kernel), d.kernel).toBe(true);
      expect(d.family).toBe(kernelFamily(d.kernel));
      expect(d.ms).toBeGreaterThanOrEqual(0);
      expect(d.grid).toHaveLength(3);
    });
    expect(j.profile.families.reduce((a, f) => a + f.dispatches, 0)).toBe(j.dispatches);
    expect(j.profile.families.some((f) => f.family.includes('conv'))).toBe(true);
    // lavapipe offers timestamp-query: the times are the GPU's, with nothing subtracted.
    expect(j.profile.timing).toBe('timestamp-query');
    expect(j.profile.overheadMs).toBe(0);
    // Unquantised timestamps (Dawn's 65.5 us rounding is off): most dispatches measure > 0.
    expect(j.profile.dispatches.filter((d) => d.ms > 0).length).toBeGreaterThan(j.dispatches / 2);
    expect(j.profile.sumMs).toBeCloseTo(
      j.profile.dispatches.reduce((a, d) => a + d.ms, 0),
      9,
    );
    // About the forward: measured 2.5 ms summed vs 1.8 ms per forward (and 3.0 ms for one pass
    // of them all); the bounds leave a shared 2-core machine a factor of 10 either way.
    expect(j.profile.passMs).toBeGreaterThan(0);
    for (const ms of [j.profile.sumMs, j.profile.passMs]) {
      expect(ms).toBeGreaterThan(j.msPerForward / 10);
      expect(ms).toBeLessThan(j.msPerForward * 10);
    }
  });

  it('profileDispatches falls back to replay on a device without timestamp-query', async () => {
    const gpu = await sharedGpu(); // asks for no timestamp-query
    expect(gpu.device.features.has('timestamp-query')).toBe(false);
    const bundle = await loadBundle(join(tmp, 'tiny'), { device: gpu.device });
    try {
      const recorded = recordDispatches(bundle.model);
      const p = await profileDispatches(gpu.device, recorded, [], 1);
      expect(p.timing).toBe('replay');
      expect(p.passMs).toBeUndefined();
      expect(p.overheadMs).toBeGreaterThan(0);
      expect(p.dispatches).toHaveLength(dispatches);
      for (const d of p.dispatches) expect(d.ms).toBeGreaterThanOrEqual(0);
    } finally {
      bundle.model.destroy();
    }
  });
});

describe('the timing loop', () => {
  it('warms each runner up in turn, then rotates who goes first each round', async () => {
    const calls: string[] = [];
    const runner = (label: string) => ({
      label,
      run: async (warmup: boolean) => {
        calls.push(`${label}${warmup ? 'w' : ''}`);
        return label;
      },
    });
    const t = await timeRounds([runner('a'), runner('b')], { warmup: 1, iters: 3 });
    expect(calls).toEqual(['aw', 'bw', 'a', 'b', 'b', 'a', 'a', 'b']);
    expect(t.map((x) => [x.label, x.warmupMs.length, x.timesMs.length, x.last])).toEqual([
      ['a', 1, 3, 'a'],
      ['b', 1, 3, 'b'],
    ]);
    expect(t[0]!.ms).toBe(median(t[0]!.timesMs));
  });
});

describe('helpers', () => {
  it('kernel families and medians', () => {
    expect(kernelFamily('07_conv2d.wgsl')).toBe('conv2d');
    expect(kernelFamily('source/kernels/12_group_norm_silu.wgsl')).toBe('group_norm_silu');
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('npm run bench: flags', () => {
  it('defaults', () => {
    expect(parseBenchFlags([])).toEqual({
      configs: ['S', 'M', 'S16', 'C10'],
      iters: 7,
      warmup: 2,
      ort: true,
      cold: true,
      write: false,
      sampling: true,
      help: false,
    });
    expect(parseBenchFlags(['--no-sampling'])).toMatchObject({ sampling: false });
    expect(parseBenchFlags(['--configs', 'M', '--iters=5', '--no-ort', '--write'])).toMatchObject({
      configs: ['M'],
      iters: 5,
      ort: false,
      write: true,
    });
  });

  it('errors name the flag', () => {
    expect(() => parseBenchFlags(['--configs', 'S,X'])).toThrow(
      '--configs: no config "X" (have: C10, M, M16, S, S16)',
    );
    expect(() => parseBenchFlags(['--configs', 'S,S'])).toThrow(
      '--configs: a config is listed twice',
    );
    expect(() => parseBenchFlags(['--iters', '0'])).toThrow(
      '--iters must be an integer from 1 to 100000, got "0"',
    );
    expect(() => parseBenchFlags(['--iters'])).toThrow('--iters needs a value');
    expect(() => parseBenchFlags(['--ort'])).toThrow('unknown flag --ort');
    expect(() => parseBenchFlags(['--write=yes'])).toThrow('--write takes no value');
    expect(() => parseBenchFlags(['S'])).toThrow('unexpected argument "S"');
  });

  it('exits 2 with one line on a bad flag, before touching the GPU', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(ROOT, 'scripts', 'bench', 'main.ts'),
        '--configs',
        'Q',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'bench: error: --configs: no config "Q" (have: C10, M, M16, S, S16) (see npm run bench -- --help)\n',
    );
  });
});

describe('npm run bench -- --sd: flags and table', () => {
  it('defaults, and the values it takes', () => {
    expect(parseSdFlags([])).toEqual({
      sizes: [32],
      precision: 'f32',
      warmup: 1,
      torch: true,
      json: undefined,
      keep: false,
      help: false,
    });
    expect(
      parseSdFlags([
        '--sizes',
        '32,64',
        '--precision=f16',
        '--warmup',
        '0',
        '--no-torch',
        '--keep',
      ]),
    ).toMatchObject({ sizes: [32, 64], precision: 'f16', warmup: 0, torch: false, keep: true });
  });

  it('errors name the flag', () => {
    expect(() => parseSdFlags(['--sizes', '48'])).toThrow('--sizes: "48" is not one of 32, 64');
    expect(() => parseSdFlags(['--sizes', '32,32'])).toThrow('--sizes: a size is listed twice');
    expect(() => parseSdFlags(['--precision', 'bf16'])).toThrow(
      '--precision must be f32 or f16, got "bf16"',
    );
    expect(() => parseSdFlags(['--warmup', '2'])).toThrow('--warmup must be 0 or 1, got "2"');
    expect(() => parseSdFlags(['--iters', '3'])).toThrow('unknown flag --iters');
    expect(() => parseSdFlags(['--json'])).toThrow('--json needs a value');
  });

  it('exits 2 with one line on a bad flag, before any step', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(ROOT, 'scripts', 'bench', 'main.ts'),
        '--sd',
        '--precision',
        'f8',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'bench: error: --precision must be f32 or f16, got "f8" (see npm run bench -- --sd --help)\n',
    );
  });

  it('the table names adapter, commit and command, and says why a variant was passed over', () => {
    const report: SdReport = {
      date: '2026-01-02',
      time: '2026-01-02T03:04:05Z',
      commit: 'abc1234',
      adapter: 'test adapter',
      environment: 'Node v20, 2 CPUs',
      precision: 'f32',
      config: 'specs/bench/sd15.config.json',
      command: 'npm run bench -- --sd',
      sizes: [
        {
          latents: 32,
          gflops: 180.1,
          initS: 36,
          compileS: 37,
          run: {
            adapter: 'test adapter',
            variant: 'gpu',
            passedOver: { cpu: ['maxStorageBufferBindingSize: needs 2, available 1'] },
            dispatches: 472,
            openS: 7,
            loadS: 6.6,
            pipelinesS: 6.5,
            warmupS: [],
            forwardS: 270.3,
            gpuPeakBytes: 2 ** 31,
            gpuBuffers: 394,
          },
          peakRss: { init: 2 ** 30, compile: 2 ** 30, run: 2 ** 30 },
          torch: null,
          relErr: 'n/a (no torch)',
        },
      ],
    };
    const t = formatSdTable(report);
    expect(t).toContain('adapter: test adapter');
    expect(t).toContain('commit: abc1234; 2026-01-02T03:04:05Z; Node v20, 2 CPUs');
    expect(t).toContain('command: npm run bench -- --sd');
    expect(t).toContain('| forward | 270.3 s (cold: the first, no warm-up) |');
    expect(t).toContain(
      '| GPU buffers (peak sum of live createBuffer sizes) | 2.00 GiB in 394 buffers |',
    );
    expect(t).toContain('| peak RSS: PyTorch reference | n/a |');
    expect(t).toContain('| max\\|kiln - torch\\| / max\\|torch\\| | n/a (no torch) |');
    expect(t).toContain(
      '- 32x32: load() passed over the cpu kernels: maxStorageBufferBindingSize: needs 2, available 1.',
    );
  });
});

describe('BENCHMARKS.md sections', () => {
  const report = (date: string, ms: number): Report => ({
    adapter: 'llvmpipe (test)',
    date,
    time: `${date}T12:00:00Z`,
    commit: 'abc1234',
    environment: 'Node v20, 2 CPUs',
    peakGflops: 20,
    iters: 7,
    warmup: 2,
    configs: [
      {
        key: 'S',
        shape: '1x3x32x32',
        flops: 0.4e9,
        fusionNoop: true,
        families: [
          { family: 'fused_conv2d', dispatches: 23, ms: 80, flops: 0.32e9 },
          { family: 'group_norm_stats', dispatches: 18, ms: 5, flops: 0 },
        ],
        rows: [
          {
            runner: 'Kiln fused',
            ms,
            dispatches: 107,
            check: 'reference',
            emptyMs: 2.5,
            firstForwardMs: 4200,
          },
          { runner: 'Kiln unfused', ms: 2 * ms, dispatches: 107, check: '0 ok', emptyMs: 5 },
          { runner: 'ORT-Web', ms: null, na: NEEDS_TORCH, dispatches: null, check: 'n/a' },
        ],
      },
    ],
    notes: ['a note'],
  });

  it('the table: GFLOP/s, % of peak, ratios and the n/a reason', () => {
    const t = formatTable(report('2026-01-02', 100));
    expect(t).toContain('| Kiln fused | 100 | 4.00 | 20.0% | 107 | 2.50 | 4.2 s | reference |');
    expect(t).toContain('| Kiln unfused | 200 | 2.00 | 10.0% | 107 | 5.00 |  | 0 ok |');
    expect(t).toContain(`| ORT-Web | ${NEEDS_TORCH} | n/a | n/a | n/a |  |  | n/a |`);
    expect(t).toContain('| S | fused_conv2d | 23 | 80.0 | 4.00 | 20.0% |');
    expect(t).toContain('| S | group_norm_stats | 18 | 5.00 | - | - |');
    expect(t).toContain('fused/unfused 0.50x (same kernels), ORT/Kiln n/a');
    expect(t).toContain('- a note');
  });

  it('appends a new date, replaces the same date and adapter, keeps the rest', () => {
    const one = upsertSection(null, report('2026-01-02', 100));
    expect(one.startsWith('# Benchmarks')).toBe(true);
    const edited = one.replace('# Benchmarks\n', '# Benchmarks\n\nHand-written notes.\n');
    const two = upsertSection(edited, report('2026-01-03', 100));
    expect(two.match(/^## /gm)).toHaveLength(2);
    const again = upsertSection(two, report('2026-01-02', 50));
    expect(again.match(/^## /gm)).toHaveLength(2);
    expect(again).toContain('Hand-written notes.');
    expect(again.indexOf('## 2026-01-02')).toBeLessThan(again.indexOf('## 2026-01-03'));
    expect(again).toContain('| Kiln fused | 50.0 |');
    expect(again.split('| Kiln fused | 100 |')).toHaveLength(2); // only 2026-01-03 still has 100 ms
  });
});
