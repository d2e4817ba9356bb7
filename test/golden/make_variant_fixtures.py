#!/usr/bin/python3
"""Generate Kiln's golden fixtures for the general spec form, from `kiln emit-torch` modules.

Usage (Debian's python, which has torch 1.13 + numpy; node must be on PATH, after npm install):

    /usr/bin/python3 test/golden/make_variant_fixtures.py

For every case below it writes fixtures/variants/<case>/:
  spec.json         the spec (a copy of specs/<file> for the real variants)
  model.py          `kiln emit-torch spec.json`, verbatim (a test proves it is still what Kiln emits)
  io.safetensors    x [B,C,H,W] (randn), t [B] (uniform in [0,1000)), out = Model()(x, t) in float32,
                    with the weights of `kiln init spec.json --seed <seed>` loaded strictly;
                    __metadata__ {"seed": <seed>}
(and the same in fixtures/large/<case>/ for LARGE_CASES; `--large-only` writes just those),
and fixtures/variants/counts.json: for every spec in specs/, PyTorch's own count of the emitted
Model, independent of Kiln's IR: params = sum(p.numel()), FLOPs per forward with Kiln's convention
(2 per multiply-add in Conv2d / ConvTranspose2d / Linear, counted by forward hooks, and in the
attention matmuls, counted by wrapping torch.einsum), and state_dict() names and shapes.

For specs/seed-unet-s.json it also checks that the emitted Model has the reference UNet's
state_dict() names and computes the same output with the same weights.

Deterministic: torch.manual_seed per case, one CPU thread, deterministic algorithms.
"""
import importlib.util
import json
import re
import os
import struct
import subprocess
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "fixtures", "variants")
sys.path.insert(0, os.path.join(HERE, "reference"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from make_fixtures import perturb_group_norms  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
torch.set_default_dtype(torch.float32)

# name: (spec file in specs/ or an inline spec, seed for kiln init and the inputs)
CASES = [
    ("ddpm-unet-32", "ddpm-unet-32.json", 11),
    ("wide-unet-64", "wide-unet-64.json", 12),
    # Small nets for the corners of the general form.
    ("three_res_single_bottleneck", {
        "name": "three_res_single_bottleneck",
        "input": {"batch": 2, "channels": 2, "height": 16, "width": 24},
        "blocks": {"outChannels": 1, "stemChannels": 8, "timeDim": 32, "groups": 4,
                   "levels": [{"channels": 12, "resBlocks": 3}, {"channels": 16, "resBlocks": 1, "attentionHeads": 2}],
                   "bottleneck": [{"type": "res"}]},
    }, 21),
    ("attention_everywhere", {
        "name": "attention_everywhere",
        "input": {"batch": 1, "channels": 3, "height": 16, "width": 16},
        "blocks": {"outChannels": 3, "timeDim": 16, "groups": 2,
                   "levels": [{"channels": 8, "resBlocks": 2, "attentionHeads": 1},
                              {"channels": 8, "resBlocks": 1, "attentionHeads": 4},
                              {"channels": 16, "resBlocks": 2, "attentionHeads": 2}],
                   "bottleneck": [{"type": "attention", "heads": 2}, {"type": "res"}, {"type": "attention", "heads": 4}]},
    }, 22),
    ("one_level_no_bottleneck", {
        "name": "one_level_no_bottleneck",
        "input": {"batch": 3, "channels": 1, "height": 8, "width": 12},
        "blocks": {"outChannels": 2, "timeDim": 8, "groups": 4,
                   "levels": [{"channels": 8, "resBlocks": 2}],
                   "bottleneck": []},
    }, 23),
    # A spec that chooses its ResBlocks' activation (the time projection and the head keep SiLU).
    ("mish_resblocks", {
        "name": "mish_resblocks",
        "input": {"batch": 2, "channels": 3, "height": 16, "width": 16},
        "blocks": {"outChannels": 3, "timeDim": 16, "groups": 4, "activation": "mish",
                   "levels": [{"channels": 8, "resBlocks": 1}, {"channels": 16, "resBlocks": 1}],
                   "bottleneck": [{"type": "res"}, {"type": "attention", "heads": 2}]},
    }, 24),
]

# Nets past WebGPU's default 128 MiB binding, in fixtures/large/ (test/e2e/large.test.ts), not
# run by the variants' parity test: attention over 64 x 64 = 4,096 tokens with 3 heads, whose
# score matrix would be 3 x 4096^2 x 4 B = 192 MiB if it were stored (it never is). Tiny
# channels keep the run short and the fixture at a few KB (no weights stored).
LARGE = os.path.join(HERE, "fixtures", "large")
LARGE_CASES = [
    ("attention_4096_tokens", {
        "name": "attention_4096_tokens",
        "input": {"batch": 1, "channels": 1, "height": 64, "width": 64},
        "blocks": {"outChannels": 1, "timeDim": 8, "groups": 3,
                   "levels": [{"channels": 6, "resBlocks": 1, "attentionHeads": 3}],
                   "bottleneck": []},
    }, 31),
]

# --------------------------------------------------------------------------- safetensors


def safetensors_bytes(tensors, metadata):
    header = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}}
    blobs, offset = [], 0
    for name, t in tensors:
        data = np.ascontiguousarray(t.detach().cpu().to(torch.float32).numpy(), dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((-len(h)) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        assert e["dtype"] == "F32", (name, e["dtype"])
        a, b = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(raw[8 + n + a:8 + n + b], dtype="<f4").copy()).reshape(e["shape"])
    return out


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    print(f"  wrote {os.path.relpath(path, ROOT)} ({len(data)} bytes)")


# --------------------------------------------------------------------------- kiln and the emitted module


def kiln(*args):
    return subprocess.run(["node", os.path.join(ROOT, "src", "bin.mjs"), *args], cwd=ROOT, check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def init_weights(spec_path, seed, tmp):
    kiln("init", spec_path, "--seed", str(seed), "--out", tmp, "--quiet")
    w = read_safetensors(tmp)
    os.unlink(tmp)
    return w


def count(model, inputs, per_module=None):
    """Params and FLOPs of one forward, by PyTorch's own modules (Kiln's convention: 2 per MAC).

    With `per_module` (a dict), also the FLOPs of each module by its state_dict() path: a
    Conv2d, ConvTranspose2d or Linear under its own name, an einsum under the innermost module
    running when it is called (the SelfAttention block)."""
    flops = [0]
    names = {m: name for name, m in model.named_modules()}
    running = []

    def add(name, n):
        flops[0] += n
        if per_module is not None:
            per_module[name] = per_module.get(name, 0) + n

    def conv(m, inp, out):
        add(names[m], 2 * out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1])

    def conv_t(m, inp, out):
        add(names[m], 2 * inp[0].numel() * (m.out_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1])

    def linear(m, inp, out):
        add(names[m], 2 * out.numel() * m.in_features)

    def enter(m, inp):
        running.append(names[m])

    def leave(m, inp, out):
        running.pop()  # a forward hook must return None, or it replaces the output

    hooks = []
    for m in model.modules():
        hooks.append(m.register_forward_pre_hook(enter))
        hooks.append(m.register_forward_hook(leave))
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv))
        elif isinstance(m, nn.ConvTranspose2d):
            hooks.append(m.register_forward_hook(conv_t))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear))
    einsum = torch.einsum

    def counting_einsum(eq, *ops):
        sizes = {}
        for letters, op in zip(eq.split("->")[0].split(","), ops):
            for letter, n in zip(letters, op.shape):
                sizes[letter] = n
        macs = 1
        for n in sizes.values():
            macs *= n
        add(running[-1], 2 * macs)
        return einsum(eq, *ops)

    torch.einsum = counting_einsum
    try:
        with torch.no_grad():
            model(*inputs)
    finally:
        torch.einsum = einsum
        for h in hooks:
            h.remove()
    return sum(p.numel() for p in model.parameters()), flops[0]


