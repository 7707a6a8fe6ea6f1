#!/usr/bin/env bash
# lensgen under a real Slurm: starts a private one-node cluster (tools/slurm/start.sh) and checks
#  1. jobs/production.sbatch (srun, 2 tasks) writes a complete file equal to an mpirun run;
#  2. its pre-timeout path: SIGUSR1 to the batch script -> lensgen stops after a batch (exit 4) ->
#     scontrol requeue -> the restarted job resumes with -data_resume -> equal to an mpirun run;
#  3. jobs/submit_scaling.sh submits a scaling job (4 ranks on the 2-CPU node, oversubscribed,
#     launched with mpirun) that appends a well-formed JSON record.
# The daemons are always stopped. Exit 77 (CTest skip) when Slurm or munge is not installed.
# Args: $1 lensgen binary, $2 source dir, $3 work dir.

# A previous run killed before its cleanup may have left its daemons in the work dir: stop them
# before lib.sh empties it.
[ -d "$3/slurm" ] && bash "$2/tools/slurm/stop.sh" "$3/slurm" >/dev/null 2>&1
source "$2/tests/e2e/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the private Slurm cluster is started as root (slurmd launches the jobs)"
  exit 77
fi
SLURM_DIR=$WORK/slurm
# shellcheck disable=SC2317  # runs from the EXIT trap
cleanup() { bash "$SRC/tools/slurm/stop.sh" "$SLURM_DIR" >stop.log 2>&1 || cat stop.log; }
trap cleanup EXIT
trap 'exit 1' INT TERM
# cred_expire=10: a requeued job may start again after 11 s instead of Slurm's default 121 s
LG_SLURM_CRED_EXPIRE=10 bash "$SRC/tools/slurm/start.sh" "$SLURM_DIR" >start.log 2>&1
rc=$?
if [ "$rc" -eq 77 ]; then
  echo "SKIP: $(cat start.log)"
  trap - EXIT
  exit 77
fi
if [ "$rc" -ne 0 ]; then
  cat start.log
  echo "FAIL: tools/slurm/start.sh could not start Slurm (exit $rc)"
  exit 1
fi
head -1 start.log
# shellcheck source=/dev/null
source "$SLURM_DIR/env.sh"

# job_state JOB: PENDING, RUNNING, COMPLETED, FAILED, ... as slurmctld reports it
job_state() { scontrol show job -o "$1" 2>/dev/null | sed -n 's/.*JobState=\([^ ]*\).*/\1/p'; }
# wait_job JOB SECONDS: waits until the job has ended; prints its final state
wait_job() {
  local t0=$SECONDS s
  while [ $((SECONDS - t0)) -lt "$2" ]; do
    s=$(job_state "$1")
    case "$s" in
      COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE) echo "$s"; return ;;
    esac
    sleep 0.5
  done
  echo "still-$(job_state "$1")"
}

cat >slurm.opts <<OPTS
-data_n 64
-data_seed 11
-data_products kappa,alpha,psi,gamma,magnification
-grid_npix 32
-grid_fov 5
-lens_components sie,shear
-lens_sie_theta_e uniform:0.8,1.5
-lens_sie_q uniform:0.4,1
-lens_sie_phi uniform:-90,90
-lens_shear_gamma1 uniform:-0.1,0.1
-lens_shear_gamma2 uniform:-0.1,0.1
-run_backend cpu
-data_preview none
OPTS
export LENSGEN_BIN=$LENSGEN LENSGEN_OPTS=$WORK/slurm.opts

# ---- 1. production job, srun, 2 tasks, against an mpirun run of the same options
lg 2 -options_file slurm.opts -data_output ref.h5 || fail "mpirun reference: $(cat last.err)"
t0=$SECONDS
LENSGEN_OUTPUT=prod.h5 sbatch --wait --ntasks=2 --time=5 --output=prod.log "$SRC/jobs/production.sbatch" >sbatch.out 2>&1
rc=$?
echo "production job: exit $rc after $((SECONDS - t0)) s"
if [ "$rc" -ne 0 ]; then
  fail "production job exit $rc: $(cat sbatch.out prod.log)"
