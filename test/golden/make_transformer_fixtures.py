#!/usr/bin/python3
"""Op fixtures of the transformer ops (diffusers' Transformer2DModel), in the format of
make_fixtures.py's op fixtures (fixtures/ops/<case>.safetensors: the inputs, the weights under
their names, `out`; metadata `op` and `attrs`), computed with PyTorch's own functions.

Usage (Debian's python, which has torch 1.13):

    /usr/bin/python3 test/golden/make_transformer_fixtures.py

Deterministic: torch.manual_seed per case, one thread. test/kernels/transformer-ops.test.ts
runs them.
"""
import json
import math
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from make_fixtures import FIXTURES, report, write_safetensors  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def layer_norm(case, seed, shape, eps, offset=0.0):
    torch.manual_seed(seed)
    x = torch.randn(*shape) * 2.0 + offset
    c = shape[-1]
    w = 1.0 + 0.3 * torch.randn(c)
    b = 0.3 * torch.randn(c)
    out = F.layer_norm(x, (c,), w, b, eps)
    return case, "layer_norm", {"eps": eps}, [("x", x), ("weight", w), ("bias", b), ("out", out)]


def token_linear(case, seed, shape, out_features, bias):
    torch.manual_seed(seed)
    x = torch.randn(*shape)
    w = torch.randn(out_features, shape[-1]) / math.sqrt(shape[-1])
    b = torch.randn(out_features) if bias else None
    out = F.linear(x, w, b)
    weights = [("weight", w)] + ([("bias", b)] if bias else [])
    return case, "token_linear", {"bias": int(bias)}, [("x", x)] + weights + [("out", out)]


def geglu(case, seed, shape):
    torch.manual_seed(seed)
    x = torch.randn(*shape) * 2.0
    value, gate = x.chunk(2, dim=-1)
    return case, "geglu", {}, [("x", x), ("out", value * F.gelu(gate))]


def linear_geglu(case, seed, shape, inner):
    """diffusers' GEGLU module: a projection to 2 x inner, then value * gelu(gate)."""
    torch.manual_seed(seed)
    x = torch.randn(*shape)
    w = torch.randn(2 * inner, shape[-1]) / math.sqrt(shape[-1])
    b = torch.randn(2 * inner)
    value, gate = F.linear(x, w, b).chunk(2, dim=-1)
    out = value * F.gelu(gate)
    return case, "token_linear_geglu", {}, [("x", x), ("weight", w), ("bias", b), ("out", out)]


def cross_attention(case, seed, b, n, s, heads, d):
    torch.manual_seed(seed)
    inner = heads * d
    q = torch.randn(b, n, inner)
    k = torch.randn(b, s, inner)
    v = torch.randn(b, s, inner)
    split = lambda t: t.reshape(b, t.shape[1], heads, d).transpose(1, 2)
    scores = torch.matmul(split(q), split(k).transpose(-1, -2)) * (d ** -0.5)
    out = torch.matmul(torch.softmax(scores, dim=-1), split(v)).transpose(1, 2).reshape(b, n, inner)
    return case, "cross_attention", {"heads": heads}, [("q", q), ("k", k), ("v", v), ("out", out)]


def to_tokens(case, seed, shape):
    torch.manual_seed(seed)
    x = torch.randn(*shape)
    b, c, h, w = shape
    return case, "to_tokens", {}, [("x", x), ("out", x.permute(0, 2, 3, 1).reshape(b, h * w, c))]


def to_map(case, seed, b, h, w, c):
    torch.manual_seed(seed)
    x = torch.randn(b, h * w, c)
    out = x.reshape(b, h, w, c).permute(0, 3, 1, 2)
    return case, "to_map", {"height": h, "width": w}, [("x", x), ("out", out)]


CASES = [
    lambda s: layer_norm("layer_norm", s, (2, 6, 10), 1e-5),
    # A mean of 50 over a width of 3: the two-pass variance keeps its digits.
    lambda s: layer_norm("layer_norm_offset", s, (3, 4, 3), 1e-6, offset=50.0),
    lambda s: token_linear("token_linear", s, (2, 5, 7), 9, True),
    lambda s: token_linear("token_linear_nobias", s, (3, 4, 12), 5, False),
    lambda s: geglu("geglu", s, (2, 5, 12)),
    lambda s: linear_geglu("token_linear_geglu", s, (2, 6, 8), 5),
    lambda s: cross_attention("cross_attention_h1", s, 2, 6, 3, 1, 4),
    lambda s: cross_attention("cross_attention_h3", s, 2, 7, 5, 3, 4),
    # Self-attention's shape (S = N) over 20 positions, heads of 8.
    lambda s: cross_attention("cross_attention_self_h2", s, 1, 20, 20, 2, 8),
    lambda s: to_tokens("to_tokens", s, (2, 5, 3, 4)),
    lambda s: to_map("to_map", s, 2, 3, 4, 5),
]


def main():
    print("== transformer op fixtures")
    for i, make in enumerate(CASES):
        case, op, attrs, tensors = make(2000 + i)
        report(case, dict(tensors)["out"])
        write_safetensors(os.path.join(FIXTURES, "ops", f"{case}.safetensors"), tensors,
                          {"op": op, "attrs": json.dumps(attrs)})


if __name__ == "__main__":
    main()