def make_case(name, spec, seed, out=OUT):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    spec_path = os.path.join(d, "spec.json")
    if isinstance(spec, str):
        with open(os.path.join(ROOT, "specs", spec), "rb") as f:
            write(spec_path, f.read())
    else:
        write(spec_path, (json.dumps(spec, indent=2) + "\n").encode())
    model_py = kiln("emit-torch", spec_path)
    write(os.path.join(d, "model.py"), model_py)
    Model = load_module(os.path.join(d, "model.py"), f"kiln_{name}").Model
    model = Model().eval()
    model.load_state_dict(init_weights(spec_path, seed, os.path.join(d, ".w.tmp")), strict=True)
    with open(spec_path) as f:
        inp = json.load(f)["input"]
    torch.manual_seed(seed)
    x = torch.randn(inp["batch"], inp["channels"], inp["height"], inp["width"])
    t = torch.rand(inp["batch"]) * 1000.0
    with torch.no_grad():
        out = model(x, t)
        out64 = model.double()(x.double(), t.double())
    rel = ((out64 - out.double()).abs().max() / out64.abs().max()).item()
    write(os.path.join(d, "io.safetensors"), safetensors_bytes([("x", x), ("t", t), ("out", out)], {"seed": seed}))
    print(f"{name}: out {list(out.shape)} max|out| = {out.abs().max().item():.4g}, float64 vs float32 {rel:.2e}")


# A tensor past 128 MiB (test/e2e/large.test.ts): x [1,1,H,W] -> 3x3 conv to C channels (the big
# tensor, C*H*W*4 bytes) -> GroupNorm(C groups) -> SiLU -> 3x3 conv back to 1. 17 x 1440^2 is past 128 MiB with the second
# conv's cpu lane kernel still on its 65,535 tiles (64,800), so its padded vec4 input is split
# too. x is a formula the test computes the same way, not stored; out is stored at every
# `every`th value and in full on the rows whose input straddles the first 128 MiB boundary.
CONV_CHAIN = {"channels": 17, "height": 1440, "width": 1440, "seed": 41, "every": 499}
PART_VALUES = 134217728 // 4


def conv_chain_input(h, w):
    i = np.arange(h * w, dtype=np.int64)
    return torch.from_numpy((((i * 7919) % 2003) / 1001.5 - 1.0).astype(np.float32)).reshape(1, 1, h, w)


