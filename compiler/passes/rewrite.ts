/**
 * The one rewrite engine every pass runs on. A pass is a list of rules; a rule is a pattern over
 * op kinds (with single-use constraints), an optional check, and a rewrite. One sweep:
 *   1. match: walk the graph in order and give each node to the first rule whose pattern and
 *      check accept it as a root. Nodes a match absorbs (its root and its `singleUse` nodes) are
 *      claimed, and a later match may not absorb a claimed node, so matches never overlap;
 *   2. rewrite: walk again, copying each node into a new graph unless it is a match's root, in
 *      which case its rule emits the replacement (reading the old graph, mapping old ids to
 *      new ones). What the absorbed nodes computed is now dead, and is dropped.
 * Sweeps repeat until no rule matches: the fixed point. The idea is tinygrad's PatternMatcher
 * (UPat trees, first rule wins) and TVM Relax's FuseOpsByPattern (single-use checks so a fused
 * value is not needed elsewhere), written for this IR.
 *
 * Rules whose matches share one new node (every ResBlock's time projection in one time_proj)
 * name an `anchor` per match (an old value every match in the group depends on) and `emit`
 * that shared node once per group, right after the anchor's copy.
 */
import { GraphBuilder, usersOf, type Graph } from '../ir/graph.js';
import {
  flattenOperands,
  IrError,
  operandsOf,
  type Node,
  type NodeOf,
  type OpAttrs,
  type OpName,
  type Operands,
} from '../ir/ops.js';

/** A pattern: tinygrad's UPat, for this IR. */
export interface Pat {
  /** The op (or one of the ops) the node must be; absent: any value. */
  readonly op?: OpName | readonly OpName[];
  /** Name under which the matched node is available to the check and the rewrite. */
  readonly bind?: string;
  /** Patterns for the node's first inputs, in order. */
  readonly inputs?: readonly Pat[];
  /** The node's only user is the node matched above it, so the match absorbs it. */
  readonly singleUse?: boolean;
  readonly where?: (n: Node) => boolean;
  /** A two-input op whose inputs may be matched in either order (the given order first). */
  readonly commute?: boolean;
}

export interface Match {
  readonly root: Node;
  /** The node bound to `name`, checked to be of `op`. */
  get<K extends OpName>(name: string, op: K): NodeOf<K>;
  /** The old id bound to `name` (any op). */
  id(name: string): number;
}

/** What a check sees besides the match. */
export interface MatchCtx {
  readonly g: Graph;
  users(oldId: number): readonly number[];
}

export interface Rule<S = undefined> {
  readonly name: string;
  readonly pattern: Pat;
  readonly check?: (m: Match, ctx: MatchCtx) => boolean;
  /** The new id that replaces the root. */
  readonly rewrite: (m: Match, ctx: RewriteCtx, shared: S) => number;
  readonly shared?: {
    /** The old value after which the group's shared node goes; matches group by it. */
    readonly anchor: (m: Match) => number;
    readonly emit: (group: readonly Match[], ctx: RewriteCtx) => S;
  };
}

/** A pass: rules applied to a fixed point, and the passes that must have run before it. */
export interface Pass {
  readonly name: string;
  readonly requires: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: a pass holds rules with different shared types
  readonly rules: readonly Rule<any>[];
}

export interface RewriteCtx {
  readonly old: Graph;
  /** Users of an old value, in the old graph. */
  users(oldId: number): readonly number[];
  /** New id of an old value (already visited; params may be referenced before their turn). */
  map(oldId: number): number;
  /** An old node's operands by name, mapped to new ids. */
  operands<K extends OpName>(n: NodeOf<K>): Operands<K>;
  /** Emits a node from its operands by name (see OPERANDS in compiler/ir/ops.ts). */
  emit<K extends OpName>(op: K, operands: Operands<K>, attrs: OpAttrs[K], scope: string): number;
}

const MAX_SWEEPS = 64;

/** Applies `rules` until none matches; throws if that never happens (a rule undoing another). */
export function applyRules(g: Graph, rules: Pass['rules'], passName: string): Graph {
  let cur = g;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    const found = matchAll(cur, rules);
    if (found.size === 0) return cur;
    cur = deadCodeElimination(rewriteMatches(cur, found));
  }
  throw new IrError(`pass ${passName}: no fixed point after ${MAX_SWEEPS} sweeps`);
}

interface Found {
  readonly rule: Rule<unknown>;
  readonly match: Match;
}

function matchAll(g: Graph, rules: readonly Rule<unknown>[]): Map<number, Found> {
  const users = usersOf(g);
  const mctx: MatchCtx = { g, users: (id) => users[id]! };
  const claimed = new Set<number>();
  const found = new Map<number, Found>();
  for (const n of g.nodes) {
    if (claimed.has(n.id)) continue;
    for (const rule of rules) {
      const m = matchPattern(g, users, rule.pattern, n);
      // A match reads the old form of every node it constrains: none may be rewritten already.
      if (!m || m.read.some((id) => claimed.has(id))) continue;
      if (rule.check && !rule.check(m.match, mctx)) continue;
      for (const id of m.absorbed) claimed.add(id);
      found.set(n.id, { rule, match: m.match });
      break;
    }
  }
  return found;
}

