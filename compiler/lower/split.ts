/**
 * Tensors past WebGPU's default storage binding size (128 MiB), split across bindings. A tensor
 * of more than PART_BYTES is bound as K consecutive byte ranges of its buffer, PART_BYTES each
 * but the last (runtime/format/runner-table.ts `partOffsets`, which the runner table records and
 * the interpreter binds). A kernel is written for whole tensors, reading and writing `x[i]`
 * through the one tensor accessor (`tensor(...).at(...)` in ./wgsl.ts) or a flat index; this
 * rewrites such a kernel for the split bindings it gets: the declaration of `x` becomes `x_0` ..
 * `x_{K-1}` (the bindings after it renumbered), every read `x[e]` becomes `load_x(e)`, every
 * store `x[e] = v;` becomes `store_x(e, v);`, and `load_x` / `store_x` pick the part by range.
 * It works for any element type (an f32 array, the cpu kernels' vec4 rows), so no variant needs
 * a twin for split tensors; what it cannot rewrite (the array passed by pointer, a store to one
 * component, a local that shadows the name) it refuses with a SplitRefusal, and lowering moves
 * on to the op's next variant (./index.ts).
 */
import { PART_BYTES } from '../../runtime/format/runner-table.js';
import { u32 } from './wgsl.js';
import { closingBracket } from './wgsl-scan.js';

/** Why a kernel cannot take one of its tensors split: lowering tries the next variant. */
export class SplitRefusal extends Error {}

const ELEMENT_BYTES: Readonly<Record<string, number>> = {
  f32: 4,
  i32: 4,
  u32: 4,
  'vec2<f32>': 8,
  'vec4<f32>': 16,
  'vec4<i32>': 16,
  'vec4<u32>': 16,
};

/** One `@group(0) @binding(n) var<...> name: type;` line. */
const DECL = /^@group\(0\)\s*@binding\((\d+)\)\s*var(<[^>]*>)?\s+(\w+)\s*:\s*([^;]+);[ \t]*$/gm;

/** closingBracket, refusing the split when the brackets do not balance. */
function closing(code: string, open: number): number {
  const end = closingBracket(code, open);
  if (end < 0) throw new SplitRefusal('unbalanced brackets');
  return end;
}

/** The index of the `;` that ends the statement containing `from`, outside brackets. */
function statementEnd(code: string, from: number): number {
  let depth = 0;
  for (let i = from; i < code.length; i++) {
    const ch = code[i]!;
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (ch === ';' && depth === 0) return i;
  }
  throw new SplitRefusal('a store without its ;');
}

/**
 * Every access to the split arrays in `code` through load_/store_ calls; `used` collects which
 * helpers the rewritten code calls.
 */
function rewriteAccesses(
  code: string,
  names: ReadonlySet<string>,
  used: Map<string, { load: boolean; store: boolean }>,
): string {
  const pattern = new RegExp(`(?<![\\w.])(${[...names].join('|')})\\b`, 'g');
  let out = '';
  let at = 0;
  for (;;) {
    pattern.lastIndex = at;
    const m = pattern.exec(code);
    if (!m) return out + code.slice(at);
    const name = m[1]!;
    const open = m.index + name.length + /^\s*/.exec(code.slice(m.index + name.length))![0].length;
    if (code[open] !== '[') throw new SplitRefusal(`${name} is used other than as ${name}[index]`);
    const close = closing(code, open);
    const index = rewriteAccesses(code.slice(open + 1, close), names, used);
    const rest = code.slice(close + 1);
    const u = used.get(name) ?? { load: false, store: false };
    used.set(name, u);
    out += code.slice(at, m.index);
    if (/^\s*(\.\w+|\[[^\]]*\])\s*[-+*/]?=(?!=)/.test(rest))
      throw new SplitRefusal(`a store to one component of ${name}[index]`);
    const assign = /^\s*([-+*/]?)=(?!=)/.exec(rest);
    if (assign) {
      const rhsStart = close + 1 + assign[0].length;
      const end = statementEnd(code, rhsStart);
      const rhs = rewriteAccesses(code.slice(rhsStart, end).trim(), names, used);
      u.store = true;
      if (assign[1]) u.load = true;
      const value = assign[1] ? `load_${name}(${index}) ${assign[1]} (${rhs})` : rhs;
      out += `store_${name}(${index}, ${value});`;
      at = end + 1;
    } else {
      u.load = true;
      out += `load_${name}(${index})`;
      at = close + 1;
    }
  }
}

