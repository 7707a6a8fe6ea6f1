#!/usr/bin/env bash
# Crash consistency: SIGKILL at ten moments of a run (while creating, mid-batch, around the flush
# and the done marks, at the end, and inside a resumed run), then: the output either does not exist
# yet or opens, and -data_resume (or a fresh run where nothing was made) gives a file equal to an
# uninterrupted run. A failure injected in one rank stops every rank without a hang, and resumes.
source "$(dirname "$0")/lib.sh"
small_opts 41
lg 2 -options_file small.opts -data_output ref.h5 -run_batch 5 || fail "reference: $(cat last.err)"

opens() { $PY -c "import h5py,sys; f=h5py.File(sys.argv[1],'r'); print(int(f['done'][()].sum()), int(f.attrs['complete']))" "$1"; }

# complete FILE: resumes FILE if it exists (as jobs/production.sbatch does), else starts it afresh
complete() {
  if [ -e "$1" ]; then
    lg 3 -options_file small.opts -data_output "$1" -run_batch 4 -data_resume
  else
    lg 2 -options_file small.opts -data_output "$1" -run_batch 5
  fi
}

for moment in create created mid_write:2 before_flush:3 before_done:3 after_done:1 mid_write:4@1 \
              before_profile before_complete before_close; do
  rm -f cut.h5 cut.h5.partial
  if lg 2 -options_file small.opts -data_output cut.h5 -run_batch 5 -run_fault_inject "kill:$moment"; then
    fail "kill:$moment: the run was not killed"
    continue
  fi
  if [ -e cut.h5 ]; then
    state=$(opens cut.h5) || { fail "kill:$moment: the killed file does not open"; continue; }
  else
    state="no file"
  fi
  case "$moment" in create) [ "$state" = "no file" ] || fail "create: a half-made file at the output path" ;; esac
  complete cut.h5 || { fail "kill:$moment: completing: $(cat last.err)"; continue; }
  if $PY "$SRC/tools/inspect/lgcompare.py" ref.h5 cut.h5 >/dev/null; then
    pass "kill:$moment ($state) -> completed == uninterrupted"
  else
    fail "kill:$moment: completed file differs"
  fi
done

# compressed output (one sample per chunk, never rewritten): the same guarantee
lg 2 -options_file small.opts -data_output cref.h5 -run_batch 5 -data_compress 3 || fail "compressed reference"
for moment in mid_write:3 before_flush:2 before_done:4 after_done:1; do
  rm -f cut.h5
  lg 2 -options_file small.opts -data_output cut.h5 -run_batch 5 -data_compress 3 -run_fault_inject "kill:$moment" \
    && { fail "compressed kill:$moment: not killed"; continue; }
  opens cut.h5 >/dev/null || { fail "compressed kill:$moment: does not open"; continue; }
  timeout 120 mpirun -n 2 "$LENSGEN" -options_file small.opts -data_output cut.h5 -run_batch 4 -data_compress 3 \
    -data_resume >last.out 2>last.err || { fail "compressed kill:$moment: resume rc $?: $(cat last.err)"; continue; }
  $PY "$SRC/tools/inspect/lgcompare.py" cref.h5 cut.h5 >/dev/null && pass "compressed kill:$moment -> completed == uninterrupted" \
    || fail "compressed kill:$moment: completed differs"
done

# a kill inside a resumed run, then a second resume
rm -f cut.h5
lg 2 -options_file small.opts -data_output cut.h5 -run_batch 5 -run_fault_inject kill:after_done:2
lg 2 -options_file small.opts -data_output cut.h5 -run_batch 3 -data_resume -run_fault_inject kill:mid_write:2@1 \
  && fail "resumed run was not killed"
complete cut.h5 || fail "second resume: $(cat last.err)"
$PY "$SRC/tools/inspect/lgcompare.py" ref.h5 cut.h5 >/dev/null && pass "kill inside a resume -> equal" || fail "kill inside a resume: differs"

# one failing rank: every rank stops (timeout guards against a hang), the file resumes
for f in fail:render:2@1 fail:before_flush:3@1 fail:render:1@0; do
  rm -f cut.h5
  timeout 120 mpirun -n 2 "$LENSGEN" -options_file small.opts -data_output cut.h5 -run_batch 5 \
    -run_fault_inject "$f" >last.out 2>last.err
  rc=$?
  [ "$rc" -eq 124 ] && { fail "$f: hang"; continue; }
  [ "$rc" -ne 0 ] && grep -q "injected failure" last.err || { fail "$f: rc $rc, $(cat last.err)"; continue; }
  complete cut.h5 || { fail "$f: completing: $(cat last.err)"; continue; }
  $PY "$SRC/tools/inspect/lgcompare.py" ref.h5 cut.h5 >/dev/null && pass "$f: stopped cleanly, completed == uninterrupted" \
    || fail "$f: completed differs"
done
finish
