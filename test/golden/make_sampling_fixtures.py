#!/usr/bin/python3
"""Golden fixtures for Kiln's samplers (DDPM, DDIM, DPM-Solver++ 2M), made with PyTorch.

Usage (Debian's python with torch 1.13 + numpy; node on PATH after npm install):

    /usr/bin/python3 test/golden/make_sampling_fixtures.py

Writes test/golden/fixtures/sampling/:
  model.py                  `kiln emit-torch spec.json`, verbatim
  schedules.json            alphas_cumprod of the three beta schedules and the timesteps of every
                            spacing, from an independent numpy port of diffusers' formulas
  <case>.safetensors        x_T (`noise`) and the final sample (`out`) of one sampling run of the
                            emitted Model with `kiln init spec.json --seed 3` weights;
                            __metadata__ holds the run's options

and test/golden/fixtures/sampling-guided/ the same for a class-conditional spec (3 classes,
batch 4) sampled with classifier-free guidance, eps = eps_u + w (eps_c - eps_u), where eps_u is
the model at the null label (id 3): <case>.safetensors holds `noise`, `labels` (as F32) and `out`
of four images, one per label.

The samplers below are a line-by-line port of diffusers' DDPMScheduler.step (fixed_small),
DDIMScheduler.step and DPMSolverMultistepScheduler.step (dpmsolver++, order 2, midpoint,
lower_order_final, final sigma 0), in float32 torch with float64 numpy tables. The noise is
Kiln's: Philox4x32-10 + Box-Muller keyed by (seed, stream, element), ported to numpy here, so
PyTorch sees exactly the x_T and per-step noise that the GPU makes.
"""
import importlib.util
import json
import os
import struct
import subprocess
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "fixtures", "sampling")

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

WEIGHT_SEED = 3
# name: sampler, steps, seed, eta, beta schedule, spacing (None: the sampler's diffusers default)
CASES = [
    ("ddim", "ddim", 10, 7, 0.0, "linear", None),
    ("ddim_eta1_trailing", "ddim", 10, 8, 1.0, "linear", "trailing"),
    ("ddim_scaled_linear_linspace", "ddim", 12, 9, 0.0, "scaled_linear", "linspace"),
    ("ddpm", "ddpm", 10, 10, 0.0, "linear", None),
    ("ddpm_cosine_trailing", "ddpm", 10, 11, 0.0, "squaredcos_cap_v2", "trailing"),
    ("dpmpp2m", "dpmpp2m", 10, 12, 0.0, "linear", None),
    ("dpmpp2m_leading_20", "dpmpp2m", 20, 13, 0.0, "linear", "leading"),
]
# Guided: name, sampler, steps, seed, guidance. Four images with these labels (3 classes).
GUIDED_CASES = [
    ("ddim_w3", "ddim", 10, 21, 3.0),
    ("ddpm_w2", "ddpm", 10, 22, 2.0),
    ("dpmpp2m_w5", "dpmpp2m", 10, 23, 5.0),
    ("ddim_w0_unconditional", "ddim", 6, 24, 0.0),
]
GUIDED_LABELS = [2, 0, 1, 2]
# Guided by a negative context (a tiny UNet2DConditionModel, context [4, 3, 7]): name, sampler,
# steps, seed, guidance. The contexts are seeded normals; the negative one is per image.
CONTEXT_CASES = [
    ("ddim_w4", "ddim", 8, 31, 4.0),
    ("dpmpp2m_w7.5", "dpmpp2m", 8, 32, 7.5),
]
T = 1000

# --------------------------------------------------------------------------- noise (Kiln's RNG)

M0, M1, W0, W1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
MASK = 0xFFFFFFFF


def philox4x32(c, key):
    """Philox4x32-10 on uint64 arrays holding u32 values (c: 4 arrays, key: 2 ints)."""
    c0, c1, c2, c3 = (np.asarray(v, dtype=np.uint64) for v in c)
    k0, k1 = np.uint64(key[0]), np.uint64(key[1])
    for _ in range(10):
        p0 = np.uint64(M0) * c0
        p1 = np.uint64(M1) * c2
        c0, c1, c2, c3 = ((p1 >> np.uint64(32)) ^ c1 ^ k0, p1 & np.uint64(MASK),
                          (p0 >> np.uint64(32)) ^ c3 ^ k1, p0 & np.uint64(MASK))
        k0 = (k0 + np.uint64(W0)) & np.uint64(MASK)
        k1 = (k1 + np.uint64(W1)) & np.uint64(MASK)
    return c0, c1, c2, c3


