#!/usr/bin/python3
"""Train the `kiln emit-torch` module of any spec as an epsilon-prediction diffusion model.

    node src/bin.mjs emit-torch specs/digits.json > model.py        # where Node is
    /usr/bin/python3 scripts/train/train.py --model model.py --data .data/digits-50k.npz \\
        --out digits.safetensors --steps 10000 --batch 64

Runs on Debian's torch 1.13 (CPU) and on torch 2.x with CUDA (picked when present).

- Data: a folder of PNGs, or an .npy / .npz (the `images` array, or its only array) of uint8
  images [N,H,W], [N,H,W,C] or [N,C,H,W]; they must match the module's INPUT_SHAPE (C,H,W).
  Pixels 0..255 map to [-1, 1].
- Class conditioning: when the module has CLASSES (a spec with `classes`), the data must be an
  .npz with `labels` (integers 0..CLASSES-1, one per image), and forward takes (x, t, label).
  Each label is replaced by the null id CLASSES with probability --label-dropout (default 0.1),
  so the one model also learns the unconditional eps that classifier-free guidance needs.
  --guidance only goes into the recipe: the scale `kiln compile` records as the bundle's default.
- Objective: diffusers' DDPMScheduler defaults, T = 1000, linear betas 1e-4..0.02; t uniform in
  0..999, x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps, loss = MSE(model(x_t, t), eps).
- AdamW (weight decay 0 by default, i.e. Adam), linear warm-up then cosine decay to 0, gradient
  norm clipped at 1. With --max-minutes the cosine follows whichever of steps or time runs out
  first, so a time-boxed run still ends at a low learning rate.
- EMA of the weights (decay --ema, ramped up as min(ema, (1+n)/(10+n)) so early averages are
  not dominated by the random init). The EMA weights are what is saved: every
  --checkpoint-every steps, at the end, at --max-minutes and on SIGTERM/SIGINT, atomically.
- The output: --out (.safetensors) holds exactly the module's state_dict() (names, shapes,
  order; F32), which `kiln compile SPEC --weights OUT` loads unchanged; beside it
  <out stem>.recipe.json records the data, hyper-parameters, device, training time, steps done
  and the final loss.
- --init-from W.safetensors warm-starts from another model's weights: every tensor of W must
  be one of the module's, with its shape; tensors W lacks keep their init, except that a
  class embedding W lacks starts at zero, so a class-conditional model fine-tuned from its
  unconditional twin starts out as that model (the recipe records the file and its sha256).
- More than one process: `torchrun --nproc_per_node N [--nnodes M ...] train.py ...` runs
  PyTorch DDP (gloo on CPU, nccl on CUDA, one GPU per local rank). --batch is the global batch;
  the data is split into --data-shards shards (default: one per rank; images i with
  i % shards == k form shard k) and rank k draws its batch/shards images, timesteps and noise
  from shard k only, with a generator of its own (seed + k). A single process given the same
  --data-shards draws exactly the same global batch, so `scripts/train/check_ddp.sh` can compare
  the two. Rank 0 alone writes the EMA weights and the recipe; every rank steps the same EMA.
  The clock that drives --max-minutes and the cosine is the slowest rank's, so all stop
  together.
- --upconv zeros computes every ConvTranspose2d as zero insertion + Conv2d with the flipped
  kernel (same parameters; checked against ConvTranspose2d at start-up); `auto` uses it on CPU,
  where ConvTranspose2d's backward is slow.
"""
import argparse
import hashlib
import importlib.util
import inspect
import json
import math
import os
import platform
import signal
import sys
import time

sys.dont_write_bytecode = True  # keep the repo free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import upconv  # noqa: E402
from safetensors_io import write_safetensors  # noqa: E402
from schedule import T, alphas_cumprod  # noqa: E402


class UserError(Exception):
    pass


