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
  "-data_n: 0 is out of range|-data_n 0 -data_overwrite"
  "-data_n: '1e3' is not an integer|-data_n 1e3 -data_overwrite"
  "-data_seed|-data_seed -1 -data_overwrite"
  "-data_preview_n|-data_preview_n 0 -data_overwrite"
  "-data_products|-data_products , -data_overwrite"
  "exists and is not a regular file|-data_output adir -data_overwrite"
  "-grid_supersample|-grid_supersample 0 -data_overwrite"
  "-grid_supersample|-grid_supersample two -data_overwrite"
  "-grid_fov|-grid_fov -3 -data_overwrite"
  "-cosmo_h0|-cosmo_h0 0 -data_overwrite"
  "-cosmo_ode0|-cosmo_ode0 -1 -data_overwrite"
  "no big bang|-cosmo_om0 0.01 -cosmo_ode0 2 -data_overwrite"
  "-lens_components|-lens_components sie,sie -data_overwrite"
  "-lens_components: bad instance name|-lens_components sie1x -data_overwrite"
  "-lens_sie_theta_e|-lens_sie_theta_e loguniform:0,1 -data_overwrite"
  "-lens_sie_theta_e|-lens_sie_theta_e normal:1,-1 -data_overwrite"
  "-lens_sie_theta_e|-lens_sie_theta_e truncnormal:1,0.1,2,1 -data_overwrite"
  "-lens_sie_theta_e|-lens_sie_theta_e choice: -data_overwrite"
  "-lens_sie_theta_e|-lens_sie_theta_e uniform:1 -data_overwrite"
  "-lens_sie_theta_e|-lens_sie_theta_e 1.5.3 -data_overwrite"
  "-lens_z|-lens_z uniform:-0.1,0.5 -data_overwrite"
  "-run_progress|-run_progress -1 -data_overwrite"
  "-run_fault_inject|-run_fault_inject bogus -data_overwrite"
  "-run_fault_inject|-run_fault_inject kill:render -data_overwrite"
  "-run_batch|-run_batch 1.5 -data_overwrite"
)
mkdir -p adir
for c in "${cases[@]}"; do
  want=${c%%|*}
  opts=${c#*|}
  # shellcheck disable=SC2086
  lg 1 -options_file small.opts -data_output keep.h5 $opts
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
# an HDF5 file that is not a lensgen file, and a lensgen file made by another version
$PY -c "import h5py; f=h5py.File('other.h5','w'); f['x']=[1,2,3]"
sum_other=$(md5sum other.h5 | cut -d' ' -f1)
lg 1 -options_file small.opts -data_output other.h5 -data_resume && fail "foreign HDF5 resume exited 0"
grep -q "not a complete lensgen file" last.err && [ "$(md5sum other.h5 | cut -d' ' -f1)" = "$sum_other" ] \
  && pass "foreign HDF5 file refused, unchanged" || fail "foreign HDF5: $(cat last.err)"
cp keep.h5 oldver.h5
$PY -c "import h5py; f=h5py.File('oldver.h5','r+'); f.attrs['version']='0.0.1'"
sum_old=$(md5sum oldver.h5 | cut -d' ' -f1)
lg 1 -options_file small.opts -data_output oldver.h5 -data_resume && fail "other-version resume exited 0"
grep -q "was made by lensgen 0.0.1" last.err && [ "$(md5sum oldver.h5 | cut -d' ' -f1)" = "$sum_old" ] \
  && pass "file of another version refused, unchanged" || fail "other version: $(cat last.err)"
# a missing options file
lg 1 -options_file nope.opts && fail "missing options file exited 0" || pass "missing -options_file refused"
finish
