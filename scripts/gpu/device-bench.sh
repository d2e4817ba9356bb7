#!/usr/bin/env bash
# Runs ON the GPU machine (no network, no node; root; python3), from the repo root, with the
# .gpu/ folder that scripts/gpu/pack.sh filled carried along:
#
#   OUT=/some/dir bash scripts/gpu/device-bench.sh
#
# Installs the Vulkan loader and GL dispatch libraries from .gpu/debs (dpkg -x into /, then
# ldconfig; skipped with KILN_GPU_SKIP_SYSTEM=1, for a local rehearsal on lavapipe), points the
# Vulkan loader at the NVIDIA driver when it does not find one by itself, unpacks node and
# dawn.node, and runs .gpu/bench.mjs: adapter, FMA peak, then Kiln --target gpu, Kiln
# --target cpu and ORT-Web (WebGPU EP) on S and M at batch 1 and 16, each output checked
# against the lavapipe output computed at pack time. Writes $OUT/log.txt and $OUT/result.json.
# Every case is fail-soft, and result.json is rewritten after each runner.
set -uo pipefail
cd "$(dirname "$0")/../.." 2>/dev/null || true
OUT=${OUT:?set OUT to the folder for result.json and log.txt}
G=${KILN_GPU_DIR:-$PWD/.gpu}
mkdir -p "$OUT"
exec > >(tee "$OUT/log.txt") 2>&1
T0=$(date +%s)
say() { echo "device-bench [$(($(date +%s) - T0))s]: $*"; }

[ -f "$G/cases.json" ] || { say "error: $G/cases.json missing: run scripts/gpu/pack.sh first and carry .gpu"; exit 2; }
# Unpack into a copy: .gpu/ itself stays small (a local rehearsal would otherwise leave 140 MB
# of unpacked binaries in it, too much for the device tool to carry).
W=${KILN_GPU_WORK:-/tmp/kiln-gpu}
rm -rf "$W" && cp -r "$G" "$W" && G=$W

if [ -z "${KILN_GPU_SKIP_SYSTEM:-}" ]; then
  for f in "$G"/debs/*.deb; do dpkg -x "$f" / || say "warning: dpkg -x $f failed"; done
  ldconfig || say "warning: ldconfig failed"
  say "installed $(ls "$G"/debs | wc -l) packages: $(ls "$G"/debs | sed 's/_.*//' | tr '\n' ' ')"
fi
NV_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && [ -f "$NV_ICD" ] &&
  ! ls /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json >/dev/null 2>&1; then
  export VK_DRIVER_FILES=$NV_ICD
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  say "VK_DRIVER_FILES=$VK_DRIVER_FILES"
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader

# Unpack every .xz beside itself (python's lzma: xz itself may not be installed there).
python3 - "$G" <<'EOF' || { say "error: unpacking failed"; exit 1; }
import lzma, os, shutil, sys
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".xz"):
            src = os.path.join(root, f)
            dst = src[:-3]
            if not os.path.exists(dst):
                with lzma.open(src) as i, open(dst + ".tmp", "wb") as o:
                    shutil.copyfileobj(i, o, 1 << 20)
                os.replace(dst + ".tmp", dst)
EOF
chmod +x "$G/node"
say "node $("$G/node" --version), unpacked"

timeout "${KILN_GPU_TIMEOUT:-360}" "$G/node" "$G/bench.mjs" "$G" "$OUT" \
  --iters "${KILN_GPU_ITERS:-15}" --budget-s "${KILN_GPU_BUDGET_S:-270}"
rc=$?
say "bench exit code $rc; $OUT: $(ls "$OUT" | tr '\n' ' ')"
sleep 1 # let tee finish log.txt
exit $rc
