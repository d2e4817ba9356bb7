/**
 * Validation of a spec: zod for structure, then the cross-field rules that shape inference
 * would otherwise trip over later with a worse message. Every problem becomes one line
 * `path: what is wrong`, and all of them are reported together.
 */
import { KilnError } from '../../runtime/errors.js';
import { SpecSchema, type Spec } from './schema.js';

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(spec)' : out;
}

function zodLines(error: { issues: readonly { path: readonly PropertyKey[]; message: string; code: string; keys?: readonly string[] }[] }): string[] {
  const lines: string[] = [];
  for (const iss of error.issues) {
    if (iss.code === 'unrecognized_keys' && iss.keys) {
      for (const k of iss.keys) lines.push(`${formatPath([...iss.path, k])}: unknown key`);
    } else {
      lines.push(`${formatPath(iss.path)}: ${iss.message}`);
    }
  }
  return lines;
}

/** Cross-field rules of the seed U-Net (see shared/reference/seed_unet.py for why each holds). */
function semanticLines(spec: Spec): string[] {
  const lines: string[] = [];
  const u = spec.unet;
  if (u.baseChannels % u.groups !== 0)
    lines.push(`unet.baseChannels: ${u.baseChannels} channels cannot be split into unet.groups = ${u.groups} groups`);
  const last = u.baseChannels * u.channelMults[u.channelMults.length - 1]!;
  if (last % u.attentionHeads !== 0)
    lines.push(
      `unet.attentionHeads: ${u.attentionHeads} heads do not divide the bottleneck's ${last} channels (baseChannels ${u.baseChannels} x channelMults[${u.channelMults.length - 1}] ${u.channelMults[u.channelMults.length - 1]})`,
    );
  if (u.timeDim % 2 !== 0 || u.timeDim < 4)
    lines.push(`unet.timeDim: must be even and at least 4 (the sinusoidal embedding uses timeDim/2 frequencies), got ${u.timeDim}`);
  const levels = u.channelMults.length;
  const f = 2 ** levels;
  for (const dim of ['height', 'width'] as const) {
    const n = spec.input[dim];
    if (n % f !== 0)
      lines.push(`input.${dim}: ${n} cannot be halved ${levels} times (once per level of unet.channelMults); use a multiple of ${f}`);
  }
  return lines;
}

/** Parses and validates a spec object; throws KilnError('SPEC_INVALID') listing every problem. */
export function validateSpec(raw: unknown, source = 'spec'): Spec {
  const parsed = SpecSchema.safeParse(raw);
  const lines = parsed.success ? semanticLines(parsed.data) : zodLines(parsed.error);
  if (lines.length > 0) throw new KilnError('SPEC_INVALID', lines.map((l) => `${source}: ${l}`));
  return parsed.data!;
}
