/**
 * Graph invariants, checked after every pass in the tests: ids are indices, inputs are defined
 * before use, every shape is what the op table infers from the inputs, params are unique by
 * name, and every value but the outputs is used (passes leave no dead code behind).
 */
import type { Graph } from './graph.js';
import { inferShape, shapeText, type Node } from './ops.js';

export function verifyGraph(g: Graph): string[] {
  const problems: string[] = [];
  const params = new Set<string>();
  const used = new Set<number>();
  g.nodes.forEach((n: Node, i) => {
    if (n.id !== i) problems.push(`%${n.id} at index ${i}`);
    for (const inp of n.inputs) {
      if (inp >= i) problems.push(`%${n.id} ${n.op} uses %${inp} before it is defined`);
      used.add(inp);
    }
    if (n.op === 'param') {
      if (params.has(n.attrs.name)) problems.push(`param ${n.attrs.name} declared twice`);
      params.add(n.attrs.name);
    }
    try {
      const want = inferShape(
        n.op,
        n.inputs.map((x) => g.nodes[x]!.shape),
        n.attrs as never,
      );
      if (shapeText(want) !== shapeText(n.shape))
        problems.push(
          `%${n.id} ${n.op}: shape ${shapeText(n.shape)}, op table says ${shapeText(want)}`,
        );
    } catch (e) {
      problems.push(`%${n.id} ${n.op}: ${(e as Error).message}`);
    }
  });
  for (const n of g.nodes)
    if (n.op !== 'output' && n.op !== 'input' && !used.has(n.id))
      problems.push(`%${n.id} ${n.op} is never used`);
  if (!g.nodes.some((n) => n.op === 'output')) problems.push('graph has no output');
  return problems;
}
