#!/usr/bin/python3
"""Plot samples of a lensgen HDF5 file as a PNG grid, and /params histograms as another PNG.

Usage: lgplot.py FILE.h5 [--samples 0,1,2] [--products kappa,alpha] [--out maps.png]
                         [--hist lens_sie_theta_e,lens_z | --hist all] [--hist-out hist.png] [--bins 30]
                         [--no-maps]

  maps grid   one row per sample, one column per channel (alpha and gamma give two: alpha_x,
              alpha_y / gamma1, gamma2), axes in arcsec from /grid, x along the last axis, origin
              lower; the colour range of each panel is its 1-99 percentile (kappa and magnification
              are singular at lens centres and critical curves), symmetric about 0 for signed maps.
              Defaults: the first 4 done samples, every product; written to <FILE>_maps.png.
  histograms  one panel per /params field, over the done samples; written to <FILE>_hist.png.
              Only made when --hist is given; --no-maps skips the maps grid.
Exit 0; 1 for a missing or non-lensgen file, an unknown product/param, or a sample not done;
2 for bad usage. Debian's /usr/bin/python3 with python3-h5py, python3-numpy, python3-matplotlib.
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend choice)
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "loader"))
from lensgen_loader import schema  # noqa: E402

CMAP = {"kappa": "viridis", "psi": "viridis", "image": "magma", "image_noiseless": "magma"}


def comma_list(text):
    return [s.strip() for s in text.split(",") if s.strip()]


def plot_maps(f, info, samples, products, out):
    grid = info["grid"]
    x = f["grid/x"][()] if "grid" in f and "x" in f["grid"] else None
    y = f["grid/y"][()] if "grid" in f and "y" in f["grid"] else None
    extent = None
    if x is not None and y is not None and len(x) > 1:
        hx, hy = 0.5 * (x[1] - x[0]), 0.5 * (y[1] - y[0])
        extent = (x[0] - hx, x[-1] + hx, y[0] - hy, y[-1] + hy)
    columns = [(p, c, ch) for p in products for c, ch in enumerate(info["products"][p]["channels"])]
    nr, nc = len(samples), len(columns)
    fig, axes = plt.subplots(nr, nc, figsize=(2.4 * nc + 0.4, 2.2 * nr + 0.6), squeeze=False)
    for r, i in enumerate(samples):
        for c, (p, k, ch) in enumerate(columns):
            ds = f[p]
            img = (ds[i, k] if ds.ndim == 4 else ds[i]).astype(np.float64)
            ax = axes[r, c]
            finite = img[np.isfinite(img)]
            lo, hi = (np.percentile(finite, [1, 99]) if finite.size else (0.0, 1.0))
            signed = lo < 0 < hi and p != "psi"
            if signed:
                m = max(abs(lo), abs(hi))
                lo, hi, cmap = -m, m, "RdBu_r"
            else:
                cmap = CMAP.get(p, "viridis")
            if hi <= lo:
                hi = lo + 1e-12
            im = ax.imshow(img, origin="lower", extent=extent, cmap=cmap, vmin=lo, vmax=hi,
                           interpolation="nearest")
            fig.colorbar(im, ax=ax, fraction=0.046, pad=0.03).ax.tick_params(labelsize=7)
            units = info["products"][p]["units"]
            if r == 0:
                ax.set_title(f"{ch} [{units}]" if units and units != "dimensionless" else ch, fontsize=9)
            if c == 0:
                ax.set_ylabel(f"sample {i}\ny [arcsec]" if extent else f"sample {i}", fontsize=8)
            if r == nr - 1 and extent:
                ax.set_xlabel("x [arcsec]", fontsize=8)
            ax.tick_params(labelsize=7)
    fov = grid.get("fov")
    fig.suptitle(f"{os.path.basename(info['path'])}: {grid.get('npix')}x{grid.get('npix')} px"
                 + (f", fov {fov} arcsec" if fov else ""), fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def plot_hist(f, info, fields, bins, out):
    done = schema.done_mask(f)
    rows = f["params"][()][done]
    n = len(fields)
    nc = min(n, 4)
    nr = (n + nc - 1) // nc
    fig, axes = plt.subplots(nr, nc, figsize=(3.2 * nc, 2.6 * nr), squeeze=False)
    for j, name in enumerate(fields):
        ax = axes[j // nc, j % nc]
        v = rows[name].astype(np.float64)
        v = v[np.isfinite(v)]
        ax.hist(v, bins=bins, color="tab:blue", edgecolor="white", linewidth=0.4)
        ax.set_title(name, fontsize=9)
        ax.tick_params(labelsize=7)
        if v.size:
            ax.set_xlabel(f"min {v.min():.4g}  mean {v.mean():.4g}  max {v.max():.4g}", fontsize=7)
    for j in range(n, nr * nc):
        axes[j // nc, j % nc].axis("off")
    fig.suptitle(f"{os.path.basename(info['path'])}: /params over {int(done.sum())} done samples", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def fail(msg, code=1):
    print(f"lgplot: {msg}", file=sys.stderr)
    return code


def main(argv):
    ap = argparse.ArgumentParser(prog="lgplot.py", description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("--samples", help="comma list of sample indices (default: the first 4 done)")
    ap.add_argument("--products", help="comma list of map products (default: every one in the file)")
    ap.add_argument("--out", help="maps PNG (default <FILE>_maps.png)")
    ap.add_argument("--hist", help="comma list of /params fields, or 'all'")
    ap.add_argument("--hist-out", help="histogram PNG (default <FILE>_hist.png)")
    ap.add_argument("--bins", type=int, default=30)
    ap.add_argument("--no-maps", action="store_true", help="only the histograms")
    args = ap.parse_args(argv[1:])
    stem = os.path.splitext(args.file)[0]
    if args.no_maps and not args.hist:
        return fail("--no-maps without --hist: nothing to plot", 2)

    try:
        info = schema.describe(args.file)
    except (OSError, ValueError) as e:
        return fail(str(e))
    # every request is checked before anything is written
    with schema.open_file(args.file) as f:
        done = schema.done_mask(f)
    products = samples = fields = None
    if not args.no_maps:
        products = comma_list(args.products) if args.products else list(info["products"])
        bad = [p for p in products if p not in info["products"]]
        if bad or not products:
            return fail(f"{args.file}: no map product {', '.join(bad) or '(none asked)'}; "
                        f"the file has: {', '.join(info['products']) or 'none'}")
        try:
            samples = [int(s) for s in comma_list(args.samples)] if args.samples else \
                [int(i) for i in np.flatnonzero(done)[:4]]
        except ValueError:
            return fail(f"--samples {args.samples}: expected a comma list of integers", 2)
        n = info["n_samples"]
        bad = [i for i in samples if not 0 <= i < n]
        if bad or not samples:
            return fail(f"sample(s) {bad or '(none)'} out of range: the file has samples 0..{n - 1}")
        notdone = [i for i in samples if not done[i]]
        if notdone:
            return fail(f"sample(s) {notdone} not done in this incomplete file (their maps are empty)")
    if args.hist:
        fields = info["params"] if args.hist == "all" else comma_list(args.hist)
        bad = [p for p in fields if p not in info["params"]]
        if bad or not fields:
            return fail(f"{args.file}: no /params field {', '.join(bad) or '(none asked)'}; "
                        f"the file has: {', '.join(info['params']) or 'none'}")
    if args.bins < 1:
        return fail(f"--bins {args.bins}: expected at least 1", 2)

    with schema.open_file(args.file) as f:
        if products:
            out = args.out or stem + "_maps.png"
            plot_maps(f, info, samples, products, out)
            print(f"wrote {out}: samples {','.join(map(str, samples))} x channels "
                  + ",".join(ch for p in products for ch in info["products"][p]["channels"]))
        if fields:
            out = args.hist_out or stem + "_hist.png"
            plot_hist(f, info, fields, args.bins, out)
            print(f"wrote {out}: histograms of {','.join(fields)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
