/**
 * The one mechanism every pass uses: walk the old graph in order, copy each node into a new
 * builder unless `visit` emits something else for it, then drop what no output needs. A pass
 * that fuses B into its consumer C just re-emits C with B's inputs; the copy of B dies here.
 */
import { GraphBuilder, usersOf, type Graph } from '../ir/graph.js';
import { flattenOperands, type Node, type OpAttrs, type OpName, type Operands } from '../ir/ops.js';

export interface RewriteCtx {
  readonly old: Graph;
  /** Users of an old value, in the old graph. */
  users(oldId: number): readonly number[];
  /** New id of an old value (already visited; params may be referenced before their turn). */
  map(oldId: number): number;
  /** A node of the new graph. */
  node(newId: number): Node;
  emit<K extends OpName>(
    op: K,
    inputs: readonly number[],
    attrs: OpAttrs[K],
    scope: string,
  ): number;
  /** Emits a node from its operands by name (see OPERANDS in compiler/ir/ops.ts). */
  emitOp<K extends OpName>(op: K, operands: Operands<K>, attrs: OpAttrs[K], scope: string): number;
  /** The default: the old node with its inputs mapped. */
  copy(n: Node): number;
}

/** `visit` returns the new id for `n`, or undefined to copy it. */
export function rewrite(g: Graph, visit: (n: Node, ctx: RewriteCtx) => number | undefined): Graph {
  const b = new GraphBuilder(g.name);
  const users = usersOf(g);
  const ids = new Map<number, number>();
  const ctx: RewriteCtx = {
    old: g,
    users: (id) => users[id]!,
    map: (id) => {
      const m = ids.get(id);
      if (m !== undefined) return m;
      const p = g.nodes[id]!;
      // Params are interned by name, so using one early is the same as using it in order.
      if (p.op === 'param') return b.param(p.attrs.name, p.shape);
      throw new Error(`%${id} not yet rewritten`);
    },
    node: (id) => b.node(id),
    emit: (op, inputs, attrs, scope) => b.add(op, inputs, attrs, scope),
    emitOp: (op, operands, attrs, scope) =>
      b.add(op, flattenOperands(op, attrs, operands), attrs, scope),
    copy: (n) => copyNode(b, n, ctx.map),
  };
  for (const n of g.nodes) ids.set(n.id, visit(n, ctx) ?? ctx.copy(n));
  return deadCodeElimination(b.build());
}

function copyNode(b: GraphBuilder, n: Node, map: (id: number) => number): number {
  switch (n.op) {
    case 'input':
      return b.input(n.attrs.name, n.attrs.shape);
    case 'param':
      return b.param(n.attrs.name, n.shape);
    case 'output':
      return b.output(n.attrs.name, map(n.inputs[0]!));
    default:
      return b.add(n.op, n.inputs.map(map), n.attrs as never, n.scope);
  }
}

/** Keeps what the outputs depend on, in order; inputs always stay (they are the interface). */
export function deadCodeElimination(g: Graph): Graph {
  const live = new Set<number>();
  const stack = g.nodes.filter((n) => n.op === 'output' || n.op === 'input').map((n) => n.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (live.has(id)) continue;
    live.add(id);
    stack.push(...g.nodes[id]!.inputs);
  }
  if (live.size === g.nodes.length) return g;
  const b = new GraphBuilder(g.name);
  const ids = new Map<number, number>();
  for (const n of g.nodes)
    if (live.has(n.id))
      ids.set(
        n.id,
        copyNode(b, n, (i) => ids.get(i)!),
      );
  return b.build();
}
