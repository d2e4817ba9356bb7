/**
 * The bundle as a web developer meets it, in Node: README's example run exactly as printed on
 * the bundle `npm start` builds (digits, batch 16) and on seed-unet-s (batch 1), in a folder
 * holding only the bundle and the `webgpu` package; every value model.d.mts declares is a real
 * export of model.mjs (read from the declarations, then imported statically).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specBundle } from '../helpers/bundle.js';
import { ROOT } from '../helpers/kiln.js';
import { decodePng } from '../helpers/png.js';
import { readmeExample } from '../helpers/readme.js';

let app: string;

const node = (script: string) =>
  spawnSync(process.execPath, [script], {
    cwd: app,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_RUNTIME_DIR: '/tmp' },
  });

beforeAll(async () => {
  // The app folder: bundles, and webgpu as `npm install webgpu` would place it. Nothing else.
  app = mkdtempSync(join(tmpdir(), 'kiln-readme-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(join(ROOT, 'node_modules', 'webgpu'), join(app, 'node_modules', 'webgpu'));
  writeFileSync(join(app, 'package.json'), '{ "type": "module" }\n');
  await specBundle('digits', join(app, 'digits'));
  await specBundle('seed-unet-s', join(app, 'seed-unet-s'));
}, 120_000);
afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

/** The names of the values (not types) a declaration file exports. */
function declaredValues(dts: string): string[] {
  const sf = ts.createSourceFile('model.d.mts', dts, ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  const exported = (s: ts.Statement) =>
    ts.canHaveModifiers(s) &&
    (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s) && exported(s))
      for (const d of s.declarationList.declarations) names.push(d.name.getText(sf));
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && exported(s) && s.name)
      names.push(s.name.text);
    else if (ts.isExportDeclaration(s) && !s.isTypeOnly && s.exportClause)
      if (ts.isNamedExports(s.exportClause))
        for (const e of s.exportClause.elements) if (!e.isTypeOnly) names.push(e.name.text);
  }
  return [...new Set(names)].sort();
}

describe('model.d.mts against model.mjs', () => {
  for (const bundle of ['digits', 'seed-unet-s'])
    it(`${bundle}: every declared value is exported, and nothing else`, async () => {
      const declared = declaredValues(readFileSync(join(app, bundle, 'model.d.mts'), 'utf8'));
      expect(declared).toEqual(
        expect.arrayContaining(['load', 'INPUTS', 'OUTPUTS', 'KilnError', 'isKilnError']),
      );
      expect(declared).toEqual(expect.arrayContaining(['toRGBA', 'encodePNG']));
      const module = (await import(join(app, bundle, 'model.mjs'))) as Record<string, unknown>;
      expect(Object.keys(module).sort()).toEqual(declared);
      // A static import of every declared name, as a page would write it: a name the module
      // lacks is a SyntaxError at link time.
      writeFileSync(
        join(app, 'names.mjs'),
        `import { ${declared.join(', ')} } from './${bundle}/model.mjs';\nconsole.log([${declared.join(', ')}].map((v) => typeof v).join(' '));\n`,
      );
      const r = node('names.mjs');
      expect(r.stderr).toBe('');
      expect(r.stdout.trim().split(' ')).toHaveLength(declared.length);
    });
});

describe("README's Node example, as printed", () => {
  const code = readmeExample('## Use a bundle from Node', 'js');
  const cases = [
    // [bundle, batch, image side, channels]
    ['digits', 16, 32, 1],
    ['seed-unet-s', 1, 32, 3],
  ] as const;
  for (const [bundle, batch, side, channels] of cases)
    it(`runs on ${bundle} (batch ${batch}) and writes its samples`, () => {
      expect(code).toContain("from './out/digits/model.mjs'");
      writeFileSync(join(app, 'main.mjs'), code.replaceAll('./out/digits/', `./${bundle}/`));
      rmSync(join(app, 'samples.png'), { force: true });
      const r = node('main.mjs');
      expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('Warning: '))).toEqual([]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(`llvmpipe.* cpu \\[${batch},${channels},${side},${side}\\] -?\\d`),
      );
      // count: 2 on a batch-16 bundle gives 2 images side by side; batch 1 gives its one.
      const png = decodePng(readFileSync(join(app, 'samples.png')));
      const images = Math.min(2, batch);
      expect([png.width, png.height]).toEqual([images * side * 4 + (images + 1) * 2, side * 4 + 4]);
      // Grey images have R = G = B everywhere; colour ones do not.
      let grey = true;
      for (let i = 0; i < png.rgba.length; i += 4)
        if (png.rgba[i] !== png.rgba[i + 1] || png.rgba[i] !== png.rgba[i + 2]) grey = false;
      expect(grey).toBe(channels === 1);
    });
});
