/**
 * Program -> runner.ts: the variant's model as tables (runtime/format/runner-table.ts), which
 * runtime/interpreter.ts runs. The file is meant to be read: named buffers, the weights packed
 * into each, and one row per dispatch with the spec node it computes. It holds no code, so a
 * bundle's variants share one interpreter and a change to how a forward is recorded is made
 * once, in the runtime.
 */
import type { Program } from '../lower/kernel.js';
import {
  type BatchLayout,
  paramsBytes,
  type ParamRow,
  partOffsets,
  rowBatch,
  tensorBytes,
} from '../../runtime/format/runner-table.js';
import { GENERATED_HEADER, quoted } from './text.js';

const q = (s: string) => JSON.stringify(s);
const list = (xs: readonly number[]) => `[${xs.join(', ')}]`;
/** `{ ... }` with one entry per line (a line may end in a comment). */
const block = (entries: readonly string[], open = '{', close = '}') =>
  entries.length === 0
    ? `${open}${close}`
    : `${open}\n${entries.map((e) => `  ${e}`).join('\n')}\n${close}`;
const kernelName = (i: number) => `k${String(i).padStart(2, '0')}`;

/** A dispatch row's batch layout (runtime/format/runner-table.ts `RowBatch`), or nothing. */
function batchField(layout: BatchLayout | undefined): string {
  return layout ? `, ${JSON.stringify(rowBatch(layout)).replace(/"/g, "'")}` : '';
}

export function emitRunner(p: Program, kilnVersion: string): string {
  const io = p.buffers.filter((b) => b.kind === 'input' || b.kind === 'output');
  for (const b of io)
    if (b.id !== b.name) throw new Error(`runner: ${b.kind} ${b.name} has buffer id ${b.id}`);
  const shapes = (kind: 'input' | 'output') =>
    `{ ${io
      .filter((b) => b.kind === kind)
      .map((b) => `${q(b.name)}: ${list(b.shape)}`)
      .join(', ')} } as const`;

  // A params buffer is named for its spec node (lowering's `params:<node>`, without `params:`
  // unless that would clash with another buffer's name).
  const ids = new Set(p.buffers.map((b) => b.id));
  const rename = new Map(
    p.buffers.flatMap((b) => {
      const short = b.id.replace(/^params:/, '');
      return b.kind === 'params' && !ids.has(short) ? [[b.id, short] as const] : [];
    }),
  );
  const nameOf = (id: string) => rename.get(id) ?? id;
  const params = p.buffers.flatMap((b) => {
    if (b.kind !== 'params') return [];
    const prefix = nameOf(b.id) === b.name ? `${b.name}.` : undefined;
    const rows = (b.members ?? []).map((m): ParamRow => {
      const name = prefix && m.name.startsWith(prefix) ? m.name.slice(prefix.length - 1) : m.name;
      return m.interleave
        ? [name, m.shape, m.offset, m.interleave.axis]
        : [name, m.shape, m.offset];
    });
    // The runtime sizes the buffer from its rows: they must cover what lowering reserved.
    if (paramsBytes(rows) !== tensorBytes(b.shape))
      throw new Error(
        `runner: ${b.id}: packed ${paramsBytes(rows)} bytes, lowered ${tensorBytes(b.shape)}`,
      );
    const text = rows.map(
      ([name, shape, offset, axis]) =>
        `[${q(name)}, ${list(shape)}, ${offset}${axis === undefined ? '' : `, ${axis}`}]`,
    );
    return [`${q(nameOf(b.id))}: [${text.join(', ')}],`];
  });
  const temps = p.buffers
    .filter((b) => b.kind === 'temp')
    .map((b) => `${q(b.id)}: ${tensorBytes(b.shape)},`);
  // Buffers bound as several ranges (compiler/lower/split.ts); a runner with none says nothing.
  const parts = p.buffers.flatMap((b) => {
    if (b.kind === 'dims') return [];
    const offsets = partOffsets(tensorBytes(b.shape));
    return offsets.length > 1 ? [`${q(nameOf(b.id))}: ${list(offsets)},`] : [];
  });
  const uniforms = new Map(
    p.buffers.flatMap((b) => (b.kind === 'dims' ? [[b.id, list(b.data ?? [])] as const] : [])),
  );
  const batch = p.buffers.find((b) => b.kind === 'input')?.shape[0] ?? 1;
  const dispatches = p.steps.map((s, i) => {
    if (!p.kernels[s.kernel]) throw new Error(`runner: step ${i}: no kernel ${s.kernel}`);
    const bind = s.buffers.map((id) => uniforms.get(id) ?? q(nameOf(id)));
    // Trailing 1s left out, as dispatchWorkgroups(x, y = 1, z = 1) does.
    const grid = [...s.grid];
    while (grid.length > 1 && grid.at(-1) === 1) grid.pop();
    // A runner of one image never runs fewer, so only a batch above 1 carries the layout.
    const layout = batch > 1 ? batchField(s.grid.batch) : '';
    return `[${q(s.label)}, ${s.kernel}, ${list(grid)}, [${bind.join(', ')}]${layout}],`;
  });
  const interleaves = p.buffers.some((b) => b.members?.some((m) => m.interleave));

  return [
    `// ${GENERATED_HEADER}`,
    `// kiln ${kilnVersion}, spec ${quoted(p.name)}: ${p.steps.length} dispatches, ${p.kernels.length} kernels. Tables, as runtime/format/runner-table.ts describes them, run by runtime/interpreter.ts`,
    ...p.kernels.map((k, i) => `import ${kernelName(i)} from ${q(`./kernels/${k.file}`)};`),
    '',
    '/** Inputs the forward pass takes (f32, NCHW; `t` holds one timestep per batch item). */',
    `export const INPUTS = ${shapes('input')};`,
    '/** Outputs the forward pass returns. */',
    `export const OUTPUTS = ${shapes('output')};`,
    'export type InputName = keyof typeof INPUTS;',
    'export type OutputName = keyof typeof OUTPUTS;',
    '',
    `/** The ${quoted(p.name)} forward pass. */`,
    'export default {',
    '  inputs: INPUTS,',
    '  outputs: OUTPUTS,',
    '  // [file, WGSL]: a dispatch names its kernel by number',
    `  kernels: ${block(
      p.kernels.map((k, i) => `[${q(k.file)}, ${kernelName(i)}],`),
      '[',
      ']',
    ).replace(/\n/g, '\n  ')},`,
    `  // per spec node: [weight (.x: the node's .x), shape, offset in f32${interleaves ? ', the axis packed as vec4' : ''}]`,
    `  params: ${block(params).replace(/\n/g, '\n  ')},`,
    ...(p.weights === 'f16'
      ? [
          '  // the params buffers hold f16, which the kernels widen to f32 as they read',
          "  weights: 'f16',",
        ]
      : []),
    "  // the memory plan's slots, in bytes",
    `  temps: ${block(temps).replace(/\n/g, '\n  ')},`,
    '  // [what it computes, kernel, workgroups, bindings: the output last, a shape uniform as its u32 values]',
    `  dispatches: ${block(dispatches, '[', ']').replace(/\n/g, '\n  ')},`,
    ...(parts.length > 0
      ? [
          '  // buffers past 128 MiB: the f32 offsets of the ranges each binding covers',
          `  parts: ${block(parts).replace(/\n/g, '\n  ')},`,
        ]
      : []),
    '} as const;',
    '',
  ].join('\n');
}
