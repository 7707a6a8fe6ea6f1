#!/usr/bin/env bash
# The pixelised lens end to end: a convergence map written by numpy (.npy, and the same map in an
# HDF5 file) drives lensgen with -lens_components kmap,shear on 1 and 2 ranks. The kappa product
# returns the map where the grids coincide; the data set is byte-identical across rank counts; two
# instances share one map; a changed map blocks a resume; bad input stops the run with a message
# naming the option and leaves an existing file unchanged.
source "$2/tests/e2e/lib.sh"

# a 64 x 64 map of 0.1" pixels: an elliptical Gaussian plus a small offset clump
$PY - <<'PYEOF' || fail "numpy could not write the maps"
import numpy as np, h5py
n, h = 64, 0.1
c = (np.arange(n) - (n - 1) / 2) * h
x, y = np.meshgrid(c, c)
k = 1.2 * np.exp(-(x**2 / 0.8 + y**2 / 0.5) / 2) + 0.3 * np.exp(-((x - 1.1)**2 + (y + 0.7)**2) / 0.05)
np.save("map.npy", k)
np.save("map32.npy", k.astype(np.float32))
with h5py.File("map.h5", "w") as f:
    f["maps/kappa"] = k
np.save("cube.npy", np.zeros((2, 8, 8)))
bad = k.copy(); bad[5, 7] = np.nan
np.save("nan.npy", bad)
np.save("other.npy", 1.01 * k)
PYEOF

cat >kmap.opts <<'OPTS'
-data_n 12
-data_seed 5
-data_products kappa,alpha,psi,gamma,magnification
-grid_npix 64
-grid_fov 6.4
-lens_components kmap,shear
-lens_kmap_file map.npy
-lens_kmap_pixel 0.1
-lens_kmap_scale uniform:0.5,1.5
-lens_shear_gamma1 uniform:-0.05,0.05
-lens_shear_gamma2 uniform:-0.05,0.05
-run_backend cpu
-data_preview none
OPTS

# 1. the kappa product is scale x the map where the output pixels are the map's pixel centres
lg 1 -options_file kmap.opts -data_output np1.h5 -run_batch 5 || fail "np1: $(cat last.err)"
$PY - <<'PYEOF' && pass "kappa = scale x map on the map's own pixel centres" || fail "kappa differs from the map"
import h5py, numpy as np
f = h5py.File("np1.h5", "r")
k = np.load("map.npy")
s = f["params"]["lens_kmap_scale"]
assert np.all(np.isfinite(f["alpha"][()])) and np.all(np.isfinite(f["psi"][()]))
for i in range(f["kappa"].shape[0]):
    want = (s[i] * k).astype(np.float32)
    assert np.allclose(f["kappa"][i], want, rtol=2e-6, atol=1e-7), (i, np.abs(f["kappa"][i] - want).max())
print("max |kappa - scale map|:", max(np.abs(f["kappa"][i] - s[i] * k).max() for i in range(12)))
PYEOF

# 2. rank-count invariance (map moved off the grid: interpolation and multipoles both used)
for n in 1 2; do
  lg $n -options_file kmap.opts -data_output inv$n.h5 -lens_kmap_x uniform:-2,2 -lens_kmap_y normal:0,0.3 \
    -run_batch 4 || fail "np$n: $(cat last.err)"
done
if $PY "$SRC/tools/inspect/lgcompare.py" inv1.h5 inv2.h5; then pass "1 and 2 ranks byte-identical"; else fail "np1 != np2"; fi
lg 2 -options_file kmap.opts -data_output np2.h5 -run_batch 5 || fail "np2: $(cat last.err)"
if $PY "$SRC/tools/inspect/lgcompare.py" np1.h5 np2.h5 >/dev/null; then pass "np1 == np2 (map on the grid)"; else fail "np1 != np2 (map on the grid)"; fi

# 3. the same map from an HDF5 dataset and as float32 .npy: the same maps (the key differs: file name)
lg 2 -options_file kmap.opts -data_output h5in.h5 -run_batch 5 -lens_kmap_file map.h5:/maps/kappa ||
  fail "HDF5 input: $(cat last.err)"
lg 1 -options_file kmap.opts -data_output f32.h5 -lens_kmap_file map32.npy || fail "float32 input: $(cat last.err)"
$PY - <<'PYEOF' && pass "HDF5 and float32 .npy inputs give the maps of the .npy" || fail "HDF5 or float32 input differs"
import h5py, numpy as np
a, b, c = (h5py.File(n, "r") for n in ("np1.h5", "h5in.h5", "f32.h5"))
for d in ("kappa", "alpha", "psi", "gamma", "magnification"):
    assert a[d][()].tobytes() == b[d][()].tobytes(), d
# float32 rounding of the map (~6e-8 relative); magnification compared through 1/mu
for d in ("kappa", "alpha", "psi", "gamma"):
    assert np.allclose(a[d][()], c[d][()], rtol=1e-5, atol=1e-6), d
assert np.allclose(1 / a["magnification"][()], 1 / c["magnification"][()], atol=1e-5)
PYEOF

# 4. two instances share the map: kappa is the sum of both, shifted
lg 1 -data_n 3 -grid_npix 64 -grid_fov 6.4 -lens_components kmap1,kmap2 -lens_kmap_file map.npy \
  -lens_kmap_pixel 0.1 -lens_kmap1_scale 1 -lens_kmap2_scale 0.5 -lens_kmap2_x 0.5 -data_products kappa \
  -data_output two.h5 -data_preview none -run_backend cpu || fail "kmap1,kmap2: $(cat last.err)"
