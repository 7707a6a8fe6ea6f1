#!/usr/bin/python3
"""Print a summary of a lensgen HDF5 file: run attributes, schema, completeness, parameter ranges.

Usage: lgsummary.py FILE.h5 [--options] [--maps]

  attributes    version, git_commit, n_samples, n_ranks, backend, cosmology, seed, created, complete
  grid          npix, fov, pixel scale, supersampling
  schema        every dataset: shape, dtype, units (maps also list their channels)
  completeness  how many samples /done marks
  params        min / mean / max of every /params field over the done samples
  label         count per class, when the file has /label
  --options     also print the full options text the file was made with
  --maps        also print min / mean / max and the non-finite count of every map channel over the
                done samples (reads every map: slow for big files)

Exit 0; 1 for a missing file or a file that is not a lensgen data set; 2 for bad usage.
Debian's /usr/bin/python3 with python3-h5py and python3-numpy (torch is not needed).
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "loader"))
from lensgen_loader import schema  # noqa: E402  (after the path set-up)

CHUNK = 1 << 16  # rows read at a time, bounds memory whatever N is


def human_bytes(n):
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.2f} {unit}"
        n /= 1024.0


def column_stats(f, done, fields):
    """{field: (min, mean, max, n_nonfinite)} of /params over the done rows, read in chunks."""
    n = len(done)
    acc = {k: [np.inf, -np.inf, 0.0, 0, 0] for k in fields}  # min, max, sum, count, nonfinite
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        rows = f["params"][lo:hi][done[lo:hi]]
        for k in fields:
            v = rows[k].astype(np.float64)
            ok = np.isfinite(v)
            a = acc[k]
            a[4] += int((~ok).sum())
            v = v[ok]
            if v.size:
                a[0], a[1] = min(a[0], v.min()), max(a[1], v.max())
                a[2] += float(v.sum())
                a[3] += v.size
    return {k: (a[0], a[2] / a[3] if a[3] else np.nan, a[1], a[4]) if a[3] else (np.nan, np.nan, np.nan, a[4])
            for k, a in acc.items()}


def map_stats(f, done, name, channels):
    """[(channel, min, mean, max, n_nonfinite)] of one map product over the done samples."""
    ds = f[name]
    k = len(channels)
    acc = [[np.inf, -np.inf, 0.0, 0, 0] for _ in range(k)]
    n = len(done)
    step = max(1, CHUNK // (ds.shape[-1] * ds.shape[-2] * k))
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        sel = done[lo:hi]
        if not sel.any():
            continue
        block = ds[lo:hi][sel].astype(np.float64)
        if ds.ndim == 3:
            block = block[:, None]
        for c in range(k):
            v = block[:, c].ravel()
            ok = np.isfinite(v)
            a = acc[c]
            a[4] += int((~ok).sum())
            v = v[ok]
            if v.size:
                a[0], a[1] = min(a[0], v.min()), max(a[1], v.max())
                a[2] += float(v.sum())
                a[3] += v.size
    return [(channels[c], a[0], a[2] / a[3] if a[3] else np.nan, a[1], a[4]) for c, a in enumerate(acc)]


def main(argv):
    ap = argparse.ArgumentParser(prog="lgsummary.py", description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("--options", action="store_true", help="print the full options text")
    ap.add_argument("--maps", action="store_true", help="statistics of every map channel (reads all maps)")
    args = ap.parse_args(argv[1:])

    try:
        info = schema.describe(args.file)
    except (OSError, ValueError) as e:  # FileNotFoundError, LensgenFileError
        print(f"lgsummary: {e}", file=sys.stderr)
        return 1

    a = info["attrs"]
    print(f"lensgen file  {info['path']}  ({human_bytes(os.path.getsize(info['path']))})")
    print("attributes")
    for k in schema.RUN_ATTRS:
        v = a.get(k, "(missing)")
        if k == "complete":
            v = f"{v} ({'complete' if info['complete'] else 'INCOMPLETE: finish it with lensgen -data_resume'})"
        print(f"  {k:<12} {v}")
    for k in sorted(set(a) - set(schema.RUN_ATTRS) - {"options", "config_key"}):
        print(f"  {k:<12} {a[k]}")
    g = info["grid"]
    if g:
        print(f"grid          {g.get('npix')} x {g.get('npix')} pixels, fov {g.get('fov', float('nan')):g} arcsec, "
              f"pixel {g.get('pixel_scale', float('nan')):.6g} arcsec, supersample {g.get('supersample', 1)}")

    print("schema")
    width = max(len(p) for p in info["datasets"])
    for path, d in sorted(info["datasets"].items()):
        shape = "[" + ", ".join(map(str, d["shape"])) + "]"
        extra = ""
        name = path.lstrip("/")
        if name in info["products"]:
            extra = "  channels " + ",".join(info["products"][name]["channels"])
        print(f"  {path:<{width}}  {d['dtype']:<8} {shape:<20} units: {d['units'] or '(no units attribute)'}{extra}")

    n, nd = info["n_samples"], info["n_done"]
    print(f"completeness  {nd} of {n} samples done ({100.0 * nd / n if n else 100.0:.1f}%)"
          + ("" if info["complete"] or nd == n else f", {n - nd} missing"))

    with schema.open_file(args.file) as f:
        done = schema.done_mask(f)
        if info["params"]:
            print(f"params over the {nd} done samples")
            w = max(len(p) for p in info["params"])
            print(f"  {'name':<{w}}  {'min':>13} {'mean':>13} {'max':>13}")
            for k, (lo, mean, hi, bad) in column_stats(f, done, info["params"]).items():
                note = f"  ({bad} non-finite)" if bad else ""
                print(f"  {k:<{w}}  {lo:13.6g} {mean:13.6g} {hi:13.6g}{note}")
        if info["label"] is not None:
            lab = f["label"][()][done]
            classes = info["label"]["classes"]
            counts = np.bincount(lab[lab >= 0], minlength=len(classes)) if lab.size else np.zeros(len(classes), int)
            parts = [f"{classes[c] if c < len(classes) else c}={counts[c]}" for c in range(len(counts))]
            print(f"label         classes {','.join(classes) or '(no classes attribute)'}; counts " + " ".join(parts))
        if args.maps:
            print(f"maps over the {nd} done samples")
            for name, p in info["products"].items():
                for ch, lo, mean, hi, bad in map_stats(f, done, name, p["channels"]):
                    note = f"  ({bad} non-finite)" if bad else ""
                    print(f"  {ch:<14} {lo:13.6g} {mean:13.6g} {hi:13.6g}{note}")
    if args.options:
        print("options")
        print("  " + str(a.get("options", "(missing)")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
