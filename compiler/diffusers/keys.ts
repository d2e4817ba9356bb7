/**
 * diffusers' state_dict() for a diffusers-form spec: every tensor's name and shape, in the order
 * diffusers registers the modules (so `kiln weights` lists them as `model.state_dict()` does),
 * plus the legacy attention names diffusers' own loader still accepts, and the reading of a
 * weights file against the spec (every missing, extra or mis-shaped tensor named).
 *
 * Registration order, which torch's state_dict follows: the U-Net registers conv_in,
 * time_embedding, class_embedding, the (empty) down_blocks and up_blocks lists, and only then
 * mid_block, so the mid block's tensors come after every up block's. Inside a block,
 * `attentions` is registered before `resnets`.
 */
import { KilnError } from '../../runtime/errors.js';
import {
  checkTensors,
  type Safetensors,
  type TensorEntry,
} from '../../runtime/format/safetensors.js';
import { upResnetInputs, type Attention, type DiffusersSpec } from './spec.js';

export interface TensorShape {
  readonly name: string;
  readonly shape: readonly number[];
}

class Keys {
  readonly list: TensorShape[] = [];
  /** Paths of UNet2DModel-style Attention blocks: the ones whose legacy names are accepted. */
  readonly selfAttentions: string[] = [];

  add(name: string, ...shape: number[]): void {
    this.list.push({ name, shape });
  }
  linear(p: string, out: number, inp: number, bias = true): void {
    this.add(`${p}.weight`, out, inp);
    if (bias) this.add(`${p}.bias`, out);
  }
  conv(p: string, out: number, inp: number, k: number): void {
    this.add(`${p}.weight`, out, inp, k, k);
    this.add(`${p}.bias`, out);
  }
  norm(p: string, c: number): void {
    this.add(`${p}.weight`, c);
    this.add(`${p}.bias`, c);
  }

  resnet(p: string, inp: number, out: number, temb: number, scaleShift: boolean): void {
    this.norm(`${p}.norm1`, inp);
    this.conv(`${p}.conv1`, out, inp, 3);
    this.linear(`${p}.time_emb_proj`, scaleShift ? 2 * out : out, temb);
    this.norm(`${p}.norm2`, out);
    this.conv(`${p}.conv2`, out, out, 3);
    if (inp !== out) this.conv(`${p}.conv_shortcut`, out, inp, 1);
  }

  attention(p: string, a: Attention, c: number, contextDim: number | null): void {
    const inner = a.heads * a.headDim;
    if (a.type === 'self') {
      this.selfAttentions.push(p);
      if (a.groups !== null) this.norm(`${p}.group_norm`, c);
      for (const n of ['to_q', 'to_k', 'to_v']) this.linear(`${p}.${n}`, inner, c);
      this.linear(`${p}.to_out.0`, c, inner);
      return;
    }
    this.norm(`${p}.norm`, c);
    if (a.linearProjection) this.linear(`${p}.proj_in`, inner, c);
    else this.conv(`${p}.proj_in`, inner, c, 1);
    for (let l = 0; l < a.layers; l++) {
      const b = `${p}.transformer_blocks.${l}`;
      for (const [i, kv] of [
        [1, inner],
        [2, contextDim ?? inner],
      ] as const) {
        this.norm(`${b}.norm${i}`, inner);
        this.linear(`${b}.attn${i}.to_q`, inner, inner, false);
        this.linear(`${b}.attn${i}.to_k`, inner, kv, false);
        this.linear(`${b}.attn${i}.to_v`, inner, kv, false);
        this.linear(`${b}.attn${i}.to_out.0`, inner, inner);
      }
      this.norm(`${b}.norm3`, inner);
      this.linear(`${b}.ff.net.0.proj`, 8 * inner, inner);
      this.linear(`${b}.ff.net.2`, inner, 4 * inner);
    }
    if (a.linearProjection) this.linear(`${p}.proj_out`, c, inner);
    else this.conv(`${p}.proj_out`, c, inner, 1);
  }
}

