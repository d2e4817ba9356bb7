#!/usr/bin/python3
"""PyTorch f32 reference outputs for every spec in specs/, for `npm run parity` (not committed:
ddpm-cifar10-32's weights alone are 143 MB).

    /usr/bin/python3 test/golden/make_spec_references.py --out /tmp/kiln-specs
    npm run parity -- /tmp/kiln-specs --precision f16

For each specs/<name>.json it writes DIR/cfg_<name>/:
  spec.json          a copy of the spec
  weights.safetensors  specs/<name>.safetensors when the spec has trained weights beside it
                     (digits, digits-cond), else `kiln init --seed 0`'s
  io.safetensors     the inputs (x ~ randn, t ~ U[0,1000), label = i % (classes + 1) as F32 ids with
                     the null label included, context ~ randn) and out = Model()(...) in float32, the
                     module `kiln emit-torch` writes with those weights loaded strictly.
Deterministic: torch.manual_seed per spec, one CPU thread.
"""
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402
from make_variant_fixtures import ROOT, kiln, load_module, read_safetensors, safetensors_bytes, write  # noqa: E402


def make(spec_file, out_dir, seed):
    name = spec_file[:-len(".json")]
    path = os.path.join(ROOT, "specs", spec_file)
    d = os.path.join(out_dir, f"cfg_{name}")
    os.makedirs(d, exist_ok=True)
    with open(path) as f:
        text = f.read()
    spec = json.loads(text)
    write(os.path.join(d, "spec.json"), text.encode())
    trained = os.path.join(ROOT, "specs", f"{name}.safetensors")
    tmp = os.path.join(d, ".init.safetensors")
    if not os.path.exists(trained):
        kiln("init", path, "--seed", "0", "--out", tmp, "--quiet")
    weights = read_safetensors(trained if os.path.exists(trained) else tmp)
    if os.path.exists(tmp):
        os.unlink(tmp)
    module_path = os.path.join(d, ".model.py")
    with open(module_path, "wb") as f:
        f.write(kiln("emit-torch", path))
    mod = load_module(module_path, f"kiln_{name.replace('-', '_')}")
    os.unlink(module_path)
    model = mod.Model().eval()
    model.load_state_dict(weights, strict=True)
    inp = spec["input"]
    b = inp["batch"]
    torch.manual_seed(seed)
    x = torch.randn(b, inp["channels"], inp["height"], inp["width"])
    t = torch.rand(b) * 1000.0
    named = [("x", x), ("t", t)]
    kwargs = {}
    if "contextLength" in inp:
        kwargs["context"] = torch.randn(b, inp["contextLength"], spec["diffusers"]["contextDim"])
        named.append(("context", kwargs["context"]))
    classes = getattr(mod, "CLASSES", None)
    if classes:
        kwargs["label"] = torch.arange(b) % (classes + 1)
        named.append(("label", kwargs["label"].to(torch.float32)))  # F32 ids, as `kiln run --input` takes them
    with torch.no_grad():
        out = model(x, t, **kwargs)
    tensors = named + [("out", out)]
    io = safetensors_bytes(tensors, {"seed": seed})
    write(os.path.join(d, "weights.safetensors"), safetensors_bytes(list(weights.items()), {}))
    write(os.path.join(d, "io.safetensors"), io)


def main():
    args = sys.argv[1:]
    if len(args) != 2 or args[0] != "--out":
        sys.exit("usage: make_spec_references.py --out DIR")
    specs = sorted(f for f in os.listdir(os.path.join(ROOT, "specs"))
                   if f.endswith(".json") and not f.endswith((".recipe.json", ".config.json")))
    for i, f in enumerate(specs):
        make(f, args[1], 100 + i)


if __name__ == "__main__":
    main()
