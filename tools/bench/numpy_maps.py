#!/usr/bin/python3
"""The plain vectorized NumPy baseline for lensgen's quickstart workload, and a checker of lensgen files.

Generate mode (the baseline a user would write):
    numpy_maps.py -n 4096 --out maps.h5 [--npix 64 --fov 6.4 --batch 64 --seed 42 --json]
  draws N samples of SIE + external shear with the quickstart priors (inputs/quickstart.opts),
  computes kappa, alpha (2), psi, gamma (2) and magnification in float64, vectorized over the pixels
  and over a batch of samples, and writes them as float32 with h5py in lensgen's shapes
  ([N, npix, npix] and [N, 2, npix, npix]) plus a /params compound with lensgen's field names.
  Compute and write are timed separately; --json prints the timings as one JSON line.

Check mode (validates lensgen and this file against each other):
    numpy_maps.py --check lensgen_output.h5 [--rtol 1e-6]
  reads /params and /grid of a lensgen SIE+shear file, recomputes every stored product from the
  parameters and reports the largest differences; exits 1 when one exceeds the tolerance.

Physics as in src/physics/profiles/sie.h and shear.h: SIE with the intermediate-axis
normalisation kappa = theta_E / (2 sqrt(q x'^2 + y'^2/q)), deflection of Kormann, Schneider &
Bartelmann 1994 / Keeton 2001 (b = theta_E sqrt(q), e = sqrt(1 - q^2), w = sqrt(q^2 x'^2 + y'^2):
alpha_x' = b/e atan(e x'/w), alpha_y' = b/e atanh(e y'/w)), psi = x.alpha (degree-1 homogeneous),
Hessian 2 kappa t t^T (t tangential); shear psi = g1 (x^2 - y^2)/2 + g2 x y about the grid centre.
Debian's /usr/bin/python3 with python3-numpy and python3-h5py.
"""
import argparse
import json
import sys
import time

import h5py
import numpy as np

PRODUCTS = ("kappa", "alpha", "psi", "gamma", "magnification")
PLANES = {"kappa": 1, "alpha": 2, "psi": 1, "gamma": 2, "magnification": 1}
PARAM_FIELDS = ("lens_z", "src_z", "lens_sie_x", "lens_sie_y", "lens_sie_theta_e", "lens_sie_q",
                "lens_sie_phi", "lens_shear_gamma1", "lens_shear_gamma2")
R_MIN = 1e-9  # arcsec: lensgen raises smaller radii to this (physics/profiles/radial.h)


def grid_coords(npix, fov):
    """Pixel centres (i - (npix-1)/2) * fov/npix, arcsec (DESIGN.md grid conventions)."""
    return (np.arange(npix) - 0.5 * (npix - 1)) * (fov / npix)


def draw_params(n, seed):
    """The quickstart priors (inputs/quickstart.opts); NumPy's RNG, so not lensgen's samples."""
    rng = np.random.default_rng(seed)

    def truncnormal(m, s, a, b):
        out = rng.normal(m, s, n)
        bad = (out < a) | (out > b)
        while bad.any():
            out[bad] = rng.normal(m, s, bad.sum())
            bad = (out < a) | (out > b)
        return out

    p = np.zeros(n, dtype=[(f, "<f8") for f in PARAM_FIELDS])
    p["lens_z"] = rng.uniform(0.3, 0.7, n)
    p["src_z"] = rng.uniform(1.5, 3.0, n)
    p["lens_sie_x"] = truncnormal(0.0, 0.1, -0.5, 0.5)
    p["lens_sie_y"] = truncnormal(0.0, 0.1, -0.5, 0.5)
    p["lens_sie_theta_e"] = rng.uniform(0.8, 1.6, n)
    p["lens_sie_q"] = rng.uniform(0.5, 1.0, n)
    p["lens_sie_phi"] = rng.uniform(0.0, 180.0, n)
    p["lens_shear_gamma1"] = truncnormal(0.0, 0.05, -0.2, 0.2)
    p["lens_shear_gamma2"] = truncnormal(0.0, 0.05, -0.2, 0.2)
    return p


