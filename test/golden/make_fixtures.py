#!/usr/bin/python3
"""Generate Kiln's PyTorch golden fixtures.

Usage (Debian's python, which has torch 1.13 + numpy):

    /usr/bin/python3 test/golden/make_fixtures.py
        writes every per-op fixture (fixtures/ops/<case>.safetensors) and every
        whole-network fixture (fixtures/nets/<name>/{spec.json,weights.safetensors,io.safetensors}),
        printing each file and its size, max|out| per case and the float64-vs-float32
        relative difference per network.

    /usr/bin/python3 test/golden/make_fixtures.py --random N --seed S --out DIR
        writes N random network configs DIR/cfg_<i>/{spec.json,weights.safetensors,io.safetensors}
        in the same format (not committed; for fuzz/property tests).

Everything is float32, deterministic (torch.manual_seed per case, single-threaded CPU,
no time or hash-order dependence), and needs nothing but torch, numpy and the vendored
reference model in reference/seed_unet.py. safetensors files are written by hand.
"""
import argparse
import copy
import json
import math
import os
import random
import struct
import sys

sys.dont_write_bytecode = True  # keep the repo free of __pycache__

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "reference"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from seed_unet import ResBlock, SelfAttention, TimeEmbedding, UNet  # noqa: E402

FIXTURES = os.path.join(HERE, "fixtures")
T_VALUES = [0.0, 1.0, 1.5, 250.25, 999.0, 731.6]

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
torch.set_default_dtype(torch.float32)


# --------------------------------------------------------------------------- safetensors


def safetensors_bytes(tensors, metadata):
    """tensors: list of (name, tensor) in file order; metadata: dict str->str."""
    header = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}}
    blobs = []
    offset = 0
    for name, t in tensors:
        if name in header:
            raise ValueError(f"duplicate tensor name {name}")
        arr = t.detach().cpu().to(torch.float32).contiguous().numpy()
        data = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": [int(s) for s in arr.shape],
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    hjson = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    hjson += b" " * ((-len(hjson)) % 8)
    return struct.pack("<Q", len(hjson)) + hjson + b"".join(blobs)


WRITTEN = []


