#!/usr/bin/python3
"""Fixtures of the diffusers form: tiny diffusers configs of both classes, run through Kiln's
own PyTorch reference.

Usage (Debian's python, which has torch 1.13; node must be on PATH):

    /usr/bin/python3 test/golden/make_diffusers_fixtures.py

For every case folder fixtures/diffusers/<case>/ holding a diffusers config.json (written by
hand, as diffusers writes them), this
  1. runs `kiln import config.json --name <case> --batch 2 --context-length S` -> spec.json
     (S from CONTEXT_LENGTH, 5 unless listed);
  2. runs `kiln emit-torch spec.json` and loads the module it prints (Kiln's clean-room
     reference, not diffusers);
  3. draws weights (PyTorch's init, then every tensor + 0.1 * N(0, 1) so that norms and biases
     are not trivial), inputs x ~ N(0, 1), t, context ~ N(0, 1), label, and runs forward;
  4. writes weights.safetensors (state_dict() names; the LEGACY_CASES use the legacy
     attention names query/key/value/proj_attn that diffusers' loader renames) and
     io.safetensors (x, t, context, label as F32, out; the float64 run's out as out64).
It also writes fixtures/diffusers/keys.json: per case the state_dict() names and shapes, the
parameter count and the sha256 of the emitted module, and the parameter count of the
ddpm-cifar10-32 architecture (specs are imported from CIFAR10_CONFIG below).

Deterministic: torch.manual_seed per case, one thread.
"""
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import torch  # noqa: E402

from make_fixtures import write_file, write_safetensors  # noqa: E402

FIXTURES = os.path.join(HERE, "fixtures", "diffusers")
CASES = ["unet2d-attn", "unet2d-legacy", "cond-conv", "cond-linear", "unet2d-flat", "unet2d-flat-attn",
         "unet2d-ss", "unet2d-pad0", "cond-flat-conv", "cond-flat-linear"]
# The context length S per case (--context-length), 5 unless listed.
CONTEXT_LENGTH = {"cond-flat-conv": 3, "cond-flat-linear": 8}
# Checkpoints written under the old attention names (query/key/value/proj_attn).
LEGACY_CASES = {"unet2d-legacy", "unet2d-flat-attn", "unet2d-pad0"}
LEGACY = {"to_q": "query", "to_k": "key", "to_v": "value", "to_out.0": "proj_attn"}
T = [3.0, 731.5]

# google/ddpm-cifar10-32's architecture, as its config.json states it.
CIFAR10_CONFIG = {
    "_class_name": "UNet2DModel",
    "act_fn": "silu",
    "attention_head_dim": None,
    "block_out_channels": [128, 256, 256, 256],
    "center_input_sample": False,
    "down_block_types": ["DownBlock2D", "AttnDownBlock2D", "DownBlock2D", "DownBlock2D"],
    "downsample_padding": 0,
    "flip_sin_to_cos": False,
    "freq_shift": 1,
    "in_channels": 3,
    "layers_per_block": 2,
    "mid_block_scale_factor": 1,
    "norm_eps": 1e-06,
    "norm_num_groups": 32,
    "out_channels": 3,
    "sample_size": 32,
    "time_embedding_type": "positional",
    "up_block_types": ["UpBlock2D", "UpBlock2D", "AttnUpBlock2D", "UpBlock2D"],
}

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def kiln(*args):
    r = subprocess.run(["node", os.path.join(ROOT, "src", "bin.mjs"), *args], cwd=ROOT,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"kiln {' '.join(args)} failed:\n{r.stderr}")
    return r.stdout


def load_module(source, name):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"{name.replace('-', '_')}.py")
        with open(path, "w") as f:
            f.write(source)
        spec = importlib.util.spec_from_file_location(name.replace("-", "_"), path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod


def import_spec(config_path, name):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "spec.json")
        kiln("import", config_path, "--name", name, "--batch", "2", "--context-length",
             str(CONTEXT_LENGTH.get(name, 5)),
             "--quiet", "--out", out)
        with open(out) as f:
            return f.read()


def legacy_name(name, model):
    for new, old in LEGACY.items():
        suffix = f".{new}."
        if suffix in name:
            owner = name.split(suffix)[0]
            mod = model.get_submodule(owner)
            if type(mod).__name__ == "SpatialSelfAttention":
                return name.replace(suffix, f".{old}.")
    return name


def make_case(case):
    folder = os.path.join(FIXTURES, case)
    spec_text = import_spec(os.path.join(folder, "config.json"), case)
    write_file(os.path.join(folder, "spec.json"), spec_text.encode())
    spec = json.loads(spec_text)
    spec_path = os.path.join(folder, "spec.json")
    source = kiln("emit-torch", os.path.relpath(spec_path, ROOT))
    mod = load_module(source, case)
    torch.manual_seed(20)
    model = mod.Model()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.1 * torch.randn(p.shape))
    inp = spec["input"]
    b = inp["batch"]
    x = torch.randn(b, inp["channels"], inp["height"], inp["width"])
    t = torch.tensor(T[:b])
    d = spec["diffusers"]
    context = torch.randn(b, inp["contextLength"], d["contextDim"]) if "contextLength" in inp else None
    label = torch.arange(b) % d["classEmbeds"] if d["classEmbeds"] is not None else None
    with torch.no_grad():
        out = model(x, t, context, label)
        m64 = mod.Model().double()
        m64.load_state_dict(model.state_dict())
        out64 = m64(x.double(), t.double(), None if context is None else context.double(), label)
    rel = ((out.double() - out64).abs().max() / out64.abs().max()).item()
    print(f"  {case}: max|out| {out.abs().max().item():.4g}, f32 vs f64 relative {rel:.2e}")
    state = list(model.state_dict().items())
    named = [(legacy_name(k, model) if case in LEGACY_CASES else k, v) for k, v in state]
    write_safetensors(os.path.join(folder, "weights.safetensors"), named, {"name": case})
    io = [("x", x), ("t", t)]
    if context is not None:
        io.append(("context", context))
    if label is not None:
        io.append(("label", label.float()))
    io += [("out", out), ("out64", out64)]
    write_safetensors(os.path.join(folder, "io.safetensors"), io, {"name": case})
    return {
        "stateDict": [[k, list(v.shape)] for k, v in state],
        "params": sum(v.numel() for _, v in state),
        "emitSha256": hashlib.sha256(source.encode()).hexdigest(),
    }


def main():
    keys = {"cases": {case: make_case(case) for case in CASES}}
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "config.json")
        with open(config, "w") as f:
            json.dump(CIFAR10_CONFIG, f)
        cifar = json.loads(import_spec(config, "ddpm-cifar10-32"))
        spec_path = os.path.join(tmp, "spec.json")
        with open(spec_path, "w") as f:
            json.dump(cifar, f)
        model = load_module(kiln("emit-torch", spec_path), "cifar").Model()
    keys["ddpm-cifar10-32"] = {
        "config": CIFAR10_CONFIG,
        "params": sum(p.numel() for p in model.parameters()),
        "tensors": len(model.state_dict()),
    }
    print(f"  ddpm-cifar10-32: {keys['ddpm-cifar10-32']['params']:,} params")
    write_file(os.path.join(FIXTURES, "keys.json"), (json.dumps(keys, separators=(",", ":")) + "\n").encode())


if __name__ == "__main__":
    main()