function matchPattern(
  g: Graph,
  users: readonly number[][],
  pat: Pat,
  root: Node,
): { match: Match; absorbed: number[]; read: number[] } | undefined {
  const binds = new Map<string, number>();
  const absorbed = [root.id];
  const read: number[] = [];
  const visit = (p: Pat, n: Node, parent: number | undefined): boolean => {
    if (p.op !== undefined && !(typeof p.op === 'string' ? [p.op] : p.op).includes(n.op))
      return false;
    if (p.singleUse && parent !== undefined) {
      const u = users[n.id]!;
      if (u.length !== 1 || u[0] !== parent) return false;
    }
    if (p.where && !p.where(n)) return false;
    const ins = p.inputs ?? [];
    if (ins.length > n.inputs.length) return false;
    const orders =
      p.commute && n.inputs.length === 2 ? [n.inputs, [n.inputs[1]!, n.inputs[0]!]] : [n.inputs];
    if (p.op !== undefined) read.push(n.id);
    for (const order of orders) {
      const mark = absorbed.length;
      const readMark = read.length;
      const bound = new Map(binds);
      if (ins.every((ip, i) => visit(ip, g.nodes[order[i]!]!, n.id))) {
        if (p.bind) binds.set(p.bind, n.id);
        if (p.singleUse && parent !== undefined) absorbed.push(n.id);
        return true;
      }
      absorbed.length = mark;
      read.length = readMark;
      binds.clear();
      for (const [k, v] of bound) binds.set(k, v);
    }
    return false;
  };
  if (!visit(pat, root, undefined)) return undefined;
  const id = (name: string) => {
    const v = binds.get(name);
    if (v === undefined) throw new IrError(`pattern binds no ${name}`);
    return v;
  };
  const match: Match = {
    root,
    id,
    get: <K extends OpName>(name: string, op: K) => {
      const n = g.nodes[id(name)]!;
      if (n.op !== op) throw new IrError(`${name} is ${n.op}, not ${op}`);
      return n as NodeOf<K>;
    },
  };
  return { match, absorbed, read };
}

function rewriteMatches(g: Graph, found: ReadonlyMap<number, Found>): Graph {
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
      throw new IrError(`%${id} not yet rewritten`);
    },
    operands: <K extends OpName>(n: NodeOf<K>) =>
      operandsOf(n.op, n.attrs as OpAttrs[K], n.inputs.map(ctx.map)),
    emit: (op, operands, attrs, scope) =>
      b.add(op, flattenOperands(op, attrs, operands), attrs, scope),
  };
  // Shared nodes: matches grouped by (rule, anchor), emitted after the anchor's copy.
  const groups = new Map<number, Map<Rule<unknown>, Match[]>>();
  for (const { rule, match } of found.values()) {
    if (!rule.shared) continue;
    const at = rule.shared.anchor(match);
    const byRule = groups.get(at) ?? new Map<Rule<unknown>, Match[]>();
    byRule.set(rule, [...(byRule.get(rule) ?? []), match]);
    groups.set(at, byRule);
  }
  const shared = new Map<Match, unknown>();
  for (const n of g.nodes) {
    const f = found.get(n.id);
    if (f) {
      if (f.rule.shared && !shared.has(f.match))
        throw new IrError(`rule ${f.rule.name}: anchor of %${n.id} is not before it`);
      ids.set(n.id, f.rule.rewrite(f.match, ctx, shared.get(f.match) as never));
    } else ids.set(n.id, copyNode(b, n, ctx.map));
    for (const [rule, ms] of groups.get(n.id) ?? []) {
      const s = rule.shared!.emit(ms, ctx);
      for (const m of ms) shared.set(m, s);
    }
  }
  return b.build();
}

function copyNode(b: GraphBuilder, n: Node, map: (id: number) => number): number {
  switch (n.op) {
    case 'input':
      return b.input(n.attrs.name, n.attrs.shape, n.attrs.dtype);
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
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (live.has(id)) continue;
    live.add(id);
    stack.push(...g.nodes[id]!.inputs);
  }
  if (live.size === g.nodes.length) return g;
  const b = new GraphBuilder(g.name);
  const ids = new Map<number, number>();
  const map = (i: number) => {
    const m = ids.get(i);
    if (m === undefined) throw new IrError(`%${i} used before it is defined`);
    return m;
  };
  for (const n of g.nodes) if (live.has(n.id)) ids.set(n.id, copyNode(b, n, map));
  return b.build();
}
