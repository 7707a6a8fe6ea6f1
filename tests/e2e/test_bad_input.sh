#!/usr/bin/env bash
# Bad input: each case exits non-zero, names the problem, and leaves an existing file byte for
# byte unchanged. Cases are "expected text in stderr | options".
source "$(dirname "$0")/lib.sh"
small_opts 9
lg 1 -options_file small.opts -data_output keep.h5 || { fail "reference run: $(cat last.err)"; finish; }
before=$(md5sum keep.h5 | cut -d' ' -f1)
# another file whose configuration differs, to resume into
mkdir -p ro
cases=(
  "-data_nn|-data_nn 5"
  "unknown or unused option|-lens_sis9_theta_e 1"
  "-lens_sie_q: bad prior 'uniform:1,0'|-lens_sie_q uniform:1,0"
  "-lens_sie_theta_e|-lens_sie_theta_e gauss:1,2"
  "-grid_npix: -64 is out of range|-grid_npix -64"
  "-grid_npix: '12x' is not an integer|-grid_npix 12x"
  "-grid_fov|-grid_fov nan"
  "directory 'no/such' does not exist|-data_output no/such/dir.h5"
  "the file exists; give -data_overwrite|-data_n 9"
  "was made with other options|-data_resume -lens_sie_q uniform:0.5,1"
  "was made with other options|-data_resume -data_n 10"
  "-data_overwrite and -data_resume contradict|-data_resume -data_overwrite"
  "unknown product 'kapa'|-data_products kapa,alpha -data_overwrite"
  "-lens_components: unknown kind 'sei'|-lens_components sei,shear"
  "-lens_z / -src_z|-lens_z 2.5 -src_z 1 -data_overwrite"
  "-lens_sie_q: prior 'uniform:0.5,1.5' can give values|-lens_sie_q uniform:0.5,1.5 -data_overwrite"
  "-run_backend: 'gpu' is not allowed|-run_backend gpu -data_overwrite"
  "-data_compress: 11 is out of range|-data_compress 11 -data_overwrite"
  "-run_batch: 0 is out of range|-run_batch 0 -data_overwrite"
  "-cosmo_om0|-cosmo_om0 -0.2 -data_overwrite"
  "-data_preview|-data_preview no/such/p.png -data_overwrite"
)
for c in "${cases[@]}"; do
  want=${c%%|*}
  opts=${c#*|}
  # shellcheck disable=SC2086
  lg 2 -options_file small.opts -data_output keep.h5 $opts
  rc=$?
  if [ $rc -eq 0 ]; then fail "[$opts] exited 0"; continue; fi
  if [ "$opts" = "-data_output no/such/dir.h5" ]; then :; fi
  grep -qF -- "$want" last.err || { fail "[$opts] stderr lacks '$want': $(head -c 400 last.err)"; continue; }
  [ "$(md5sum keep.h5 | cut -d' ' -f1)" = "$before" ] || { fail "[$opts] changed keep.h5"; continue; }
  pass "[$opts] rc=$rc: $(head -n1 last.err | cut -c1-150)"
done
# resume of a file that is not a lensgen file, and of one that does not exist
echo "not hdf5" >junk.h5
lg 1 -options_file small.opts -data_output junk.h5 -data_resume && fail "junk resume exited 0"
grep -q "not an HDF5 file" last.err && [ "$(cat junk.h5)" = "not hdf5" ] && pass "junk file refused, unchanged" || fail "junk: $(cat last.err)"
lg 1 -options_file small.opts -data_output missing.h5 -data_resume && fail "missing resume exited 0"
grep -q "does not exist" last.err && [ ! -e missing.h5 ] && pass "missing file refused" || fail "missing: $(cat last.err)"
# a missing options file
lg 1 -options_file nope.opts && fail "missing options file exited 0" || pass "missing -options_file refused"
finish
