# Verbatim copy of shared/reference/seed_unet.py, vendored so the fixture script is self-contained.
"""Reference U-Net from the seed document, in PyTorch, as an independent oracle.

SelfAttention is not defined in the seed; this is the DDPM-style block Kiln implements:
GroupNorm(groups) -> 1x1 qkv conv -> per head softmax(q^T k / sqrt(d)) -> 1x1 proj -> residual.
`groups` defaults to the seed's 8 everywhere.
"""
import math
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
        self.block1 = nn.Sequential(nn.GroupNorm(groups, in_ch), nn.SiLU(), nn.Conv2d(in_ch, out_ch, 3, padding=1))
        self.block2 = nn.Sequential(nn.GroupNorm(groups, out_ch), nn.SiLU(), nn.Conv2d(out_ch, out_ch, 3, padding=1))
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


class DownBlock(nn.Module):
    def __init__(self, in_ch, out_ch, time_dim, groups=8):
        super().__init__()
        self.res = ResBlock(in_ch, out_ch, time_dim, groups)
        self.pool = nn.Conv2d(out_ch, out_ch, 4, stride=2, padding=1)

    def forward(self, x, t_emb):
        h = self.res(x, t_emb)
        return self.pool(h), h


class BottleneckBlock(nn.Module):
    def __init__(self, ch, time_dim, heads=1, groups=8):
        super().__init__()
        self.res1 = ResBlock(ch, ch, time_dim, groups)
        self.attn = SelfAttention(ch, heads, groups)
        self.res2 = ResBlock(ch, ch, time_dim, groups)

    def forward(self, x, t_emb):
        return self.res2(self.attn(self.res1(x, t_emb)), t_emb)


class UpBlock(nn.Module):
    def __init__(self, in_ch, skip_ch, out_ch, time_dim, groups=8):
        super().__init__()
        self.up = nn.ConvTranspose2d(in_ch, out_ch, 4, stride=2, padding=1)
        self.res = ResBlock(out_ch + skip_ch, out_ch, time_dim, groups)

    def forward(self, x, skip, t_emb):
        x = self.up(x)
        x = torch.cat([x, skip], dim=1)
        return self.res(x, t_emb)


class UNet(nn.Module):
    def __init__(self, in_channels=3, out_channels=3, base_channels=32, channel_mults=(1, 2, 4),
                 time_dim=128, attn_heads=1, groups=8):
        super().__init__()
        chs = [base_channels * m for m in channel_mults]
        self.time_mlp = TimeEmbedding(time_dim)
        self.init_conv = nn.Conv2d(in_channels, base_channels, 3, padding=1)
        self.down_blocks = nn.ModuleList()
        prev = base_channels
        for c in chs:
            self.down_blocks.append(DownBlock(prev, c, time_dim, groups))
            prev = c
        self.bottleneck = BottleneckBlock(prev, time_dim, attn_heads, groups)
        self.up_blocks = nn.ModuleList()
        for c in reversed(chs):
            self.up_blocks.append(UpBlock(prev, c, c, time_dim, groups))
            prev = c
        self.out_norm = nn.GroupNorm(groups, prev)
        self.out_conv = nn.Conv2d(prev, out_channels, 3, padding=1)

    def forward(self, x, t):
        t_emb = self.time_mlp(t)
        x = self.init_conv(x)
        skips = []
        for down in self.down_blocks:
            x, skip = down(x, t_emb)
            skips.append(skip)
        x = self.bottleneck(x, t_emb)
        for up in self.up_blocks:
            x = up(x, skips.pop(), t_emb)
        return self.out_conv(F.silu(self.out_norm(x)))