def lens_maps(p, x, y):
    """float64 maps of a batch of SIE + shear lenses at the points (x, y) ([npix, npix] each).

    p: structured array [B] with the PARAM_FIELDS. Returns a dict of [B, npix, npix] arrays:
    kappa, alpha_x, alpha_y, psi, gamma1, gamma2, magnification.
    """
    def col(field):  # [B] -> [B, 1, 1], broadcasting against the [npix, npix] grid
        return np.asarray(p[field], dtype=np.float64)[:, None, None]

    x0, y0, te, q = col("lens_sie_x"), col("lens_sie_y"), col("lens_sie_theta_e"), col("lens_sie_q")
    phi = np.deg2rad(col("lens_sie_phi"))
    g1, g2 = col("lens_shear_gamma1"), col("lens_shear_gamma2")
    cs, sn = np.cos(phi), np.sin(phi)

    # SIE about its centre
    dx, dy = x - x0, y - y0
    r = np.hypot(dx, dy)
    tiny = r < R_MIN  # the centre pixel of the cusp: lensgen's floor, direction along +x
    if tiny.any():
        dx, dy, r = np.where(tiny, R_MIN, dx), np.where(tiny, 0.0, dy), np.where(tiny, R_MIN, r)
    b = te * np.sqrt(q)
    e = np.maximum(np.sqrt((1.0 - q) * (1.0 + q)), 1e-12)  # q = 1 (SIS): atan(e u)/e -> u
    xp, yp = cs * dx + sn * dy, -sn * dx + cs * dy
    w = np.sqrt(q * q * xp * xp + yp * yp)
    axp = (b / e) * np.arctan(e * xp / w)   # Keeton 2001 (astro-ph/0102341), s = 0
    ayp = (b / e) * np.arctanh(e * yp / w)
    ax, ay = cs * axp - sn * ayp, sn * axp + cs * ayp
    kappa_sie = 0.5 * b / w
    two_k_r2 = 2.0 * kappa_sie / (r * r)     # Hessian 2 kappa t t^T, t = (-dy, dx)/r
    fxx, fyy, fxy = two_k_r2 * dy * dy, two_k_r2 * dx * dx, -two_k_r2 * dx * dy
    psi = dx * ax + dy * ay

    # external shear about the grid centre
    psi = psi + 0.5 * g1 * (x * x - y * y) + g2 * x * y
    ax = ax + g1 * x + g2 * y
    ay = ay + g2 * x - g1 * y
    fxx, fyy, fxy = fxx + g1, fyy - g1, fxy + g2

    with np.errstate(divide="ignore"):
        mu = 1.0 / ((1.0 - fxx) * (1.0 - fyy) - fxy * fxy)
    return {"kappa": 0.5 * (fxx + fyy), "alpha_x": ax, "alpha_y": ay, "psi": psi,
            "gamma1": 0.5 * (fxx - fyy), "gamma2": fxy, "magnification": mu}


def batch_maps(p, npix, fov, supersample=1):
    """lens_maps at pixel centres, or averaged over S x S sub-pixels (DESIGN.md -grid_supersample)."""
    c = grid_coords(npix, fov)
    if supersample == 1:
        y, x = np.meshgrid(c, c, indexing="ij")  # maps [iy][ix]
        return lens_maps(p, x, y)
    pixel, acc = fov / npix, None
    for j in range(supersample):
        for i in range(supersample):
            oy = ((j + 0.5) / supersample - 0.5) * pixel
            ox = ((i + 0.5) / supersample - 0.5) * pixel
            y, x = np.meshgrid(c + oy, c + ox, indexing="ij")
            m = lens_maps(p, x, y)
            acc = m if acc is None else {k: acc[k] + m[k] for k in acc}
    return {k: v / supersample**2 for k, v in acc.items()}


