#!/usr/bin/env bash
# A run killed with SIGKILL (after a batch, or between its data and its done marks) and resumed
# with -data_resume equals an uninterrupted run, dataset for dataset.
source "$(dirname "$0")/lib.sh"
small_opts 53
lg 2 -options_file small.opts -data_output ref.h5 -run_batch 6 || fail "reference: $(cat last.err)"
for fault in kill_after_batch:2 kill_before_done:3 kill_after_batch:1; do
  rm -f cut.h5
  if lg 2 -options_file small.opts -data_output cut.h5 -run_batch 6 -run_fault_inject $fault; then
    fail "$fault: the run was not killed"
    continue
  fi
  ndone=$($PY -c "import h5py; f=h5py.File('cut.h5','r'); print(int(f['done'][()].sum()), int(f.attrs['complete']))")
  echo "$fault: after the kill, done/complete = $ndone"
  case "$ndone" in *" 0") ;; *) fail "$fault: file marked complete after a kill" ;; esac
  # resume with another rank count and batch size: the data must not depend on them
  lg 3 -options_file small.opts -data_output cut.h5 -run_batch 4 -data_resume || fail "$fault resume: $(cat last.err)"
  grep -q "resuming cut.h5" last.out || fail "$fault: no resume line"
  if $PY "$SRC/tools/inspect/lgcompare.py" ref.h5 cut.h5; then pass "$fault: resumed == uninterrupted"; else fail "$fault: resumed differs"; fi
done
# resuming a complete file regenerates nothing
lg 1 -options_file small.opts -data_output ref.h5 -data_resume || fail "resume of complete file: $(cat last.err)"
grep -q "0 of 53 samples missing" last.out || fail "complete file: expected 0 missing: $(cat last.out)"
finish
