#!/bin/bash
# Screening driver of the round-12 gain search: every named candidate of bench/gain-configs/ on
# Emo-DB-2s LOSO and full-length Emo-DB LOSO, seed 1, LSM and its no-reservoir control.
#   bash bench/gain-screen.sh NAME [NAME ...]   (PROTOCOLS="emodb2s-loso emodb-loso" SEEDS=1 MODELS=lsm,control)
export LSM_SER_DATA=${LSM_SER_DATA:-/work/shared/data}
for name in "$@"; do
  for p in ${PROTOCOLS:-emodb2s-loso emodb-loso}; do
    # RAVDESS-16k: one of its two identical recordings kept (new file names: 719 utterances)
    extra=(); [ "$p" = ravdess-loso ] && extra=(--duplicates keep-first --out "bench/results/gain-ravdess719-loso-$name.json")
    nice -n 5 npx tsx bench/gain.ts --protocol "$p" --seeds "${SEEDS:-1}" --reps stats --models "${MODELS:-lsm,control}" \
      --config "bench/gain-configs/$name.yaml" --tag "$name" --resume "${extra[@]}" 2>&1 | grep -E '^\[|^\| lsm|^\| control|^\| input|^\| concat' | grep -v seconds
  done
done
