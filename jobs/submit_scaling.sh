#!/usr/bin/env bash
# Submits a scaling sweep: one job per rank count (default 1 2 4), each on one node, one after the
# other (--dependency=singleton: runs of the sweep never share the node, so timings do not mix). A
# rank count above the node's CPUs is submitted with --overcommit (ranks share cores) and marked
# "oversubscribed": true in its record.
#
# Usage: jobs/submit_scaling.sh [strong|weak|both] [--wait]
#   --wait: wait until every job has ended; exit 1 if one failed; print the records
# Environment: LENSGEN_SCALING_RANKS (default "1 2 4"), LENSGEN_SBATCH_FLAGS (more sbatch flags,
#   e.g. "-p gpu --gpus-per-task=1"), LENSGEN_NODE_CPUS (default: the largest node in sinfo), and
#   everything jobs/scaling_run.sh reads (LENSGEN_SCALING_RESULTS, LENSGEN_SAMPLES, ...), which
#   sbatch passes on to the jobs.
set -euo pipefail

jobs_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kinds=strong
wait_jobs=0
for a in "$@"; do
  case "$a" in
    strong | weak) kinds=$a ;;
    both) kinds="strong weak" ;;
    --wait) wait_jobs=1 ;;
    *)
      sed -n '2,13p' "${BASH_SOURCE[0]}"
      exit 2
      ;;
  esac
done

export LENSGEN_JOBS_DIR=$jobs_dir
node_cpus=${LENSGEN_NODE_CPUS:-$(sinfo -h -o %c | tr -d '+' | sort -n | tail -1)}
read -r -a more <<<"${LENSGEN_SBATCH_FLAGS:-}"
ids=()
for kind in $kinds; do
  for n in ${LENSGEN_SCALING_RANKS:-1 2 4}; do
    flags=(--parsable --ntasks="$n" --nodes=1 --exclusive --job-name=lensgen-scaling --dependency=singleton)
    note=""
    if [ "$n" -gt "$node_cpus" ]; then
      flags+=(--overcommit)
      note=" (oversubscribed: $node_cpus CPUs)"
    fi
    id=$(sbatch "${flags[@]}" "${more[@]}" "$jobs_dir/scaling_$kind.sbatch")
    id=${id%%;*}
    ids+=("$id")
    echo "submitted $kind scaling with $n ranks: job $id$note"
  done
done

[ "$wait_jobs" = 1 ] || exit 0
while [ -n "$(squeue -h -j "$(IFS=,; echo "${ids[*]}")" -o %A 2>/dev/null)" ]; do
  sleep 1
done
failed=0
for id in "${ids[@]}"; do
  info=$(scontrol show job -o "$id" 2>/dev/null || true)
  state=$(sed -n 's/.*JobState=\([^ ]*\).*/\1/p' <<<"$info")
  code=$(sed -n 's/.* ExitCode=\([^ ]*\).*/\1/p' <<<"$info")
  echo "job $id: ${state:-unknown (no longer known to slurmctld)} exit ${code:-?}"
  [ "$state" = COMPLETED ] || failed=1
done
results=${LENSGEN_SCALING_RESULTS:-scaling.jsonl}
[ -f "$results" ] && tail -n "${#ids[@]}" "$results"
exit "$failed"
