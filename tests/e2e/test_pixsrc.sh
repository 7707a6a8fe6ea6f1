#!/usr/bin/env bash
# Pixelised sources and image units end to end: a stack of source images read from .npy and from
# HDF5 gives the same data set, byte-identical for 1 and 2 ranks and other batch sizes; pixel lens
# light works; -obs_units counts/adu scale the images by T and T/gain and say so in the units
# attribute; a resume notices a changed image file; bad pixel-source inputs and units fail before
# anything is written.
source "$(dirname "$0")/lib.sh"
$PY - <<'PYEOF' || fail "making the input images"
import numpy as np, h5py
y, x = np.mgrid[0:40, 0:48]
stack = np.array([np.exp(-((x - 23.5 - 4 * k) ** 2 / 30.0 + (y - 19.5) ** 2 / (8.0 + 6 * k)))
                  + 0.3 * np.exp(-((x - 30) ** 2 + (y - 12 - k) ** 2) / 6.0) for k in range(3)])
np.save("stack.npy", stack)
np.save("stack_f4_be.npy", stack.astype(">f4"))
with h5py.File("stack.h5", "w") as f:
    f["galaxies"] = stack
np.save("one.npy", stack[1])
np.save("four_d.npy", stack[None])
np.save("zero.npy", np.zeros((8, 8)))
bad = stack.copy(); bad[2, 5, 7] = np.nan
np.save("nan.npy", bad)
PYEOF
small_opts 19
cat >>small.opts <<OPTS
-data_products image,image_noiseless
-src_components pixel,sersic
-src_pixel_file stack.npy
-src_pixel_pixel 0.03
-src_pixel_zoom uniform:0.8,1.2
-src_pixel_mag uniform:20,22
-obs_preset euclid_vis
OPTS
lg 1 -options_file small.opts -data_output one.h5 -run_batch 5 || fail "1 rank: $(cat last.err)"
lg 2 -options_file small.opts -data_output two.h5 -run_batch 3 || fail "2 ranks: $(cat last.err)"
$PY "$SRC/tools/inspect/lgcompare.py" one.h5 two.h5 && pass "pixel source: 1 rank == 2 ranks, other batch" \
  || fail "pixel-source images differ across ranks/batches"
lg 2 -options_file small.opts -data_output h5in.h5 -src_pixel_file stack.h5:/galaxies || fail "HDF5 input: $(cat last.err)"
$PY - <<'PYEOF' || fail "HDF5 input differs from .npy input"
import h5py, numpy as np
a, b = h5py.File("one.h5", "r"), h5py.File("h5in.h5", "r")
assert np.array_equal(a["image"][()], b["image"][()]) and np.array_equal(a["params"][()], b["params"][()])
PYEOF
pass "FILE.h5:/DATASET gives the same images as the .npy"
$PY - <<'PYEOF' || fail "pixel-source checks"
import h5py, numpy as np
f = h5py.File("one.h5", "r")
p = f["params"]
for n in ("src_pixel_x", "src_pixel_mag", "src_pixel_zoom", "src_pixel_phi", "src_pixel_pick", "obs_flux_lensed"):
    assert n in p.dtype.names, n
pick = (np.floor(p["src_pixel_pick"] * 3)).astype(int)
assert set(pick) == {0, 1, 2}, pick                  # 19 samples use all three images
assert np.all(p["obs_magnification"] > 1) and np.all(np.isfinite(f["image"][()]))
assert "src_pixel_file = stack.npy" in f.attrs["config_key"] and "fnv1a64" in f.attrs["config_key"]
print("images used:", np.bincount(pick))
PYEOF
# lens light from a file, bilinear
lg 1 -options_file small.opts -data_output ll.h5 -lenslight_components pixel -lenslight_pixel_file one.npy \
  -lenslight_pixel_pixel 0.05 -lenslight_pixel_interp bilinear -lenslight_pixel_x 0 -lenslight_pixel_y 0 \
  || fail "pixel lens light: $(cat last.err)"
