#!/bin/bash
# DDP check: the same few training steps as 2 CPU processes (torchrun, gloo) and as 1 process
# with the same 2 data shards, i.e. the same global batch; the weights must agree.
#
#   bash scripts/train/check_ddp.sh          # STEPS=6 BATCH=8 TOL=1e-4 to change
#
# Needs Debian's /usr/bin/python3 (torch with torch.distributed + gloo), numpy, pillow and the
# fonts render_digits.py uses; nothing else (no Node). Takes about a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
STEPS=${STEPS:-6}
BATCH=${BATCH:-8}
TOL=${TOL:-1e-4}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

$PY scripts/data/render_digits.py --count 256 --seed 5 --out "$WORK/digits.npz" > /dev/null
# --ema 0: the saved "EMA" is the weights themselves; one thread per process.
ARGS=(--model scripts/train/digits_cond_model.py --data "$WORK/digits.npz" --steps "$STEPS"
      --batch "$BATCH" --warmup 1 --ema 0 --threads 1 --device cpu --log-every 1
      --checkpoint-every 1000000 --data-shards 2)
echo "== 1 process, 2 data shards"
OMP_NUM_THREADS=1 $PY scripts/train/train.py "${ARGS[@]}" --out "$WORK/one.safetensors" | grep -E '^(step|done)'
echo "== torchrun --nproc_per_node 2 (DDP, gloo)"
# --redirects 1 --tee 1: torch 1.13's launcher on Python 3.11 cannot parse its own default "0"
# (Std.from_str returns None: 3.11 no longer iterates the zero member of an IntFlag), so rank
# stdout goes through its log files and is teed back, prefixed [default<rank>].
OMP_NUM_THREADS=1 $PY -m torch.distributed.run --standalone --nnodes 1 --nproc_per_node 2 \
  --redirects 1 --tee 1 \
  scripts/train/train.py "${ARGS[@]}" --out "$WORK/two.safetensors" 2>&1 | grep -E '^\[default0\]:(DDP|step|done)'
$PY - "$WORK/one.safetensors" "$WORK/two.safetensors" "$TOL" <<'PY'
import sys
sys.path.insert(0, "scripts/train")
import numpy as np
from safetensors_io import read_safetensors
one, two, tol = read_safetensors(sys.argv[1]), read_safetensors(sys.argv[2]), float(sys.argv[3])
assert list(one) == list(two), "different tensors"
diff = max(float(np.abs(np.asarray(one[k]) - np.asarray(two[k])).max()) for k in one)
scale = max(float(np.abs(np.asarray(one[k])).max()) for k in one)
print(f"max |w_1proc - w_ddp| = {diff:.3e} over {len(one)} tensors; max |w| = {scale:.3f}; "
      f"relative {diff / scale:.2e} (tolerance {tol:g})")
sys.exit(0 if diff <= tol * scale else 1)
PY
echo "DDP check passed"
