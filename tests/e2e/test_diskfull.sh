#!/usr/bin/env bash
# A full disk and a read-only file system: a clear error naming the cause, every finished sample
# kept (marked done, readable), and -data_resume completing the file once there is room; a
# read-only output directory is refused before anything starts. Needs mount (root): skipped with
# exit 77 (CTest SKIP) where a small tmpfs cannot be mounted.
source "$(dirname "$0")/lib.sh"
mnt="$WORK/small"
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=1m tmpfs "$mnt" 2>/dev/null; then
  echo "SKIP: cannot mount a 1 MiB tmpfs here (not root or no CAP_SYS_ADMIN)"
  exit 77
fi
trap 'umount "$mnt" 2>/dev/null' EXIT
small_opts 120
lg 2 -options_file small.opts -data_output ref.h5 -run_batch 6 || fail "reference: $(cat last.err)"
# 120 samples of 24x24 maps are ~2.3 MB: the 1 MiB file system fills mid-run
lg 2 -options_file small.opts -data_output "$mnt/full.h5" -run_batch 6 && fail "a run on a full disk exited 0"
grep -q "is full" last.err && grep -q "complete the file with -data_resume" last.err \
  && pass "full disk: $(head -n1 last.err | cut -c1-160)" || fail "full disk message: $(head -c 400 last.err)"
state=$($PY -c "import h5py; f=h5py.File('$mnt/full.h5','r'); print(int(f['done'][()].sum()), int(f.attrs['complete']))") \
  || fail "the file on the full disk does not open"
echo "after the full disk: done/complete = $state"
[ "${state% *}" -gt 0 ] || fail "no finished sample kept"
# make room (move the file to a disk with space) and resume: equal to an uninterrupted run
cp "$mnt/full.h5" moved.h5
lg 2 -options_file small.opts -data_output moved.h5 -run_batch 4 -data_resume || fail "resume: $(cat last.err)"
$PY "$SRC/tools/inspect/lgcompare.py" ref.h5 moved.h5 >/dev/null && pass "full disk -> moved + resumed == uninterrupted" \
  || fail "resumed after full disk differs"
# a read-only file system: refused before the run starts, nothing written
rm -f "$mnt/full.h5"
mount -o remount,ro "$mnt"
lg 1 -options_file small.opts -data_output "$mnt/ro.h5" && fail "read-only output accepted"
grep -q -- "-data_output" last.err && [ ! -e "$mnt/ro.h5" ] && pass "read-only: $(head -n1 last.err | cut -c1-140)" \
  || fail "read-only: $(cat last.err)"
finish
