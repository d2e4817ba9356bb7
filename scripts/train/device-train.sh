#!/usr/bin/env bash
# Train the digits model on one CUDA GPU in under 5 minutes of wall time, then sample a preview.
#
#   bash scripts/train/device-train.sh            # from the repo root
#
# Needs: python3 with torch (CUDA), numpy, pillow; the dataset .data/digits-50k.npz (ignored by
# git: make it with scripts/data/render_digits.py and carry it); scripts/train/digits_model.py
# (committed, `kiln emit-torch specs/digits.json`). No network, no Node.
# Writes to $OUT (default out/device-train): digits.safetensors (EMA weights, checkpointed every
# 1000 steps so a kill still leaves weights), digits.recipe.json, preview.png (DDIM 50, 4x4),
# preview-seed1.png, train.log, env.txt.
#
# Time box: training stops at TRAIN_MINUTES (default 3.25) or STEPS (default 20000), whichever
# comes first, and its cosine decay follows whichever runs out first; `timeout` backs it with a
# SIGTERM (the trainer saves on SIGTERM) 45 s later. If train.py fails before its first
# checkpoint it is retried once with --plain (no fused AdamW / TF32 / cudnn.benchmark).
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT="${OUT:-out/device-train}"
DATA="${DATA:-.data/digits-50k.npz}"
MODEL="${MODEL:-scripts/train/digits_model.py}"
STEPS="${STEPS:-20000}"
BATCH="${BATCH:-256}"
LR="${LR:-1e-3}"
TRAIN_MINUTES="${TRAIN_MINUTES:-3.25}"
EXTRA="${EXTRA:-}" # e.g. EXTRA="--amp bf16" or "--compile"
PY="${PY:-python3}"
mkdir -p "$OUT"
# This run's outputs replace a previous run's (the weights' presence is how a failure is told).
rm -f "$OUT/digits.safetensors" "$OUT/digits.recipe.json" "$OUT/train.log"
export PYTHONDONTWRITEBYTECODE=1

if [ ! -f "$DATA" ]; then
  echo "device-train: error: $DATA: missing (render it with scripts/data/render_digits.py and carry .data)" >&2
  exit 2
fi

t0=$(date +%s)
{
  date -u
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 || true
  "$PY" -c 'import torch, numpy, PIL; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available(), "numpy", numpy.__version__, "pillow", PIL.__version__)'
  nproc
} >"$OUT/env.txt" 2>&1
cat "$OUT/env.txt"

# train MINUTES [extra flags...]: the time-boxed run, backed by a SIGTERM 45 s after its box.
train() {
  local minutes=$1
  shift
  local limit_s
  limit_s=$("$PY" -c "print(int(float('$minutes') * 60 + 45))")
  # shellcheck disable=SC2086
  timeout --signal=TERM --kill-after=15 "$limit_s" "$PY" scripts/train/train.py \
    --model "$MODEL" --data "$DATA" --out "$OUT/digits.safetensors" \
    --steps "$STEPS" --batch "$BATCH" --lr "$LR" --ema 0.999 --seed 0 \
    --max-minutes "$minutes" --checkpoint-every 1000 --log-every 500 $EXTRA "$@" 2>&1 | tee -a "$OUT/train.log"
  return "${PIPESTATUS[0]}"
}

set +e
train "$TRAIN_MINUTES"
rc=$?
if [ "$rc" != 0 ] && [ ! -f "$OUT/digits.safetensors" ]; then
  # A failure before the first checkpoint: most likely one of the CUDA speed-ups on an untried
  # torch. Try once more without them, in what is left of a 4-minute training budget.
  left=$("$PY" -c "print(f'{(240 - 45 - $(($(date +%s) - t0))) / 60:.2f}')")
  echo "device-train: train.py failed (exit $rc) with no weights; retrying with --plain for $left min" | tee -a "$OUT/train.log"
  if "$PY" -c "import sys; sys.exit(0 if $left >= 0.5 else 1)"; then
    train "$left" --plain
    rc=$?
  fi
fi
set -e
echo "train.py exit $rc after $(($(date +%s) - t0)) s" | tee -a "$OUT/train.log"
if [ ! -f "$OUT/digits.safetensors" ]; then
  echo "device-train: error: no weights were written" >&2
  exit 1
fi

for seed in 0 1; do
  name=preview.png
  [ "$seed" = 0 ] || name="preview-seed$seed.png"
  timeout 120 "$PY" scripts/train/sample_preview.py --model "$MODEL" --weights "$OUT/digits.safetensors" \
    --out "$OUT/$name" --steps 50 --seed "$seed" 2>&1 | tee -a "$OUT/train.log" ||
    echo "device-train: preview with seed $seed failed" | tee -a "$OUT/train.log"
done
rm -f "$OUT"/*.tmp*
echo "device-train: done in $(($(date +%s) - t0)) s; files in $OUT:" | tee -a "$OUT/train.log"
ls -l "$OUT"
# Weights exist: a time-boxed stop (SIGTERM from timeout, exit 124) is still a result.
echo "device-train: train.py exit $rc"