def product_arrays(m):
    """The stored products (lensgen's layout) from lens_maps' dict."""
    return {"kappa": m["kappa"], "alpha": np.stack([m["alpha_x"], m["alpha_y"]], axis=1), "psi": m["psi"],
            "gamma": np.stack([m["gamma1"], m["gamma2"]], axis=1), "magnification": m["magnification"]}


def generate(args):
    n, npix = args.n, args.npix
    params = draw_params(n, args.seed)
    t_compute = t_write = 0.0
    t0 = time.perf_counter()
    with h5py.File(args.out, "w") as f:
        dsets = {k: f.create_dataset(k, (n, npix, npix) if PLANES[k] == 1 else (n, 2, npix, npix), dtype="<f4")
                 for k in PRODUCTS}
        f.create_dataset("params", data=params)
        g = f.create_group("grid")
        g.attrs["npix"], g.attrs["fov"], g.attrs["supersample"] = npix, args.fov, 1
        t_write += time.perf_counter() - t0
        for lo in range(0, n, args.batch):
            hi = min(n, lo + args.batch)
            t1 = time.perf_counter()
            prods = product_arrays(batch_maps(params[lo:hi], npix, args.fov))
            out = {k: v.astype(np.float32) for k, v in prods.items()}
            t2 = time.perf_counter()
            for k in PRODUCTS:
                dsets[k][lo:hi] = out[k]
            t_write += time.perf_counter() - t2
            t_compute += t2 - t1
        t3 = time.perf_counter()
    t_write += time.perf_counter() - t3  # closing flushes HDF5's buffers to the OS
    nbytes = n * npix * npix * 4 * sum(PLANES.values())
    res = {"n": n, "npix": npix, "batch": args.batch, "compute_s": t_compute, "write_s": t_write,
           "total_s": t_compute + t_write, "samples_per_s": n / (t_compute + t_write),
           "compute_samples_per_s": n / t_compute, "write_mb_per_s": nbytes / 1e6 / t_write, "map_bytes": nbytes}
    if args.json:
        print(json.dumps(res))
    else:
        print(f"numpy: {n} samples of {npix}x{npix}, batch {args.batch}: compute {t_compute:.3f} s "
              f"({res['compute_samples_per_s']:.1f} samples/s), write {t_write:.3f} s "
              f"({res['write_mb_per_s']:.1f} MB/s), total {res['total_s']:.3f} s ({res['samples_per_s']:.1f} samples/s)")
    return 0