/** `load_x` and `store_x` over the parts of `x`, as the code uses them. */
function helpers(
  name: string,
  type: string,
  parts: number,
  use: { load: boolean; store: boolean },
): string[] {
  const per = PART_BYTES / ELEMENT_BYTES[type]!;
  const part = (k: number, i = 'i') => `${name}_${k}[${k === 0 ? i : `${i} - ${u32(k * per)}`}]`;
  const fns: string[] = [];
  const ranges = (body: (k: number) => string) =>
    Array.from({ length: parts - 1 }, (_, k) => `  if (i < ${u32((k + 1) * per)}) { ${body(k)} }`);
  if (use.load)
    fns.push(
      [
        `fn load_${name}(i: u32) -> ${type} {`,
        ...ranges((k) => `return ${part(k)};`),
        `  return ${part(parts - 1)};`,
        '}',
      ].join('\n'),
    );
  if (use.store)
    fns.push(
      [
        `fn store_${name}(i: u32, v: ${type}) {`,
        ...ranges((k) => `${part(k)} = v; return;`),
        `  ${part(parts - 1)} = v;`,
        '}',
      ].join('\n'),
    );
  return fns;
}

/**
 * `wgsl` with the bindings numbered in `parts` (binding -> its part count, above 1) split. Throws
 * a SplitRefusal when the kernel reads or writes such a binding in a way that cannot be split.
 */
export function splitBindings(wgsl: string, parts: ReadonlyMap<number, number>): string {
  const decls = [...wgsl.matchAll(DECL)].map((m) => ({
    text: m[0],
    binding: Number(m[1]),
    space: m[2] ?? '',
    name: m[3]!,
    type: m[4]!.trim(),
  }));
  const split = new Map<string, { type: string; parts: number }>();
  for (const [binding, k] of parts) {
    const d = decls.find((x) => x.binding === binding);
    if (!d) throw new SplitRefusal(`no binding ${binding} to split`);
    const elem = /^array<(.+)>$/.exec(d.type)?.[1]?.replace(/\s+/g, '');
    if (!elem || !ELEMENT_BYTES[elem])
      throw new SplitRefusal(`${d.name} is a ${d.type}, not an array of numbers`);
    split.set(d.name, { type: elem, parts: k });
  }
  if (split.size === 0) return wgsl;
  // Declarations and comments (a header may say `y[n, :] = table[ids[n], :]`) are set aside.
  const comments: string[] = [];
  let body = wgsl
    .replace(DECL, (line) => `@@binding${decls.findIndex((d) => d.text === line)}@@`)
    .replace(/\/\/[^\n]*/g, (c) => `@@comment${comments.push(c) - 1}@@`);
  for (const name of split.keys()) {
    if (
      new RegExp(
        `\\b(let|var|const)\\s+${name}\\b|\\b${name}_\\d+\\b|\\b(load|store)_${name}\\b`,
      ).test(body)
    )
      throw new SplitRefusal(`${name} is shadowed or its parts' names are taken`);
    for (const params of body.matchAll(/\bfn\s+\w+\s*\(([^)]*)\)/g))
      if (new RegExp(`(^|,)\\s*${name}\\s*:`).test(params[1]!))
        throw new SplitRefusal(`a function parameter shadows ${name}`);
  }
  const used = new Map<string, { load: boolean; store: boolean }>();
  body = rewriteAccesses(body, new Set(split.keys()), used);
  // Renumber: each split binding takes as many numbers as it has parts.
  const lines = decls.map((d) => {
    const s = split.get(d.name);
    let first = d.binding;
    for (const [b, k] of parts) if (b < d.binding) first += k - 1;
    if (!s) return `@group(0) @binding(${first}) var${d.space} ${d.name}: ${d.type};`;
    return Array.from(
      { length: s.parts },
      (_, k) => `@group(0) @binding(${first + k}) var${d.space} ${d.name}_${k}: ${d.type};`,
    ).join('\n');
  });
  const fns = [...split].flatMap(([name, s]) =>
    helpers(name, s.type, s.parts, used.get(name) ?? { load: false, store: false }),
  );
  body = body
    .replace(/@@binding(\d+)@@/g, (_, i: string) => lines[Number(i)]!)
    .replace(/@@comment(\d+)@@/g, (_, i: string) => comments[Number(i)]!);
  return `${body.trimEnd()}\n\n${fns.join('\n\n')}\n`;
}
