#!/usr/bin/env bash
# The README's main job: quickstart options on 2 ranks, summary, preview PNG, schema.
source "$(dirname "$0")/lib.sh"
lg 2 -options_file "$SRC/inputs/quickstart.opts" -data_output qs.h5 -run_profile_json qs.json || fail "quickstart run failed: $(cat last.err)"
cat last.out
grep -q "lensgen summary" last.out || fail "no summary"
grep -q "samples/s" last.out || fail "no samples/s"
grep -Eq "^  write +[0-9.]+ +[0-9.]+" last.out || fail "no per-phase timing table"
grep -q "preview     qs.png" last.out || fail "no preview line"
[ -s qs.png ] && head -c 8 qs.png | od -An -c | grep -q "P   N   G" || fail "qs.png missing or not a PNG"
$PY - <<'PYEOF' || fail "schema check"
import h5py, numpy as np
f = h5py.File("qs.h5", "r")
assert f["kappa"].shape == (256, 64, 64) and f["kappa"].dtype == np.float32
assert f["alpha"].shape == (256, 2, 64, 64) and f["gamma"].shape == (256, 2, 64, 64)
assert f["psi"].shape == (256, 64, 64) and f["magnification"].shape == (256, 64, 64)
for d in ("kappa", "alpha", "psi", "gamma", "magnification", "params", "done", "grid/x", "grid/y", "profile"):
    assert "units" in f[d].attrs, d
p = f["params"]
names = p.dtype.names
for n in ("lens_z", "src_z", "lens_sie_theta_e", "lens_sie_q", "lens_sie_phi", "lens_shear_gamma1"):
    assert n in names, n
assert np.all((p["lens_sie_q"] >= 0.5) & (p["lens_sie_q"] <= 1.0))
assert np.all(f["done"][()] == 1)
for a in ("version", "git_commit", "options", "seed", "n_samples", "n_ranks", "backend", "cosmology", "created", "complete"):
    assert a in f.attrs, a
assert f.attrs["complete"] == 1 and f.attrs["n_ranks"] == 2 and f.attrs["n_samples"] == 256 and f.attrs["seed"] == 42
assert f["profile"].shape == (2, 9)
assert f["profile"].attrs["phases"] == "draw,render,trace,psf,noise,points,write,wait,total"
import json
j = json.load(open("qs.json"))
assert j["n_ranks"] == 2 and j["samples_generated"] == 256 and j["phases"][-1] == "total"
assert len(j["seconds_per_rank"]) == 2 and j["summary"]["total"]["max"] > 0
x = f["grid/x"][()]
assert abs(x[0] + 3.15) < 1e-12 and abs(x[-1] - 3.15) < 1e-12
k = f["kappa"][()]
assert np.all(np.isfinite(k)) and np.all(np.isfinite(f["magnification"][()]))
# an SIE with theta_E ~ 1.2": mean kappa inside the Einstein radius is about 1
print("schema ok; median kappa", float(np.median(k)))
PYEOF
finish
