/**
 * Spec names reaching generated code: whatever the name (every global, every identifier the
 * runner itself declares, random valid names, and for the library path any string at all), the
 * generated runner is the same program (only the name's text differs, and its code printed
 * without comments is tiny's), it type-checks (ts-morph diagnostics, strict, WebGPU types: in
 * full for the comment breakers and some hostile identifiers) and esbuild bundles it. One hostile
 * name is also run on the GPU, in test/cli/harden.test.ts.
 */
import fc from 'fast-check';
import { Project, ts } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleModel, WGSL_DTS } from '../../compiler/emit/bundle.js';
import { emitModelEntry } from '../../compiler/emit/model.js';
import { emitModelTypes } from '../../compiler/emit/types.js';
import { emitRunner } from '../../compiler/emit/runner.js';
import { compile, type Compiled } from '../../compiler/index.js';
import { validateSpec } from '../../compiler/spec/check.js';
import { KILN_VERSION } from '../../compiler/version.js';

const SPEC = {
  name: 'tiny',
  input: { batch: 1, channels: 3, height: 16, width: 16 },
  unet: {
    outChannels: 3,
    baseChannels: 8,
    channelMults: [1, 2],
    timeDim: 32,
    groups: 4,
    attentionHeads: 1,
  },
};
const HOSTILE = [
  'object',
  'float32-array',
  'GPUMapMode',
  'GPUBufferUsage',
  'INPUTS',
  'OUTPUTS',
  'PARAMS',
  'PACKING',
  'input-name',
  'output-name',
  'Model',
  'model',
  'k00',
  'Promise',
  'Record',
  'range-error',
  'Error',
  'Array',
  'Math',
  'Symbol',
  'globalThis',
  'default',
  'constructor',
  '__proto__',
  'prototype',
  'eval',
  'arguments',
  'async',
  'await',
  'yield',
  'class',
  'let',
  'undefined',
  'NaN',
  'Infinity',
  'GPUDevice',
  'GPUBuffer',
  'ReadonlyArray',
  'Readonly',
  'readonly',
  'this',
  'super',
  'import',
  'export',
  '0',
  '9lives',
  'a-b_c',
  'device',
  'buffers',
];
// Names the validator accepts: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const validName = fc
  .tuple(
    fc.constantFrom(...ALNUM),
    fc.array(fc.constantFrom(...ALNUM, '_', '-'), { maxLength: 63 }),
  )
  .map(([h, t]) => h + t.join(''));
// Library callers can hand emitRunner any name: comment breakers and line terminators included.
const anyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '*/ throw 1; /*',
    '\n throw 1;',
    '\u2028throw 1;',
    '"; throw 1; "',
    '`${x}`',
    '\\',
    '</script>',
  ),
);

let tiny: Compiled;
let base: string;
beforeAll(async () => {
  tiny = await compile(validateSpec(SPEC, 'tiny.json'));
  base = tiny.files.get('source/cpu/runner.ts') as string;
}, 120_000);

const emitted = new Map<string, string>();
const runnerFor = (name: string) => {
  let r = emitted.get(name);
  if (r === undefined) emitted.set(name, (r = emitRunner({ ...tiny.program, name }, KILN_VERSION)));
  return r;
};
/** How the runner writes a name: as a JSON string, made safe for a comment. */
const quoted = (name: string) =>
  JSON.stringify(name)
    .replace(/\*\//g, '*\\/')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
/** tiny's runner with its name's text replaced: what the runner of `name` must be, exactly. */
const expected = (name: string) => base.split(quoted('tiny')).join(quoted(name));

describe('spec names in generated code (fast-check)', () => {
  const names = fc.sample(fc.oneof(validName, anyString), { numRuns: 20, seed: 7 });
  const all = [...HOSTILE, ...names];

  it('only the name text differs from the runner of any other name', () => {
    expect(base.split(quoted('tiny')).length).toBe(3); // the header and the class's doc comment
    for (const name of all) expect(runnerFor(name), name).toBe(expected(name));
    fc.assert(
      fc.property(fc.oneof(validName, anyString), (name) => runnerFor(name) === expected(name)),
      { numRuns: 30, seed: 3 },
    );
  });

  // Type-checking sees tokens, not comments: a runner whose code, printed without comments, is
  // tiny's is the program tiny's is. So every runner is compared that way (parsing is cheap), and
  // a few are type-checked in full (each takes the checker about 0.2 s).
  it("every runner is tiny's program, comments aside, and type-checks (strict, WebGPU types)", () => {
    const printer = ts.createPrinter({ removeComments: true });
    const code = (text: string) => {
      const sf = ts.createSourceFile('runner.ts', text, ts.ScriptTarget.ES2022, false);
      return printer.printFile(sf);
    };
    const tinyCode = code(base);
    for (const name of all) expect(code(runnerFor(name)), name).toBe(tinyCode);

    const project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: {
        strict: true,
        target: 9, // ES2022
        module: 99, // ESNext
        moduleResolution: 100, // Bundler
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        skipLibCheck: true, // as tsconfig.json: lib.dom and @webgpu/types overlap
        noEmit: true,
        // The runner's one runtime import, resolved as the bundler does (compiler/emit/bundle.ts).
        paths: { 'kiln/runtime/*': ['/runtime/*'] },
      },
    });
    const fs = project.getFileSystem();
    const webgpu = require.resolve('@webgpu/types/dist/index.d.ts');
    project.createSourceFile('/webgpu.d.ts', require('node:fs').readFileSync(webgpu, 'utf8'));
    // runtime/batch.ts and the modules it imports (its BatchLayout type, the grid limit).
    for (const rel of ['batch.ts', 'format/runner-table.ts', 'format/limits.ts'])
      project.createSourceFile(
        `/runtime/${rel}`,
        require('node:fs').readFileSync(require.resolve(`../../runtime/${rel}`), 'utf8'),
      );
    // The comment breakers and line terminators among them, and the hostile identifiers' first.
    const checked = [
      ...all.filter((n) => /\*\/|[\n\u2028\u2029"`\\<]/.test(n)),
      ...HOSTILE.slice(0, 4),
    ];
    expect(checked.length).toBeGreaterThan(6);
    checked.forEach((name, i) => {
      const dir = `/r${i}`;
      for (const [rel, data] of tiny.files)
        if (rel.endsWith('.wgsl') && typeof data === 'string')
          fs.writeFileSync(`${dir}/${rel}`, data);
      project.createSourceFile(`${dir}/source/wgsl.d.ts`, WGSL_DTS);
      project.createSourceFile(`${dir}/source/cpu/runner.ts`, runnerFor(name));
    });
    const problems = project
      .getPreEmitDiagnostics()
      .map((d) => `${d.getSourceFile()?.getFilePath()}: ${String(d.getMessageText())}`);
    expect(problems).toEqual([]);
  }, 300_000);

  it('esbuild bundles every runner into model.mjs, with model.d.mts, whatever the name', async () => {
    const variants = [
      {
        target: 'cpu' as const,
        program: tiny.program,
        limits: tiny.manifest.variants[0]!.limits,
        steps: [],
      },
    ];
    for (const name of all) {
      const files = new Map(tiny.files);
      files.delete('source/gpu/runner.ts');
      files.set('source/cpu/runner.ts', runnerFor(name));
      files.set(
        'source/model.ts',
        emitModelEntry(name, KILN_VERSION, 'weights.safetensors', variants),
      );
      const js = await bundleModel(files);
      expect(js).toContain('export {');
      expect(emitModelTypes(files, name, KILN_VERSION)).toContain('export declare const load:');
    }
  }, 300_000);
});
