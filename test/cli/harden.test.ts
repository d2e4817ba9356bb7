/**
 * Hardening (issue 11) through the real `kiln` process: user files are never deleted, no path
 * hangs, every file-system error and damaged bundle is one line naming the flag or bundle, exit 2,
 * no stack trace, nothing left behind. GPU runs are few (the tiny net, with a warm shader cache).
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedParams } from '../../compiler/index.js';
import { buildGraph } from '../../compiler/ir/build.js';
import { validateSpec } from '../../compiler/spec/check.js';
import { initWeights } from '../../compiler/weights/init.js';
import { serializeSafetensors, toFloat32 } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { runKiln, startKiln, type KilnRun } from '../helpers/kiln.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TINY = join(ROOT, 'test', 'golden', 'fixtures', 'nets', 'tiny', 'spec.json');
let tmp: string;
const kiln = (...args: string[]) => runKiln(tmp, ...args);
const at = (...p: string[]) => join(tmp, ...p);

function expectError(r: KilnRun, lines: string[]) {
  expect(r.stderr).toBe(lines.map((l) => `kiln: error: ${l}`).join('\n'));
  expect(r.code).toBe(2);
}
/** One line, exit 2, no stack trace: for OS messages whose exact wording is the kernel's. */
function expectOneLine(r: KilnRun, pattern: RegExp) {
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
}
const leftovers = (dir = tmp) =>
  readdirSync(dir).filter((f) => f.includes('kiln-tmp') || f.includes('kiln-lock'));

