#!/usr/bin/env bash
# tools/loader on real files: lensgen writes a small data set (64 samples, 32x32, every product,
# 2 ranks) and the same run killed after its second batch; test_loader.py checks LensgenDataset
# against h5py, a DataLoader with workers, a training step and the error cases; then the
# README's example runs as written. Arguments as the e2e tests: lensgen binary, source dir, work dir.
source "$(dirname "$0")/../e2e/lib.sh"

cat >loader.opts <<OPTS
-data_n 64
-data_seed 11
-data_products kappa,alpha,psi,gamma,magnification
-grid_npix 32
-grid_fov 6.4
-lens_components sie,shear
-lens_z uniform:0.3,0.7
-src_z uniform:1.5,3.0
-lens_sie_x truncnormal:0,0.1,-0.5,0.5
-lens_sie_y truncnormal:0,0.1,-0.5,0.5
-lens_sie_theta_e uniform:0.8,1.6
-lens_sie_q uniform:0.5,1.0
-lens_sie_phi uniform:0,180
-lens_shear_gamma1 truncnormal:0,0.05,-0.2,0.2
-lens_shear_gamma2 truncnormal:0,0.05,-0.2,0.2
-run_backend cpu
-run_batch 8
-data_preview none
OPTS
lg 2 -options_file loader.opts -data_output data.h5 || fail "lensgen run: $(cat last.err)"
rm -f cut.h5
if lg 2 -options_file loader.opts -data_output cut.h5 -run_fault_inject kill_after_batch:2; then
  fail "the run with kill_after_batch:2 was not killed"
fi
if [ ! -s data.h5 ] || [ ! -s cut.h5 ]; then
  fail "lensgen wrote no data set"
  finish
fi

$PY "$SRC/tests/python/test_loader.py" "$SRC" data.h5 cut.h5 || fail "test_loader.py"

# The README's example, as written: run in a folder holding quickstart.h5 (this data set).
mkdir -p readme && ln -sf ../data.h5 readme/quickstart.h5
awk '/^```python$/{on=1; next} /^```$/{on=0} on' "$SRC/tools/loader/README.md" >readme/example.py
[ -s readme/example.py ] || fail "no python example in tools/loader/README.md"
(cd readme && PYTHONPATH="$SRC/tools/loader" $PY example.py) || fail "README example"
finish
