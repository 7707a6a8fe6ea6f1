#!/usr/bin/env bash
# A run stopped by SIGUSR1 (Slurm's pre-timeout signal, forwarded by mpirun) or by SIGTERM sent to
# every rank finishes its batch, exits with code 4 leaving a valid, incomplete file, and
# -data_resume completes it into a file equal to an uninterrupted run.
source "$(dirname "$0")/lib.sh"
small_opts 6000
lg 2 -options_file small.opts -data_output ref.h5 -run_batch 50 || fail "reference: $(cat last.err)"

# stop_run SIGNAL TARGET FILE: starts a long run, waits until it has written samples, signals it
stop_run() {
  local sig=$1 target=$2 out=$3
  rm -f "$out"
  mpirun -n 2 "$LENSGEN" -options_file small.opts -data_output "$out" -run_batch 2 -run_progress 0 >last.out 2>last.err &
  local pid=$!
  for _ in $(seq 1 200); do
    grep -q "samples (" last.out 2>/dev/null && break
    sleep 0.05
  done
  if [ "$target" = mpirun ]; then
    kill -"$sig" "$pid"
  else
    pkill -"$sig" -P "$pid" -x lensgen || true   # the ranks only (children of mpirun)
  fi
  wait "$pid"
  return $?
}

for how in USR1:mpirun TERM:ranks; do
  sig=${how%%:*}
  target=${how##*:}
  stop_run "$sig" "$target" cut.h5
  rc=$?
  if [ "$rc" -ne 4 ]; then
    fail "SIG$sig to $target: exit code $rc, expected 4: $(tail -3 last.err)"
    continue
  fi
  grep -q "complete the file with -data_resume" last.err || fail "SIG$sig: no resume hint: $(cat last.err)"
  state=$($PY -c "import h5py; f=h5py.File('cut.h5','r'); print(int(f['done'][()].sum()), int(f.attrs['complete']))")
  echo "SIG$sig to $target: done/complete = $state"
  n=${state% *}
  [ "${state#* }" = 0 ] && [ "$n" -gt 0 ] && [ "$n" -lt 6000 ] || fail "SIG$sig: unexpected state $state"
  lg 2 -options_file small.opts -data_output cut.h5 -run_batch 50 -data_resume || fail "SIG$sig resume: $(cat last.err)"
  if $PY "$SRC/tools/inspect/lgcompare.py" ref.h5 cut.h5; then pass "SIG$sig: resumed == uninterrupted"; else fail "SIG$sig: resumed differs"; fi
done
finish
