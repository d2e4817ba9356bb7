#!/usr/bin/python3
"""Point an exported ONNX model's weights at external data, so the model travels without them.

Usage: onnx_external.py <in.onnx> <weights.safetensors> <params.json> <out.onnx>

<params.json> lists the state_dict names in the order the device lays them out (the bundle's
manifest order): `weights.bin` there is those F32 tensors concatenated. Every initializer whose
raw bytes equal one of those tensors becomes external data (location weights.bin, offset,
length); the rest (constants the exporter folded) stay inline. Prints what it did.

Standard library only (no `onnx` package): ONNX files are protobuf, and only three messages
are touched (ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto: raw_data = 9,
external_data = 13, data_location = 14).
"""
import json
import struct
import sys


def varint(buf, i):
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def enc_varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def fields(buf):
    """(field number, wire type, raw bytes of the whole field, payload) for each field."""
    i = 0
    while i < len(buf):
        start = i
        key, i = varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            _, i = varint(buf, i)
            payload = None
        elif wt == 1:
            i += 8
            payload = None
        elif wt == 5:
            i += 4
            payload = None
        elif wt == 2:
            n, i = varint(buf, i)
            payload = buf[i : i + n]
            i += n
        else:
            raise ValueError(f"unsupported wire type {wt}")
        yield num, wt, buf[start:i], payload


def ld(num, payload):
    return enc_varint((num << 3) | 2) + enc_varint(len(payload)) + payload


def read_safetensors(path):
    blob = open(path, "rb").read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + n])
    data = blob[8 + n :]
    return {k: data[v["data_offsets"][0] : v["data_offsets"][1]] for k, v in header.items() if k != "__metadata__"}


def main():
    src, weights, params, dst = sys.argv[1:5]
    tensors = read_safetensors(weights)
    order = json.load(open(params))
    where = {}
    off = 0
    for name in order:
        raw = tensors[name]
        where.setdefault(raw, (off, len(raw)))
        off += len(raw)
    model = open(src, "rb").read()
    out_model = bytearray()
    moved = kept = kept_bytes = 0
    for num, _, whole, payload in fields(model):
        if num != 7:
            out_model += whole
            continue
        graph = bytearray()
        for gnum, _, gwhole, gpayload in fields(payload):
            if gnum != 5:
                graph += gwhole
                continue
            raw = None
            rest = bytearray()
            for tnum, _, twhole, tpayload in fields(gpayload):
                if tnum == 9:
                    raw = bytes(tpayload)
                else:
                    rest += twhole
            if raw is not None and raw in where and len(raw) >= 64:
                o, n = where[raw]
                for k, v in (("location", "weights.bin"), ("offset", str(o)), ("length", str(n))):
                    rest += ld(13, ld(1, k.encode()) + ld(2, v.encode()))
                rest += enc_varint((14 << 3) | 0) + enc_varint(1)
                graph += ld(5, bytes(rest))
                moved += 1
            else:
                graph += gwhole
                kept += 1
                kept_bytes += len(raw or b"")
        out_model += ld(7, bytes(graph))
    open(dst, "wb").write(out_model)
    print(f"onnx_external: {moved} initializers -> weights.bin ({off} bytes), {kept} inline ({kept_bytes} bytes); {len(model)} -> {len(out_model)} bytes")


if __name__ == "__main__":
    main()