def load_module(path):
    if not os.path.isfile(path):
        raise UserError(f"--model: {path}: no such file (make it with `kiln emit-torch SPEC > model.py`)")
    spec = importlib.util.spec_from_file_location("kiln_model", path)
    mod = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(mod)
    except Exception as e:  # a broken model file is the user's input
        raise UserError(f"--model: {path}: cannot be loaded: {type(e).__name__}: {e}")
    if not hasattr(mod, "Model") or not hasattr(mod, "INPUT_SHAPE"):
        raise UserError(f"--model: {path}: has no Model / INPUT_SHAPE (not a `kiln emit-torch` file)")
    return mod


def to_nchw(a, chw, where):
    c, h, w = chw
    if a.ndim == 3 and c == 1:
        a = a[:, None]
    elif a.ndim == 4 and a.shape[1:] != (c, h, w) and a.shape[1:] == (h, w, c):
        a = a.transpose(0, 3, 1, 2)
    if a.ndim != 4 or a.shape[1:] != (c, h, w):
        raise UserError(f"{where}: images {list(a.shape)} do not fit the model's input [N,{c},{h},{w}]")
    if a.dtype != np.uint8:
        raise UserError(f"{where}: images must be uint8 (0..255), got {a.dtype}")
    return np.ascontiguousarray(a)


def load_labels(path, n, classes):
    """int64 [n] class ids 0..classes-1, from the `labels` array of an .npz."""
    if not path.endswith(".npz") or not os.path.isfile(path):
        raise UserError(f"--data: {path}: the model has {classes} classes: give an .npz with `images` and `labels`")
    with np.load(path) as z:
        if "labels" not in z:
            raise UserError(f"--data: {path}: the model has {classes} classes but the file has no `labels` array")
        lab = z["labels"]
    if lab.shape != (n,) or lab.dtype.kind not in "iu":
        raise UserError(f"--data: {path}: `labels` must be integers [{n}], got {lab.dtype} {list(lab.shape)}")
    if n and (lab.min() < 0 or lab.max() >= classes):
        raise UserError(f"--data: {path}: labels must be in 0..{classes - 1}, got {lab.min()}..{lab.max()}")
    return lab.astype(np.int64)


def load_images(path, chw):
    """uint8 [N,C,H,W]."""
    if os.path.isdir(path):
        from PIL import Image

        files = sorted(f for f in os.listdir(path) if f.lower().endswith(".png"))
        if not files:
            raise UserError(f"--data: {path}: no .png files")
        mode = {1: "L", 3: "RGB", 4: "RGBA"}.get(chw[0])
        if mode is None:
            raise UserError(f"--data: {path}: PNG folders need a 1, 3 or 4 channel model, not {chw[0]}")
        imgs = []
        for f in files:
            with Image.open(os.path.join(path, f)) as im:
                if im.size != (chw[2], chw[1]):
                    raise UserError(f"--data: {os.path.join(path, f)}: {im.size[0]}x{im.size[1]}, the model takes "
                                    f"{chw[2]}x{chw[1]}")
                a = np.asarray(im.convert(mode))
            imgs.append(a if a.ndim == 3 else a[:, :, None])
        return to_nchw(np.stack(imgs), chw, f"--data: {path}")
    if not os.path.isfile(path):
        raise UserError(f"--data: {path}: no such file or folder")
    try:
        if path.endswith(".npz"):
            with np.load(path) as z:
                keys = list(z.keys())
                key = "images" if "images" in keys else (keys[0] if len(keys) == 1 else None)
                if key is None:
                    raise UserError(f"--data: {path}: has arrays {keys}; expected `images` or a single array")
                a = z[key]
        elif path.endswith(".npy"):
            a = np.load(path)
        else:
            raise UserError(f"--data: {path}: expected a folder of PNGs, an .npy or an .npz")
    except (ValueError, OSError) as e:
        raise UserError(f"--data: {path}: cannot be read: {e}")
    return to_nchw(a, chw, f"--data: {path}")


def pick_device(name):
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise UserError(f"--device: {name}: CUDA is not available in this torch ({torch.__version__})")
    return torch.device(name)