const tensor = (name: string, shape: number[], fill = 0) => ({
  name,
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill),
});
const spec = JSON.parse(readFileSync(TINY, 'utf8'));
const named = (name: string) => JSON.stringify({ ...spec, name });

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kiln-harden-'));
  writeFileSync(at('tiny.json'), named('tiny'));
  mkdirSync(at('adir'));
  writeFileSync(at('afile'), 'a file, not a directory\n');
  const r = kiln('compile', 'tiny.json', '--out', 'bundle', '--quiet');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('defect 1: --out replaces only a provable kiln bundle', () => {
  it('a project directory that merely has a manifest.json is refused and kept whole', () => {
    mkdirSync(at('proj'));
    writeFileSync(at('proj', 'manifest.json'), '{ "name": "my-app", "version": "1.0.0" }\n');
    writeFileSync(at('proj', 'index.js'), 'console.log(1);\n');
    expectError(kiln('compile', 'tiny.json', '--out', 'proj'), [
      '--out proj: not a kiln bundle (manifest.json is not a kiln manifest); refusing to replace it',
    ]);
    expect(readdirSync(at('proj')).sort()).toEqual(['index.js', 'manifest.json']);
    expect(leftovers()).toEqual([]);
  });

  it('a real bundle with a file of the user in it is refused and kept whole', () => {
    cpSync(at('bundle'), at('b-notes'), { recursive: true });
    writeFileSync(at('b-notes', 'notes.txt'), 'mine\n');
    mkdirSync(at('b-notes', 'source', 'extra'));
    expectError(kiln('compile', 'tiny.json', '--out', 'b-notes'), [
      '--out b-notes: not only a kiln bundle (notes.txt is not a file kiln compile writes); refusing to replace it',
    ]);
    expect(readFileSync(at('b-notes', 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(existsSync(at('b-notes', 'source', 'extra'))).toBe(true);
  });

  it('a bundle is replaced, a file is refused', () => {
    cpSync(at('bundle'), at('b-again'), { recursive: true });
    const r = kiln('compile', 'tiny.json', '--out', 'b-again', '--quiet', '--seed', '3');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(at('b-again', 'manifest.json'), 'utf8')).toContain('--seed 3');
    expectError(kiln('compile', 'tiny.json', '--out', 'afile'), [
      '--out afile: exists and is not a directory',
    ]);
    expect(leftovers()).toEqual([]);
  });
});

describe('defect 2: no path hangs (/proc)', () => {
  it('--out, --dump-ir, --output and init --out under /proc answer in one line', () => {
    expectOneLine(
      kiln('compile', 'tiny.json', '--out', '/proc/kiln-x/b'),
      /^kiln: error: --out \/proc\/kiln-x\/b: .+$/,
    );
    expectOneLine(
      kiln('compile', 'tiny.json', '--dump-ir', '/proc/kiln-x/ir', '--out', 'b-ir'),
      /^kiln: error: --dump-ir \/proc\/kiln-x\/ir: .+$/,
    );
    expectOneLine(
      kiln('init', 'tiny.json', '--out', '/proc/kiln-x/w.safetensors'),
      /^kiln: error: --out \/proc\/kiln-x\/w\.safetensors: .+$/,
    );
    expectOneLine(
      kiln('run', 'bundle', '--random-input', '--output', '/proc/kiln.safetensors'),
      /^kiln: error: --output \/proc\/kiln\.safetensors: .+$/,
    );
    expect(existsSync(at('b-ir'))).toBe(false);
  }, 240_000);
});

describe('defect 4: file-system errors are one line naming the flag and path', () => {
  it('a directory where a file is read', () => {
    expectError(kiln('compile', 'tiny.json', '--weights', 'adir', '--out', 'b4'), [
      '--weights adir: is a directory, expected a .safetensors file',
    ]);
    expectError(kiln('run', 'bundle', '--input', 'adir'), [
      '--input adir: is a directory, expected a .safetensors file',
    ]);
  });
  it('an output that cannot be written is found before any work', () => {
    expectError(kiln('run', 'bundle', '--random-input', '--output', 'adir'), [
      '--output adir: is a directory, expected a file to write',
    ]);
    expectError(kiln('run', 'bundle', '--random-input', '--output', 'afile/out.safetensors'), [
      '--output afile/out.safetensors: afile is not a directory',
    ]);
    expectError(kiln('run', 'bundle', '--random-input', '--output', '/sys/kiln.safetensors'), [
      '--output /sys/kiln.safetensors: cannot write in /sys: permission denied',
    ]);
    expectError(kiln('init', 'tiny.json', '--out', 'adir'), [
      '--out adir: is a directory, expected a file to write',
    ]);
    expectError(kiln('init', 'tiny.json', '--out', '/sys/w.safetensors'), [
      '--out /sys/w.safetensors: cannot write in /sys: permission denied',
    ]);
    expectError(kiln('compile', 'tiny.json', '--dump-ir', 'afile', '--out', 'b5'), [
      '--dump-ir afile: exists and is not a directory',
    ]);
    expectError(kiln('compile', 'tiny.json', '--out', '/sys/kiln-b'), [
      '--out /sys/kiln-b: cannot write in /sys: permission denied',
    ]);
    expectError(kiln('compile', 'tiny.json', '--out', 'afile/b'), [
      '--out afile/b: afile is not a directory',
    ]);
    expect(existsSync(at('b5'))).toBe(false);
    expect(leftovers()).toEqual([]);
    expect(leftovers(at('adir'))).toEqual([]);
  });
});

describe('paths that are not plain files never hang or get replaced', () => {
  it('a FIFO or a device as the spec, the weights or the input; /dev/null as --output', () => {
    execFileSync('mkfifo', [at('fifo.json')]);
    expectError(kiln('compile', 'fifo.json', '--out', 'b6'), ['fifo.json: is not a regular file']);
    expectError(kiln('compile', 'tiny.json', '--weights', '/dev/zero', '--out', 'b6'), [
      '--weights /dev/zero: is not a regular file',
    ]);
    expectError(kiln('run', 'bundle', '--input', 'fifo.json'), [
      '--input fifo.json: is not a regular file',
    ]);
    expectError(kiln('run', 'bundle', '--random-input', '--output', '/dev/null'), [
      '--output /dev/null: is not a regular file; refusing to replace it',
    ]);
    expect(existsSync(at('b6'))).toBe(false);
  });

  it('a file too big to hold, a symlink as --out, --dump-ir inside --out, --out /', () => {
    execFileSync('truncate', ['-s', '5G', at('huge.safetensors')]); // sparse: no disk used
    expectOneLine(
      kiln('compile', 'tiny.json', '--weights', 'huge.safetensors', '--out', 'b7'),
      /^kiln: error: --weights huge\.safetensors: is 5\.0 GiB, more than Node can hold in one buffer \(\d+ GiB\)$/,
    );
    rmSync(at('huge.safetensors'));
    symlinkSync(at('bundle'), at('b-symlink'));
    expectError(kiln('compile', 'tiny.json', '--out', 'b-symlink'), [
      '--out b-symlink: is a symbolic link; give the directory it points to, or another path',
    ]);
    expectError(kiln('compile', 'tiny.json', '--out', 'b8', '--dump-ir', 'b8/ir'), [
      '--dump-ir b8/ir: is inside --out b8, which is replaced whole; choose another directory',
    ]);
    expectError(kiln('compile', 'tiny.json', '--out', '/'), [
      '--out /: not a kiln bundle (no manifest.json); refusing to replace it',
    ]);
    expect(existsSync(at('b7')) || existsSync(at('b8'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('a closed stdout ends kiln quietly', async () => {
    const { child, done } = startKiln(tmp, 'emit-torch', 'tiny.json');
    child.stdout.once('data', () => child.stdout.destroy());
    const r = await done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('defect 5: a damaged bundle is one line', () => {
  const damaged = (name: string, edit: (dir: string) => void) => {
    cpSync(at('bundle'), at(name), { recursive: true });
    edit(at(name));
    return kiln('run', name, '--random-input');
  };
  const editManifest = (dir: string, f: (m: Record<string, unknown>) => void) => {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    f(m);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  };

  it('model.mjs missing, throwing, without load(), or outside the bundle', () => {
    expectError(
      damaged('b-nomodel', (d) => rmSync(join(d, 'model.mjs'))),
      ['b-nomodel: damaged kiln bundle: model.mjs is missing'],
    );
    expectError(
      damaged('b-throws', (d) => writeFileSync(join(d, 'model.mjs'), 'throw new Error("boom");\n')),
      ['b-throws: damaged kiln bundle: model.mjs failed to load: Error: boom'],
    );
    expectError(
      damaged('b-noload', (d) => writeFileSync(join(d, 'model.mjs'), 'export const x = 1;\n')),
      ['b-noload: damaged kiln bundle: model.mjs does not export load()'],
    );
    expectError(
      damaged('b-link', (d) => {
        writeFileSync(at('outside.mjs'), 'export const load = () => {};\n');
        rmSync(join(d, 'model.mjs'));
        symlinkSync(at('outside.mjs'), join(d, 'model.mjs'));
      }),
      ['b-link: damaged kiln bundle: model.mjs is not a file inside the bundle'],
    );
    expectError(
      damaged('b-escape', (d) => editManifest(d, (m) => (m.model = '../outside.mjs'))),
      ['b-escape/manifest.json: damaged kiln manifest: model: must name a file inside the bundle'],
    );
    expectError(
      damaged('b-absolute', (d) => editManifest(d, (m) => (m.model = at('outside.mjs')))),
      [
        'b-absolute/manifest.json: damaged kiln manifest: model: must name a file inside the bundle',
      ],
    );
  });

  it('a manifest without outputs or weights, or with wrong shapes', () => {
    const r1 = damaged('b-nooutputs', (d) => editManifest(d, (m) => delete m.outputs));
    expectOneLine(
      r1,
      /^kiln: error: b-nooutputs\/manifest\.json: damaged kiln manifest: outputs: .+$/,
    );
    const r2 = damaged('b-noweights', (d) => editManifest(d, (m) => delete m.weights));
    expectOneLine(
      r2,
      /^kiln: error: b-noweights\/manifest\.json: damaged kiln manifest: weights: .+$/,
    );
    const r3 = damaged('b-shape', (d) =>
      editManifest(d, (m) => ((m.inputs as { shape: unknown }[])[0]!.shape = 'big')),
    );
    expectOneLine(
      r3,
      /^kiln: error: b-shape\/manifest\.json: damaged kiln manifest: inputs\[0\]\.shape: .+$/,
    );
  });

  it('a model that loads but returns nothing', () => {
    const fake =
      'export async function load() { return { info: {}, forward: async () => ({}), destroy() {} }; }\n';
    expectError(
      damaged('b-empty', (d) => writeFileSync(join(d, 'model.mjs'), fake)),
      [
        "b-empty: damaged kiln bundle: model.mjs returned no out of 768 float32 values (the manifest's out is [1,3,16,16])",
      ],
    );
  });

  it('weights missing, or a manifest that disagrees with its runner', () => {
    expectError(
      damaged('b-noweightsfile', (d) => rmSync(join(d, 'weights.safetensors'))),
      ['b-noweightsfile: damaged kiln bundle: weights.safetensors is missing'],
    );
    expectError(
      damaged('b-mismatch', (d) =>
        editManifest(d, (m) => ((m.inputs as { shape: number[] }[])[0]!.shape = [1, 3, 8, 8])),
      ),
      [
        'b-mismatch: damaged kiln bundle: the manifest says input x is [1,3,8,8] but model.mjs takes [1,3,16,16]',
      ],
    );
  });
});

describe('defect 7: duplicates, huge headers, interrupted and concurrent compiles', () => {
  it('a header with a million zero-size tensors prints a capped list', () => {
    const n = 1_000_000;
    const parts: string[] = [];
    for (let i = 0; i < n; i++)
      parts.push(`"z${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`);
    const json = Buffer.from(`{${parts.join(',')}}`);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    writeFileSync(at('million.safetensors'), Buffer.concat([len, json]));
    const r = kiln('run', 'bundle', '--input', 'million.safetensors');
    const lines = r.stderr.split('\n');
    expect(r.code).toBe(2);
    expect(lines[0]).toBe(
      'kiln: error: --input million.safetensors: 1000002 problem(s) with tensors',
    );
    expect(lines).toHaveLength(101);
    expect(lines.at(-1)).toBe('kiln: error: ... and 999903 more lines not shown');
  }, 120_000);

  it('a duplicated tensor name is one clear error', () => {
    const header = `{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`;
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    writeFileSync(
      at('dup.safetensors'),
      Buffer.concat([len, Buffer.from(header), Buffer.alloc(8)]),
    );
    expectError(kiln('run', 'bundle', '--input', 'dup.safetensors'), [
      "--input dup.safetensors: tensor 'x' appears twice in the header",
    ]);
  });

  it('stale temporaries and locks are swept, temporaries only when they hold nothing but bundle files', () => {
    mkdirSync(at('.b-sweep.kiln-tmp-999999', 'source', 'kernels'), { recursive: true });
    writeFileSync(at('.b-sweep.kiln-tmp-999999', 'manifest.json'), '{}');
    writeFileSync(at('.b-sweep.kiln-tmp-999999', 'source', 'kernels', 'k.wgsl'), '');
    mkdirSync(at('.b-sweep.kiln-tmp-999998'));
    writeFileSync(at('.b-sweep.kiln-tmp-999998', 'thesis.tex'), 'mine');
    writeFileSync(at('.b-sweep.kiln-lock'), '999999\n'); // left by a writer killed with SIGKILL
    const r = kiln('compile', 'tiny.json', '--out', 'b-sweep', '--quiet');
    expect(r.stderr).toBe('');
    expect(existsSync(at('.b-sweep.kiln-lock'))).toBe(false);
    expect(existsSync(at('.b-sweep.kiln-tmp-999999'))).toBe(false);
    expect(readFileSync(at('.b-sweep.kiln-tmp-999998', 'thesis.tex'), 'utf8')).toBe('mine');
    rmSync(at('.b-sweep.kiln-tmp-999998'), { recursive: true });
  });

  it.each([
    'SIGINT',
    'SIGTERM',
  ] as const)('a compile interrupted by %s leaves nothing behind', async (signal) => {
    const dir = mkdtempSync(join(tmp, 'sig-'));
    writeFileSync(join(dir, 'tiny.json'), named('tiny'));
    const { child, done } = startKiln(dir, 'compile', 'tiny.json', '--out', 'b');
    let seen = false;
    let finished = false;
    void done.then(() => (finished = true));
    // The lock is taken before the compile starts and held until the bundle is in place.
    while (!finished && !seen) {
      seen = readdirSync(dir).some((f) => f.includes('kiln-'));
      if (!seen) await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen, 'kiln never showed a lock or temporary directory').toBe(true);
    child.kill(signal);
    const r = await done;
    expect(r.code).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(readdirSync(dir).sort()).toEqual(['tiny.json']);
  }, 120_000);

  it('concurrent writers of one bundle: each succeeds or gets one clear line', async () => {
    const runs = await Promise.all(
      [0, 1, 2].map(
        () => startKiln(tmp, 'compile', 'tiny.json', '--out', 'b-race', '--quiet').done,
      ),
    );
    for (const r of runs) {
      if (r.code === 0) expect(r.stderr).toBe('');
      else
        expectOneLine(
          r,
          /^kiln: error: --out b-race: another kiln process \(pid \d+\) is writing this bundle; try again when it has finished$/,
        );
    }
    expect(runs.some((r) => r.code === 0)).toBe(true);
    expect(existsSync(at('b-race', 'model.mjs'))).toBe(true);
    expect(leftovers()).toEqual([]);
  }, 120_000);
});

describe('defect 6 and 3 on the GPU: culprits named; hostile names run', () => {
  it('NaN/Inf in weights: compile names the tensor and first bad index', () => {
    const graph = buildGraph(validateSpec(spec, 'tiny.json'));
    const w = initWeights(graph, 0);
    const tensors = expectedParams(graph).map((p) => ({
      name: p.name,
      shape: p.shape,
      data: Float32Array.from(w.get(p.name)!),
    }));
    tensors[0]!.data[1] = Number.NaN;
    tensors[0]!.data[7] = Number.POSITIVE_INFINITY;
    writeFileSync(at('w-nan.safetensors'), serializeSafetensors(tensors));
    expectError(kiln('compile', 'tiny.json', '--weights', 'w-nan.safetensors', '--out', 'b-nan'), [
      'w-nan.safetensors: tensor time_mlp.mlp.0.weight has NaN at [0,1] (2 non-finite values); weights must be finite',
    ]);
    expect(existsSync(at('b-nan'))).toBe(false);
  });

  it('at run time: the bad weight, the bad input and a timestep out of range are named', async () => {
    cpSync(at('bundle'), at('b-inf'), { recursive: true });
    const wpath = at('b-inf', 'weights.safetensors');
    const file = await readSafetensorsFile(wpath);
    const tensors = [...file.tensors.values()].map((t) => ({
      name: t.name,
      shape: t.shape,
      data: Float32Array.from(toFloat32(t, wpath)),
    }));
    tensors[1]!.data[3] = Number.NEGATIVE_INFINITY; // time_mlp.mlp.0.bias[3]
    writeFileSync(wpath, serializeSafetensors(tensors));
    const x = tensor('x', [1, 3, 16, 16], 0.5);
    x.data[1 * 256 + 2 * 16 + 3] = Number.NaN;
    writeFileSync(
      at('in-bad.safetensors'),
      serializeSafetensors([x, { name: 't', shape: [1], data: new Float32Array([1e6]) }]),
    );
    const r = kiln('run', 'b-inf', '--input', 'in-bad.safetensors', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')).toEqual([
      'kiln: warning: b-inf/weights.safetensors: tensor time_mlp.mlp.0.bias has -Inf at [3] (1 non-finite value)',
      'kiln: warning: --input in-bad.safetensors: tensor x has NaN at [0,1,2,3] (1 non-finite value)',
      'kiln: warning: --input in-bad.safetensors: t[0] = 1000000 is outside the range where the float32 timestep embedding is accurate (|t| <= 20000); expect the output to be off',
    ]);
  }, 240_000);

  it('a spec named after a global (GPUBufferUsage) compiles, runs, and computes what tiny does', () => {
    writeFileSync(at('gbu.json'), named('GPUBufferUsage'));
    expect(kiln('compile', 'gbu.json', '--out', 'b-gbu', '--quiet').code).toBe(0);
    const run = (b: string, o: string) =>
      kiln('run', b, '--random-input', '--seed', '4', '--output', o, '--quiet');
    const r = run('b-gbu', 'gbu.safetensors');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Determinism: the same bundle, input and seed give bit-identical output on one adapter.
    expect(run('bundle', 'a.safetensors').code).toBe(0);
    expect(run('bundle', 'b.safetensors').code).toBe(0);
    const bytes = (f: string) => readFileSync(at(f));
    expect(bytes('a.safetensors').equals(bytes('b.safetensors'))).toBe(true);
    expect(bytes('a.safetensors').equals(bytes('gbu.safetensors'))).toBe(true);
  }, 240_000);
});
