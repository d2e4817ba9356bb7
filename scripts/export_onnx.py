#!/usr/bin/python3
"""Export the reference U-Net to ONNX with the SAME weights as a Kiln bundle.

Usage (Debian's python, which has torch 1.13; the python3 on PATH may have no torch):

    /usr/bin/python3 scripts/export_onnx.py <bundle-dir> <out.onnx> [<spec.json>]

Reads the Kiln spec (<spec.json>, default <bundle-dir>/spec.json; the `unet` preset or the
diffusers form) and <bundle-dir>/weights.safetensors (F32, in state_dict() order), builds
test/golden/reference/seed_unet.py's UNet(in, out, base, mults, time_dim, heads, groups) or, for
the diffusers form, the module `kiln emit-torch` writes for it (its attention linears' weights,
which the bundle keeps as [out, in, 1, 1], reshaped to [out, in]), loads the weights with strict=True and
exports it with fixed shapes at opset 17: inputs `x` [B,C,H,W] f32 and `t` [B] f32, output
`out` [B,outChannels,H,W] f32. The file is written next to its destination and renamed into
place, so a failed export never leaves a partial model behind.

Exit codes: 0 ok, 2 bad input (missing files, weights that do not fit), 3 torch is missing.
"""
import importlib.util
import json
import os
import struct
import subprocess
import sys
import tempfile
import warnings

sys.dont_write_bytecode = True  # keep the repo free of __pycache__

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "golden", "reference"))


def fail(msg, code=2):
    print(f"export_onnx: error: {msg}", file=sys.stderr)
    sys.exit(code)


try:
    import torch  # noqa: E402
except ImportError:
    fail(f"{sys.executable} cannot import torch (on Debian: apt-get install python3-torch)", 3)

from seed_unet import UNet  # noqa: E402


def read_safetensors(path):
    """Our own reader: u64 LE header length, JSON header, raw little-endian data. F32 only."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        fail(f"{path}: too short to be a safetensors file")
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + n].decode("utf-8"))
    data = blob[8 + n :]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            fail(f"{path}: {name}: dtype {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        shape = list(info["shape"])
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32) if end > begin else torch.zeros(0)
        out[name] = t.reshape(shape).clone()
    return out


def diffusers_module(spec_path):
    """The PyTorch reference `kiln emit-torch` writes for a diffusers-form spec, loaded."""
    r = subprocess.run(["node", os.path.join(ROOT, "src", "bin.mjs"), "emit-torch", spec_path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"kiln emit-torch {spec_path} failed: {r.stderr.strip()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "kiln_diffusers_ref.py")
        with open(path, "w") as f:
            f.write(r.stdout)
        spec = importlib.util.spec_from_file_location("kiln_diffusers_ref", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod


def main(argv):
    if len(argv) not in (2, 3):
        fail("usage: /usr/bin/python3 scripts/export_onnx.py <bundle-dir> <out.onnx> [<spec.json>]")
    bundle, dest = argv[:2]
    spec_path = argv[2] if len(argv) == 3 else os.path.join(bundle, "spec.json")
    weights_path = os.path.join(bundle, "weights.safetensors")
    for p in (spec_path, weights_path):
        if not os.path.isfile(p):
            fail(f"{p}: no such file (is {bundle} a kiln bundle?)")
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    if ("unet" not in spec and "diffusers" not in spec) or "input" not in spec:
        fail(f"{spec_path}: not a spec with the `unet` preset or the diffusers form")
    inp = spec["input"]

    torch.manual_seed(0)
    weights = read_safetensors(weights_path)
    if "diffusers" in spec:
        model = diffusers_module(spec_path).Model()
        want = model.state_dict()
        weights = {k: v.reshape(want[k].shape) if k in want else v for k, v in weights.items()}
    else:
        u = spec["unet"]
        model = UNet(
            inp["channels"],
            u["outChannels"],
            u["baseChannels"],
            tuple(u["channelMults"]),
            u["timeDim"],
            u["attentionHeads"],
            u["groups"],
        )
    try:
        model.load_state_dict(weights, strict=True)
    except RuntimeError as e:
        fail(f"{weights_path}: does not fit the reference UNet: {str(e).splitlines()[0]}")
    model.eval()

    b, c, h, w = inp["batch"], inp["channels"], inp["height"], inp["width"]
    x = torch.zeros(b, c, h, w, dtype=torch.float32)
    t = torch.full((b,), 500.0, dtype=torch.float32)
    os.makedirs(os.path.dirname(os.path.abspath(dest)), exist_ok=True)
    tmp = f"{dest}.tmp-{os.getpid()}"
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
    try:
        with torch.no_grad():
            torch.onnx.export(
                model,
                (x, t),
                tmp,
                opset_version=17,
                input_names=["x", "t"],
                output_names=["out"],
                do_constant_folding=True,
            )
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    params = sum(p.numel() for p in model.parameters())
    print(f"export_onnx: {spec.get('name', '?')}: {params} params, opset 17, x [{b},{c},{h},{w}], t [{b}] -> {dest} ({os.path.getsize(dest)} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