def check(args):
    """Recompute a lensgen file's maps from its /params and report the differences."""
    with h5py.File(args.check, "r") as f:
        params = f["params"][...]
        missing = [k for k in PARAM_FIELDS[2:] if k not in params.dtype.names]
        if missing:
            print(f"{args.check}: /params lacks {', '.join(missing)}: only SIE + shear files can be checked "
                  f"(fields: {', '.join(params.dtype.names)})", file=sys.stderr)
            return 2
        extra = [k for k in params.dtype.names if k.startswith("lens_") and k != "lens_z" and k not in PARAM_FIELDS]
        if extra:
            print(f"{args.check}: /params has other lens components ({', '.join(extra)}): not checkable", file=sys.stderr)
            return 2
        npix, fov = int(f["grid"].attrs["npix"]), float(f["grid"].attrs["fov"])
        ss = int(f["grid"].attrs.get("supersample", 1))
        if "done" in f and not f["done"][...].all():
            print(f"{args.check}: warning: /done is not all set; unwritten samples will differ", file=sys.stderr)
        grid_dx = None
        if "grid/x" in f:
            grid_dx = float(np.max(np.abs(f["grid/x"][...] - grid_coords(npix, fov))))
        stored = [k for k in PRODUCTS if k in f]
        n = params.shape[0]
        worst = {}
        for lo in range(0, n, args.batch):
            hi = min(n, lo + args.batch)
            ref = product_arrays(batch_maps(params[lo:hi], npix, fov, ss))
            for k in stored:
                got = f[k][lo:hi].astype(np.float64)
                for name, d in compare(k, got, ref[k]).items():
                    worst[name] = max(worst.get(name, 0.0), d) if not np.isnan(d) else np.nan
    print(f"check {args.check}: {n} samples, {npix}x{npix}, fov {fov} arcsec, supersample {ss}")
    if grid_dx is not None:
        print(f"  /grid/x vs (i - (npix-1)/2) fov/npix: max |diff| {grid_dx:.3g} arcsec")
    print(f"  {'quantity':<26}{'max abs diff':>14}{'max rel diff':>14}")
    ok = True
    for k in stored:
        rows = [k] + (["psi - mean"] if k == "psi" else []) + (["1/magnification"] if k == "magnification" else [])
        for r in rows:
            a, rel = worst[r + " abs"], worst[r + " rel"]
            print(f"  {r:<26}{a:>14.3e}{rel:>14.3e}")
        # psi is defined up to a constant: either form may pass; magnification is judged through 1/mu
        judged = {"psi": ["psi", "psi - mean"], "magnification": ["1/magnification"]}.get(k, [k])
        if not any(worst[r + " rel"] <= args.rtol for r in judged):  # NaN fails too
            ok = False
    print(f"  rel diff = |lensgen - numpy| / max(|numpy|, 1e-3 max|numpy| of the sample) "
          f"('psi - mean': / max|psi - mean| of the sample); float32 rounding is {np.finfo(np.float32).eps / 2:.1e}")
    print(f"  {'PASS' if ok else 'FAIL'}: every product within rtol {args.rtol:g} "
          f"(magnification judged through 1/magnification, psi up to a constant)")
    return 0 if ok else 1


def compare(k, got, ref):
    """Largest abs and rel differences of one product over a batch (rel against a per-sample floor)."""
    def pair(name, g, r, floor=1e-3):
        axes = tuple(range(1, r.ndim))
        scale = np.max(np.abs(r), axis=axes, keepdims=True)
        d = np.abs(g - r)
        return {name + " abs": float(np.max(d)), name + " rel": float(np.max(d / np.maximum(np.abs(r), floor * scale)))}

    out = {}
    if k == "magnification":
        finite = np.isfinite(ref) & np.isfinite(got)
        out.update(pair(k, np.where(finite, got, 0.0), np.where(finite, ref, 0.0)))
        with np.errstate(divide="ignore"):
            out.update(pair("1/magnification", 1.0 / got, 1.0 / ref))
    else:
        out.update(pair(k, got, ref))
    if k == "psi":
        axes = (1, 2)
        out.update(pair("psi - mean", got - got.mean(axis=axes, keepdims=True),
                        ref - ref.mean(axis=axes, keepdims=True), floor=1.0))
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=256, help="samples (default 256)")
    ap.add_argument("--npix", type=int, default=64, help="pixels per side (default 64)")
    ap.add_argument("--fov", type=float, default=6.4, help="field of view, arcsec (default 6.4)")
    ap.add_argument("--batch", type=int, default=64, help="samples per vectorized step and per write (default 64)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default="numpy_maps.h5", help="HDF5 file written (replaced)")
    ap.add_argument("--json", action="store_true", help="print the timings as one JSON line")
    ap.add_argument("--check", metavar="FILE", help="recompute a lensgen file's maps from /params and compare")
    ap.add_argument("--rtol", type=float, default=1e-6, help="--check: largest rel diff allowed (default 1e-6)")
    args = ap.parse_args(argv[1:])
    if args.n < 1 or args.npix < 2 or args.batch < 1:
        ap.error("-n and --batch must be >= 1, --npix >= 2")
    return check(args) if args.check else generate(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