KAT = [((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
       ((MASK,) * 4, (MASK, MASK), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD))]
for ctr, key, want in KAT:
    assert tuple(int(v) for v in philox4x32([[v] for v in ctr], key)) == want


def gaussian(seed, stream, shape):
    count = int(np.prod(shape))
    g = np.arange((count + 3) // 4, dtype=np.uint64)
    w = philox4x32([g, np.full_like(g, stream), np.zeros_like(g), np.zeros_like(g)],
                   (seed & MASK, seed >> 32))
    u = [((wi >> np.uint64(8)).astype(np.float64) + 0.5) / 16777216.0 for wi in w]
    out = np.empty((len(g), 4))
    for pair in range(2):
        r = np.sqrt(-2.0 * np.log(u[2 * pair]))
        theta = 2.0 * np.pi * (u[2 * pair + 1] - 0.5)
        out[:, 2 * pair] = -r * np.cos(theta)
        out[:, 2 * pair + 1] = -r * np.sin(theta)
    return torch.from_numpy(out.reshape(-1)[:count].astype(np.float32).reshape(shape))

# --------------------------------------------------------------------------- diffusers' schedules


def betas_for(schedule):
    if schedule == "linear":
        return np.linspace(1e-4, 0.02, T, dtype=np.float64)
    if schedule == "scaled_linear":
        return np.linspace(1e-4 ** 0.5, 0.02 ** 0.5, T, dtype=np.float64) ** 2
    if schedule == "squaredcos_cap_v2":
        import math

        def alpha_bar(t):
            return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
        return np.array([min(1 - alpha_bar((i + 1) / T) / alpha_bar(i / T), 0.999) for i in range(T)])
    raise ValueError(schedule)


def alphas_cumprod(schedule):
    return np.cumprod(1.0 - betas_for(schedule))


def ddpm_timesteps(spacing, n):
    """DDPMScheduler / DDIMScheduler.set_timesteps (steps_offset 0)."""
    if spacing == "linspace":
        return np.linspace(0, T - 1, n).round()[::-1].copy().astype(np.int64)
    if spacing == "leading":
        step_ratio = T // n
        return (np.arange(0, n) * step_ratio).round()[::-1].copy().astype(np.int64)
    if spacing == "trailing":
        step_ratio = T / n
        return np.round(np.arange(T, 0, -step_ratio)).astype(np.int64) - 1
    raise ValueError(spacing)


def dpm_timesteps(spacing, n):
    """DPMSolverMultistepScheduler.set_timesteps (lambda_min_clipped -inf: last_timestep = T)."""
    if spacing == "linspace":
        return np.linspace(0, T - 1, n + 1).round()[::-1][:-1].copy().astype(np.int64)
    if spacing == "leading":
        step_ratio = T // (n + 1)
        return (np.arange(0, n + 1) * step_ratio).round()[::-1][:-1].copy().astype(np.int64)
    if spacing == "trailing":
        step_ratio = T / n
        return np.arange(T, 0, -step_ratio).round().copy().astype(np.int64) - 1
    raise ValueError(spacing)

# --------------------------------------------------------------------------- the samplers


def sample_ddpm(model, x, ac, ts, seed):
    for i, t in enumerate(ts):
        eps = model(x, torch.full((x.shape[0],), float(t)))
        prev_t = ts[i + 1] if i + 1 < len(ts) else -1
        alpha_prod_t = ac[t]
        alpha_prod_t_prev = ac[prev_t] if prev_t >= 0 else 1.0
        beta_prod_t = 1 - alpha_prod_t
        beta_prod_t_prev = 1 - alpha_prod_t_prev
        current_alpha_t = alpha_prod_t / alpha_prod_t_prev
        current_beta_t = 1 - current_alpha_t
        pred_original_sample = (x - beta_prod_t ** 0.5 * eps) / alpha_prod_t ** 0.5
        pred_original_sample = pred_original_sample.clamp(-1, 1)
        pred_original_sample_coeff = (alpha_prod_t_prev ** 0.5 * current_beta_t) / beta_prod_t
        current_sample_coeff = current_alpha_t ** 0.5 * beta_prod_t_prev / beta_prod_t
        pred_prev_sample = pred_original_sample_coeff * pred_original_sample + current_sample_coeff * x
        if t > 0:
            variance = max((1 - alpha_prod_t_prev) / (1 - alpha_prod_t) * current_beta_t, 1e-20)
            pred_prev_sample = pred_prev_sample + variance ** 0.5 * gaussian(seed, i + 1, x.shape)
        x = pred_prev_sample
    return x


def sample_ddim(model, x, ac, ts, seed, eta, n):
    final_alpha_cumprod = 1.0  # set_alpha_to_one
    for i, t in enumerate(ts):
        eps = model(x, torch.full((x.shape[0],), float(t)))
        prev_timestep = t - T // n
        alpha_prod_t = ac[t]
        alpha_prod_t_prev = ac[prev_timestep] if prev_timestep >= 0 else final_alpha_cumprod
        beta_prod_t = 1 - alpha_prod_t
        pred_original_sample = (x - beta_prod_t ** 0.5 * eps) / alpha_prod_t ** 0.5
        pred_original_sample = pred_original_sample.clamp(-1, 1)
        variance = (1 - alpha_prod_t_prev) / (1 - alpha_prod_t) * (1 - alpha_prod_t / alpha_prod_t_prev)
        std_dev_t = eta * variance ** 0.5
        pred_sample_direction = (1 - alpha_prod_t_prev - std_dev_t ** 2) ** 0.5 * eps
        prev_sample = alpha_prod_t_prev ** 0.5 * pred_original_sample + pred_sample_direction
        if eta > 0:
            prev_sample = prev_sample + std_dev_t * gaussian(seed, i + 1, x.shape)
        x = prev_sample
    return x


def sample_dpmpp2m(model, x, ac, ts):
    sigmas = np.concatenate([((1 - ac[ts]) / ac[ts]) ** 0.5, [0.0]])

    def alpha_sigma(sigma):
        alpha_t = 1 / ((sigma ** 2 + 1) ** 0.5)
        return alpha_t, sigma * alpha_t

    def lam(sigma):
        alpha_t, sigma_t = alpha_sigma(sigma)
        with np.errstate(divide="ignore"):
            return np.log(alpha_t) - np.log(sigma_t)

    model_outputs = [None, None]
    lower_order_nums = 0
    for i, t in enumerate(ts):
        eps = model(x, torch.full((x.shape[0],), float(t)))
        alpha_s, sigma_s = alpha_sigma(sigmas[i])
        x0_pred = (x - sigma_s * eps) / alpha_s  # convert_model_output, dpmsolver++ epsilon
        model_outputs = [model_outputs[1], x0_pred]
        lower_order_final = i == len(ts) - 1  # final_sigmas_type "zero"
        alpha_t, sigma_t = alpha_sigma(sigmas[i + 1])
        h = lam(sigmas[i + 1]) - lam(sigmas[i])
        if lower_order_nums < 1 or lower_order_final:
            x = (sigma_t / sigma_s) * x - (alpha_t * (np.exp(-h) - 1.0)) * x0_pred
        else:
            m0, m1 = model_outputs[1], model_outputs[0]
            h_0 = lam(sigmas[i]) - lam(sigmas[i - 1])
            r0 = h_0 / h
            D0, D1 = m0, (1.0 / r0) * (m0 - m1)
            x = ((sigma_t / sigma_s) * x - (alpha_t * (np.exp(-h) - 1.0)) * D0
                 - 0.5 * (alpha_t * (np.exp(-h) - 1.0)) * D1)
        lower_order_nums = min(lower_order_nums + 1, 2)
    return x

# --------------------------------------------------------------------------- files


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
        a, b = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(raw[8 + n + a:8 + n + b], dtype="<f4").copy()).reshape(e["shape"])
    return out


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    print(f"  wrote {os.path.relpath(path, ROOT)} ({len(data)} bytes)")


def kiln(*args):
    return subprocess.run(["node", os.path.join(ROOT, "src", "bin.mjs"), *args], cwd=ROOT, check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout


def load_model(out_dir, name):
    """The emitted Model of out_dir/spec.json with `kiln init --seed WEIGHT_SEED` weights; also
    writes out_dir/model.py."""
    spec_path = os.path.join(out_dir, "spec.json")
    model_py = kiln("emit-torch", spec_path)
    write(os.path.join(out_dir, "model.py"), model_py)
    spec = importlib.util.spec_from_file_location(name, os.path.join(out_dir, "model.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.Model().eval()
    tmp = os.path.join(out_dir, ".w.tmp")
    kiln("init", spec_path, "--seed", str(WEIGHT_SEED), "--out", tmp, "--quiet")
    model.load_state_dict(read_safetensors(tmp), strict=True)
    os.unlink(tmp)
    return mod, model


def main_guided():
    out_dir = os.path.join(HERE, "fixtures", "sampling-guided")
    mod, model = load_model(out_dir, "kiln_sampling_guided")
    shape = mod.INPUT_SHAPE
    labels = torch.tensor(GUIDED_LABELS, dtype=torch.int64)
    null = torch.full_like(labels, mod.CLASSES)
    ac = alphas_cumprod("linear")
    for name, sampler, steps, seed, w in GUIDED_CASES:
        def guided(x, t):
            eps_c = model(x, t, labels)
            eps_u = model(x, t, null)
            return eps_u + w * (eps_c - eps_u)
        x_t = gaussian(seed, 0, shape)
        with torch.no_grad():
            if sampler == "ddpm":
                out = sample_ddpm(guided, x_t, ac, ddpm_timesteps("leading", steps), seed)
            elif sampler == "ddim":
                out = sample_ddim(guided, x_t, ac, ddpm_timesteps("leading", steps), seed, 0.0, steps)
            else:
                out = sample_dpmpp2m(guided, x_t, ac, dpm_timesteps("linspace", steps))
        meta = {"sampler": sampler, "steps": steps, "seed": seed, "guidance": w, "weightSeed": WEIGHT_SEED}
        write(os.path.join(out_dir, f"{name}.safetensors"),
              safetensors_bytes([("noise", x_t), ("labels", labels), ("out", out)], meta))


def main_context():
    out_dir = os.path.join(HERE, "fixtures", "sampling-context")
    _, model = load_model(out_dir, "kiln_sampling_context")
    with open(os.path.join(out_dir, "spec.json")) as f:
        inp = json.load(f)["input"]
    shape = (inp["batch"], inp["channels"], inp["height"], inp["width"])
    g = torch.Generator().manual_seed(5)
    ctx_shape = (inp["batch"], inp["contextLength"], 7)
    context = torch.randn(ctx_shape, generator=g)
    negative = torch.randn(ctx_shape, generator=g) * 0.5
    ac = alphas_cumprod("linear")
    for name, sampler, steps, seed, w in CONTEXT_CASES:
        def guided(x, t):
            eps_c = model(x, t, context)
            eps_u = model(x, t, negative)
            return eps_u + w * (eps_c - eps_u)
        x_t = gaussian(seed, 0, shape)
        with torch.no_grad():
            if sampler == "ddim":
                out = sample_ddim(guided, x_t, ac, ddpm_timesteps("leading", steps), seed, 0.0, steps)
            else:
                out = sample_dpmpp2m(guided, x_t, ac, dpm_timesteps("linspace", steps))
        meta = {"sampler": sampler, "steps": steps, "seed": seed, "guidance": w, "weightSeed": WEIGHT_SEED}
        write(os.path.join(out_dir, f"{name}.safetensors"),
              safetensors_bytes([("context", context), ("negative", negative), ("out", out)], meta))


def main():
    spec_path = os.path.join(OUT, "spec.json")
    with open(spec_path) as f:
        inp = json.load(f)["input"]
    shape = (inp["batch"], inp["channels"], inp["height"], inp["width"])
    _, model = load_model(OUT, "kiln_sampling_tiny")

    schedules = {"trainSteps": T, "alphasCumprod": {}, "timesteps": {"ddpm": {}, "dpm": {}}}
    for s in ("linear", "scaled_linear", "squaredcos_cap_v2"):
        schedules["alphasCumprod"][s] = [float(v) for v in alphas_cumprod(s)]
    for spacing in ("leading", "trailing", "linspace"):
        schedules["timesteps"]["ddpm"][spacing] = {n: ddpm_timesteps(spacing, n).tolist() for n in (1, 3, 7, 10, 50, 333, 999, 1000)}
        schedules["timesteps"]["dpm"][spacing] = {n: dpm_timesteps(spacing, n).tolist() for n in (1, 3, 7, 10, 20, 50, 333, 998)}
    write(os.path.join(OUT, "schedules.json"), (json.dumps(schedules) + "\n").encode())

    for name, sampler, steps, seed, eta, schedule, spacing in CASES:
        ac = alphas_cumprod(schedule)
        x_t = gaussian(seed, 0, shape)
        with torch.no_grad():
            if sampler == "ddpm":
                out = sample_ddpm(model, x_t, ac, ddpm_timesteps(spacing or "leading", steps), seed)
            elif sampler == "ddim":
                out = sample_ddim(model, x_t, ac, ddpm_timesteps(spacing or "leading", steps), seed, eta, steps)
            else:
                out = sample_dpmpp2m(model, x_t, ac, dpm_timesteps(spacing or "linspace", steps))
        meta = {"sampler": sampler, "steps": steps, "seed": seed, "eta": eta, "betaSchedule": schedule,
                "spacing": spacing or "", "weightSeed": WEIGHT_SEED}
        write(os.path.join(OUT, f"{name}.safetensors"), safetensors_bytes([("noise", x_t), ("out", out)], meta))


if __name__ == "__main__":
    main()
    main_guided()
    main_context()
