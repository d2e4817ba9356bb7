#!/usr/bin/python3
"""Sample a trained checkpoint with DDIM in PyTorch and write a PNG grid, to eyeball it.

    /usr/bin/python3 scripts/train/sample_preview.py --model model.py \\
        --weights digits.safetensors --out preview.png [--steps 50] [--seed 0] [--batch 16]

diffusers' DDIMScheduler with the DDPMScheduler defaults: T = 1000, linear betas 1e-4..0.02,
"leading" timestep spacing (t = 980, 960, ..., 0 for 50 steps), set_alpha_to_one, clip_sample
to [-1, 1], epsilon prediction, eta 0 by default. The starting noise is drawn on the CPU from
--seed, so every device starts from the same x_T. Images map from [-1, 1] to 0..255; the grid
is ceil(sqrt(B)) wide, each image scaled by --scale (nearest), with a 1 px grey border.
A class-conditional model (one with CLASSES) draws image i as class i mod CLASSES, with
classifier-free guidance --guidance (cond and uncond, the null label, in one batch).
"""
import argparse
import math
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from safetensors_io import read_safetensors  # noqa: E402
from schedule import T, alphas_cumprod  # noqa: E402
from train import UserError, load_module, pick_device  # noqa: E402


def ddim_timesteps(steps):
    """diffusers "leading" spacing with steps_offset 0."""
    ratio = T // steps
    return (np.arange(0, steps) * ratio).round()[::-1].astype(np.int64)


@torch.no_grad()
def ddim_sample(model, x, steps, eta=0.0, generator=None, on_step=None):
    abar = alphas_cumprod().to(x.device)
    final = torch.tensor(1.0, device=x.device)  # set_alpha_to_one
    ratio = T // steps
    for i, t in enumerate(ddim_timesteps(steps)):
        t = int(t)
        prev = t - ratio
        a_t = abar[t]
        a_prev = abar[prev] if prev >= 0 else final
        eps = model(x, torch.full((x.shape[0],), float(t), device=x.device)).float()
        x0 = ((x - (1 - a_t).sqrt() * eps) / a_t.sqrt()).clamp(-1, 1)  # clip_sample
        var = (1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev)
        std = eta * var.sqrt()
        x = a_prev.sqrt() * x0 + (1 - a_prev - std**2).sqrt() * eps
        if eta > 0:
            x = x + std * torch.randn(x.shape, generator=generator).to(x.device)
        if on_step:
            on_step(i + 1, steps)
    return x


def grid_png(x, path, scale):
    """x: [B,C,H,W] in [-1, 1] (C = 1 or 3)."""
    from PIL import Image

    a = ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).cpu().numpy()
    b, c, h, w = a.shape
    cols = math.ceil(math.sqrt(b))
    rows = math.ceil(b / cols)
    sheet = np.full((rows * (h + 1) + 1, cols * (w + 1) + 1, c), 96, dtype=np.uint8)
    for i in range(b):
        r, q = divmod(i, cols)
        sheet[1 + r * (h + 1):1 + r * (h + 1) + h, 1 + q * (w + 1):1 + q * (w + 1) + w] = a[i].transpose(1, 2, 0)
    img = Image.fromarray(sheet[:, :, 0] if c == 1 else sheet)
    img = img.resize((img.width * scale, img.height * scale), Image.Resampling.NEAREST)
    tmp = f"{path}.tmp{os.getpid()}.png"
    img.save(tmp)
    os.replace(tmp, path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, help="the `kiln emit-torch` module file")
    p.add_argument("--weights", required=True, help="its state_dict() as .safetensors")
    p.add_argument("--out", required=True, help="output PNG grid")
    p.add_argument("--steps", type=int, default=50, help="DDIM steps (default 50)")
    p.add_argument("--eta", type=float, default=0.0, help="DDIM eta (default 0)")
    p.add_argument("--seed", type=int, default=0, help="seed of the starting noise (default 0)")
    p.add_argument("--batch", type=int, default=None, help="images (default: the model's batch)")
    p.add_argument("--scale", type=int, default=4, help="pixel scale of the PNG (default 4)")
    p.add_argument("--device", default="auto", help="auto (cuda if present), cpu, cuda")
    p.add_argument("--guidance", type=float, default=3.0,
                   help="class-conditional models: CFG scale; the batch is each class in turn (default 3)")
    p.add_argument("--save-tensor", default=None, help="also write the samples [B,C,H,W] in [-1,1] as .npy")
    a = p.parse_args(argv)
    try:
        if not 1 <= a.steps <= T:
            raise UserError(f"--steps: must be from 1 to {T}, got {a.steps}")
        if a.eta < 0:
            raise UserError(f"--eta: must be >= 0, got {a.eta}")
        if a.scale < 1:
            raise UserError(f"--scale: must be at least 1, got {a.scale}")
        if not a.out.lower().endswith(".png"):
            raise UserError(f"--out: {a.out}: must end in .png")
        mod = load_module(a.model)
        if not os.path.isfile(a.weights):
            raise UserError(f"--weights: {a.weights}: no such file")
        try:
            state = read_safetensors(a.weights)
        except (ValueError, KeyError) as e:
            raise UserError(f"--weights: {e}")
        model = mod.Model().eval()
        try:
            model.load_state_dict(state, strict=True)
        except RuntimeError as e:
            raise UserError(f"--weights: {a.weights}: does not fit the model: {str(e).splitlines()[0]}")
        device = pick_device(a.device)
        model.to(device)
        batch = a.batch or mod.INPUT_SHAPE[0]
        g = torch.Generator().manual_seed(a.seed)
        x = torch.randn((batch, *mod.INPUT_SHAPE[1:]), generator=g).to(device)
        start = time.time()
        classes = getattr(mod, "CLASSES", None)
        if classes:
            # Image i shows class i mod CLASSES, guided: eps_u + w (eps_c - eps_u).
            cond = (torch.arange(batch) % classes).to(device)
            null = torch.full_like(cond, classes)
            net = model

            def model(x, t):  # noqa: F811 - the guided noise predictor
                eps_c, eps_u = net(torch.cat([x, x]), torch.cat([t, t]), torch.cat([cond, null])).chunk(2)
                return eps_u + a.guidance * (eps_c - eps_u)
        x = ddim_sample(model, x, a.steps, a.eta, g)
        dt = time.time() - start
        grid_png(x, a.out, a.scale)
        if a.save_tensor:
            np.save(a.save_tensor, x.cpu().numpy())
        print(f"DDIM {a.steps} steps, batch {batch}, seed {a.seed}, on {device}: {dt:.1f} s "
              f"({dt / a.steps * 1000:.0f} ms/step); samples mean {x.mean().item():.3f}, "
              f"std {x.std().item():.3f}; wrote {a.out}")
    except UserError as e:
        print(f"sample_preview: error: {e}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
