#!/usr/bin/env bash
# A single-node Slurm cluster on this machine (Debian's slurm-wlm and munge; run as root), used to
# try the scale-out path (docs/guide/cluster.md) for real: an experiment and a comparison are each run as a
# Slurm job array of shards (sbatch --array ... --shard $SLURM_ARRAY_TASK_ID/N), merged, and the
# merged results are checked identical to a one-process run. Everything lives under a temporary
# folder; the daemons this script starts are stopped at the end (by their pids).
#
#   sudo scripts/slurm-local.sh [--shards 3] [--keep]     (from the repository root, after npm run build)
#
# Prints one line per check and "slurm-local: OK" at the end (exit 0), or the first difference (exit 1).
set -euo pipefail
SHARDS=3
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) SHARDS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "slurm-local: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "slurm-local: run as root (apt-get, munged, slurmctld, slurmd)" >&2; exit 2; }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
[ -f "$ROOT/dist/cli/main.js" ] || { echo "slurm-local: $ROOT/dist is missing: run npm run build first" >&2; exit 2; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi
T0=$(date +%s)
WORK="$(mktemp -d /tmp/slurm-local.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ "$KEEP" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
HOST="$(hostname -s)"
CPUS=$(nproc)
mkdir -p "$WORK"/{etc,state,spool,log,munge,run}
chmod 700 "$WORK/munge"

# munge: a fresh key and a daemon of our own (its own socket)
dd if=/dev/urandom bs=1 count=1024 of="$WORK/munge/munge.key" status=none
chmod 400 "$WORK/munge/munge.key"
MUNGE_SOCKET="$WORK/run/munge.socket"
munged --key-file="$WORK/munge/munge.key" --socket="$MUNGE_SOCKET" --pid-file="$WORK/run/munged.pid" --log-file="$WORK/log/munged.log" --seed-file="$WORK/munge/seed" -f
for _ in $(seq 50); do [ -f "$WORK/run/munged.pid" ] && break; sleep 0.1; done
PIDS+=("$(cat "$WORK/run/munged.pid")")

# slurm.conf: one node with every CPU, one partition
export SLURM_CONF="$WORK/etc/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=lsmser
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$HOST CPUs=$CPUS State=UNKNOWN
PartitionName=local Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF" -i
for _ in $(seq 100); do [ -f "$WORK/run/slurmctld.pid" ] && break; sleep 0.2; done
PIDS+=("$(cat "$WORK/run/slurmctld.pid")")
slurmd -f "$SLURM_CONF" || { echo "slurm-local: slurmd did not start:" >&2; tail -5 "$WORK/log/slurmd.log" >&2; exit 1; }
for _ in $(seq 100); do [ -f "$WORK/run/slurmd.pid" ] && break; sleep 0.2; done
PIDS+=("$(cat "$WORK/run/slurmd.pid")")
for _ in $(seq 100); do sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && break; sleep 0.3; done
echo "slurm-local: cluster up: $(sinfo -h -o '%P %D nodes %c CPUs %t')"

# data and configs: the built-in synthetic corpus, a small LSM
LSM="node $ROOT/bin/lsm-ser.js"
$LSM synth --out "$WORK/data/synth" --speakers 4 --per-class 3 --seed 2 --json >/dev/null
cat > "$WORK/exp.yaml" <<YAML
version: 1
name: slurm-exp
seeds: [1, 2]
dataset: { name: synth, path: $WORK/data/synth }
protocol: loso
lsm: { reservoirs: { excitation: { grid: [3, 3, 5] }, tract: { grid: [3, 3, 5] } }, readout: { pca: 8, C: [1, 10] }, simulation: { workers: 1 } }
YAML
cat > "$WORK/cmp.yaml" <<YAML
version: 1
name: slurm-cmp
seeds: [1]
dataset: { name: synth, path: $WORK/data/synth }
protocol: loso
models: [lsm, mfcc-svm, elm]
lsm: { reservoirs: { excitation: { grid: [3, 3, 5] }, tract: { grid: [3, 3, 5] } }, readout: { pca: 8, C: [1, 10] }, simulation: { workers: 1 } }
noise: false
YAML

# one-process references (their own cache)
$LSM run "$WORK/exp.yaml" --out "$WORK/one" --cache "$WORK/cache-one" --json >/dev/null
$LSM compare "$WORK/cmp.yaml" --out "$WORK/one" --cache "$WORK/cache-one" --json >/dev/null

# the array jobs of docs/guide/cluster.md (a shared cache), then the merges
LAST=$((SHARDS - 1))
J1=$(sbatch --parsable --array=0-$LAST -o "$WORK/log/exp-%a.out" --wrap "$LSM run $WORK/exp.yaml --shard \$SLURM_ARRAY_TASK_ID/$SHARDS --out $WORK/sharded --cache $WORK/cache-shared")
J2=$(sbatch --parsable --array=0-$LAST -o "$WORK/log/cmp-%a.out" --wrap "$LSM compare $WORK/cmp.yaml --shard \$SLURM_ARRAY_TASK_ID/$SHARDS --out $WORK/sharded --cache $WORK/cache-shared")
echo "slurm-local: submitted array jobs $J1 (run) and $J2 (compare), $SHARDS tasks each"
for _ in $(seq 1800); do [ -z "$(squeue -h -j "$J1,$J2" 2>/dev/null)" ] && break; sleep 1; done
for f in "$WORK"/log/*.out; do if grep -q "lsm-ser:" "$f"; then echo "slurm-local: a task failed: $f" >&2; cat "$f" >&2; exit 1; fi; done
$LSM run "$WORK/exp.yaml" --out "$WORK/sharded" --cache "$WORK/cache-shared" --json > "$WORK/merge-exp.json"
$LSM compare "$WORK/cmp.yaml" --out "$WORK/sharded" --cache "$WORK/cache-shared" --json > "$WORK/merge-cmp.json"

# identical results: every fold line (times excluded), the summaries' metrics and confusions
node --input-type=module - "$WORK" <<'JS'
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
const work = process.argv[2];
// measured times (trainSeconds, inferMsPerUtterance, inferTiming cold/warm, ...) and where/who ran are not results
const strip = (o) => JSON.parse(JSON.stringify(o, (k, v) => (/Seconds$|MsPer|Timing$|^seconds$|^wall|^provenance$|^dir$|^recomputedFolds$|^backend$/.test(k) ? undefined : v)));
const lines = (p) => readFileSync(p, 'utf8').trim().split('\n').map((l) => strip(JSON.parse(l))).map((o) => JSON.stringify(o)).sort();
let bad = 0;
const same = (what, a, b) => {
  const ok = JSON.stringify(a) === JSON.stringify(b);
  console.log(`slurm-local: ${ok ? 'identical' : 'DIFFERENT'}: ${what}`);
  if (!ok) bad++;
};
for (const seed of readdirSync(join(work, 'one', 'slurm-exp')).filter((d) => /^\d+$/.test(d))) same(`run, seed ${seed}: folds.jsonl`, lines(join(work, 'one', 'slurm-exp', seed, 'folds.jsonl')), lines(join(work, 'sharded', 'slurm-exp', seed, 'folds.jsonl')));
const sum = (d) => { const s = JSON.parse(readFileSync(join(work, d, 'slurm-exp', 'summary.json'), 'utf8')); return strip({ uar: s.uar, wa: s.wa, macroF1: s.macroF1, confusion: s.confusion, folds: s.folds, partial: s.partial }); };
same('run: summary (UAR, WA, macro-F1, confusion, partial: false)', sum('one'), sum('sharded'));
// a compare merges its shards' files when it reports (results.jsonl and results.shard-i-of-n.jsonl)
const results = (d) => [...new Set(readdirSync(join(work, d, 'slurm-cmp')).filter((f) => /^results(\.shard-\d+-of-\d+)?\.jsonl$/.test(f)).flatMap((f) => lines(join(work, d, 'slurm-cmp', f))))].sort();
same('compare: result lines (all shards)', results('one'), results('sharded'));
const cmp = (d) => strip(JSON.parse(readFileSync(join(work, d, 'slurm-cmp', 'compare.json'), 'utf8')));
same('compare: compare.json', cmp('one'), cmp('sharded'));
process.exit(bad ? 1 : 0);
JS
echo "slurm-local: $(ls "$WORK"/log/*-*.out | wc -l) array tasks ran; wall $(( $(date +%s) - T0 )) s"
echo "slurm-local: OK"
