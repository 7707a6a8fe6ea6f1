#!/usr/bin/env bash
# -help lists every option with its default; -run_backend auto falls back to the CPU and says so
# when no GPU is usable, and -run_backend cuda then fails clearly.
source "$(dirname "$0")/lib.sh"
"$LENSGEN" -help >help.txt 2>&1 || fail "-help exited non-zero"
for o in -data_n -data_seed -data_output -data_products -data_overwrite -data_resume -data_compress \
  -data_preview -grid_npix -grid_fov -grid_supersample -cosmo_h0 -cosmo_om0 -cosmo_ode0 -lens_components \
  -lens_z -src_z -run_backend -run_batch -run_progress; do
  grep -q -- "^  $o " help.txt || fail "-help lacks $o"
done
for k in point sis sie nfw shear sheet; do grep -q "^  $k " help.txt || fail "-help lacks component $k"; done
grep -q "truncnormal" help.txt && grep -q "magnification" help.txt || fail "-help lacks priors/products"
pass "-help complete ($(wc -l <help.txt) lines)"
small_opts 4
lg 1 -options_file small.opts -data_output auto.h5 -run_backend auto || fail "auto: $(cat last.err)"
if grep -q "backend cuda" last.out; then
  pass "a GPU is present: auto chose CUDA"
else
  grep -q "no usable GPU (.*): falling back to the CPU backend" last.out && pass "auto fell back: $(grep GPU last.out)" \
    || fail "auto did not say it fell back: $(cat last.out)"
  lg 1 -options_file small.opts -data_output cuda.h5 -run_backend cuda && fail "cuda without GPU exited 0"
  grep -q "\-run_backend cuda: no usable GPU" last.err && [ ! -e cuda.h5 ] && pass "cuda without GPU refused" \
    || fail "cuda: $(cat last.err)"
fi
finish
