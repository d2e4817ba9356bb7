#!/usr/bin/python3
"""The PyTorch f32 side of `npm run bench -- --sd` (scripts/bench/sd.ts): one forward of the
module `kiln emit-torch` wrote, on the weights `kiln init` wrote and the inputs the WebGPU run used.

    /usr/bin/python3 scripts/bench/sd_reference.py <model.py> <weights.safetensors> <inputs.safetensors> <out.safetensors>

Memory: an SD-sized model is 3.4 GB of f32, so the weights are read from the file straight into
the module's own parameters, one tensor at a time (no state_dict copy, no whole-file buffer);
every name and shape must match the module's state_dict() exactly (strict, as load_state_dict).
Prints one JSON line on stdout: {"forwardS", "loadS", "maxRssBytes", "threads", "torch"}.

Exit codes: 0 ok, 2 bad input (a missing file, weights that do not fit), 3 torch is missing.
"""
import importlib.util
import json
import os
import resource
import struct
import sys
import time

sys.dont_write_bytecode = True  # keep the repo free of __pycache__


def fail(msg, code=2):
    print(f"sd_reference: error: {msg}", file=sys.stderr)
    sys.exit(code)


try:
    import torch
except ImportError:
    fail(f"{sys.executable} cannot import torch (on Debian: apt-get install python3-torch)", 3)


def header(f, path):
    raw = f.read(8)
    if len(raw) < 8:
        fail(f"{path}: too short to be a safetensors file")
    (n,) = struct.unpack("<Q", raw)
    h = json.loads(f.read(n).decode("utf-8"))
    h.pop("__metadata__", None)
    return h, 8 + n


def read_into(path, tensors):
    """Fills each named tensor (contiguous f32, the module's own) from the file, strictly."""
    with open(path, "rb") as f:
        h, base = header(f, path)
        missing = sorted(set(tensors) - set(h))
        extra = sorted(set(h) - set(tensors))
        if missing or extra:
            fail(f"{path}: does not fit the module: missing {missing[:3]}, unexpected {extra[:3]}")
        for name, t in tensors.items():
            e = h[name]
            if e["dtype"] != "F32" or list(e["shape"]) != list(t.shape):
                fail(f"{path}: {name}: {e['dtype']} {e['shape']}, the module has F32 {list(t.shape)}")
            a, b = e["data_offsets"]
            f.seek(base + a)
            view = memoryview(t.numpy()).cast("B")
            if f.readinto(view) != b - a:
                fail(f"{path}: {name}: the file ends early")


def read_small(path):
    with open(path, "rb") as f:
        h, base = header(f, path)
        out = {}
        for name, e in h.items():
            t = torch.empty(e["shape"], dtype=torch.float32)
            f.seek(base + e["data_offsets"][0])
            f.readinto(memoryview(t.numpy()).cast("B"))
            out[name] = t
        return out


def write_out(path, name, t):
    t = t.detach().contiguous().float()
    data = t.numpy().tobytes()
    head = json.dumps({name: {"dtype": "F32", "shape": list(t.shape), "data_offsets": [0, len(data)]}})
    head += " " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head.encode("utf-8"))
        f.write(data)


def main(argv):
    if len(argv) != 4:
        fail("usage: sd_reference.py <model.py> <weights.safetensors> <inputs.safetensors> <out.safetensors>")
    model_py, weights, inputs, out = argv
    for p in (model_py, weights, inputs):
        if not os.path.isfile(p):
            fail(f"{p}: no such file")
    spec = importlib.util.spec_from_file_location("kiln_sd_reference", model_py)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    t0 = time.perf_counter()
    model = mod.Model()
    model.eval()
    state = model.state_dict(keep_vars=True)
    read_into(weights, {k: v.data for k, v in state.items()})
    load_s = time.perf_counter() - t0
    x = read_small(inputs)
    args = {k: x[k] for k in ("x", "t", "context") if k in x}
    t1 = time.perf_counter()
    with torch.no_grad():
        y = model(args["x"], args["t"], args.get("context"))
    forward_s = time.perf_counter() - t1
    write_out(out, "out", y)
    print(json.dumps({
        "forwardS": forward_s,
        "loadS": load_s,
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