$PY - <<'PYEOF' && pass "kmap1 + kmap2 (shifted by 5 pixels) = map + 0.5 map shifted" || fail "two instances"
import h5py, numpy as np
k = np.load("map.npy")
want = k.copy()
want[:, 5:] += 0.5 * k[:, :-5]
got = h5py.File("two.h5", "r")["kappa"][0]
assert np.allclose(got[:, 5:], want[:, 5:], rtol=2e-6, atol=1e-6), np.abs(got - want)[:, 5:].max()
PYEOF

# 5. -run_backend auto says it uses the CPU
lg 1 -options_file kmap.opts -data_output auto.h5 -run_backend auto -data_n 2 || fail "auto: $(cat last.err)"
grep -q "kmap is CPU-only: using the CPU backend" last.out && pass "auto: CPU backend, said so" ||
  fail "auto: $(cat last.out)"

# 6. resume: the same map completes, a changed map (same path) is refused
cp np1.h5 resume.h5
lg 1 -options_file kmap.opts -data_output resume.h5 -data_resume || fail "resume, same map: $(cat last.err)"
cp map.npy saved.npy && cp other.npy map.npy
lg 1 -options_file kmap.opts -data_output resume.h5 -data_resume && fail "resume with a changed map exited 0"
grep -q "was made with other options" last.err && grep -q "lens_kmap_map" last.err &&
  pass "changed map refused on resume: $(grep -o 'lens_kmap_map[^;]*' last.err | head -n1 | cut -c1-80)" ||
  fail "changed map: $(cat last.err)"
cp saved.npy map.npy

# 7. bad input: exit code, message naming the option, existing file unchanged
before=$(md5sum np1.h5 | cut -d' ' -f1)
cases=(
  "3|-lens_kmap_file nosuch.npy: cannot open|-lens_kmap_file nosuch.npy"
  "3|-lens_kmap_file cube.npy: the array is 3-D|-lens_kmap_file cube.npy"
  "3|-lens_kmap_file nan.npy: value nan at [5][7]|-lens_kmap_file nan.npy"
  "3|name the dataset|-lens_kmap_file map.h5"
  "3|no dataset '/nope'|-lens_kmap_file map.h5:/nope"
  "2|-lens_kmap_pixel: -1 is out of range|-lens_kmap_pixel -1"
  "2|kmap is CPU-only|-run_backend cuda"
  "2|has kmap but -lens_kmap_file is not given|-lens_kmap_file"
  "2|-lens_kmap_scale|-lens_kmap_scale uniform:-1,1"
)
for c in "${cases[@]}"; do
  code=${c%%|*}
  rest=${c#*|}
  want=${rest%%|*}
  opts=${rest#*|}
  if [ "$opts" = "-lens_kmap_file" ]; then
    # no file option at all: drop it from the options file
    grep -v "^-lens_kmap_file" kmap.opts >nofile.opts
    lg 2 -options_file nofile.opts -data_output np1.h5 -data_overwrite
  else
    # shellcheck disable=SC2086
    lg 2 -options_file kmap.opts -data_output np1.h5 -data_overwrite $opts
  fi
  rc=$?
  [ $rc -eq "$code" ] || { fail "[$opts] exit $rc, want $code: $(head -c 300 last.err)"; continue; }
  grep -qF -- "$want" last.err || { fail "[$opts] stderr lacks '$want': $(head -c 300 last.err)"; continue; }
  [ "$(md5sum np1.h5 | cut -d' ' -f1)" = "$before" ] || { fail "[$opts] changed np1.h5"; continue; }
  pass "[$opts] exit $rc: $(grep -m1 error last.err | cut -c1-140)"
done
# the map options without a kmap component are unused options
grep -v "^-lens_kmap_scale" kmap.opts | sed 's/^-lens_components kmap,shear/-lens_components sis,shear/' >nokmap.opts
lg 1 -options_file nokmap.opts -data_output np1.h5 -data_overwrite && fail "-lens_kmap_file without kmap exited 0"
grep -qF -- "-lens_kmap_file map.npy: -lens_components has no kmap component" last.err &&
  [ "$(md5sum np1.h5 | cut -d' ' -f1)" = "$before" ] && pass "-lens_kmap_file without kmap refused" ||
  fail "no kmap: $(cat last.err)"
grep -v "^-lens_kmap_file" nokmap.opts >nokmap2.opts
lg 1 -options_file nokmap2.opts -data_output np1.h5 -data_overwrite && fail "-lens_kmap_pixel without kmap exited 0"
grep -qF -- "-lens_kmap_pixel 0.1: -lens_components has no kmap component" last.err &&
  pass "-lens_kmap_pixel without kmap refused" || fail "pixel without kmap: $(cat last.err)"

# 8. -help lists the kind, its parameters and the options
"$LENSGEN" -help >help.txt 2>&1 || fail "-help failed"
grep -Eq "^  kmap +pixelised lens" help.txt && grep -q -- "^  -lens_kmap_file " help.txt &&
  grep -q -- "^  -lens_kmap_pixel " help.txt && grep -Eq "^      scale +- +\[0, 1000\]" help.txt &&
  pass "-help lists kmap and its options" || fail "-help lacks kmap"
finish
