/**
 * `kiln emit-torch`: a standalone PyTorch file for a spec, defining `class Model(nn.Module)`,
 * constructible as `Model()`, with `forward(x, t)` (`forward(x, t, label)` when the spec has
 * `classes`: label int64 [N], class ids 0..classes, the id `classes` being the null label). Its `state_dict()` names, shapes and order
 * are exactly the bundle's params (build.ts builds the same modules in the same order), so
 * `kiln init` weights load with `load_state_dict(strict=True)` and a model trained in PyTorch
 * compiles unchanged. For the seed preset the module tree is the reference UNet's.
 *
 * The module classes are the reference's (shared/reference/seed_unet.py) verbatim; the level and
 * bottleneck containers add the general form's naming rule (spec/expand.ts).
 */
import { ACTIVATIONS } from '../ir/activations.js';
import { bottleneckNames, resolveNet, type Net } from '../spec/expand.js';
import type { Spec } from '../spec/schema.js';
import { KILN_VERSION } from '../version.js';

/** The reference's classes; `act` is the ResBlocks' activation module (the reference's is nn.SiLU()). */
const prelude = (act: string) => `import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class TimeEmbedding(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim
        self.mlp = nn.Sequential(nn.Linear(dim, dim * 4), nn.GELU(), nn.Linear(dim * 4, dim))

    def forward(self, t):
        half_dim = self.dim // 2
        freqs = torch.exp(-torch.arange(half_dim, device=t.device) *
                          (torch.log(torch.tensor(10000.0, device=t.device)) / (half_dim - 1)))
        emb = t[:, None] * freqs[None, :]
        emb = torch.cat((emb.sin(), emb.cos()), dim=-1)
        return self.mlp(emb)


class ResBlock(nn.Module):
    def __init__(self, in_ch, out_ch, time_dim, groups=8):
        super().__init__()
        self.block1 = nn.Sequential(nn.GroupNorm(groups, in_ch), ${act}, nn.Conv2d(in_ch, out_ch, 3, padding=1))
        self.block2 = nn.Sequential(nn.GroupNorm(groups, out_ch), ${act}, nn.Conv2d(out_ch, out_ch, 3, padding=1))
        self.time_emb = nn.Sequential(nn.SiLU(), nn.Linear(time_dim, out_ch))
        self.shortcut = nn.Conv2d(in_ch, out_ch, 1) if in_ch != out_ch else nn.Identity()

    def forward(self, x, t_emb):
        h = self.block1(x)
        h = h + self.time_emb(t_emb)[:, :, None, None]
        h = self.block2(h)
        return self.shortcut(x) + h


class SelfAttention(nn.Module):
    def __init__(self, ch, heads=1, groups=8):
        super().__init__()
        self.heads = heads
        self.norm = nn.GroupNorm(groups, ch)
        self.qkv = nn.Conv2d(ch, ch * 3, 1)
        self.proj = nn.Conv2d(ch, ch, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        d = c // self.heads
        qkv = self.qkv(self.norm(x)).reshape(b, 3, self.heads, d, h * w)
        q, k, v = qkv[:, 0], qkv[:, 1], qkv[:, 2]          # (b, heads, d, hw)
        attn = torch.softmax(torch.einsum('bhdi,bhdj->bhij', q, k) / math.sqrt(d), dim=-1)
        out = torch.einsum('bhij,bhdj->bhdi', attn, v).reshape(b, c, h, w)
        return x + self.proj(out)


class Stage(nn.Module):
    """ResBlocks and SelfAttentions run in order. Naming rule: a kind that occurs once in the
    block is called \`res\` / \`attn\`; a kind that occurs several times \`res1\`, \`res2\`, ..."""

    def add_layers(self, layers):
        total = {}
        for kind, _ in layers:
            total[kind] = total.get(kind, 0) + 1
        seen = {}
        self.order = []
        for kind, module in layers:
            seen[kind] = seen.get(kind, 0) + 1
            name = kind if total[kind] == 1 else f"{kind}{seen[kind]}"
            self.add_module(name, module)
            self.order.append(name)

    def run(self, x, t_emb):
        for name in self.order:
            m = getattr(self, name)
            x = m(x, t_emb) if isinstance(m, ResBlock) else m(x)
        return x


def level_layers(in_ch, ch, res_blocks, heads, time_dim, groups):
    layers = []
    for j in range(res_blocks):
        layers.append(("res", ResBlock(in_ch if j == 0 else ch, ch, time_dim, groups)))
        if heads:
            layers.append(("attn", SelfAttention(ch, heads, groups)))
    return layers


class Down(Stage):
    """One level's down half: ResBlocks (+ attention), the skip, a 4x4 stride-2 conv."""

    def __init__(self, in_ch, ch, res_blocks, heads, time_dim, groups):
        super().__init__()
        self.add_layers(level_layers(in_ch, ch, res_blocks, heads, time_dim, groups))
        self.pool = nn.Conv2d(ch, ch, 4, stride=2, padding=1)

    def forward(self, x, t_emb):
        h = self.run(x, t_emb)
        return self.pool(h), h


class Up(Stage):
    """One level's up half: 4x4 stride-2 conv-transpose, concat [up, skip], ResBlocks (+ attention)."""

    def __init__(self, in_ch, ch, res_blocks, heads, time_dim, groups):
        super().__init__()
        self.up = nn.ConvTranspose2d(in_ch, ch, 4, stride=2, padding=1)
        self.add_layers(level_layers(2 * ch, ch, res_blocks, heads, time_dim, groups))

    def forward(self, x, skip, t_emb):
        x = torch.cat([self.up(x), skip], dim=1)
        return self.run(x, t_emb)


class Bottleneck(Stage):
    """The bottleneck's blocks in order: "res" or an attention head count."""

    def __init__(self, ch, blocks, time_dim, groups):
        super().__init__()
        self.add_layers([("res", ResBlock(ch, ch, time_dim, groups)) if b == "res" else ("attn", SelfAttention(ch, b, groups))
                         for b in blocks])

    def forward(self, x, t_emb):
        return self.run(x, t_emb)
`;

