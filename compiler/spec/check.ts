/**
 * Validation of a spec: zod for structure, then the cross-field rules that shape inference
 * would otherwise trip over later with a worse message. Every problem becomes one line
 * `path: what is wrong`, and all of them are reported together: the cross-field rules run even
 * when zod found problems elsewhere, each rule on the fields it needs as long as those are valid.
 */
import { KilnError } from '../../runtime/errors.js';
import { buildGraph } from '../ir/build.js';
import { numel, shapeText } from '../ir/ops.js';
import { SpecSchema, type Spec } from './schema.js';

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out === '' ? '(spec)' : out;
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code: string;
  readonly keys?: readonly string[];
}

function zodLines(issues: readonly Issue[]): string[] {
  const lines: string[] = [];
  for (const iss of issues) {
    if (iss.code === 'unrecognized_keys' && iss.keys) {
      for (const k of iss.keys) lines.push(`${formatPath([...iss.path, k])}: unknown key`);
    } else {
      lines.push(`${formatPath(iss.path)}: ${iss.message}`);
    }
  }
  return lines;
}

/** Largest tensor (activation or weight) a spec may produce: 2^28 f32 values, 1 GiB. */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

/**
 * Reads fields of the raw spec for the cross-field rules: a field is only returned when it is
 * valid, i.e. zod reported nothing at it or above it (unknown keys aside). So a rule never runs
 * on garbage, and never repeats a problem zod already reported.
 */
class Fields {
  constructor(
    private readonly raw: unknown,
    private readonly issues: readonly Issue[],
  ) {}

  private flagged(path: readonly PropertyKey[]): boolean {
    return this.issues.some(
      (i) =>
        i.code !== 'unrecognized_keys' &&
        i.path.length <= path.length &&
        i.path.every((p, k) => p === path[k]),
    );
  }

  get(path: readonly PropertyKey[]): unknown {
    let v: unknown = this.raw;
    for (const p of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<PropertyKey, unknown>)[p];
    }
    return v;
  }

  int(...path: PropertyKey[]): number | undefined {
    const v = this.get(path);
    return typeof v === 'number' && Number.isInteger(v) && v >= 1 && !this.flagged(path)
      ? v
      : undefined;
  }

  /** An array's length when the array itself is valid (its elements may not be). */
  length(...path: PropertyKey[]): number | undefined {
    const v = this.get(path);
    return Array.isArray(v) && !this.flagged(path) ? v.length : undefined;
  }

  present(...path: PropertyKey[]): boolean {
    return this.get(path) !== undefined;
  }
}

const TIME_DIM =
  'must be even and at least 4 (the sinusoidal embedding uses timeDim/2 frequencies)';

/** Cross-field rules of the seed U-Net (see shared/reference/seed_unet.py for why each holds). */
function seedLines(f: Fields): string[] {
  const lines: string[] = [];
  const base = f.int('unet', 'baseChannels');
  const groups = f.int('unet', 'groups');
  if (base !== undefined && groups !== undefined && base % groups !== 0)
    lines.push(
      `unet.baseChannels: ${base} channels cannot be split into unet.groups = ${groups} groups`,
    );
  const levels = f.length('unet', 'channelMults');
  const heads = f.int('unet', 'attentionHeads');
  if (levels !== undefined && levels > 0) {
    const lastMult = f.int('unet', 'channelMults', levels - 1);
    if (base !== undefined && lastMult !== undefined && heads !== undefined) {
      const last = base * lastMult;
      if (last % heads !== 0)
        lines.push(
          `unet.attentionHeads: ${heads} heads do not divide the bottleneck's ${last} channels (baseChannels ${base} x channelMults[${levels - 1}] ${lastMult})`,
        );
    }
  }
  const timeDim = f.int('unet', 'timeDim');
  if (timeDim !== undefined && (timeDim % 2 !== 0 || timeDim < 4))
    lines.push(`unet.timeDim: ${TIME_DIM}, got ${timeDim}`);
  if (levels !== undefined && levels > 0) {
    const factor = 2 ** levels;
    for (const dim of ['height', 'width'] as const) {
      const n = f.int('input', dim);
      if (n !== undefined && n % factor !== 0)
        lines.push(
          `input.${dim}: ${n} cannot be halved ${levels} times (once per level of unet.channelMults); use a multiple of ${factor}`,
        );
    }
  }
  return lines;
}