$PY - <<'PYEOF' && pass "pixel lens light adds flux at the centre" || fail "pixel lens light"
import h5py, numpy as np
a, b = h5py.File("one.h5", "r")["image_noiseless"][()], h5py.File("ll.h5", "r")["image_noiseless"][()]
c = a.shape[1] // 2
assert np.all(b[:, c, c] > a[:, c, c]), (a[:, c, c], b[:, c, c])
PYEOF
# units: counts = e-/s x exposure x n_exposures, adu = counts / gain (euclid_vis: 3 x 566 s... read them back)
lg 1 -options_file small.opts -data_output counts.h5 -obs_units counts -obs_exposure 100 -obs_n_exposures 3 \
  || fail "counts: $(cat last.err)"
lg 1 -options_file small.opts -data_output ref.h5 -obs_exposure 100 -obs_n_exposures 3 || fail "ref: $(cat last.err)"
lg 1 -options_file small.opts -data_output adu.h5 -obs_units adu -obs_exposure 100 -obs_n_exposures 3 -obs_gain 2 \
  || fail "adu: $(cat last.err)"
lg 1 -options_file small.opts -data_output adu_ref.h5 -obs_exposure 100 -obs_n_exposures 3 -obs_gain 2 \
  || fail "adu ref: $(cat last.err)"
$PY - <<'PYEOF' && pass "-obs_units counts and adu: images x T and x T/gain, units attribute" || fail "units"
import h5py, numpy as np
def load(n):
    f = h5py.File(n, "r")
    return f, f["image"][()].astype(np.float64), f["image_noiseless"][()].astype(np.float64)
fc, c, cc = load("counts.h5"); fr, r, rc = load("ref.h5"); fa, a, ac = load("adu.h5"); fq, q, qc = load("adu_ref.h5")
assert fc["image"].attrs["units"] == "counts" and fc["image_noiseless"].attrs["units"] == "counts"
assert fr["image"].attrs["units"] == "e-/s" and fa["image"].attrs["units"] == "adu"
for got, want, s in ((c, r, 300.0), (cc, rc, 300.0), (a, q, 150.0), (ac, qc, 150.0)):
    assert np.allclose(got, want * s, rtol=2e-7, atol=1e-6 * np.abs(want * s).max()), np.abs(got - want * s).max()
assert np.array_equal(fc["params"][()], fr["params"][()])   # obs_* stay in e-/s
PYEOF
# a resume refuses a changed source image
lg 2 -options_file small.opts -data_output cut.h5 -run_batch 4 -run_fault_inject kill:after_done:2 && fail "not killed"
$PY -c "import numpy as np; a = np.load('stack.npy'); a[0, 3, 3] += 1e-3; np.save('stack.npy', a)"
lg 2 -options_file small.opts -data_output cut.h5 -run_batch 4 -data_resume && fail "resumed with a changed image"
grep -q "src_pixel_images" last.err && pass "resume refuses a changed source image: $(head -n1 last.err | cut -c1-100)" \
  || fail "resume message: $(head -c 400 last.err)"
refused one.h5 small.opts \
  "-src_pixel_file is needed|-src_pixel_file=" \
  "-src_pixel_pixel is needed|-src_pixel_pixel=" \
  "-src_pixel_file nope.npy: cannot open|-src_pixel_file nope.npy" \
  "the array is 4-D|-src_pixel_file four_d.npy" \
  "each image needs a positive total|-src_pixel_file zero.npy" \
  "must be finite|-src_pixel_file nan.npy" \
  "no dataset '/gal'|-src_pixel_file stack.h5:/gal" \
  "-src_pixel_interp: 'cubic'|-src_pixel_interp cubic" \
  "-src_pixel_pick|-src_pixel_pick uniform:0,2" \
  "-obs_units: 'mag'|-obs_units mag" \
  "unknown or unused option|-src_sersic_file stack.npy"
finish
