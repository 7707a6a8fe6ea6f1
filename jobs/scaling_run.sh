# Shared body of jobs/scaling_strong.sbatch and jobs/scaling_weak.sbatch (sourced, not submitted):
# runs lensgen once on the job's tasks and appends one JSON line with the measurement to
# $LENSGEN_SCALING_RESULTS.
#
# Environment (paths relative to the job's working directory: the submit dir or sbatch --chdir):
#   LENSGEN_BIN, LENSGEN_OPTS, LENSGEN_EXTRA, LENSGEN_LAUNCHER (srun|mpirun), LENSGEN_SRUN_FLAGS,
#   LENSGEN_MPIRUN_FLAGS: as in jobs/production.sbatch
#   LENSGEN_SAMPLES           strong scaling: total samples, whatever the rank count   default 2048
#   LENSGEN_SAMPLES_PER_RANK  weak scaling: samples per rank                           default 1024
#   LENSGEN_SCALING_RESULTS   the JSON-lines file appended to          default scaling.jsonl
#   LENSGEN_SCALING_OUTPUT    the data file written (on a file system all nodes share; deleted
#                             afterwards unless LENSGEN_KEEP=1)        default lensgen-scaling-<job>.h5

# lg_scaling_run strong|weak: the measurement; returns lensgen's exit status.
lg_scaling_run() {
  local kind=$1
  local bin=${LENSGEN_BIN:-build/lensgen}
  local opts=${LENSGEN_OPTS:-inputs/quickstart.opts}
  local results=${LENSGEN_SCALING_RESULTS:-scaling.jsonl}
  local out=${LENSGEN_SCALING_OUTPUT:-lensgen-scaling-${SLURM_JOB_ID:-0}.h5}
  local launcher=${LENSGEN_LAUNCHER:-srun}
  local ranks=${SLURM_NTASKS:-1}
  local samples per_rank
  case "$kind" in
    strong)
      samples=${LENSGEN_SAMPLES:-2048}
      per_rank=$(awk -v n="$samples" -v r="$ranks" 'BEGIN {printf "%.1f", n / r}')
      ;;
    weak)
      per_rank=${LENSGEN_SAMPLES_PER_RANK:-1024}
      samples=$((per_rank * ranks))
      ;;
    *)
      echo "scaling: unknown kind '$kind' (strong or weak)" >&2
      return 2
      ;;
  esac
  [ -x "$bin" ] || { echo "scaling: LENSGEN_BIN=$bin is not an executable" >&2; return 2; }
  [ -r "$opts" ] || { echo "scaling: LENSGEN_OPTS=$opts is not readable" >&2; return 2; }

  # CPUs Slurm gave the job (SLURM_JOB_CPUS_PER_NODE is like "2(x3),1"): fewer than the ranks
  # means the ranks share cores (sbatch --overcommit), which the record says.
  local cpus
  cpus=$(echo "${SLURM_JOB_CPUS_PER_NODE:-$ranks}" | tr ',' '\n' |
    awk -F'[()x]+' '{n += $1 * ($2 == "" ? 1 : $2)} END {print n}')
  local oversub=false
  if [ "$ranks" -gt "$cpus" ]; then
    oversub=true
    # Open MPI busy-polls while it waits, so ranks sharing a core steal each other's time (4 ranks
    # on 2 CPUs here: 6.8 s busy-polling, 0.4 s yielding). Inside an --overcommit allocation
    # neither srun nor mpirun tells Open MPI that the node is oversubscribed: say it here.
    export OMPI_MCA_mpi_yield_when_idle=${OMPI_MCA_mpi_yield_when_idle:-1}
  fi

  local extra lflags cmd
  read -r -a extra <<<"${LENSGEN_EXTRA:-}"
  local args=(-options_file "$opts" -data_output "$out" -data_n "$samples" -data_overwrite
              -data_preview none "${extra[@]}")
  case "$launcher" in
    srun)
      read -r -a lflags <<<"${LENSGEN_SRUN_FLAGS---mpi=pmix}"
      cmd=(srun "${lflags[@]}" "$bin" "${args[@]}")
      ;;
    mpirun)
      read -r -a lflags <<<"${LENSGEN_MPIRUN_FLAGS:-}"
      if [ "$(id -u)" -eq 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
      [ "$oversub" = true ] && lflags+=(--oversubscribe)
      cmd=(mpirun -n "$ranks" "${lflags[@]}" "$bin" "${args[@]}")
      ;;
    *)
      echo "scaling: LENSGEN_LAUNCHER=$launcher: expected srun or mpirun" >&2
      return 2
      ;;
  esac

  echo "[scaling $kind] job ${SLURM_JOB_ID:-?}: $ranks ranks on $cpus CPUs ($(hostname -s)), $samples samples"
  echo "[scaling $kind] running: ${cmd[*]}"
  local log t0 t1 rc
  log=$(mktemp "${TMPDIR:-/tmp}/lensgen-scaling.XXXXXX")
  t0=$(date +%s.%N)
  "${cmd[@]}" >"$log" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  cat "$log"
  if [ "$rc" -ne 0 ]; then
    echo "[scaling $kind] lensgen failed with exit code $rc: no record written" >&2
    rm -f "$log"
    return "$rc"
  fi

  # lensgen's own wall time (file open to close, launch excluded) and phase maxima from its summary
  local wall render write backend commit
  wall=$(awk '$1 == "wall" && $2 == "time" {print $3; exit}' "$log")
  render=$(awk '$1 == "render" {print $2; exit}' "$log")
  write=$(awk '$1 == "write" {print $2; exit}' "$log")
  backend=$(awk '$1 == "ranks" {for (i = 1; i < NF; i++) if ($i == "backend") {print $(i + 1); exit}}' "$log")
  commit=$(h5dump -a /git_commit "$out" 2>/dev/null | sed -n 's/^ *(0): *"\(.*\)".*/\1/p')
  [ -n "$commit" ] || commit=$(grep -aoE '[0-9a-f]{40}(-dirty)?' "$bin" 2>/dev/null | head -1)
  local launch_wall
  launch_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
  [ -n "$wall" ] || wall=$launch_wall
  local line
  line=$(awk -v kind="$kind" -v ranks="$ranks" -v cpus="$cpus" -v oversub="$oversub" \
    -v samples="$samples" -v per_rank="$per_rank" -v wall="$wall" -v lwall="$launch_wall" \
    -v render="${render:-0}" -v write="${write:-0}" -v launcher="$launcher" -v backend="${backend:-unknown}" \
    -v commit="${commit:-unknown}" -v date="$(date -u +%FT%TZ)" -v host="$(hostname -s)" \
    -v nodes="${SLURM_JOB_NUM_NODES:-1}" -v job="${SLURM_JOB_ID:-}" -v opts="$opts" -v extra="${LENSGEN_EXTRA:-}" \
    'function q(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
     BEGIN {
       printf "{\"kind\": %s, \"ranks\": %d, \"cpus\": %d, \"oversubscribed\": %s, \"nodes\": %d, ", q(kind), ranks, cpus, oversub, nodes
       printf "\"samples\": %d, \"samples_per_rank\": %s, \"wall_s\": %.4f, \"samples_per_s\": %.2f, ", samples, per_rank, wall, samples / wall
       printf "\"launch_wall_s\": %.3f, \"render_max_s\": %.4f, \"write_max_s\": %.4f, ", lwall, render, write
       printf "\"launcher\": %s, \"backend\": %s, \"commit\": %s, \"date\": %s, \"host\": %s, ", q(launcher), q(backend), q(commit), q(date), q(host)
       printf "\"job_id\": %s, \"opts\": %s, \"extra\": %s}\n", q(job), q(opts), q(extra)
     }')
  # one line per job, appended under a lock: jobs of a sweep may finish at the same time
  (flock 9 && echo "$line" >&9) 9>>"$results"
  echo "[scaling $kind] appended to $results: $line"
  rm -f "$log"
  [ "${LENSGEN_KEEP:-0}" = 1 ] || rm -f "$out"
  return 0
}
