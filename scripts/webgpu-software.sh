#!/usr/bin/env bash
# Provide a software WebGPU adapter for gpu.js's WebGPU mode (Dawn) on a machine without a GPU,
# and print the environment to use as `export` lines on stdout (diagnostics go to stderr):
#
#   eval "$(scripts/webgpu-software.sh)"
#
# Route: Dawn's OpenGL ES backend on the machine's own Mesa (llvmpipe), headless through EGL's
# surfaceless platform: LSM_SER_DAWN_FLAGS=backend=opengles, EGL_PLATFORM=surfaceless (the
# gpu backend then requests a 'compatibility' feature-level adapter; src/lsm/backends/webgpu-dawn.ts).
# Needs Debian's libegl1 + libegl-mesa0 + libgles2 + libgl1-mesa-dri; when they are missing and
# we are root, they are installed with apt-get (apt-get update first). Exits 1 with the reason
# when no adapter can be created. The adapter is a software one: results are labelled
# 'gpu-software', never reported as a GPU result.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=/usr/lib/x86_64-linux-gnu
need=()
[ -e "$lib/libEGL.so.1" ] || need+=(libegl1)
[ -e "$lib/libEGL_mesa.so.0" ] || need+=(libegl-mesa0)
[ -e "$lib/libGLESv2.so.2" ] || need+=(libgles2)
[ -e "$lib/dri/swrast_dri.so" ] || need+=(libgl1-mesa-dri)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "webgpu-software: installing ${need[*]} (Mesa EGL / GLES)" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  else
    echo "webgpu-software: missing Mesa EGL/GLES libraries (${need[*]}); install them (apt-get install ${need[*]})" >&2
    exit 1
  fi
fi
export EGL_PLATFORM=surfaceless LSM_SER_DAWN_FLAGS=backend=opengles
# Check that an adapter answers (the same request the gpu backend makes).
if ! info=$(node --input-type=module -e "
  const { create } = await import('webgpu');
  const a = await create(['backend=opengles']).requestAdapter({ featureLevel: 'compatibility' });
  if (!a) { console.error('no adapter'); process.exit(1); }
  console.log([a.info.vendor, a.info.device, a.info.description].filter(Boolean).join(' / '));
  process.exit(0);
" 2>/dev/null); then
  echo "webgpu-software: Dawn's OpenGL ES backend gave no adapter (EGL_PLATFORM=surfaceless)" >&2
  exit 1
fi
echo "webgpu-software: software adapter: $info" >&2
echo "export EGL_PLATFORM=surfaceless"
echo "export LSM_SER_DAWN_FLAGS=backend=opengles"