export function emitTorch(spec: Spec, source = 'spec.json'): string {
  const net: Net = resolveNet(spec);
  const { input: inp } = net;
  const levels = net.levels;
  const last = levels[levels.length - 1]!.channels;
  const sizes = levels.map((_, i) => `${inp.height >> i}x${inp.width >> i}`);
  const heads = (h: number | undefined) => (h === undefined ? 'None' : String(h));
  let prev = net.stemChannels;
  const down = levels.map((lv, i) => {
    const line = `            Down(${prev}, ${lv.channels}, res_blocks=${lv.resBlocks}, heads=${heads(lv.attentionHeads)}, time_dim=T, groups=G),  # ${i}: ${sizes[i]}`;
    prev = lv.channels;
    return line;
  });
  const up = [...levels].reverse().map((lv, i) => {
    const line = `            Up(${prev}, ${lv.channels}, res_blocks=${lv.resBlocks}, heads=${heads(lv.attentionHeads)}, time_dim=T, groups=G),  # ${i}: ${sizes[levels.length - 1 - i]}`;
    prev = lv.channels;
    return line;
  });
  const bottleneck = net.bottleneck.map((b) => (b.type === 'res' ? '"res"' : String(b.heads)));
  const names = bottleneckNames(net.bottleneck);
  const classes = net.classes;
  const labelDoc =
    classes === undefined
      ? ''
      : `, label int64 [${inp.batch}] (class ids 0..${classes - 1}; ${classes} is the null label of classifier-free guidance)`;
  const specText = JSON.stringify(spec, null, 4)
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n');

  return `"""${net.name}: a PyTorch module generated by kiln ${KILN_VERSION} (kiln emit-torch ${source}).

Model() is the network the Kiln bundle computes. Its state_dict() names, shapes and order are
exactly the bundle's weights, so \`kiln init\` weights load with load_state_dict(strict=True), and
a state_dict trained here compiles with \`kiln compile ${source} --weights w.safetensors\`.
Input: x f32 [${inp.batch}, ${inp.channels}, ${inp.height}, ${inp.width}], t f32 [${inp.batch}] (timesteps)${labelDoc}. Output: f32 [${inp.batch}, ${net.outChannels}, ${inp.height}, ${inp.width}].
Bottleneck modules: ${names.length ? names.join(', ') : '(none)'}, at ${inp.height >> levels.length}x${inp.width >> levels.length}.
"""
# The spec:
${specText}
${prelude(ACTIVATIONS[net.activation].torch)}

INPUT_SHAPE = (${inp.batch}, ${inp.channels}, ${inp.height}, ${inp.width})
T = ${net.timeDim}  # time embedding width
G = ${net.groups}  # GroupNorm groups
${classes === undefined ? '' : `CLASSES = ${classes}  # class conditioning: an embedding of CLASSES + 1 rows added to the time embedding (None: unconditional)\n`}

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.time_mlp = TimeEmbedding(T)
${classes === undefined ? '' : '        self.class_embedding = nn.Embedding(CLASSES + 1, T)\n'}        self.init_conv = nn.Conv2d(${inp.channels}, ${net.stemChannels}, 3, padding=1)
        self.down_blocks = nn.ModuleList([
${down.join('\n')}
        ])
        self.bottleneck = Bottleneck(${last}, [${bottleneck.join(', ')}], time_dim=T, groups=G)
        self.up_blocks = nn.ModuleList([
${up.join('\n')}
        ])
        self.out_norm = nn.GroupNorm(G, ${prev})
        self.out_conv = nn.Conv2d(${prev}, ${net.outChannels}, 3, padding=1)

${
  classes === undefined
    ? `    def forward(self, x, t):
        t_emb = self.time_mlp(t)`
    : `    def forward(self, x, t, label):
        t_emb = self.time_mlp(t) + self.class_embedding(label)`
}
        x = self.init_conv(x)
        skips = []
        for down in self.down_blocks:
            x, skip = down(x, t_emb)
            skips.append(skip)
        x = self.bottleneck(x, t_emb)
        for up in self.up_blocks:
            x = up(x, skips.pop(), t_emb)
        return self.out_conv(F.silu(self.out_norm(x)))


if __name__ == "__main__":
    model = Model()
    x = torch.randn(INPUT_SHAPE)
    t = torch.rand(INPUT_SHAPE[0]) * 1000
    with torch.no_grad():
        out = model(x, t${classes === undefined ? '' : ', torch.randint(0, CLASSES + 1, (INPUT_SHAPE[0],))'})
    print(f"${net.name}: {sum(p.numel() for p in model.parameters())} params, out {list(out.shape)}")
`;
}
