/**
 * The IR as text, one line per node, for golden tests, `kiln inspect` and KILN_DUMP_IR:
 *   %7 = conv2d(%5, @init_conv.weight, @init_conv.bias) {kernel=3,stride=1,padding=1} : f32[1,32,32,32]  # init_conv
 * Params print by name (`@name`) where used, not as lines of their own.
 */
import type { Graph } from './graph.js';
import { shapeText, type Node } from './ops.js';

function attrText(n: Node): string {
  const entries = Object.entries(n.attrs).filter(([k]) => !(n.op === 'input' && k === 'shape'));
  if (entries.length === 0) return '';
  return ` {${entries.map(([k, v]) => `${k}=${Array.isArray(v) ? shapeText(v) : typeof v === 'string' ? JSON.stringify(v) : v}`).join(',')}}`;
}

export function printGraph(g: Graph): string {
  const ref = (id: number) => {
    const n = g.nodes[id]!;
    return n.op === 'param' ? `@${n.attrs.name}` : `%${id}`;
  };
  const lines = [`graph ${g.name} {`];
  for (const n of g.nodes) {
    if (n.op === 'param') continue;
    const args = n.inputs.map(ref).join(', ');
    lines.push(
      `  %${n.id} = ${n.op}(${args})${attrText(n)} : f32${shapeText(n.shape)}  # ${n.scope}`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
