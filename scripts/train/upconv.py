"""ConvTranspose2d computed as zero insertion + an ordinary convolution with the flipped kernel.

On CPU, torch's ConvTranspose2d backward is slow (no good kernel for its weight gradient);
Conv2d's is not. A stride-s transposed convolution equals: put s-1 zeros between the input's
pixels, pad by dilation*(k-1)-padding on each side (plus output_padding at the end), and
convolve with the kernel swapped in/out and flipped in both spatial axes. The module keeps its
own `weight` and `bias` Parameters, so state_dict() names, shapes and values do not change;
only forward() is replaced, per instance.
"""
import types

import torch
import torch.nn as nn
import torch.nn.functional as F


def zero_insert_conv_transpose(m, x):
    if m.groups != 1 or m.dilation != (1, 1) or m.padding_mode != "zeros":
        raise ValueError(f"zero-insertion up-conv supports groups=1, dilation=1, zero padding only, got {m}")
    b, c, h, w = x.shape
    sh, sw = m.stride
    kh, kw = m.kernel_size
    ph, pw = m.padding
    oph, opw = m.output_padding
    up = x.new_zeros(b, c, (h - 1) * sh + 1, (w - 1) * sw + 1)
    up[:, :, ::sh, ::sw] = x
    # Negative padding (padding > k-1) would crop; F.pad accepts negative amounts.
    up = F.pad(up, (kw - 1 - pw, kw - 1 - pw + opw, kh - 1 - ph, kh - 1 - ph + oph))
    # ConvTranspose2d weight is [in, out, kh, kw]; Conv2d wants [out, in, kh, kw], flipped.
    return F.conv2d(up, m.weight.transpose(0, 1).flip(2, 3), m.bias)


def use_zero_insertion(model):
    """Swap every ConvTranspose2d's forward for the zero-insertion form; returns how many."""
    n = 0
    for m in model.modules():
        if isinstance(m, nn.ConvTranspose2d):
            m.forward = types.MethodType(zero_insert_conv_transpose, m)
            n += 1
    return n


def check(seed=0):
    """Forward and all gradients of the zero-insertion form against ConvTranspose2d, in float64,
    for the U-Net's 4x4 stride-2 padding-1 up-conv and an odd shape. Returns the max relative
    difference; raises if it is above 1e-10."""
    g = torch.Generator().manual_seed(seed)
    worst = 0.0
    for cin, cout, k, s, p, op, hw in [(6, 4, 4, 2, 1, 0, (5, 7)), (3, 5, 3, 2, 1, 1, (4, 3)), (2, 3, 3, 1, 1, 0, (4, 4))]:
        ref = nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, output_padding=op).double()
        alt = nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, output_padding=op).double()
        alt.load_state_dict(ref.state_dict())
        use_zero_insertion(alt)
        x = torch.randn(2, cin, *hw, generator=g, dtype=torch.float64)
        gy = None
        outs = []
        for m in (ref, alt):
            xi = x.clone().requires_grad_(True)
            y = m(xi)
            if gy is None:
                gy = torch.randn(y.shape, generator=g, dtype=torch.float64)
            (y * gy).sum().backward()
            outs.append([y.detach(), xi.grad, m.weight.grad, m.bias.grad])
        for a, b in zip(*outs):
            if a.shape != b.shape:
                raise AssertionError(f"zero-insertion up-conv: shape {list(b.shape)} != {list(a.shape)}")
            worst = max(worst, ((a - b).abs().max() / a.abs().max()).item())
    if worst > 1e-10:
        raise AssertionError(f"zero-insertion up-conv differs from ConvTranspose2d: max rel {worst:.2e}")
    return worst
