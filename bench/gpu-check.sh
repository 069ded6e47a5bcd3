#!/usr/bin/env bash
# GPU check for a Linux x86-64 server with an NVIDIA GPU and nothing installed beyond its driver
# (and Node >= 20: set NODE=/path/to/node when it is not on PATH; `cp "$(command -v node)" .gl/node`
# here carries one along). Everything else travels in the ignored folder .gl/, prepared here:
#
#   bench/gpu-check.sh --pack          # on this machine (needs node_modules and apt-get):
#     .gl/deb/libvulkan1_*.deb         #   Debian's Vulkan loader (apt-get download libvulkan1)
#     .gl/dawn.node                    #   the linux-x64 dawn.node alone (~21 MB) from the webgpu package
#     .gl/gpu-check.mjs, .gl/gpu-bench.mjs  # bench/gpu-check.ts and bench/gpu.ts bundled (esbuild; gpu.js inside)
#
#   bench/gpu-check.sh OUTDIR          # on the server, in a copy of this repository with .gl/
#
# The run: unpacks the Vulkan loader when the system has none, points the loader at the NVIDIA
# ICD (nvidia_icd.json), loads dawn.node from .gl/ (LSM_SER_DAWN_NODE), prints the adapter, runs
# the equivalence check (bench/gpu-check.ts: WebGPU kernels vs the CPU backend and a float64 loop,
# 1 / 64 / 1024 lanes, within 1 %) and the sweep (bench/gpu.ts: lanes x N, CPU and WebGPU), and
# writes adapter.txt, equivalence.{txt,json}, gpu-bench.{txt,json} under OUTDIR. Time limits:
# 150 s + 300 s for the two parts (< 8 min in all). Exits 1 when the equivalence check fails.
# Environment already set (e.g. by `eval "$(scripts/webgpu-software.sh)"` for a dry run on a
# machine without a GPU) is kept; LSM_SER_DAWN_FLAGS selects Dawn's backend. GPU_CHECK_LANES
# (default 1,64,1024) and GPU_BENCH_ARGS (e.g. --quick) shrink the two parts for a dry run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
gl=$root/.gl

if [ "${1:-}" = "--pack" ]; then
  mkdir -p "$gl/deb"
  if ! ls "$gl"/deb/libvulkan1_*_amd64.deb >/dev/null 2>&1; then
    (cd "$gl/deb" && (apt-get download libvulkan1:amd64 2>/dev/null || { apt-get update -qq && apt-get download libvulkan1:amd64; }))
  fi
  cp node_modules/webgpu/dist/linux-x64/dawn.node "$gl/dawn.node"
  banner="import { createRequire as __lsmCreateRequire } from 'node:module'; const require = __lsmCreateRequire(import.meta.url);"
  for entry in gpu-check gpu; do
    out=$([ "$entry" = gpu ] && echo gpu-bench || echo gpu-check)
    node_modules/.bin/esbuild "bench/$entry.ts" --bundle --platform=node --format=esm --target=node20 \
      --external:webgpu --external:gl --log-level=error --banner:js="$banner" --outfile="$gl/$out.mjs"
  done
  ls -la "$gl" "$gl/deb" >&2
  du -sh "$gl" >&2
  exit 0
fi

out=${1:?usage: bench/gpu-check.sh OUTDIR   (prepare first: bench/gpu-check.sh --pack)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
for f in "$gl/dawn.node" "$gl/gpu-check.mjs" "$gl/gpu-bench.mjs"; do
  [ -e "$f" ] || { echo "gpu-check: $f missing: run bench/gpu-check.sh --pack first (on a machine with node_modules)" >&2; exit 2; }
done
NODE=${NODE:-$( [ -x "$gl/node" ] && echo "$gl/node" || command -v node || true)}
[ -n "$NODE" ] || { echo "gpu-check: no node (Node >= 20) found: set NODE or put one at .gl/node" >&2; exit 2; }
t0=$(date +%s)

# Vulkan loader: the system's, else Debian's libvulkan1 unpacked from .gl/deb.
if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; then
  deb=$(ls "$gl"/deb/libvulkan1_*_amd64.deb 2>/dev/null | head -1 || true)
  if [ -n "$deb" ]; then
    rm -rf "$gl/root" && mkdir -p "$gl/root"
    if command -v dpkg-deb >/dev/null; then dpkg-deb -x "$deb" "$gl/root"
    else (cd "$gl/root" && ar x "$deb" && tar -xf data.tar.* && rm -f data.tar.* control.tar.* debian-binary); fi
    export LD_LIBRARY_PATH="$gl/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "gpu-check: Vulkan loader from $(basename "$deb")" >&2
  else
    echo "gpu-check: no libvulkan.so.1 on the system and none in .gl/deb" >&2
  fi
fi
# The NVIDIA driver's Vulkan ICD (the loader's default search may miss it on a bare server).
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json /usr/local/share/vulkan/icd.d/nvidia_icd.json; do
    if [ -e "$icd" ]; then export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd; echo "gpu-check: Vulkan ICD $icd" >&2; break; fi
  done
fi
export LSM_SER_DAWN_NODE="$gl/dawn.node"

{
  echo "date: $(date -u +%FT%TZ)"; echo "host: $(uname -srm)"; echo "node: $("$NODE" --version)"
  echo "cpus: $(nproc)"; echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "LSM_SER_DAWN_FLAGS=${LSM_SER_DAWN_FLAGS:-} EGL_PLATFORM=${EGL_PLATFORM:-} VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi: not found"
} | tee "$out/adapter.txt"

rc=0
set +e
timeout 150 "$NODE" "$gl/gpu-check.mjs" --lanes "${GPU_CHECK_LANES:-1,64,1024}" --json "$out/equivalence.json" 2>&1 | grep --line-buffered -v 'artificially reduced' | tee "$out/equivalence.txt"
[ "${PIPESTATUS[0]}" = 0 ] || rc=1
timeout 300 "$NODE" "$gl/gpu-bench.mjs" --budget 40 --max-total 240 ${GPU_BENCH_ARGS:-} --json "$out/gpu-bench.json" 2>&1 | grep --line-buffered -v 'artificially reduced' | tee "$out/gpu-bench.txt"
set -e
echo "gpu-check: done in $(( $(date +%s) - t0 )) s; results in $out (equivalence $([ $rc = 0 ] && echo passed || echo FAILED))"
exit $rc
