/**
 * The generated runner reads like hand-written code and type-checks on its own: every spec's
 * runner.ts, with the bundle's wgsl.d.ts and the WebGPU types, gets no diagnostics from
 * TypeScript (through ts-morph) under strict settings, its tables are a RunnerTable (what
 * runtime/interpreter.ts runs), and it has no non-null assertions, no mangled identifiers and
 * no stray `;` lines.
 */
import { join } from 'node:path';
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { compileSpecFile, specFiles } from '../../compiler/generate.js';

const ROOT = join(import.meta.dirname, '..', '..');

function diagnostics(runner: string, dts: string): string[] {
  const project = new Project({
    useInMemoryFileSystem: false,
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noImplicitOverride: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      target: ScriptTarget.ES2022,
      module: ModuleKind.ESNext,
      moduleResolution: ModuleResolutionKind.Bundler,
      // The runner's one runtime import, resolved as the bundler does (compiler/emit/bundle.ts).
      paths: { 'kiln/runtime/*': [join(ROOT, 'runtime', '*')] },
      lib: ['lib.es2022.d.ts'],
      types: [],
      noEmit: true,
    },
  });
  const dir = join(ROOT, 'out', '.typecheck');
  project.addSourceFileAtPath(join(ROOT, 'node_modules', '@webgpu', 'types', 'dist', 'index.d.ts'));
  project.createSourceFile(join(dir, 'wgsl.d.ts'), dts, { overwrite: true });
  const sf = project.createSourceFile(join(dir, 'runner.ts'), runner, { overwrite: true });
  const format = join(ROOT, 'runtime', 'format', 'runner-table.js');
  const check = project.createSourceFile(
    join(dir, 'check.ts'),
    `import type { RunnerTable } from ${JSON.stringify(format)};\nimport r from './runner.js';\nexport const table: RunnerTable = r;\n`,
    { overwrite: true },
  );
  return project
    .getPreEmitDiagnostics()
    .filter((d) => [sf, check, undefined].includes(d.getSourceFile()))
    .map((d) => {
      const msg = d.getMessageText();
      return `${d.getLineNumber() ?? '?'}: ${typeof msg === 'string' ? msg : msg.getMessageText()}`;
    });
}

describe('generated runner.ts', () => {
  it('the check itself sees type errors, unresolved WebGPU names and tables of the wrong shape', () => {
    const table = 'inputs: {}, outputs: {}, kernels: [], params: {}, temps: {}';
    expect(
      diagnostics(
        `export const n: number = "a";\nexport default { ${table}, dispatches: [] };\n`,
        '',
      ),
    ).toEqual(["1: Type 'string' is not assignable to type 'number'."]);
    expect(
      diagnostics(
        `export const u: number = GPUBufferUsage.STORAGE;\nexport default { ${table}, dispatches: [] };\n`,
        '',
      ),
    ).toEqual([]);
    expect(
      diagnostics(
        `export default { ${table}, dispatches: [["a", "0", [1, 1, 1], []]] } as const;\n`,
        '',
      ),
    ).toEqual([
      expect.stringMatching(
        /^3: The type .* is 'readonly' and cannot be assigned|^3: Type '.*' is not assignable to type 'RunnerTable'/,
      ),
    ]);
  });

  for (const file of specFiles(ROOT))
    it(`${file}: type-checks strictly and reads like hand-written code`, async () => {
      const c = await compileSpecFile(ROOT, file);
      const runner = String(c.files.get('source/cpu/runner.ts'));
      expect(diagnostics(runner, String(c.files.get('source/wgsl.d.ts')))).toEqual([]);
      const lines = runner.split('\n');
      expect(lines.filter((l) => /[\w\])]!(?=[.,;)\s[])/.test(l) && !l.includes('!=='))).toEqual(
        [],
      );
      expect(lines.filter((l) => /^\s*;\s*$/.test(l))).toEqual([]);
      // Identifiers are words; spec node names appear only inside strings and comments.
      const code = lines
        .map((l) => l.replace(/\/\/.*$/, '').replace(/"(?:[^"\\]|\\.)*"|`[^`]*`|'[^']*'/g, '""'))
        .join('\n');
      expect(code.match(/\b\w*_\w*_\w*\b/g) ?? []).toEqual([]);
      expect(code.match(/\bp\d+_\w+/g) ?? []).toEqual([]);
    });
});
