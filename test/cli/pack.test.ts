/**
 * Kiln as an npm package: `npm pack` (of the prebuilt dist/cli/ that `npm test` just built),
 * installed into an empty project, where `npx kiln compile` runs without tsx and
 * `import { compile, inspect } from 'kiln'` type-checks under tsc --strict and runs. The install
 * takes kiln's dependencies from the npm cache that `npm ci` filled (--prefer-offline), the
 * registry only for what the cache lacks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtIsFresh, ROOT } from '../../src/prebuilt.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'kiln-pack-'));
const project = join(tmp, 'project');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// npm's own settings from the `npm test` that runs this (npm_config_*) stay out of the child npm.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)),
) as NodeJS.ProcessEnv;

function run(cmd: string, args: readonly string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l && !l.startsWith('Warning: ') && !l.startsWith('npm warn'))
    .join('\n');
  return { code: r.status, stdout: r.stdout, stderr };
}

describe('npm pack, installed into an empty project', () => {
  it('npx kiln compile runs from the prebuilt JS; the typed API compiles and inspects', () => {
    expect(builtIsFresh(), 'dist/cli/ is stale: run node scripts/build-cli.mjs').toBe(true);
    // --ignore-scripts: `prepare` would rebuild dist/cli/ under the other tests' feet.
    const packed = run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith('.tgz'))!);

    run('mkdir', [project], tmp);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'uses-kiln', version: '1.0.0', private: true, type: 'module' }),
    );
    const flags = ['--no-audit', '--no-fund', '--prefer-offline'];
    const installed = run('npm', ['install', ...flags, tarball], project);
    expect(installed.code, installed.stderr).toBe(0);
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false);

    const spec = join(ROOT, 'specs', 'seed-unet-s.json');
    const cli = run('npx', ['--no-install', 'kiln', 'compile', spec, '--out', 'seed-s'], project);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toMatch(/^kiln: compiled .*seed-unet-s\.json -> seed-s: fused, cpu kernels/);
    expect(readdirSync(join(project, 'seed-s')).sort()).toEqual([
      'index.html',
      'manifest.json',
      'model.d.mts',
      'model.ir',
      'model.mjs',
      'source',
      'spec.json',
      'weights.safetensors',
    ]);

    writeFileSync(
      join(project, 'use.ts'),
      [
        "import { compile, inspect, isKilnError, type CompiledBundle } from 'kiln';",
        'declare const process: { argv: string[] };',
        'declare const console: { log(...values: unknown[]): void };',
        '',
        'const spec = process.argv[2]!;',
        "const bundle: CompiledBundle = await compile(spec, { out: 'from-api', target: 'cpu' });",
        'const facts = await inspect(spec);',
        "console.log(`${bundle.name}: ${bundle.variants.map((v) => `${v.target} ${v.dispatches}`).join(', ')} dispatches, ${facts.params} params`);",
        'try {',
        "  await compile({ name: 'bad' });",
        '} catch (e) {',
        "  console.log(isKilnError(e) ? `${e.code}: ${e.lines[0]}` : 'not a KilnError');",
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022'],
          types: [],
          outDir: 'build',
        },
        files: ['use.ts'],
      }),
    );
    const tsc = run(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
      project,
    );
    expect(tsc.code, tsc.stdout).toBe(0);
    const used = run(process.execPath, [join('build', 'use.js'), spec], project);
    expect(used.code, used.stderr).toBe(0);
    expect(used.stdout.split('\n')).toEqual([
      'seed-unet-s: cpu 75 dispatches, 2584643 params',
      'SPEC_INVALID: spec: input: is required (an object)',
      '',
    ]);
  }, 180_000);
});