def write_file(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    WRITTEN.append((path, len(data)))
    shown = os.path.relpath(path)
    if shown.startswith(".."):
        shown = os.path.abspath(path)
    print(f"  wrote {shown} ({len(data)} bytes)")


def write_safetensors(path, tensors, metadata):
    write_file(path, safetensors_bytes(tensors, metadata))


# --------------------------------------------------------------------------- helpers


def perturb_group_norms(module, scale):
    """Every GroupNorm: weight = 1 + scale*randn, bias = scale*randn (module order)."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.GroupNorm):
                m.weight.copy_(1.0 + scale * torch.randn(m.weight.shape))
                m.bias.copy_(scale * torch.randn(m.bias.shape))


def state_items(module):
    return [(k, v) for k, v in module.state_dict().items()]


def report(case, out):
    print(f"{case}: out {list(out.shape)} max|out| = {out.abs().max().item():.6g}")


# --------------------------------------------------------------------------- per-op cases


def op_conv(case, seed, cin, cout, k, stride, pad, xshape):
    torch.manual_seed(seed)
    conv = nn.Conv2d(cin, cout, k, stride=stride, padding=pad)
    x = torch.randn(xshape)
    with torch.no_grad():
        out = conv(x)
    return case, "conv2d", {"kernel": k, "stride": stride, "padding": pad}, [
        ("x", x), ("weight", conv.weight), ("bias", conv.bias), ("out", out)]


def op_conv_transpose(case, seed, cin=8, cout=6, xshape=(2, 8, 4, 5)):
    torch.manual_seed(seed)
    conv = nn.ConvTranspose2d(cin, cout, 4, stride=2, padding=1)
    x = torch.randn(xshape)
    with torch.no_grad():
        out = conv(x)
    return case, "conv_transpose2d", {"kernel": 4, "stride": 2, "padding": 1}, [
        ("x", x), ("weight", conv.weight), ("bias", conv.bias), ("out", out)]


def op_group_norm(case, seed, groups, xshape, offset=None):
    torch.manual_seed(seed)
    c = xshape[1]
    gn = nn.GroupNorm(groups, c, eps=1e-5)
    perturb_group_norms(gn, 0.3)
    if offset is None:
        x = torch.randn(xshape)
    else:
        x = offset + 0.01 * torch.randn(xshape)
    with torch.no_grad():
        out = gn(x)
    return case, "group_norm", {"groups": groups, "eps": 1e-5}, [
        ("x", x), ("weight", gn.weight), ("bias", gn.bias), ("out", out)]


def op_linear(case, seed):
    torch.manual_seed(seed)
    lin = nn.Linear(20, 12)
    x = torch.randn(3, 20)
    with torch.no_grad():
        out = lin(x)
    return case, "linear", {}, [("x", x), ("weight", lin.weight), ("bias", lin.bias), ("out", out)]


def op_activation(case, seed, name, module, extremes=()):
    torch.manual_seed(seed)
    x = 4.0 * torch.randn(3, 50)
    x[0, :len(extremes)] = torch.tensor(extremes)
    with torch.no_grad():
        out = module(x)
    return case, name, {}, [("x", x), ("out", out)]


def time_tensor():
    return torch.tensor(T_VALUES, dtype=torch.float32)


def op_time_sincos(case, seed, dim):
    torch.manual_seed(seed)
    te = TimeEmbedding(dim)
    captured = {}
    # The sinusoidal part is exactly the input of the MLP's first Linear.
    h = te.mlp[0].register_forward_pre_hook(lambda m, inp: captured.__setitem__("emb", inp[0].clone()))
    t = time_tensor()
    with torch.no_grad():
        te(t)
    h.remove()
    return case, "time_sincos", {"dim": dim}, [("t", t), ("out", captured["emb"])]


def op_time_embedding(case, seed, dim):
    torch.manual_seed(seed)
    te = TimeEmbedding(dim)
    t = time_tensor()
    with torch.no_grad():
        out = te(t)
    return case, "time_embedding", {"dim": dim}, [("t", t)] + state_items(te) + [("out", out)]


def op_attn_core(case, seed, heads, c=16):
    """Attention core of SelfAttention.forward: everything between the qkv conv and proj.

    Runs the reference module itself, with a forward hook that replaces the qkv conv's
    output by the given `qkv` tensor and a pre-hook that captures proj's input.
    """
    torch.manual_seed(seed)
    qkv = torch.randn(2, 3 * c, 4, 4)
    sa = SelfAttention(c, heads, 8)
    captured = {}
    h1 = sa.qkv.register_forward_hook(lambda m, inp, out: qkv)
    h2 = sa.proj.register_forward_pre_hook(lambda m, inp: captured.__setitem__("core", inp[0].clone()))
    with torch.no_grad():
        sa(torch.zeros(2, c, 4, 4))
    h1.remove()
    h2.remove()
    return case, "attention", {"heads": heads}, [("qkv", qkv), ("out", captured["core"])]


def op_self_attention(case, seed, heads):
    torch.manual_seed(seed)
    sa = SelfAttention(16, heads, 8)
    perturb_group_norms(sa, 0.3)
    x = torch.randn(2, 16, 4, 6)
    with torch.no_grad():
        out = sa(x)
    return case, "self_attention", {"heads": heads, "groups": 8}, [("x", x)] + state_items(sa) + [("out", out)]


def op_resblock(case, seed, cin=16, cout=32, tdim=32, groups=8, xshape=(2, 16, 8, 8)):
    torch.manual_seed(seed)
    rb = ResBlock(cin, cout, tdim, groups)
    perturb_group_norms(rb, 0.3)
    x = torch.randn(xshape)
    t_emb = torch.randn(xshape[0], tdim)
    with torch.no_grad():
        out = rb(x, t_emb)
    attrs = {"inChannels": cin, "outChannels": cout, "timeDim": tdim, "groups": groups}
    return case, "resblock", attrs, [("x", x), ("t_emb", t_emb)] + state_items(rb) + [("out", out)]


def op_resblock_act(case, seed, act, cin=16, cout=32, tdim=32, groups=8, xshape=(2, 16, 8, 8)):
    """A ResBlock whose two norm-activation-conv stages use `act` (a spec's `activation`); the
    time projection keeps its SiLU. Width 8: the cpu target runs it on the lane kernels."""
    torch.manual_seed(seed)
    rb = ResBlock(cin, cout, tdim, groups)
    rb.block1[1] = act()
    rb.block2[1] = act()
    perturb_group_norms(rb, 0.3)
    x = torch.randn(xshape)
    t_emb = torch.randn(xshape[0], tdim)
    with torch.no_grad():
        out = rb(x, t_emb)
    attrs = {"inChannels": cin, "outChannels": cout, "timeDim": tdim, "groups": groups,
             "activation": act.__name__.lower()}
    return case, "resblock", attrs, [("x", x), ("t_emb", t_emb)] + state_items(rb) + [("out", out)]


def op_resblock_concat(case, seed):
    """A ResBlock on the channel concat of two tensors, as in an UpBlock (the skip joined)."""
    torch.manual_seed(seed)
    rb = ResBlock(40, 12, 24, 4)
    perturb_group_norms(rb, 0.3)
    x1 = torch.randn(3, 24, 5, 7)
    x2 = torch.randn(3, 16, 5, 7)
    t_emb = torch.randn(3, 24)
    with torch.no_grad():
        out = rb(torch.cat([x1, x2], dim=1), t_emb)
    attrs = {"inChannels": 40, "outChannels": 12, "timeDim": 24, "groups": 4}
    return case, "resblock", attrs, [("x1", x1), ("x2", x2), ("t_emb", t_emb)] + state_items(rb) + [("out", out)]


def op_embedding(case, seed, rows=11, dim=12):
    """nn.Embedding (class conditioning: 10 classes + the null label); the ids are stored as F32."""
    torch.manual_seed(seed)
    emb = nn.Embedding(rows, dim)
    label = torch.tensor([0, 10, 3, 3, 9, 1, 7], dtype=torch.int64)
    with torch.no_grad():
        out = emb(label)
    return case, "embedding", {}, [("label", label.float())] + state_items(emb) + [("out", out)]


OP_CASES = [
    lambda s: op_conv("conv3x3", s, 5, 8, 3, 1, 1, (2, 5, 7, 6)),
    lambda s: op_conv("conv1x1", s, 12, 6, 1, 1, 0, (2, 12, 5, 3)),
    lambda s: op_conv("conv4x4s2", s, 8, 8, 4, 2, 1, (2, 8, 8, 10)),
    lambda s: op_conv("conv4x4s2_odd", s, 3, 4, 4, 2, 1, (1, 3, 7, 9)),
    lambda s: op_conv_transpose("conv_transpose", s),
    lambda s: op_group_norm("group_norm_g8", s, 8, (2, 16, 5, 7)),
    lambda s: op_group_norm("group_norm_g4_offset", s, 4, (1, 12, 9, 9), offset=5.0),
    lambda s: op_linear("linear", s),
    lambda s: op_activation("silu", s, "silu", nn.SiLU()),
    lambda s: op_activation("gelu", s, "gelu", nn.GELU()),
    lambda s: op_time_sincos("time_sincos_128", s, 128),
    lambda s: op_time_embedding("time_embedding_32", s, 32),
    lambda s: op_time_embedding("time_embedding_128", s, 128),
    lambda s: op_attn_core("attn_core_h1", s, 1),
    lambda s: op_attn_core("attn_core_h4", s, 4),
    lambda s: op_self_attention("self_attention_h1", s, 1),
    lambda s: op_self_attention("self_attention_h2", s, 2),
    lambda s: op_resblock("resblock", s),
    # Layer shapes that whole nets reach only in their larger configs, for the gpu kernels' edge
    # paths: output channels not a multiple of the channel tile (12 of 16), tiles that overhang
    # the rows and columns, batch 3, K-slices, and a concatenated input with its 1x1 shortcut.
    lambda s: op_resblock("resblock_odd", s, 32, 12, 24, 4, (3, 32, 5, 7)),
    lambda s: op_resblock_concat("resblock_concat", s),
    lambda s: op_conv_transpose("conv_transpose_odd", s, 24, 12, (3, 24, 3, 5)),
    # The cpu lane kernels with two output channels per lane (the 1x1 and stride-2 convs), where
    # the channels are not a multiple of that 16 and the tile overhangs the rows, at batch 2-3.
    lambda s: op_conv("conv1x1_lanes", s, 12, 24, 1, 1, 0, (2, 12, 4, 8)),
    lambda s: op_conv("conv4x4s2_lanes", s, 5, 12, 4, 2, 1, (3, 5, 6, 16)),
    # Mish (x * tanh(softplus(x))), an activation a spec can choose for its ResBlocks: alone,
    # with inputs past softplus's threshold (20) and past exp's f32 overflow (88), and fused into
    # a ResBlock's convs.
    lambda s: op_activation("mish", s, "mish", nn.Mish(), (-100.0, -30.0, 19.5, 25.0, 90.0, 150.0)),
    lambda s: op_resblock_act("resblock_mish", s, nn.Mish, 8, 16, 16, 4, (2, 8, 8, 8)),
    # GELU in a ResBlock: an activation whose WGSL calls a scalar helper (erf), so its vec4 form
    # (the cpu pad_activate pass) applies it per component.
    lambda s: op_resblock_act("resblock_gelu", s, nn.GELU, 8, 16, 16, 4, (2, 8, 8, 8)),
]


# diffusers' UNet2DModel ops (issue 20): the padding before a padding-0 stride-2 conv, nearest
# upsampling before a 3x3 conv, scale-shift time injection, an affine map, and the sinusoid's
# flip / shift / odd width. Written from the PyTorch ops they stand for.


def op_pad_conv(case, seed, cin=5, cout=7, xshape=(2, 5, 8, 6)):
    torch.manual_seed(seed)
    conv = nn.Conv2d(cin, cout, 3, stride=2, padding=0)
    x = torch.randn(xshape)
    with torch.no_grad():
        out = conv(F.pad(x, (0, 1, 0, 1)))
    return case, "pad+conv2d", {"right": 1, "bottom": 1}, [
        ("x", x), ("weight", conv.weight), ("bias", conv.bias), ("out", out)]


def op_upsample_conv(case, seed, cin=6, cout=4, xshape=(2, 6, 3, 5)):
    torch.manual_seed(seed)
    conv = nn.Conv2d(cin, cout, 3, padding=1)
    x = torch.randn(xshape)
    with torch.no_grad():
        out = conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))
    return case, "upsample_nearest2x+conv2d", {}, [
        ("x", x), ("weight", conv.weight), ("bias", conv.bias), ("out", out)]


def op_scale_shift(case, seed, xshape=(2, 6, 4, 5)):
    torch.manual_seed(seed)
    x = torch.randn(xshape)
    ss = torch.randn(xshape[0], 2 * xshape[1])
    scale, shift = ss[:, :, None, None].chunk(2, dim=1)
    return case, "scale_shift", {}, [("x", x), ("scaleShift", ss), ("out", x * (1 + scale) + shift)]


def op_affine(case, seed, scale, shift):
    torch.manual_seed(seed)
    x = torch.randn(3, 4, 5, 2)
    return case, "affine", {"scale": scale, "shift": shift}, [("x", x), ("out", x * scale + shift)]


def op_sinusoid(case, seed, dim, flip, shift):
    half = dim // 2
    k = torch.arange(half, dtype=torch.float32)
    freqs = torch.exp(-math.log(10000.0) * k / (half - shift))
    t = time_tensor()
    phase = t[:, None] * freqs[None, :]
    parts = [phase.cos(), phase.sin()] if flip else [phase.sin(), phase.cos()]
    out = F.pad(torch.cat(parts, dim=-1), (0, dim % 2))
    return case, "time_sincos", {"dim": dim, "flip": int(flip), "shift": shift}, [("t", t), ("out", out)]


DIFFUSERS_OP_CASES = [
    lambda s: op_pad_conv("pad_conv_s2", s),
    lambda s: op_upsample_conv("upsample_conv", s),
    lambda s: op_scale_shift("scale_shift", s),
    lambda s: op_affine("affine_center", s, 2.0, -1.0),
    lambda s: op_sinusoid("time_sincos_flip", s, 32, True, 0),
    lambda s: op_sinusoid("time_sincos_odd", s, 9, False, 1),
]
OP_CASES += DIFFUSERS_OP_CASES
# Class conditioning's table lookup (nn.Embedding), after the diffusers cases.
OP_CASES.append(lambda s: op_embedding("embedding", s))


def make_ops():
    print("== per-op fixtures")
    for i, make in enumerate(OP_CASES):
        case, op, attrs, tensors = make(1000 + i)
        out = dict(tensors)["out"]
        report(case, out)
        write_safetensors(os.path.join(FIXTURES, "ops", f"{case}.safetensors"), tensors,
                          {"op": op, "attrs": json.dumps(attrs)})


# --------------------------------------------------------------------------- networks

# name: (batch, in, out, base, mults, timeDim, groups, heads, H, W)
NETS = [
    ("tiny", 1, 3, 3, 8, [1, 2], 32, 4, 1, 16, 16),
    ("batch2_nonsquare", 2, 1, 2, 16, [1, 2, 2], 64, 8, 2, 16, 24),
    ("four_levels", 3, 4, 1, 8, [1, 1, 2, 3], 48, 4, 4, 16, 32),
    # Originally base 24, mults [2, 4], timeDim 128 (channels 48, 96; head dim 32): 1.47M
    # params = 5.9 MB of weights, alone twice the 3 MB budget for all fixtures. Shrunk to
    # base 8, mults [1, 3], timeDim 32 (0.34 MB): still 3 heads (non-power-of-two) over 24
    # bottleneck channels, group sizes 1 and 3, 12x8. The T=128 MLP is covered by the
    # time_embedding_128 op fixture; bigger nets come from --random.
    ("wide_heads", 1, 2, 4, 8, [1, 3], 32, 8, 3, 12, 8),
]


def spec_json(name, b, cin, cout, base, mults, tdim, groups, heads, h, w):
    spec = {
        "name": name,
        "input": {"batch": b, "channels": cin, "height": h, "width": w},
        "unet": {
            "outChannels": cout,
            "baseChannels": base,
            "channelMults": list(mults),
            "timeDim": tdim,
            "groups": groups,
            "attentionHeads": heads,
        },
    }
    return (json.dumps(spec, indent=2) + "\n").encode("utf-8")


def make_net(dirpath, seed, name, b, cin, cout, base, mults, tdim, groups, heads, h, w):
    torch.manual_seed(seed)
    model = UNet(cin, cout, base, tuple(mults), tdim, heads, groups)
    perturb_group_norms(model, 0.2)
    model.eval()
    x = torch.randn(b, cin, h, w)
    t = torch.rand(b) * 1000.0
    assert bool((t < 1000.0).all()) and bool((t != t.round()).all()), t
    with torch.no_grad():
        out = model(x, t)

    # float64 sanity figure: same weights and inputs, computed in double throughout
    # (default dtype float64 so TimeEmbedding's freqs are double too).
    model64 = copy.deepcopy(model).double()
    torch.set_default_dtype(torch.float64)
    try:
        with torch.no_grad():
            out64 = model64(x.double(), t.double())
    finally:
        torch.set_default_dtype(torch.float32)
    rel = ((out64 - out.double()).abs().max() / out64.abs().max()).item()

    report(name, out)
    print(f"{name}: float64 vs float32 max rel diff = {rel:.3e}")
    write_file(os.path.join(dirpath, "spec.json"),
               spec_json(name, b, cin, cout, base, mults, tdim, groups, heads, h, w))
    write_safetensors(os.path.join(dirpath, "weights.safetensors"), state_items(model), {"name": name})
    write_safetensors(os.path.join(dirpath, "io.safetensors"), [("x", x), ("t", t), ("out", out)],
                      {"name": name})
    return rel


def make_nets():
    print("== whole-network fixtures")
    rels = {}
    for i, (name, *cfg) in enumerate(NETS):
        rels[name] = make_net(os.path.join(FIXTURES, "nets", name), 2000 + i, name, *cfg)
    return rels


def random_configs(n, seed):
    rng = random.Random(seed)
    cfgs = []
    for i in range(n):
        levels = rng.randint(2, 4)
        base = rng.choice([8, 16, 24, 32])
        mults = [rng.randint(1, 4) for _ in range(levels)]
        last = base * mults[-1]
        heads = rng.randint(1, 4)
        while last % heads:
            heads = rng.randint(1, 4)
        step = 2 ** levels
        sizes = list(range(step, 33, step))
        cfgs.append((
            f"cfg-{i}",
            rng.randint(1, 3),                      # batch
            rng.randint(1, 4),                      # in channels
            rng.randint(1, 4),                      # out channels
            base,
            mults,
            rng.choice([32, 48, 64, 96, 128]),      # timeDim
            rng.choice([4, 8]),                     # groups
            heads,
            rng.choice(sizes),                      # height
            rng.choice(sizes),                      # width
        ))
    return cfgs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--random", type=int, metavar="N", help="write N random network configs instead")
    ap.add_argument("--seed", type=int, default=0, metavar="S", help="seed for --random (default 0)")
    ap.add_argument("--out", metavar="DIR", help="output directory for --random")
    args = ap.parse_args()

    if args.random is not None:
        if not args.out:
            ap.error("--random needs --out DIR")
        for i, cfg in enumerate(random_configs(args.random, args.seed)):
            print(f"cfg_{i}: {cfg}")
            make_net(os.path.join(args.out, f"cfg_{i}"), args.seed * 100003 + i, *cfg)
    else:
        make_ops()
        rels = make_nets()
        print("== float64 vs float32 max rel diff")
        for name, rel in rels.items():
            print(f"  {name}: {rel:.3e}")
    total = sum(size for _, size in WRITTEN)
    print(f"{len(WRITTEN)} files, {total} bytes")


if __name__ == "__main__":
    main()
