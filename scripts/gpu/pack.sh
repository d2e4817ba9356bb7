#!/usr/bin/env bash
# Fills .gpu/ (git-ignored) with everything scripts/gpu/device-bench.sh needs on a GPU machine
# that has no network and no node: the node binary and dawn.node (xz), ORT-Web's WebGPU build,
# the Vulkan loader and GL dispatch libraries as Debian packages, the benchmark bundled into one
# .mjs, and the prepared cases (bundles without weights, lavapipe reference outputs, ONNX
# models with external weights). Run it here, on lavapipe, from the repo root:
#
#   bash scripts/gpu/pack.sh                 # S and M at batch 1 and 16 (takes several minutes)
#   KILN_GPU_CONFIGS=S KILN_GPU_BATCHES=1 bash scripts/gpu/pack.sh    # a quick partial pack
#
# The device tool copies the working tree plus the carried .gpu/ (64 MiB in all), so the script
# prints both sizes and fails if .gpu/ would not fit beside the tree.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
G=$ROOT/.gpu
WORK=${KILN_GPU_WORK:-/tmp/kiln-gpu-pack}
CONFIGS=${KILN_GPU_CONFIGS:-S,M}
BATCHES=${KILN_GPU_BATCHES:-1,16}
LIMIT_MIB=64

rm -rf "$G" "$WORK"
mkdir -p "$G/debs" "$WORK"

step() { echo "pack: $*" >&2; }
# xz -9 with a cache keyed by content (node and dawn.node take minutes to compress).
CACHE=${KILN_GPU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kiln-gpu}
mkdir -p "$CACHE"
xzc() {
  local key
  key=$CACHE/$(sha256sum "$1" | cut -c1-24).xz
  [ -f "$key" ] || { xz -9 -T1 -c "$1" >"$key.tmp" && mv "$key.tmp" "$key"; }
  cp "$key" "$2"
}

step "prepare cases ($CONFIGS at batch $BATCHES) on lavapipe"
npx tsx scripts/gpu/prepare.ts "$G" "$WORK" --configs "$CONFIGS" --batches "$BATCHES"

step "bundle the device benchmark"
npx esbuild scripts/gpu/device-bench.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --external:onnxruntime-web --external:onnxruntime-web/webgpu \
  --log-level=warning --outfile="$G/bench.mjs" \
  --banner:js="process.argv[1] += '#bundled';"
# (The banner: a bundled module shares the entry's import.meta.url, so peak.ts's "run as a
# script" check would fire inside bench.mjs; changing argv[1] keeps it quiet.)

step "node $(node --version) (debug info stripped) and dawn.node (xz -9; takes a few minutes)"
NODE_BIN=$(readlink -f "$(command -v node)")
strip -o "$WORK/node" "$NODE_BIN" 2>/dev/null || cp "$NODE_BIN" "$WORK/node"
xzc "$WORK/node" "$G/node.xz" &
xz -9 -T1 "$G"/bundles/*/model.mjs
W=$G/node_modules/webgpu
mkdir -p "$W/dist/linux-x64"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$W/"
xzc node_modules/webgpu/dist/linux-x64/dawn.node "$W/dist/linux-x64/dawn.node.xz" &

step "onnxruntime-web (the WebGPU build and the asyncify wasm its WebGPU EP loads)"
O=$G/node_modules/onnxruntime-web
mkdir -p "$O/dist"
cp node_modules/onnxruntime-web/package.json "$O/"
for f in ort.webgpu.bundle.min.mjs ort-wasm-simd-threaded.asyncify.mjs; do
  cp "node_modules/onnxruntime-web/dist/$f" "$O/dist/"
done
: >"$O/dist/ort.webgpu.min.js" # only for require.resolve of the package; never loaded
xzc node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm "$O/dist/ort-wasm-simd-threaded.asyncify.wasm.xz" &

step "Vulkan loader and GL dispatch libraries (apt-get download)"
(cd "$G/debs" && apt-get download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 >/dev/null)

wait
rm -rf "$WORK"

gpu_mib=$(du -sm "$G" | cut -f1)
tree_mib=$(git ls-files -z | du -cm --files0-from=- | tail -1 | cut -f1)
step "$(du -sh "$G" | cut -f1) in .gpu/ ($(find "$G" -type f | wc -l) files); tracked tree ${tree_mib} MiB; together ${gpu_mib}+${tree_mib} of ${LIMIT_MIB} MiB"
du -sh "$G"/* "$G"/node_modules/* | sed 's/^/pack:   /' >&2
if [ $((gpu_mib + tree_mib)) -ge $((LIMIT_MIB - 2)) ]; then
  echo "pack: error: .gpu/ plus the tree is ${gpu_mib}+${tree_mib} MiB, over the device tool's ${LIMIT_MIB} MiB" >&2
  exit 1
fi
