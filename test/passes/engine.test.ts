/**
 * The rewrite engine and the pipeline's contract: every pass ends at its fixed point, each
 * pass's `requires` is met by the order of PIPELINE, single-use constraints keep a value that
 * is needed elsewhere, runPasses is pure, and `kiln compile --dump-ir` writes every stage.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../compiler/ir/build.js';
import { GraphBuilder } from '../../compiler/ir/graph.js';
import { printGraph } from '../../compiler/ir/print.js';
import { verifyGraph } from '../../compiler/ir/verify.js';
import { checkPipeline, PIPELINE, runPass, runPasses } from '../../compiler/passes/index.js';
import { fuseNormConv } from '../../compiler/passes/fuse-norm-conv.js';
import { applyRules, type Pass } from '../../compiler/passes/rewrite.js';
import { specFiles } from '../../compiler/generate.js';
import { buildAnyGraph, readAnySpecFile } from '../../compiler/spec/any.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { initWeights } from '../../compiler/weights/init.js';
import { ROOT, runKiln } from '../helpers/kiln.js';

const tmp = mkdtempSync(join(tmpdir(), 'kiln-engine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const specs = specFiles(ROOT);

/** x -> group_norm -> silu -> conv, with the norm's output also a graph output when `shared`. */
function normSiluConv(shared: boolean) {
  const b = new GraphBuilder('t');
  const x = b.input('x', [1, 8, 4, 4]);
  const gn = b.add(
    'group_norm',
    [x, b.param('n.weight', [8]), b.param('n.bias', [8])],
    { groups: 2, eps: 1e-5 },
    'n',
  );
  const s = b.add('silu', [gn], {}, 'n');
  const y = b.add(
    'conv2d',
    [s, b.param('c.weight', [8, 8, 3, 3]), b.param('c.bias', [8])],
    { kernel: 3, stride: 1, padding: 1 },
    'c',
  );
  b.output('out', y);
  if (shared) b.output('norm', gn);
  return b.build();
}

describe('rewrite engine', () => {
  for (const f of specs)
    it(`${f}: every pass is at its fixed point (running it again changes nothing)`, async () => {
      const path = join(ROOT, 'specs', f);
      let g = buildAnyGraph(await readAnySpecFile(path));
      for (const p of PIPELINE) {
        g = runPass(p, g);
        expect(printGraph(runPass(p, g)), p.name).toBe(printGraph(g));
      }
    });

  it('PIPELINE meets every pass requirement; a wrong order is reported', () => {
    expect(checkPipeline(PIPELINE)).toEqual([]);
    const reordered = [...PIPELINE].reverse();
    expect(checkPipeline(reordered)).toEqual([
      'pass fuse-residual requires fuse-norm-conv before it',
      'pass fuse-time-bias requires fuse-norm-conv before it',
    ]);
    expect(() => runPasses(normSiluConv(false), {}, reordered)).toThrow(
      'pass fuse-residual requires fuse-norm-conv before it',
    );
  });

  it('fuses a norm and SiLU used only by the conv', () => {
    const g = runPass(fuseNormConv, normSiluConv(false));
    expect(g.nodes.filter((n) => n.op !== 'param').map((n) => n.op)).toEqual([
      'input',
      'group_norm_stats',
      'fused_conv2d',
      'output',
    ]);
  });

  it('single use: a norm that is also an output stays, and the conv reads the SiLU', () => {
    const g = runPass(fuseNormConv, normSiluConv(true));
    expect(verifyGraph(g)).toEqual([]);
    const ops = g.nodes.map((n) => n.op);
    expect(ops).toContain('group_norm');
    expect(ops).toContain('silu');
    expect(ops).not.toContain('group_norm_stats');
    const conv = g.nodes.find((n) => n.op === 'fused_conv2d')!;
    expect(g.nodes[conv.inputs[0]!]!.op).toBe('silu');
  });

  it('a rule that undoes another never reaches a fixed point, and says so', () => {
    const flip: Pass = {
      name: 'flip',
      requires: [],
      rules: [
        {
          name: 'silu -> gelu',
          pattern: { op: 'silu', bind: 's' },
          rewrite: (m, ctx) => ctx.emit('gelu', ctx.operands(m.get('s', 'silu')), {}, 's'),
        },
        {
          name: 'gelu -> silu',
          pattern: { op: 'gelu', bind: 'g' },
          rewrite: (m, ctx) => ctx.emit('silu', ctx.operands(m.get('g', 'gelu')), {}, 'g'),
        },
      ],
    };
    expect(() => applyRules(normSiluConv(false), flip.rules, flip.name)).toThrow(
      'pass flip: no fixed point after 64 sweeps',
    );
  });

  it('runPasses is pure: it reads no environment and writes no files', () => {
    const dir = join(tmp, 'env-dump');
    process.env.KILN_DUMP_IR = dir;
    try {
      runPasses(normSiluConv(false));
    } finally {
      delete process.env.KILN_DUMP_IR;
    }
    expect(() => readdirSync(dir)).toThrow();
    const seen: string[] = [];
    runPasses(normSiluConv(false), { observe: (stage) => seen.push(stage) });
    expect(seen).toEqual(['build', ...PIPELINE.map((p) => p.name)]);
  });

  it('kiln compile --dump-ir writes the IR as built and after every pass', () => {
    const dump = join(tmp, 'dump');
    const r = runKiln(
      tmp,
      'compile',
      join(ROOT, 'specs', 'seed-unet-s.json'),
      '--out',
      join(tmp, 'b'),
      '--dump-ir',
      dump,
      '--quiet',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dump).sort()).toEqual([
      '00-build.ir',
      ...PIPELINE.map((p, i) => `${String(i + 1).padStart(2, '0')}-${p.name}.ir`),
    ]);
    expect(readFileSync(join(dump, '04-fuse-linear-act.ir'), 'utf8')).toBe(
      readFileSync(
        join(ROOT, 'test', 'passes', '__snapshots__', 'seed-unet-s.04-fuse-linear-act.ir'),
        'utf8',
      ),
    );
  });
});

describe('every op is handled', () => {
  it('initWeights gives the same weights for the graph after the passes as before', async () => {
    const g = buildGraph(await readSpecFile(join(ROOT, 'specs', 'seed-unet-s.json')));
    const before = initWeights(g, 3);
    const after = initWeights(runPasses(g), 3);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const bytes = (w: Float32Array | undefined) => Buffer.from(w?.buffer ?? new ArrayBuffer(0));
    for (const [name, w] of before)
      expect(bytes(after.get(name)).equals(bytes(w)), name).toBe(true);
  });
});
