#!/usr/bin/env bash
# tools/inspect on real files: lgsummary.py prints a complete and an incomplete lensgen file's
# attributes, schema, completeness and parameter ranges, and exits non-zero with a message for a
# missing, a non-HDF5 and a non-lensgen file; lgplot.py writes non-empty PNGs and refuses bad names.
# Arguments as the e2e tests: lensgen binary, source dir, work dir.
source "$(dirname "$0")/../e2e/lib.sh"
SUM="$SRC/tools/inspect/lgsummary.py"
PLOT="$SRC/tools/inspect/lgplot.py"

small_opts 40
lg 2 -options_file small.opts -data_output data.h5 -run_batch 5 || fail "lensgen run: $(cat last.err)"
rm -f cut.h5
lg 2 -options_file small.opts -data_output cut.h5 -run_batch 5 -run_fault_inject kill_after_batch:1 &&
  fail "the run with kill_after_batch:1 was not killed"

# expect_in FILE PATTERN...: every extended regex must match a line of FILE
expect_in() {
  local file=$1
  shift
  for pat in "$@"; do
    grep -Eq -- "$pat" "$file" || fail "$file lacks /$pat/"
  done
}

if $SUM data.h5 >sum.out 2>sum.err; then pass "lgsummary data.h5"; else fail "lgsummary data.h5: $(cat sum.err)"; fi
cat sum.out
expect_in sum.out "^  version +[0-9]+\.[0-9]+" "^  git_commit +[0-9a-f]{7}" "^  n_samples +40$" "^  n_ranks +2$" \
  "^  backend +cpu$" "^  cosmology +.*LambdaCDM" "^  created +[0-9]{4}-" "^  complete +1 \(complete\)" \
  "^  seed +7$" "^grid +24 x 24 pixels, fov 5 arcsec" \
  "^  /kappa +float32 +\[40, 24, 24\] +units: dimensionless" "^  /alpha +float32 +\[40, 2, 24, 24\] +units: arcsec +channels alpha_x,alpha_y" \
  "^  /gamma +float32 +\[40, 2, 24, 24\]" "^  /psi +float32 .*units: arcsec\^2" "^  /magnification +float32" \
  "^  /params +compound +\[40\]" "^  /done +uint8 +\[40\]" "^completeness +40 of 40 samples done \(100.0%\)$" \
  "^  lens_sie_theta_e +[0-9.]+ +[0-9.]+ +[0-9.]+" "^  lens_sis1_theta_e " "^  lens_z " "^  src_z "
# the parameter ranges must lie inside the priors of small_opts (uniform:0.8,1.5 and uniform:0.4,1)
awk '$1 == "lens_sie_theta_e" { exit !($2 >= 0.8 && $4 <= 1.5 && $2 <= $3 && $3 <= $4) }' sum.out ||
  fail "lens_sie_theta_e min/mean/max outside its prior"
awk '$1 == "lens_sie_q" { exit !($2 >= 0.4 && $4 <= 1.0) }' sum.out || fail "lens_sie_q outside its prior"

$SUM cut.h5 --maps --options >cut.out 2>&1 || fail "lgsummary cut.h5: $(cat cut.out)"
expect_in cut.out "^  complete +0 \(INCOMPLETE" "^completeness +10 of 40 samples done \(25.0%\), 30 missing$" \
  "^params over the 10 done samples" "^maps over the 10 done samples" "^  kappa " "^  alpha_y " "^options" "-data_n 40"

echo "this is not HDF5" >junk.h5
$PY -c "import h5py; h5py.File('plain.h5', 'w')['x'] = [1, 2, 3]"
for bad in junk.h5 plain.h5 missing.h5; do
  if $SUM $bad >bad.out 2>bad.err; then
    fail "lgsummary $bad exited 0"
  else
    echo "lgsummary $bad -> exit $?: $(cat bad.err)"
    grep -Eq "^lgsummary: $bad: (not an HDF5 file|not a lensgen data set|no such file)" bad.err ||
      fail "lgsummary $bad: unclear message: $(cat bad.err)"
    [ -s bad.out ] && fail "lgsummary $bad printed to stdout"
  fi
done

# png FILE: exists, non-empty, PNG signature
png() { [ -s "$1" ] && head -c 8 "$1" | od -An -c | grep -q "P   N   G"; }
$PLOT data.h5 --samples 0,1,2 --products kappa,alpha --out grid.png --hist lens_sie_theta_e,lens_z --hist-out hist.png \
  >plot.out 2>&1 || fail "lgplot: $(cat plot.out)"
cat plot.out
if png grid.png && png hist.png; then
  pass "lgplot wrote grid.png ($(stat -c %s grid.png) B) and hist.png ($(stat -c %s hist.png) B)"
else
  fail "lgplot PNGs missing or not PNG"
fi
grep -q "samples 0,1,2 x channels kappa,alpha_x,alpha_y" plot.out || fail "lgplot did not report its grid"
if ! { $PLOT cut.h5 --hist all >plot.out 2>&1 && png cut_maps.png && png cut_hist.png; }; then
  fail "lgplot defaults on cut.h5: $(cat plot.out)"
fi
for args in "--products kapa" "--hist lens_sie_theta" "--samples 40" "--samples 39 --products kappa"; do
  # shellcheck disable=SC2086
  if $PLOT cut.h5 $args --out no.png --hist-out no.png >bad.out 2>&1; then fail "lgplot $args exited 0"; else echo "lgplot cut.h5 $args -> $(cat bad.out)"; fi
done
[ -e no.png ] && fail "lgplot wrote a PNG for a bad request"
finish
