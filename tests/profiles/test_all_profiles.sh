#!/usr/bin/env bash
# End-to-end smoke test of the profile table: every lens kind, with its default priors, through
# lensgen on 2 ranks (two runs, as a run holds at most 16 components); the maps must be finite.
source "$2/tests/e2e/lib.sh"

run_kinds() { # $1 = output file, $2 = component list
  lg 2 -data_n 6 -data_seed 11 -data_output "$1" -data_products kappa,alpha,psi,gamma,magnification \
    -grid_npix 16 -grid_fov 8 -lens_components "$2" -run_backend cpu -data_preview none ||
    fail "lensgen with $2: $(cat last.err)"
}

# every kind in -help's table must be in one of the two lists
KINDS_A=point,sis,sie,nfw,shear,sheet,epl,tnfw,cnfw,hernquist
KINDS_B=burkert,einasto,sersic,enfw,ehernquist
"$LENSGEN" -help >help.txt 2>&1 || fail "lensgen -help failed"
for k in epl tnfw cnfw hernquist burkert einasto sersic enfw ehernquist; do
  grep -Eq "^  $k +" help.txt || fail "kind $k missing from -help"
done

run_kinds a.h5 "$KINDS_A"
run_kinds b.h5 "$KINDS_B"

$PY - <<'PYEOF' || fail "maps not finite or parameters missing"
import h5py, numpy as np
kinds = {"a.h5": "point,sis,sie,nfw,shear,sheet,epl,tnfw,cnfw,hernquist".split(","),
         "b.h5": "burkert,einasto,sersic,enfw,ehernquist".split(",")}
for name, ks in kinds.items():
    f = h5py.File(name, "r")
    for d in ("kappa", "alpha", "psi", "gamma", "magnification"):
        a = f[d][()]
        assert a.shape[0] == 6 and np.all(np.isfinite(a)), (name, d)
    fields = f["params"].dtype.names
    for k in ks:
        assert any(x.startswith("lens_%s_" % k) for x in fields), (name, k)
    assert np.all(f["done"][()] == 1)
    print(name, "ok:", len(ks), "kinds, median kappa", float(np.median(f["kappa"][()])))
PYEOF
finish