def make_conv_chain():
    c, h, w, seed, every = (CONV_CHAIN[k] for k in ("channels", "height", "width", "seed", "every"))
    assert c * h * w > PART_VALUES
    torch.manual_seed(seed)
    conv1 = nn.Conv2d(1, c, 3, padding=1)
    conv2 = nn.Conv2d(c, 1, 3, padding=1)
    norm = nn.GroupNorm(c, c)
    perturb_group_norms(norm, 0.3)
    x = conv_chain_input(h, w)
    with torch.no_grad():
        out = conv2(F.silu(norm(conv1(x))))
    # The row of the big tensor's channel (PART_VALUES // (h*w)) where its second binding begins.
    row = (PART_VALUES % (h * w)) // w
    rows = out[0, 0, row - 1:row + 2, :]
    sampled = out.reshape(-1)[::every]
    meta = dict(CONV_CHAIN, boundaryRow=row)
    write(os.path.join(LARGE, "conv_chain.safetensors"), safetensors_bytes([
        ("conv1.weight", conv1.weight), ("conv1.bias", conv1.bias),
        ("norm.weight", norm.weight), ("norm.bias", norm.bias),
        ("conv2.weight", conv2.weight), ("conv2.bias", conv2.bias),
        ("out_sampled", sampled), ("out_rows", rows)], {"case": json.dumps(meta)}))
    print(f"conv_chain: big tensor [1,{c},{h},{w}] = {c * h * w * 4 / 2**20:.1f} MiB, "
          f"max|out| = {out.abs().max().item():.4g}, boundary row {row}")


def make_counts():
    counts = {}
    # <name>.json is a spec; <name>.<what>.json beside it (a training recipe) is not.
    for file in sorted(f for f in os.listdir(os.path.join(ROOT, "specs")) if re.fullmatch(r"[A-Za-z0-9_-]+\.json", f)):
        path = os.path.join(ROOT, "specs", file)
        tmp = os.path.join(OUT, ".model.tmp.py")
        with open(tmp, "wb") as f:
            f.write(kiln("emit-torch", path))
        model_mod = load_module(tmp, "kiln_count")
        model = model_mod.Model().eval()
        os.unlink(tmp)
        with open(path) as f:
            spec = json.load(f)
        inp = spec["input"]
        torch.manual_seed(0)
        x = torch.randn(inp["batch"], inp["channels"], inp["height"], inp["width"])
        t = torch.rand(inp["batch"]) * 1000.0
        classes = getattr(model_mod, "CLASSES", None)
        # A class-conditional model also takes labels (the null id included); a gather is 0 FLOPs.
        inputs = (x, t) + ((torch.arange(inp["batch"]) % (classes + 1),) if classes else ())
        modules = {}
        params, flops = count(model, inputs, modules)
        assert sum(modules.values()) == flops
        sd = [[k, list(v.shape)] for k, v in model.state_dict().items()]
        counts[file] = {"params": params, "flops": flops, "moduleFlops": modules, "stateDict": sd}
        print(f"{file}: {params} params, {flops} FLOPs, {len(sd)} tensors")
        if "unet" in spec:
            from seed_unet import UNet
            u = spec["unet"]
            ref = UNet(inp["channels"], u["outChannels"], u["baseChannels"], tuple(u["channelMults"]), u["timeDim"],
                       u["attentionHeads"], u["groups"]).eval()
            ref_sd = [[k, list(v.shape)] for k, v in ref.state_dict().items()]
            # The reference has no class conditioning: the emitted Model is it plus
            # class_embedding, and with that table at zero it computes the reference exactly.
            own = [e for e in sd if e[0] != "class_embedding.weight"]
            assert ref_sd == own, f"{file}: emitted state_dict differs from the reference UNet's"
            state = dict(ref.state_dict())
            if classes:
                state["class_embedding.weight"] = torch.zeros(classes + 1, u["timeDim"])
            model.load_state_dict(state, strict=True)
            with torch.no_grad():
                a, b = ref(x, t), model(*inputs)
            assert torch.equal(a, b), f"{file}: emitted Model computes something else than the reference"
            extra = classes and (classes + 1) * u["timeDim"]
            assert count(ref, (x, t)) == (params - (extra or 0), flops)
            print(f"{file}: emitted Model == reference UNet (state_dict names, shapes, order; output bit for bit)")
    write(os.path.join(OUT, "counts.json"), (json.dumps(counts, indent=1) + "\n").encode())


def main():
    # --counts-only: just counts.json (e.g. when a spec is added to specs/).
    # --large-only: just fixtures/large/ (LARGE_CASES).
    if "--large-only" in sys.argv[1:]:
        for name, spec, seed in LARGE_CASES:
            make_case(name, spec, seed, LARGE)
        make_conv_chain()
        return
    if "--counts-only" not in sys.argv[1:]:
        for name, spec, seed in CASES:
            make_case(name, spec, seed)
        for name, spec, seed in LARGE_CASES:
            make_case(name, spec, seed, LARGE)
        make_conv_chain()
    make_counts()


if __name__ == "__main__":
    main()
