/**
 * The IR as text, one line per node, for golden tests, `kiln inspect` and IR dumps:
 *   %7 = conv2d(%5, @init_conv.weight, @init_conv.bias) {kernel=3,stride=1,padding=1} : f32[1,32,32,32]  # init_conv
 * Params print by name (`@name`) where used, not as lines of their own. Ops whose operands vary
 * with their attrs (the fused ones) print them by name, as the op table describes them, and
 * what a fused op absorbed prints as its lists (compiler/ir/fused.ts):
 *   fused_conv2d(input=[%3, %9], weight=@..., bias=@..., norm=%11) {...,prologue=[concat{sources=2}, group_norm{groups=8,eps=0.00001}, silu],epilogue=[]}
 */
import type { Graph } from './graph.js';
import { entryText } from './fused.js';
import { OPERANDS, operandIds, shapeText, type Node } from './ops.js';

/** A value of an attr: a shape, a list of absorbed ops (fused.ts), a string or a number. */
function valueText(v: unknown): string {
  if (Array.isArray(v))
    return v.every((e) => typeof e === 'number')
      ? shapeText(v)
      : `[${v.map((e: { op: string }) => entryText(e)).join(', ')}]`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function attrText(n: Node): string {
  const entries = Object.entries(n.attrs).filter(
    ([k]) => !(n.op === 'input' && (k === 'shape' || k === 'dtype')),
  );
  if (entries.length === 0) return '';
  return ` {${entries.map(([k, v]) => `${k}=${valueText(v)}`).join(',')}}`;
}

/** Fixed operand lists print positionally; variable ones by name, absent ones left out. */
const named = (n: Node) =>
  Object.values(OPERANDS[n.op]).some((slot: { kind: string }) => slot.kind !== 'one');

export function printGraph(g: Graph): string {
  const ref = (id: number) => {
    const n = g.nodes[id]!;
    return n.op === 'param' ? `@${n.attrs.name}` : `%${id}`;
  };
  const args = (n: Node) => {
    if (!named(n)) return n.inputs.map(ref).join(', ');
    return Object.entries(operandIds(n) as Record<string, number | readonly number[] | undefined>)
      .flatMap(([name, v]) =>
        v === undefined
          ? []
          : typeof v === 'number'
            ? [`${name}=${ref(v)}`]
            : v.length === 0
              ? []
              : [`${name}=[${v.map(ref).join(', ')}]`],
      )
      .join(', ');
  };
  const lines = [`graph ${g.name} {`];
  for (const n of g.nodes) {
    if (n.op === 'param') continue;
    lines.push(
      `  %${n.id} = ${n.op}(${args(n)})${attrText(n)} : ${n.op === 'input' && n.attrs.dtype ? n.attrs.dtype : 'f32'}${shapeText(n.shape)}  # ${n.scope}`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
