/**
 * model.d.mts: TypeScript's own declaration emit (ts.transpileDeclaration, per file, no type
 * checker, so it costs milliseconds) of the runtime's public API (runtime/errors.ts,
 * runtime/api.ts, runtime/image.ts), of the runner's input and output shapes (source/<target>/runner.ts) and of
 * the bundle's entry (source/model.ts), flattened into one self-contained file. So the
 * declarations are the types the runtime and the runner really have, never a hand-kept copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import type { BundleFiles } from './bundle.js';
import { GENERATED_HEADER, quoted } from './text.js';

const RUNTIME_DIR = join(import.meta.dirname, '..', '..', 'runtime');
/** The runtime files whose declarations are public, in the order they are written. */
const PUBLIC_RUNTIME = ['errors.ts', 'api.ts', 'image.ts'];
/** What model.ts re-exports from the runner. */
const FROM_RUNNER = new Set(['INPUTS', 'OUTPUTS', 'InputName', 'OutputName']);

function declarations(source: string, fileName: string): ts.SourceFile {
  const r = ts.transpileDeclaration(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  const problems = (r.diagnostics ?? []).map(
    (d) => `${fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  );
  // Only what a bundle exports must be declarable; the runner's tables may be inferred.
  if (problems.length > 0 && !fileName.endsWith('runner.ts'))
    throw new Error(`kiln: model.d.mts: ${problems.join('; ')}`);
  return ts.createSourceFile(`${fileName}.d.ts`, r.outputText, ts.ScriptTarget.ES2022, true);
}

const nameOf = (s: ts.Statement): string | undefined => {
  if (ts.isVariableStatement(s)) return s.declarationList.declarations[0]?.name.getText();
  if (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) return s.name.text;
  return undefined;
};

/** The statements of a declaration file, without the imports and re-exports that link files. */
const body = (sf: ts.SourceFile, keep: (s: ts.Statement) => boolean = () => true): string =>
  sf.statements
    .filter((s) => !ts.isImportDeclaration(s) && !ts.isExportDeclaration(s) && keep(s))
    .map((s) => s.getFullText(sf).replace(/^\n+/, ''))
    .join('\n');

export function emitModelTypes(files: BundleFiles, name: string, kilnVersion: string): string {
  const entry = String(files.get('source/model.ts'));
  const runnerPath = /from '\.\/(\w+)\/runner\.js'/.exec(entry)?.[1];
  if (!runnerPath) throw new Error('kiln: model.d.mts: source/model.ts imports no runner');
  const runner = `source/${runnerPath}/runner.ts`;
  return [
    `/// <reference types="@webgpu/types" />`,
    `// ${GENERATED_HEADER}`,
    `// kiln ${kilnVersion}: the types of model.mjs for ${quoted(name)} (GPU types from @webgpu/types)`,
    '',
    ...PUBLIC_RUNTIME.map((f) =>
      body(declarations(readFileSync(join(RUNTIME_DIR, f), 'utf8'), `runtime/${f}`)),
    ),
    body(declarations(String(files.get(runner)), runner), (s) => FROM_RUNNER.has(nameOf(s) ?? '')),
    body(declarations(entry, 'source/model.ts')),
    '',
  ].join('\n');
}
