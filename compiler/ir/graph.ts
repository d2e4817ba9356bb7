/**
 * The graph IR: an SSA list of nodes in topological order (ids are indices, stable across
 * printing). Graphs are immutable once built; passes return new graphs.
 */
import {
  inferShape,
  type Node,
  type NodeOf,
  type OpAttrs,
  type OpName,
  type Shape,
} from './ops.js';

export interface Graph {
  readonly name: string;
  readonly nodes: readonly Node[];
}

export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly params = new Map<string, number>();

  constructor(private readonly name: string) {}

  add<K extends OpName>(
    op: K,
    inputs: readonly number[],
    attrs: OpAttrs[K],
    scope: string,
  ): number {
    const shapes = inputs.map((i) => this.shape(i));
    const shape = inferShape(op, shapes, attrs);
    const id = this.nodes.length;
    this.nodes.push({ id, op, inputs, attrs, shape, scope } as unknown as Node);
    return id;
  }

  input(name: string, shape: Shape, dtype?: 'i32'): number {
    return this.add('input', [], { name, shape, ...(dtype ? { dtype } : {}) }, name);
  }

  /** Params are interned by name: using one twice refers to the same tensor. */
  param(name: string, shape: Shape): number {
    const seen = this.params.get(name);
    if (seen !== undefined) return seen;
    const id = this.add('param', [], { name, shape }, name);
    this.params.set(name, id);
    return id;
  }

  output(name: string, value: number): number {
    return this.add('output', [value], { name }, name);
  }

  node(id: number): Node {
    const n = this.nodes[id];
    if (!n) throw new Error(`no node %${id}`);
    return n;
  }

  shape(id: number): Shape {
    const n = this.nodes[id];
    if (!n) throw new Error(`no node %${id}`);
    return n.shape;
  }

  build(): Graph {
    return { name: this.name, nodes: [...this.nodes] };
  }
}

/** Users of every value, by id. */
export function usersOf(g: Graph): number[][] {
  const users: number[][] = g.nodes.map(() => []);
  for (const n of g.nodes) for (const i of n.inputs) users[i]!.push(n.id);
  return users;
}

export function nodesOf<K extends OpName>(g: Graph, op: K): NodeOf<K>[] {
  return g.nodes.filter((n): n is NodeOf<K> => n.op === op);
}

export const paramsOf = (g: Graph) => nodesOf(g, 'param');
export const inputsOf = (g: Graph) => nodesOf(g, 'input');
export const outputsOf = (g: Graph) => nodesOf(g, 'output');