else
  grep -q "running: srun" prod.log || fail "production job did not launch with srun: $(cat prod.log)"
  grep -q "built from [0-9a-f]\{40\}" prod.log || fail "no binary commit in the provenance: $(cat prod.log)"
  grep -q "| -data_seed 11" prod.log || fail "options file not logged: $(cat prod.log)"
  grep -q "lensgen done: prod.h5 is complete" prod.log || fail "production: no completion line: $(cat prod.log)"
  if $PY "$SRC/tools/inspect/lgcompare.py" ref.h5 prod.h5; then pass "sbatch production == mpirun"; else fail "sbatch production differs from mpirun"; fi
fi

# ---- 2. pre-timeout signal -> exit 4 -> requeue -> resume. 'scancel -b -s USR1' is what
# '#SBATCH --signal=B:USR1@120' makes Slurm send. The signal must reach a running job: 16 x 16
# sub-pixels per pixel make the first run last ~3 s here (800 plain samples took 0.08 s, and a
# faster backend let the job finish before the signal arrived), with kappa alone to keep it small.
RQ_OPTS=(-data_n 2000 -grid_supersample 16 -data_products kappa -run_batch 5)
lg 2 -options_file slurm.opts "${RQ_OPTS[@]}" -data_output refrq.h5 || fail "mpirun reference: $(cat last.err)"
t0=$SECONDS
jid=$(LENSGEN_OUTPUT=rq.h5 LENSGEN_EXTRA="${RQ_OPTS[*]} -run_progress 0" \
  sbatch --parsable --ntasks=2 --time=5 --output=rq.log "$SRC/jobs/production.sbatch")
for _ in $(seq 1 300); do
  grep -q "samples (" rq.log 2>/dev/null && break
  sleep 0.1
done
scancel --batch --signal=USR1 "$jid" || fail "scancel -b -s USR1 $jid"
state=$(wait_job "$jid" 90)
restarts=$(scontrol show job -o "$jid" | sed -n 's/.*Restarts=\([0-9]*\).*/\1/p')
echo "requeue job $jid: $state after $((SECONDS - t0)) s, restarts $restarts"
grep "\[production" rq.log | grep -v "^ " | sed 's/^/  /'
if [ "$state" != COMPLETED ] || [ "$restarts" != 1 ]; then
  fail "requeue job: state $state, restarts $restarts (expected COMPLETED, 1): $(cat rq.log)"
else
  grep -q "received SIGUSR1" rq.log || fail "the batch script did not see SIGUSR1"
  grep -q "exit 4): requeueing" rq.log || fail "no requeue after exit 4: $(cat rq.log)"
  grep -q "running: .*-data_resume" rq.log || fail "the restarted job did not resume: $(cat rq.log)"
  if $PY "$SRC/tools/inspect/lgcompare.py" refrq.h5 rq.h5; then pass "signalled, requeued, resumed == mpirun"; else fail "requeued run differs"; fi
fi

# ---- 3. one scaling job: 4 ranks on 2 CPUs (--overcommit), mpirun inside the allocation
t0=$SECONDS
LENSGEN_LAUNCHER=mpirun LENSGEN_SCALING_RANKS=4 LENSGEN_SAMPLES=128 LENSGEN_SCALING_RESULTS=$WORK/scaling.jsonl \
  bash "$SRC/jobs/submit_scaling.sh" strong --wait >scaling.out 2>&1
rc=$?
echo "scaling job: exit $rc after $((SECONDS - t0)) s"
if [ "$rc" -ne 0 ]; then
  fail "scaling sweep exit $rc: $(cat scaling.out lensgen-scaling-strong-*.log 2>/dev/null)"
elif $PY - "$WORK/scaling.jsonl" <<'PY'; then
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 1, recs
r = recs[0]
print("  record:", json.dumps(r))
assert r["kind"] == "strong" and r["ranks"] == 4 and r["samples"] == 128, r
assert r["oversubscribed"] is True and r["launcher"] == "mpirun" and r["backend"] == "cpu", r
assert r["wall_s"] > 0 and abs(r["samples_per_s"] - 128 / r["wall_s"]) < 0.01 * r["samples_per_s"], r
assert len(r["commit"]) >= 40 and r["host"] and r["date"].endswith("Z"), r
PY
  pass "scaling record"
else
  fail "bad scaling record: $(cat scaling.jsonl)"
fi
finish
