"""Read and write .safetensors without the `safetensors` package (Debian's python lacks it).

The format: an 8-byte little-endian header length, a JSON header mapping each tensor name to
{dtype, shape, data_offsets} (plus an optional string-to-string "__metadata__"), padded with
spaces to a multiple of 8, then the raw little-endian data. Tensors are written in the order
given, so a state_dict() keeps its order, which `kiln compile --weights` reports by.
"""
import json
import os
import struct

import numpy as np
import torch

_DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2"}


def safetensors_bytes(tensors, metadata=None):
    """tensors: iterable of (name, tensor); every tensor is stored as F32."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs, offset = [], 0
    for name, t in tensors:
        data = np.ascontiguousarray(t.detach().to("cpu", torch.float32).numpy(), dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((-len(h)) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def write_safetensors(path, tensors, metadata=None):
    """Written beside the destination and renamed into place: a kill never leaves half a file."""
    data = safetensors_bytes(tensors, metadata)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return len(data)


def read_safetensors(path):
    """name -> F32 tensor, in file order. F32, F64, F16 and BF16 are accepted."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: not a safetensors file (shorter than 8 bytes)")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise ValueError(f"{path}: not a safetensors file (header length {n} past the end)")
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        a, b = e["data_offsets"]
        buf = raw[8 + n + a:8 + n + b]
        if e["dtype"] == "BF16":
            u = np.frombuffer(buf, dtype="<u2").astype(np.uint32) << 16
            arr = u.view(np.float32)
        elif e["dtype"] in _DTYPES:
            arr = np.frombuffer(buf, dtype=_DTYPES[e["dtype"]]).astype(np.float32)
        else:
            raise ValueError(f"{path}: {name}: dtype {e['dtype']} not supported (F32, F64, F16, BF16)")
        out[name] = torch.from_numpy(arr.copy()).reshape(e["shape"])
    return out
