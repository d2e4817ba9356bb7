/**
 * `kiln emit-torch` for the diffusers form: a standalone PyTorch file (Kiln's own clean-room
 * code, written from the architecture notes in docs/diffusers-architecture.md, not diffusers'
 * source) whose `Model().state_dict()` has exactly diffusers' names, shapes and order for the
 * spec, so a diffusers checkpoint loads with `load_state_dict(strict=True)` after the legacy
 * attention names are renamed (compiler/diffusers/keys.ts), and whose forward computes what
 * diffusers' forward computes in f32.
 *
 * The module classes are fixed; the spec travels as JSON inside the file and drives them.
 */
import type { DiffusersSpec } from '../diffusers/spec.js';
import { KILN_VERSION } from '../version.js';

const PRELUDE = `import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def sinusoid(t, channels, flip_sin_to_cos, freq_shift):
    """Sinusoidal timestep features, f32 [B, channels]: frequency k of channels // 2 is
    exp(-ln(10000) * k / (channels // 2 - freq_shift)); sin half then cos half (cos first when
    flipped); an odd width gets one zero column at the end."""
    half = channels // 2
    k = torch.arange(half, dtype=torch.float32, device=t.device)
    freqs = torch.exp(-math.log(10000.0) * k / (half - freq_shift))
    phase = t.float()[:, None] * freqs[None, :]
    parts = [phase.sin(), phase.cos()]
    if flip_sin_to_cos:
        parts.reverse()
    out = torch.cat(parts, dim=-1)
    return F.pad(out, (0, channels % 2))


class TimeMLP(nn.Module):
    """time_embedding: linear_1, SiLU, linear_2."""

    def __init__(self, in_ch, dim):
        super().__init__()
        self.linear_1 = nn.Linear(in_ch, dim)
        self.linear_2 = nn.Linear(dim, dim)

    def forward(self, x):
        return self.linear_2(F.silu(self.linear_1(x)))


class Resnet(nn.Module):
    """norm1-SiLU-conv1, + the projected time embedding (or norm2 scale-shift by it), norm2-SiLU-conv2,
    + the input (through a 1x1 conv when the widths differ), all divided by scale."""

    def __init__(self, in_ch, out_ch, temb, groups, eps, scale_shift, scale):
        super().__init__()
        self.scale_shift = scale_shift
        self.scale = scale
        self.norm1 = nn.GroupNorm(groups, in_ch, eps=eps)
        self.conv1 = nn.Conv2d(in_ch, out_ch, 3, padding=1)
        self.time_emb_proj = nn.Linear(temb, 2 * out_ch if scale_shift else out_ch)
        self.norm2 = nn.GroupNorm(groups, out_ch, eps=eps)
        self.conv2 = nn.Conv2d(out_ch, out_ch, 3, padding=1)
        self.conv_shortcut = nn.Conv2d(in_ch, out_ch, 1) if in_ch != out_ch else None

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x)))
        s = self.time_emb_proj(F.silu(temb))[:, :, None, None]
        if self.scale_shift:
            scale, shift = s.chunk(2, dim=1)
            h = self.norm2(h) * (1 + scale) + shift
        else:
            h = self.norm2(h + s)
        h = self.conv2(F.silu(h))
        skip = x if self.conv_shortcut is None else self.conv_shortcut(x)
        return (skip + h) / self.scale


def multi_head(q, k, v, heads):
    """Softmax attention of q [B, N, heads*d] over k, v [B, M, heads*d], scaled by 1/sqrt(d)."""
    b, n, inner = q.shape
    d = inner // heads
    q, k, v = (x.reshape(b, -1, heads, d).transpose(1, 2) for x in (q, k, v))
    w = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d), dim=-1)
    return torch.matmul(w, v).transpose(1, 2).reshape(b, n, inner)


class Projections(nn.Module):
    """to_q, to_k, to_v and to_out.0 of an attention; k and v read the context when given."""

    def __init__(self, query_dim, context_dim, heads, head_dim, bias, group_norm=None):
        super().__init__()
        if group_norm is not None:  # registered first: it leads the state_dict
            self.group_norm = group_norm
        inner = heads * head_dim
        self.heads = heads
        self.to_q = nn.Linear(query_dim, inner, bias=bias)
        self.to_k = nn.Linear(context_dim, inner, bias=bias)
        self.to_v = nn.Linear(context_dim, inner, bias=bias)
        self.to_out = nn.ModuleList([nn.Linear(inner, query_dim)])

    def attend(self, x, context):
        kv = x if context is None else context
        return self.to_out[0](multi_head(self.to_q(x), self.to_k(kv), self.to_v(kv), self.heads))


class SpatialSelfAttention(Projections):
    """UNet2DModel's attention block: optional group_norm, self-attention over the H*W positions,
    + the input, divided by scale."""

    def __init__(self, ch, heads, head_dim, groups, eps, scale):
        norm = nn.GroupNorm(groups, ch, eps=eps) if groups is not None else None
        super().__init__(ch, ch, heads, head_dim, True, norm)
        self.scale = scale

    def forward(self, x):
        b, c, hgt, wid = x.shape
        h = self.group_norm(x) if hasattr(self, "group_norm") else x
        h = self.attend(h.reshape(b, c, hgt * wid).transpose(1, 2), None)
        return (h.transpose(1, 2).reshape(b, c, hgt, wid) + x) / self.scale


class GEGLU(nn.Module):
    def __init__(self, dim, inner):
        super().__init__()
        self.proj = nn.Linear(dim, 2 * inner)

    def forward(self, x):
        value, gate = self.proj(x).chunk(2, dim=-1)
        return value * F.gelu(gate)


class FeedForward(nn.Module):
    """net.0 = GEGLU to 4x the width, net.2 = linear back (net.1 is a dropout: no tensors)."""

    def __init__(self, dim):
        super().__init__()
        self.net = nn.ModuleList([GEGLU(dim, 4 * dim), nn.Identity(), nn.Linear(4 * dim, dim)])

    def forward(self, x):
        return self.net[2](self.net[0](x))


class TransformerBlock(nn.Module):
    """LayerNorm + self-attention, LayerNorm + cross-attention to the context, LayerNorm + GEGLU
    feed-forward; a residual after each."""

    def __init__(self, dim, heads, head_dim, context_dim):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn1 = Projections(dim, dim, heads, head_dim, False)
        self.norm2 = nn.LayerNorm(dim)
        self.attn2 = Projections(dim, context_dim, heads, head_dim, False)
        self.norm3 = nn.LayerNorm(dim)
        self.ff = FeedForward(dim)

    def forward(self, x, context):
        x = self.attn1.attend(self.norm1(x), None) + x
        x = self.attn2.attend(self.norm2(x), context) + x
        return self.ff(self.norm3(x)) + x


class SpatialTransformer(nn.Module):
    """Transformer2DModel: GroupNorm (eps 1e-6), proj_in (1x1 conv, or a linear on the tokens),
    the blocks over the H*W tokens, proj_out, + the input."""

    def __init__(self, ch, a, groups, context_dim):
        super().__init__()
        inner = a["heads"] * a["headDim"]
        self.linear = a["linearProjection"]
        self.norm = nn.GroupNorm(groups, ch, eps=1e-6)
        self.proj_in = nn.Linear(ch, inner) if self.linear else nn.Conv2d(ch, inner, 1)
        self.transformer_blocks = nn.ModuleList(
            [TransformerBlock(inner, a["heads"], a["headDim"], context_dim) for _ in range(a["layers"])]
        )
        self.proj_out = nn.Linear(inner, ch) if self.linear else nn.Conv2d(inner, ch, 1)

    def forward(self, x, context):
        b, c, hgt, wid = x.shape
        h = self.norm(x)
        to_tokens = lambda y: y.permute(0, 2, 3, 1).reshape(b, hgt * wid, y.shape[1])
        to_map = lambda y: y.reshape(b, hgt, wid, y.shape[-1]).permute(0, 3, 1, 2)
        h = to_tokens(self.proj_in(h)) if not self.linear else self.proj_in(to_tokens(h))
        for block in self.transformer_blocks:
            h = block(h, context)
        h = self.proj_out(to_map(h)) if not self.linear else to_map(self.proj_out(h))
        return h + x


class Downsample(nn.Module):
    """A stride-2 3x3 conv: padding 1, or with padding 0 after one zero row and column at the end."""

    def __init__(self, ch, padding):
        super().__init__()
        self.padding = padding
        self.conv = nn.Conv2d(ch, ch, 3, stride=2, padding=padding)

    def forward(self, x):
        return self.conv(F.pad(x, (0, 1, 0, 1)) if self.padding == 0 else x)


class Upsample(nn.Module):
    """Nearest-neighbour 2x, then a 3x3 conv."""

    def __init__(self, ch):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


class Block(nn.Module):
    """A down, up or mid block: resnets, each followed by its attention if the block has one.
    \`attentions\` is registered before \`resnets\`, as diffusers does (state_dict order)."""

    def __init__(self, attentions, resnets):
        super().__init__()
        if attentions is not None:
            self.attentions = nn.ModuleList(attentions)
        self.resnets = nn.ModuleList(resnets)

    def attend(self, j, h, context):
        if not hasattr(self, "attentions"):
            return h
        a = self.attentions[j]
        return a(h, context) if isinstance(a, SpatialTransformer) else a(h)


class UNet(nn.Module):
    """diffusers' UNet2DModel / UNet2DConditionModel topology, driven by a diffusers-form spec."""

    def __init__(self, spec):
        super().__init__()
        d = spec["diffusers"]
        self.spec = spec
        levels = d["levels"]
        n = len(levels)
        ch = [lv["channels"] for lv in levels]
        temb = d["time"]["embedDim"]
        groups, eps, ss = d["groups"], d["eps"], d["timeScaleShift"] == "scale_shift"

        def attention(a, c, scale):
            if a is None:
                return None
            if a["type"] == "self":
                return SpatialSelfAttention(c, a["heads"], a["headDim"], a["groups"], eps, scale)
            return SpatialTransformer(c, a, groups, d["contextDim"])

        def resnet(i, o, scale=1.0):
            return Resnet(i, o, temb, groups, eps, ss, scale)

        k_in, k_out = d["convInKernel"], d["convOutKernel"]
        self.conv_in = nn.Conv2d(spec["input"]["channels"], ch[0], k_in, padding=(k_in - 1) // 2)
        self.time_embedding = TimeMLP(d["time"]["channels"], temb)
        if d["classEmbeds"] is not None:
            self.class_embedding = nn.Embedding(d["classEmbeds"], temb)
        self.down_blocks = nn.ModuleList()
        self.up_blocks = nn.ModuleList()
        for i, lv in enumerate(levels):
            a = lv["downAttention"]
            r = lv["resnets"]
            block = Block(
                None if a is None else [attention(a, ch[i], 1.0) for _ in range(r)],
                [resnet(ch[max(i - 1, 0)] if j == 0 else ch[i], ch[i]) for j in range(r)],
            )
            if i < n - 1:
                block.downsamplers = nn.ModuleList([Downsample(ch[i], d["downsamplePadding"])])
            self.down_blocks.append(block)
        for u in range(n):
            i = n - 1 - u
            a = levels[i]["upAttention"]
            r = levels[i]["resnets"] + 1
            below = ch[min(i + 1, n - 1)]
            skip_last = ch[max(i - 1, 0)]
            block = Block(
                None if a is None else [attention(a, ch[i], 1.0) for _ in range(r)],
                [
                    resnet((below if j == 0 else ch[i]) + (skip_last if j == r - 1 else ch[i]), ch[i])
                    for j in range(r)
                ],
            )
            if i > 0:
                block.upsamplers = nn.ModuleList([Upsample(ch[i])])
            self.up_blocks.append(block)
        mid = d["mid"]
        if mid is not None:
            s = mid["scale"]
            a = attention(mid["attention"], ch[-1], s)
            self.mid_block = Block(
                None if a is None else [a], [resnet(ch[-1], ch[-1], s), resnet(ch[-1], ch[-1], s)]
            )
        self.conv_norm_out = nn.GroupNorm(groups, ch[0], eps=eps)
        self.conv_out = nn.Conv2d(ch[0], d["outChannels"], k_out, padding=(k_out - 1) // 2)

    def forward(self, x, t, context=None, label=None):
        d = self.spec["diffusers"]
        if d["centerInput"]:
            x = 2 * x - 1.0
        time = d["time"]
        t = t.reshape(-1) * torch.ones(x.shape[0], dtype=t.dtype)
        # The features are computed in f32 and then cast to the weights' dtype, as diffusers does.
        feats = sinusoid(t, time["channels"], time["flipSinToCos"], time["freqShift"])
        emb = self.time_embedding(feats.to(self.conv_in.weight.dtype))
        if d["classEmbeds"] is not None:
            emb = emb + self.class_embedding(label.long())
        h = self.conv_in(x)
        skips = [h]
        for block in self.down_blocks:
            for j, r in enumerate(block.resnets):
                h = block.attend(j, r(h, emb), context)
                skips.append(h)
            if hasattr(block, "downsamplers"):
                h = block.downsamplers[0](h)
                skips.append(h)
        if hasattr(self, "mid_block"):
            m = self.mid_block
            h = m.resnets[1](m.attend(0, m.resnets[0](h, emb), context), emb)
        for block in self.up_blocks:
            for j, r in enumerate(block.resnets):
                h = block.attend(j, r(torch.cat([h, skips.pop()], dim=1), emb), context)
            if hasattr(block, "upsamplers"):
                h = block.upsamplers[0](h)
        return self.conv_out(F.silu(self.conv_norm_out(h)))
`;

export function emitDiffusersTorch(spec: DiffusersSpec, source: string): string {
  const json = JSON.stringify(spec);
  return [
    `# generated by kiln ${KILN_VERSION} from ${source} (kiln emit-torch) — do not edit`,
    `# The ${spec.diffusers.class}-shaped U-Net of spec ${JSON.stringify(spec.name)}: Model().state_dict() has diffusers'`,
    '# names, shapes and order; forward(x, t, context=None, label=None) -> out.',
    PRELUDE,
    `SPEC = json.loads(${JSON.stringify(json)})`,
    '',
    '',
    'class Model(UNet):',
    '    def __init__(self):',
    '        super().__init__(SPEC)',
    '',
  ].join('\n');
}