/** Cross-field rules of the general form. */
function blocksLines(f: Fields): string[] {
  const lines: string[] = [];
  const groups = f.int('blocks', 'groups');
  const splits = (path: string, c: number | undefined) => {
    if (c !== undefined && groups !== undefined && c % groups !== 0)
      lines.push(`${path}: ${c} channels cannot be split into blocks.groups = ${groups} groups`);
  };
  splits('blocks.stemChannels', f.int('blocks', 'stemChannels'));
  const levels = f.length('blocks', 'levels') ?? 0;
  for (let i = 0; i < levels; i++) {
    const c = f.int('blocks', 'levels', i, 'channels');
    splits(`blocks.levels[${i}].channels`, c);
    const heads = f.int('blocks', 'levels', i, 'attentionHeads');
    if (c !== undefined && heads !== undefined && c % heads !== 0)
      lines.push(
        `blocks.levels[${i}].attentionHeads: ${heads} heads do not divide the level's ${c} channels (blocks.levels[${i}].channels)`,
      );
  }
  const last = levels > 0 ? f.int('blocks', 'levels', levels - 1, 'channels') : undefined;
  const blocks = f.length('blocks', 'bottleneck') ?? 0;
  for (let j = 0; j < blocks; j++) {
    const heads =
      f.get(['blocks', 'bottleneck', j, 'type']) === 'attention'
        ? f.int('blocks', 'bottleneck', j, 'heads')
        : undefined;
    if (last !== undefined && heads !== undefined && last % heads !== 0)
      lines.push(
        `blocks.bottleneck[${j}].heads: ${heads} heads do not divide the bottleneck's ${last} channels (blocks.levels[${levels - 1}].channels)`,
      );
  }
  const timeDim = f.int('blocks', 'timeDim');
  if (timeDim !== undefined && (timeDim % 2 !== 0 || timeDim < 4))
    lines.push(`blocks.timeDim: ${TIME_DIM}, got ${timeDim}`);
  if (f.length('blocks', 'levels') !== undefined && levels > 0) {
    for (const dim of ['height', 'width'] as const) {
      const n0 = f.int('input', dim);
      if (n0 === undefined) continue;
      const sizes = [n0];
      for (let i = 0; i < levels; i++) {
        const n = sizes[i]!;
        if (n % 2 !== 0) {
          const down = Math.floor((n - 2) / 2) + 1;
          lines.push(
            `input.${dim}: ${n0} cannot be halved at blocks.levels[${i}], where it is ${n} (${sizes.join(' -> ')}): ` +
              (down > 0
                ? `the downsample gives ${down}, upsampled back to ${2 * down}, which does not match the level's skip of ${n}`
                : `the downsample would leave nothing`) +
              `; use a multiple of ${2 ** levels} (2^${levels} for ${levels} level${levels === 1 ? '' : 's'})`,
          );
          break;
        }
        sizes.push(n / 2);
      }
    }
  }
  return lines;
}

/** Exactly one of `unet` (the seed preset) and `blocks` (the general form). */
function formLines(f: Fields, raw: unknown): string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const unet = f.present('unet');
  const blocks = f.present('blocks');
  if (!unet && !blocks)
    return ['unet: is required (an object), or give blocks (the general form) instead'];
  if (unet && blocks)
    return [
      'blocks: cannot be given together with unet (give the seed preset or the general form, not both)',
    ];
  return [];
}

/** Sizes no kernel can index or no buffer can hold: found on the built graph, once the spec is otherwise valid. */
function sizeLines(spec: Spec): string[] {
  const g = buildGraph(spec);
  let worst = g.nodes[0]!;
  for (const n of g.nodes) if (numel(n.shape) > numel(worst.shape)) worst = n;
  const n = numel(worst.shape);
  if (n <= MAX_TENSOR_ELEMENTS) return [];
  const what =
    worst.op === 'param'
      ? `the weight ${worst.attrs.name}`
      : worst.op === 'input'
        ? `the input ${worst.attrs.name}`
        : `the ${worst.op} output at ${worst.scope}`;
  return [
    `(spec): ${what} would be f32${shapeText(worst.shape)}, ${n} values; at most 2^28 (1 GiB) are supported per tensor: use fewer channels or a smaller input`,
  ];
}

/** Parses and validates a spec object; throws KilnError('SPEC_INVALID') listing every problem. */
export function validateSpec(raw: unknown, source = 'spec'): Spec {
  // The diffusers form (compiler/diffusers/spec.ts) is read through compiler/spec/any.ts.
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'diffusers' in raw)
    throw new KilnError(
      'SPEC_INVALID',
      `${source}: diffusers: this takes Kiln's own spec forms only; kiln compile, init, inspect, weights and emit-torch take the diffusers form`,
    );
  const parsed = SpecSchema.safeParse(raw);
  const issues: readonly Issue[] = parsed.success ? [] : (parsed.error.issues as readonly Issue[]);
  const f = new Fields(raw, issues);
  const lines = [...zodLines(issues), ...formLines(f, raw)];
  if (f.present('unet')) lines.push(...seedLines(f));
  if (f.present('blocks')) lines.push(...blocksLines(f));
  if (lines.length === 0) lines.push(...sizeLines(parsed.data as Spec));
  if (lines.length > 0)
    throw new KilnError(
      'SPEC_INVALID',
      lines.map((l) => `${source}: ${l}`),
    );
  return parsed.data as Spec;
}