function collect(spec: DiffusersSpec): Keys {
  const d = spec.diffusers;
  const k = new Keys();
  const L = d.levels.length;
  const c0 = d.levels[0]!.channels;
  const temb = d.time.embedDim;
  const ss = d.timeScaleShift === 'scale_shift';
  k.conv('conv_in', c0, spec.input.channels, d.convInKernel);
  k.linear('time_embedding.linear_1', temb, d.time.channels);
  k.linear('time_embedding.linear_2', temb, temb);
  if (d.classEmbeds !== null) k.add('class_embedding.weight', d.classEmbeds, temb);
  d.levels.forEach((lv, i) => {
    const p = `down_blocks.${i}`;
    const c = lv.channels;
    if (lv.downAttention)
      for (let j = 0; j < lv.resnets; j++)
        k.attention(`${p}.attentions.${j}`, lv.downAttention, c, d.contextDim);
    for (let j = 0; j < lv.resnets; j++)
      k.resnet(
        `${p}.resnets.${j}`,
        j === 0 ? d.levels[Math.max(0, i - 1)]!.channels : c,
        c,
        temb,
        ss,
      );
    if (i < L - 1) k.conv(`${p}.downsamplers.0.conv`, c, c, 3);
  });
  const ups = upResnetInputs(d.levels);
  for (let u = 0; u < L; u++) {
    const i = L - 1 - u;
    const lv = d.levels[i]!;
    const p = `up_blocks.${u}`;
    if (lv.upAttention)
      for (let j = 0; j <= lv.resnets; j++)
        k.attention(`${p}.attentions.${j}`, lv.upAttention, lv.channels, d.contextDim);
    ups[i]!.forEach((inp, j) => k.resnet(`${p}.resnets.${j}`, inp, lv.channels, temb, ss));
    if (i > 0) k.conv(`${p}.upsamplers.0.conv`, lv.channels, lv.channels, 3);
  }
  if (d.mid) {
    const c = d.levels[L - 1]!.channels;
    if (d.mid.attention) k.attention('mid_block.attentions.0', d.mid.attention, c, d.contextDim);
    k.resnet('mid_block.resnets.0', c, c, temb, ss);
    k.resnet('mid_block.resnets.1', c, c, temb, ss);
  }
  k.norm('conv_norm_out', c0);
  k.conv('conv_out', d.outChannels, c0, d.convOutKernel);
  return k;
}

/** Every tensor of diffusers' state_dict() for this spec, in its order. */
export const stateDictShapes = (spec: DiffusersSpec): TensorShape[] => collect(spec).list;

/** Module paths of the spec's UNet2DModel-style attention blocks (legacy names apply there). */
export const selfAttentionPaths = (spec: DiffusersSpec): string[] => collect(spec).selfAttentions;

/** The old AttentionBlock names diffusers' loader renames, for UNet2DModel's attention blocks. */
const LEGACY: readonly [string, string][] = [
  ['query', 'to_q'],
  ['key', 'to_k'],
  ['value', 'to_v'],
  ['proj_attn', 'to_out.0'],
];

/**
 * The name diffusers' loader gives a tensor: `<attn>.query.weight` -> `<attn>.to_q.weight` (and
 * key, value, proj_attn -> to_k, to_v, to_out.0), but only under an attention block of
 * UNet2DModel's kind (`selfAttentions`); any other name is returned unchanged.
 */
export function canonicalName(name: string, selfAttentions: ReadonlySet<string>): string {
  const m = /^(.*)\.(query|key|value|proj_attn)\.(weight|bias)$/.exec(name);
  if (!m || !selfAttentions.has(m[1]!)) return name;
  const to = LEGACY.find(([from]) => from === m[2])![1];
  return `${m[1]}.${to}.${m[3]}`;
}

/**
 * A diffusers weights file (diffusion_pytorch_model.safetensors, F32/F16/BF16/F64) as F32
 * tensors under the spec's state_dict() names, legacy attention names renamed first. Every
 * missing, unexpected, mis-shaped or non-float tensor is named at once (as the seed form's
 * check words it, runtime/safetensors.ts), and a tensor given under both its old and its new
 * name is named as doubled, where diffusers' loader would silently keep the old one.
 */
export function diffusersWeights(
  spec: DiffusersSpec,
  file: Safetensors,
  source = 'weights',
): Map<string, Float32Array> {
  const keys = collect(spec);
  const attn = new Set(keys.selfAttentions);
  const renamed = new Map<string, TensorEntry>();
  const givenAs = new Map<string, string>();
  const doubled: string[] = [];
  for (const t of file.tensors.values()) {
    const name = canonicalName(t.name, attn);
    const other = givenAs.get(name);
    if (other !== undefined)
      doubled.push(`${source}: ${name}: given twice (as ${other} and as ${t.name})`);
    else {
      givenAs.set(name, t.name);
      renamed.set(name, { ...t, name });
    }
  }
  if (doubled.length > 0) throw new KilnError('WEIGHTS_INVALID', doubled);
  return checkTensors(
    { tensors: renamed, metadata: file.metadata },
    keys.list,
    source,
    'WEIGHTS_INVALID',
  );
}
