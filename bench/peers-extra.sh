#!/usr/bin/env bash
# Adapter for ../shared/peers/run_all.py --extra: exports the netgen network for (N, DT) once
# (Debian's /usr/bin/python3 + numpy) into a cache folder, then times lsm-ser on it.
#   bash bench/peers-extra.sh N DT [f64|f32] [wasm|js]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
peers="${LSM_SER_PEERS:-$repo/../shared/peers}"
N="$1"; DT="$2"; PREC="${3:-f64}"; KERNEL="${4:-wasm}"
cache="${LSM_SER_NETGEN_CACHE:-${TMPDIR:-/tmp}/lsm-ser-netgen}"
dir="$cache/n${N}_dt${DT}"
if [ ! -f "$dir/meta.json" ]; then
  /usr/bin/python3 "$peers/netgen.py" "$N" "$DT" "$dir" >/dev/null
fi
node "$repo/bin/lsm-ser.js" simulate --network "$dir" --precision "$PREC" --kernel "$KERNEL" --json
