#!/usr/bin/env bash
# Point images end to end (-ps_images): quads placed inside the caustics have 4 images (2 minima,
# 2 saddles), doubles 2; delays start at 0 and grow; a source drawn from -ps_x/-ps_y priors has its
# images too; the data set is byte-identical for 1 and 2 ranks, two batch sizes and after a kill +
# resume; -ps_* options without -ps_images are refused as unused.
source "$(dirname "$0")/lib.sh"
small_opts 31
cat >>small.opts <<OPTS
-data_products kappa
-ps_images
OPTS
lg 1 -options_file small.opts -data_output q1.h5 -ps_multiplicity 4 -run_batch 5 || fail "1 rank: $(cat last.err)"
lg 2 -options_file small.opts -data_output q2.h5 -ps_multiplicity 4 -run_batch 3 || fail "2 ranks: $(cat last.err)"
$PY "$SRC/tools/inspect/lgcompare.py" q1.h5 q2.h5 && pass "point images: 1 rank == 2 ranks" || fail "ranks differ"
lg 2 -options_file small.opts -data_output cut.h5 -ps_multiplicity 4 -run_batch 4 -run_fault_inject kill:after_done:2 \
  && fail "not killed"
lg 2 -options_file small.opts -data_output cut.h5 -ps_multiplicity 4 -run_batch 4 -data_resume \
  || fail "resume: $(cat last.err)"
$PY "$SRC/tools/inspect/lgcompare.py" q1.h5 cut.h5 && pass "point images: resumed == uninterrupted" || fail "resume differs"
lg 1 -options_file small.opts -data_output d.h5 -ps_multiplicity 2 || fail "doubles: $(cat last.err)"
lg 1 -options_file small.opts -data_output p.h5 -ps_multiplicity none -ps_x 0.03 -ps_y normal:0,0.02 \
  || fail "priors: $(cat last.err)"
$PY - <<'PYEOF' || fail "point-image checks"
import h5py, numpy as np
def check(path, want):
    global mismatches
    mismatches = []
    f = h5py.File(path, "r")
    n, im, p = f["point_images_count"][()], f["point_images"][()], f["params"]
    assert im.shape[1:] == (8, 6) and im.dtype == np.float64
    for s in range(len(n)):
        k = n[s]
        rows = im[s, :k]
        assert np.all(np.isnan(im[s, k:])), "rows past the count must be NaN"
        if k == 0:  # a lens without a region of the asked multiplicity: not placed, recorded as NaN
            assert np.isnan(p["ps_x"][s]) and want is not None, (path, s)
            continue
        if want is not None:
            # the placement trusts the caustics' multiplicity, which a singular satellite on a
            # critical curve can spoil (lensing/critical.h); the finder's count is what is stored
            bright = int(np.sum(rows[:, 5] != 3))
            mismatches.append(bright != want)
        assert rows[0, 4] == 0 and np.all(np.diff(rows[:, 4]) >= 0), "delays from the first image, ascending"
        assert int(p["ps_n_images"][s]) == k
    assert not mismatches or np.mean(mismatches) < 0.1, (path, np.mean(mismatches))
    return n
q = check("q1.h5", 4)
assert np.mean(q == 4) > 0.7, q
f = h5py.File("q1.h5", "r")
types = f["point_images"][q == 4, :4, 5]
assert np.all(np.sort(types, axis=1) == [1, 1, 2, 2]), "a quad: two minima, two saddles"
assert np.all(f["params"]["ps_theta_e"] > 0.5) and np.all(f["params"]["ps_caustic_area"][q == 4] > 0)
print("quads placed in %d of %d lenses" % (np.sum(q == 4), len(q)))
# stored critical curves: the first is the tangential one; its enclosed area is pi theta_E^2
cc, kind = f["critical_curves"][()], f["critical_curves_kind"][()]
assert cc.shape == (31, 4, 64, 4) and np.all(kind[:, 0] == 1)
def shoelace(x, y):
    return 0.5 * abs(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))
te = f["params"]["ps_theta_e"]
for s in range(31):
    a = shoelace(cc[s, 0, :, 0], cc[s, 0, :, 1])
    assert abs(np.sqrt(a / np.pi) / te[s] - 1) < 5e-3, (s, np.sqrt(a / np.pi), te[s])
    assert np.all(np.isnan(cc[s][kind[s] == 0]))
check("d.h5", 2)
n = check("p.h5", None)
assert np.all(n >= 2), "a source near the centre of these lenses has at least two images"
pp = h5py.File("p.h5", "r")["params"]
assert np.all(pp["ps_x"] == 0.03)
print("point images ok")
PYEOF
lg 1 -options_file "$SRC/inputs/quickstart.opts" -data_output u.h5 -ps_multiplicity 4 && fail "unused -ps_multiplicity accepted"
grep -q "unknown or unused option" last.err && pass "-ps_* without -ps_images refused" || fail "$(cat last.err)"
finish
