#!/usr/bin/env bash
# Images end to end: lensed Sersic source + lens light, PSF and noise. The data set (noise included)
# is byte-identical for 1 and 2 ranks and two batch sizes and after a kill + resume; noise none
# gives image == image_noiseless; the derived /params fields exist; bad observation options fail
# before anything is written.
source "$(dirname "$0")/lib.sh"
small_opts 23
cat >>small.opts <<OPTS
-data_products image,image_noiseless,kappa
-src_sersic_mag uniform:21,23
-src_sersic_x uniform:-0.2,0.2
-lenslight_components sersic
-obs_preset euclid_vis
OPTS
lg 1 -options_file small.opts -data_output one.h5 -run_batch 5 || fail "1 rank: $(cat last.err)"
lg 2 -options_file small.opts -data_output two.h5 -run_batch 3 || fail "2 ranks: $(cat last.err)"
$PY "$SRC/tools/inspect/lgcompare.py" one.h5 two.h5 && pass "images: 1 rank == 2 ranks, other batch" \
  || fail "images differ across ranks/batches"
lg 2 -options_file small.opts -data_output cut.h5 -run_batch 4 -run_fault_inject kill:after_done:2 \
  && fail "not killed"
lg 2 -options_file small.opts -data_output cut.h5 -run_batch 4 -data_resume || fail "resume: $(cat last.err)"
$PY "$SRC/tools/inspect/lgcompare.py" one.h5 cut.h5 && pass "images: killed + resumed == uninterrupted" \
  || fail "images: resumed differs"
lg 1 -options_file small.opts -data_output quiet.h5 -obs_noise none -obs_psf moffat -obs_psf_fwhm 0.3 \
  || fail "noise none: $(cat last.err)"
$PY - <<'PYEOF' || fail "image checks"
import h5py, numpy as np
f = h5py.File("one.h5", "r")
img, clean = f["image"][()], f["image_noiseless"][()]
assert img.shape == (23, 24, 24) and img.dtype == np.float32 and f["image"].attrs["units"] == "e-/s"
assert np.all(np.isfinite(img)) and np.all(clean >= 0) and clean.sum() > 0
assert not np.array_equal(img, clean)           # noise was added
resid = (img - clean).mean()
assert abs(resid) < 0.05 * clean.mean() + 1e-3, resid   # sky-subtracted noise has ~zero mean
p = f["params"]
for n in ("src_sersic_mag", "lenslight_sersic_r_eff", "obs_magnification", "obs_flux_lensed", "obs_snr"):
    assert n in p.dtype.names, n
assert np.all(p["obs_magnification"] > 1) and np.all(p["obs_snr"] > 0)
q = h5py.File("quiet.h5", "r")
assert np.array_equal(q["image"][()], q["image_noiseless"][()])
print("images ok; median magnification %.2f, median SNR %.1f" % (np.median(p["obs_magnification"]), np.median(p["obs_snr"])))
PYEOF
refused one.h5 small.opts \
  "-obs_preset: instrument preset 'hubble' unknown|-obs_preset hubble" \
  "-obs_psf pixel needs -obs_psf_file|-obs_psf pixel" \
  "-obs_psf_file|-obs_psf pixel -obs_psf_file nope.npy" \
  "-src_components: unknown light kind 'blob'|-src_components blob" \
  "-obs_noise: 'loud'|-obs_noise loud" \
  "-src_sersic_n|-src_sersic_n uniform:0,30" \
  "-obs_exposure|-obs_exposure 0"
# source options without an image product are unused: an error, not silently ignored
lg 1 -options_file small.opts -data_output maps.h5 -data_products kappa -src_components sersic \
  -lenslight_components none -obs_preset euclid_vis && fail "unused -src_components accepted"
grep -q "unknown or unused option" last.err && pass "source options without images refused" || fail "$(cat last.err)"
finish