def lr_at(step, progress, base, warmup):
    """Linear warm-up over `warmup` steps, then cosine from base to 0 as progress goes 0 -> 1."""
    if step < warmup:
        return base * (step + 1) / warmup
    return base * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def fmt_time(s):
    s = int(round(s))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="the `kiln emit-torch` module file")
    p.add_argument("--data", required=True, help="folder of PNGs, or .npy / .npz of uint8 images")
    p.add_argument("--out", required=True, help="output .safetensors (EMA weights); recipe goes beside it")
    p.add_argument("--steps", type=int, default=10000, help="optimizer steps (default 10000)")
    p.add_argument("--batch", type=int, default=64, help="batch size (default 64)")
    p.add_argument("--lr", type=float, default=1e-3, help="peak learning rate (default 1e-3)")
    p.add_argument("--warmup", type=int, default=None, help="warm-up steps (default: 5%% of --steps, at most 500)")
    p.add_argument("--weight-decay", type=float, default=0.0, help="AdamW decoupled weight decay (default 0)")
    p.add_argument("--ema", type=float, default=0.999, help="EMA decay (default 0.999)")
    p.add_argument("--grad-clip", type=float, default=1.0, help="max gradient norm, 0 = off (default 1)")
    p.add_argument("--seed", type=int, default=0, help="seed for init, batches, t and noise (default 0)")
    p.add_argument("--device", default="auto", help="auto (cuda if present), cpu, cuda, cuda:N")
    p.add_argument("--threads", type=int, default=None, help="CPU threads (default: torch's, i.e. OMP_NUM_THREADS)")
    p.add_argument("--max-minutes", type=float, default=None, help="wall-clock limit for the training loop")
    p.add_argument("--checkpoint-every", type=int, default=1000, help="save the EMA weights every N steps (default 1000)")
    p.add_argument("--log-every", type=int, default=100, help="progress line every N steps (default 100)")
    p.add_argument("--upconv", choices=["auto", "native", "zeros"], default="auto",
                   help="ConvTranspose2d as is, or as zero insertion + conv (auto: zeros on CPU)")
    p.add_argument("--amp", choices=["none", "bf16"], default="none",
                   help="CUDA only: bf16 autocast for the forward/backward (weights stay F32)")
    p.add_argument("--compile", action="store_true", help="torch.compile the model (torch 2.x; costs start-up time)")
    p.add_argument("--label-dropout", type=float, default=0.1,
                   help="class-conditional models: probability a label becomes the null id (default 0.1)")
    p.add_argument("--guidance", type=float, default=3.0,
                   help="class-conditional models: the guidance scale the recipe records as the default (default 3)")
    p.add_argument("--init-from", default=None,
                   help="warm start: load these weights (a subset of the module's) before training")
    p.add_argument("--class-lr-mult", type=float, default=1.0,
                   help="class-conditional models: the class embedding's lr as a multiple of --lr (default 1)")
    p.add_argument("--data-shards", type=int, default=None,
                   help="split the data into this many shards, one per rank (default: the world size)")
    p.add_argument("--plain", action="store_true",
                   help="CUDA without the optional speed-ups (fused AdamW, TF32 matmuls, cudnn.benchmark)")
    a = p.parse_args(argv)
    for flag, v, lo in [("--steps", a.steps, 1), ("--batch", a.batch, 1), ("--checkpoint-every", a.checkpoint_every, 1),
                        ("--log-every", a.log_every, 1)]:
        if v < lo:
            raise UserError(f"{flag}: must be at least {lo}, got {v}")
    if not (a.lr > 0):
        raise UserError(f"--lr: must be positive, got {a.lr}")
    if not (math.isfinite(a.class_lr_mult) and a.class_lr_mult > 0):
        raise UserError(f"--class-lr-mult: must be a positive number, got {a.class_lr_mult}")
    if not (0 <= a.label_dropout < 1):
        raise UserError(f"--label-dropout: must be in [0, 1), got {a.label_dropout}")
    if not (math.isfinite(a.guidance) and a.guidance >= 0):
        raise UserError(f"--guidance: must be a finite number >= 0, got {a.guidance}")
    if not (0 <= a.ema < 1):
        raise UserError(f"--ema: must be in [0, 1), got {a.ema}")
    if a.max_minutes is not None and not (a.max_minutes > 0):
        raise UserError(f"--max-minutes: must be positive, got {a.max_minutes}")
    if not a.out.endswith(".safetensors"):
        raise UserError(f"--out: {a.out}: must end in .safetensors")
    out_dir = os.path.dirname(os.path.abspath(a.out))
    if not os.path.isdir(out_dir):
        raise UserError(f"--out: {a.out}: folder {out_dir} does not exist")
    if a.data_shards is not None and a.data_shards < 1:
        raise UserError(f"--data-shards: must be at least 1, got {a.data_shards}")
    if a.warmup is None:
        a.warmup = min(500, max(1, a.steps // 20))
    return a


def warm_start(model, path):
    """Loads the tensors of `path` into `model`; returns what the recipe records."""
    from safetensors_io import read_safetensors

    if not os.path.isfile(path):
        raise UserError(f"--init-from: {path}: no such file")
    try:
        given = read_safetensors(path)
    except (ValueError, OSError) as e:
        raise UserError(f"--init-from: {path}: cannot be read: {e}")
    state = model.state_dict()
    for name, t in given.items():
        if name not in state:
            raise UserError(f"--init-from: {path}: {name} is not a tensor of the model")
        if tuple(t.shape) != tuple(state[name].shape):
            raise UserError(f"--init-from: {path}: {name} is {list(t.shape)}, the model's is {list(state[name].shape)}")
    missing = [n for n in state if n not in given]
    with torch.no_grad():
        for name, t in given.items():
            state[name].copy_(t)
        if "class_embedding.weight" in missing:
            state["class_embedding.weight"].zero_()
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    print(f"warm start from {path}: {len(given)} tensors; kept the init of {missing or 'none'}"
          + (" (class embedding zeroed)" if "class_embedding.weight" in missing else ""))
    return {"file": os.path.basename(path), "sha256": sha, "tensors": len(given), "not_in_file": missing}


def init_distributed(a):
    """(rank, world, local_rank, backend) from torchrun's environment; (0, 1, 0, None) alone."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        return 0, 1, 0, None
    import torch.distributed as dist

    rank, local = int(os.environ["RANK"]), int(os.environ.get("LOCAL_RANK", "0"))
    cuda = a.device.startswith("cuda") or (a.device == "auto" and torch.cuda.is_available())
    backend = "nccl" if cuda else "gloo"
    if cuda:
        torch.cuda.set_device(local)
        a.device = f"cuda:{local}"
    dist.init_process_group(backend)
    return rank, world, local, backend


def train(a):
    rank, world, _local, backend = init_distributed(a)
    shards = a.data_shards or world
    if world > 1 and shards != world:
        raise UserError(f"--data-shards: {shards} shards for {world} ranks; give one per rank")
    if a.batch % shards:
        raise UserError(f"--batch: {a.batch} does not split into {shards} equal shard batches")
    mine = [rank] if world > 1 else list(range(shards))
    mod = load_module(a.model)
    chw = tuple(mod.INPUT_SHAPE[1:])
    data = load_images(a.data, chw)
    classes = getattr(mod, "CLASSES", None)
    labels = load_labels(a.data, data.shape[0], classes) if classes else None
    if data.shape[0] < shards:
        raise UserError(f"--data: {a.data}: {data.shape[0]} images do not fill {shards} shards")
    device = pick_device(a.device)
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    if device.type == "cuda" and not a.plain:
        # TF32 matmuls (cuDNN convolutions already default to TF32); weights and the loss stay F32.
        torch.set_float32_matmul_precision("high")
        torch.backends.cudnn.benchmark = True
    elif a.amp != "none":
        raise UserError("--amp: bf16 autocast is for CUDA; on CPU leave it at none")

    model = mod.Model()
    names = list(model.state_dict().keys())
    init_from = warm_start(model, a.init_from) if a.init_from else None
    upconv_mode = a.upconv if a.upconv != "auto" else ("zeros" if device.type == "cpu" else "native")
    if upconv_mode == "zeros":
        rel = upconv.check()
        probe = mod.Model()
        probe.load_state_dict(model.state_dict())
        x = torch.randn(2, *chw)
        t = torch.tensor([3.0, 700.0])
        extra = (torch.tensor([0, classes]),) if classes else ()
        with torch.no_grad():
            want = probe(x, t, *extra)
            n = upconv.use_zero_insertion(probe)
            got = probe(x, t, *extra)
        whole = ((want - got).abs().max() / want.abs().max()).item()
        if whole > 1e-5:
            raise AssertionError(f"the model with zero-insertion up-convs differs: max rel {whole:.2e}")
        upconv.use_zero_insertion(model)
        if rank == 0:
            print(f"up-conv: zero insertion + conv for {n} ConvTranspose2d (vs ConvTranspose2d: op float64 max rel "
                  f"{rel:.1e}, whole model float32 max rel {whole:.1e})")
    model.to(device).train()
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel

        ddp = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    ema = mod.Model().to(device).eval()
    ema.load_state_dict(model.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)
    params = [p for p in model.parameters()]
    ema_params = [p for p in ema.parameters()]
    n_params = sum(p.numel() for p in params)

    n_images = data.shape[0]
    # Shard k is images k, k + shards, ...: each rank keeps only its own on the device.
    shard_images = {k: torch.from_numpy(data[k::shards]).to(device) for k in mine}
    shard_labels = {k: torch.from_numpy(labels[k::shards]).to(device) for k in mine} if classes else None
    del data
    abar = alphas_cumprod().to(device)
    gens = {k: torch.Generator(device=device).manual_seed(a.seed + k) for k in mine}
    per_shard = a.batch // shards
    # The fused CUDA AdamW (torch >= 2.0) is a handful of kernels instead of a few per tensor.
    fused = device.type == "cuda" and not a.plain and "fused" in inspect.signature(torch.optim.AdamW).parameters
    # The class embedding may learn faster than the rest (--class-lr-mult): one Adam step moves an
    # entry by about lr, and a row sees only batch/classes of the samples.
    class_params = [p for n, p in model.named_parameters() if n == "class_embedding.weight"]
    groups = [{"params": [p for p in params if all(p is not c for c in class_params)], "mult": 1.0}]
    if class_params:
        groups.append({"params": class_params, "mult": a.class_lr_mult})
    opt = torch.optim.AdamW(groups, lr=a.lr, betas=(0.9, 0.999), weight_decay=a.weight_decay,
                            **({"fused": True} if fused else {}))
    fwd = ddp if world > 1 else model
    fwd = torch.compile(fwd) if a.compile else fwd
    main_rank = rank == 0
    if world > 1:
        import torch.distributed as dist

        def agree(elapsed, stop):
            """The slowest rank's clock and any rank's stop signal, the same on every rank."""
            t = torch.tensor([elapsed, 1.0 if stop else 0.0], dtype=torch.float64,
                             device=device if backend == "nccl" else "cpu")
            dist.all_reduce(t, op=dist.ReduceOp.MAX)
            return t[0].item(), t[1].item() > 0
    else:
        def agree(elapsed, stop):
            return elapsed, stop

    stop = {"signal": None}

    def on_signal(sig, _frame):
        stop["signal"] = signal.Signals(sig).name

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    dev_name = torch.cuda.get_device_name(device) if device.type == "cuda" else f"cpu ({torch.get_num_threads()} threads)"
    print_ = print if main_rank else (lambda *args, **kw: None)
    if world > 1:
        print_(f"DDP: {world} ranks ({backend}), {shards} data shards of ~{n_images // shards:,} images, "
            f"{per_shard} per rank per step")
    print_(f"model {a.model}: {n_params:,} params, input {list(mod.INPUT_SHAPE)}; data {a.data}: {n_images:,} images; "
          f"device {dev_name}; torch {torch.__version__}")
    if classes:
        print_(f"class-conditional: {classes} classes + the null id {classes}, label dropout {a.label_dropout:g}; "
              f"per class {np.bincount(labels, minlength=classes).tolist()}")
    print_(f"steps {a.steps}, batch {a.batch}, AdamW lr {a.lr:g} wd {a.weight_decay:g}, warm-up {a.warmup}, cosine, "
          f"EMA {a.ema}, clip {a.grad_clip:g}, upconv {upconv_mode}, amp {a.amp}"
          + (f", at most {a.max_minutes:g} min" if a.max_minutes else ""), flush=True)

    recipe_path = os.path.splitext(a.out)[0] + ".recipe.json"
    with open(a.model, "rb") as f:
        model_sha = hashlib.sha256(f.read()).hexdigest()
    history = []
    limit_s = a.max_minutes * 60 if a.max_minutes else None

    def save(step, elapsed, final_loss, reason):
        final_loss = None if math.isnan(final_loss) else round(final_loss, 6)
        state = ema.state_dict()
        assert list(state.keys()) == names
        meta = {"format": "pt", "kiln_train_steps": step, "kiln_train_loss": str(final_loss)}
        size = write_safetensors(a.out, [(k, state[k]) for k in names], meta)
        recipe = {
            "weights": os.path.basename(a.out),
            "model": os.path.basename(a.model),
            "model_sha256": model_sha,
            "input_shape": list(mod.INPUT_SHAPE),
            "params": n_params,
            "data": os.path.basename(a.data.rstrip("/")),
            "images": n_images,
            "world_size": world,
            "data_shards": shards,
            **({"backend": backend} if backend else {}),
            "objective": "epsilon MSE; DDPM T=1000, linear betas 1e-4..0.02 (diffusers DDPMScheduler defaults)",
            "optimizer": {"name": "AdamW", "lr": a.lr, "betas": [0.9, 0.999], "weight_decay": a.weight_decay,
                          "warmup_steps": a.warmup, "decay": "cosine to 0", "grad_clip": a.grad_clip},
            "ema": a.ema,
            **({"init_from": init_from} if init_from else {}),
            **({"classes": classes, "null_label": classes, "label_dropout": a.label_dropout,
                "class_lr_mult": a.class_lr_mult, "guidance": a.guidance} if classes else {}),
            "batch": a.batch,
            "steps_planned": a.steps,
            "steps_done": step,
            "samples_seen": step * a.batch,
            "stopped_by": reason,
            "max_minutes": a.max_minutes,
            "seed": a.seed,
            "train_seconds": round(elapsed, 1),
            "it_per_s": round(step / elapsed, 2) if elapsed > 0 else None,
            "final_loss": final_loss,
            "loss_history": history,
            "device": dev_name,
            "torch": torch.__version__,
            "python": platform.python_version(),
            "upconv": upconv_mode,
            "amp": a.amp,
            "compile": a.compile,
            "plain": a.plain,
            "fused_adamw": fused,
        }
        tmp = recipe_path + f".tmp{os.getpid()}"
        with open(tmp, "w") as f:
            json.dump(recipe, f, indent=1)
            f.write("\n")
        os.replace(tmp, recipe_path)
        return size

    loss_sum = torch.zeros((), device=device)
    loss_n = 0
    last_loss = float("nan")
    start = time.time()
    window_start, window_step = start, 0
    step = 0
    reason = "steps"
    while step < a.steps:
        elapsed, stopped = agree(time.time() - start, stop["signal"])
        if stopped:
            reason = stop["signal"] or "SIGTERM on another rank"
            break
        if limit_s is not None and elapsed >= limit_s:
            reason = "max-minutes"
            break
        progress = (step - a.warmup) / max(1, a.steps - a.warmup)
        if limit_s is not None:
            progress = max(progress, elapsed / limit_s)
        lr = lr_at(step, progress, a.lr, a.warmup)
        for g in opt.param_groups:
            g["lr"] = lr * g["mult"]

        x0s, ts, epss, labs = [], [], [], []
        for k in mine:  # each shard's part of the global batch, from its own generator
            gen = gens[k]
            idx = torch.randint(0, shard_images[k].shape[0], (per_shard,), device=device, generator=gen)
            x0s.append(shard_images[k][idx].float().mul_(2.0 / 255.0).sub_(1.0))
            ts.append(torch.randint(0, T, (per_shard,), device=device, generator=gen))
            epss.append(torch.randn(x0s[-1].shape, device=device, generator=gen))
            if classes:
                drop = torch.rand((per_shard,), device=device, generator=gen) < a.label_dropout
                labs.append(torch.where(drop, torch.full_like(idx, classes), shard_labels[k][idx]))
        x0, t, eps = torch.cat(x0s), torch.cat(ts), torch.cat(epss)
        ab = abar[t].view(-1, 1, 1, 1)
        xt = ab.sqrt() * x0 + (1.0 - ab).sqrt() * eps
        cond = (torch.cat(labs),) if classes else ()
        if a.amp == "bf16":
            with torch.autocast("cuda", dtype=torch.bfloat16):
                pred = fwd(xt, t.float(), *cond)
            loss = F.mse_loss(pred.float(), eps)
        else:
            loss = F.mse_loss(fwd(xt, t.float(), *cond), eps)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if a.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(params, a.grad_clip)
        opt.step()
        step += 1
        d = min(a.ema, (1.0 + step) / (10.0 + step))
        with torch.no_grad():
            torch._foreach_mul_(ema_params, d)
            torch._foreach_add_(ema_params, params, alpha=1.0 - d)
        loss_sum += loss.detach()
        loss_n += 1

        if step % a.log_every == 0 or step == a.steps:
            if world > 1:  # the global batch's loss: the mean over ranks
                dist.all_reduce(loss_sum)
                loss_sum /= world
            last_loss = (loss_sum / loss_n).item()  # the only host sync in the loop
            loss_sum.zero_()
            loss_n = 0
            now = time.time()
            rate = (step - window_step) / max(now - window_start, 1e-9)
            window_start, window_step = now, step
            elapsed = now - start
            eta = (a.steps - step) / max(rate, 1e-9)
            if limit_s is not None:
                eta = min(eta, max(0.0, limit_s - elapsed))
            history.append([step, round(last_loss, 5)])
            print_(f"step {step:>6}/{a.steps}  loss {last_loss:.4f}  lr {lr:.2e}  {rate:6.1f} it/s  "
                  f"{rate * a.batch:8.0f} img/s  elapsed {fmt_time(elapsed)}  ETA {fmt_time(eta)}", flush=True)
        if step % a.checkpoint_every == 0 and step < a.steps and main_rank:
            save(step, time.time() - start, last_loss, "checkpoint")

    if loss_n:
        if world > 1:
            dist.all_reduce(loss_sum)
            loss_sum /= world
        last_loss = (loss_sum / loss_n).item()
        history.append([step, round(last_loss, 5)])
    elapsed = time.time() - start
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()
    if not main_rank:
        return
    size = save(step, elapsed, last_loss, reason)
    print(f"done: {step} steps ({reason}) in {fmt_time(elapsed)} ({step / max(elapsed, 1e-9):.1f} it/s), "
          f"final loss {last_loss:.4f}; wrote {a.out} ({size:,} bytes) and {recipe_path}", flush=True)


def main(argv=None):
    try:
        train(parse_args(argv))
    except UserError as e:
        print(f"train: error: {e}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
