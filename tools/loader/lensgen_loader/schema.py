"""What a lensgen HDF5 file holds, read with h5py alone (no torch): opening and checking a file,
the map products and their channels, the /params fields, /label, and describe().
Used by dataset.py (LensgenDataset) and by tools/inspect/lgsummary.py and lgplot.py."""
import os

import h5py
import numpy as np

# Channel names of the 2-plane products [N, 2, npix, npix] (README: (x, y) and (gamma1, gamma2)).
CHANNELS = {"alpha": ("alpha_x", "alpha_y"), "gamma": ("gamma1", "gamma2")}
# Root datasets with a leading sample axis that are not maps (DESIGN.md schema).
NOT_MAPS = {"params", "done", "label", "profile", "subhalos", "subhalos_count", "point_images",
            "point_images_count"}
# Root attributes shown by describe() and lgsummary, in this order (DESIGN.md; README spells
# "git commit" as git_commit).
RUN_ATTRS = ("version", "git_commit", "n_samples", "n_ranks", "backend", "cosmology", "seed",
             "created", "complete")


class LensgenFileError(ValueError):
    """The file is not a lensgen data set, or its bookkeeping is inconsistent."""


class IncompleteFileError(LensgenFileError):
    """The file's root attribute `complete` is not 1 (a killed or stopped run)."""


def to_python(value):
    """An attribute value as plain Python: str for strings, int/float for scalars, list for arrays."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray):
        if value.shape == ():
            return to_python(value[()])
        return [to_python(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def open_file(path):
    """Opens `path` read-only. FileNotFoundError when it does not exist, LensgenFileError when it is
    not HDF5 or is locked by a writer (lensgen holds the file while it runs)."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    if os.path.isdir(path):
        raise LensgenFileError(f"{path}: is a directory, not a lensgen HDF5 file")
    if not h5py.is_hdf5(path):
        raise LensgenFileError(f"{path}: not an HDF5 file (no HDF5 signature), so not a lensgen data set")
    try:
        return h5py.File(path, "r")
    except OSError as e:
        hint = ""
        if "lock" in str(e).lower():
            hint = (" -- is lensgen still writing it? Wait for the run to end, or read a copy "
                    "(HDF5_USE_FILE_LOCKING=FALSE reads it at your own risk)")
        raise LensgenFileError(f"{path}: cannot open as HDF5: {e}{hint}") from e


def check_lensgen(f, path):
    """Raises LensgenFileError unless f has what every lensgen file has: root attribute n_samples,
    /done of n_samples entries. Returns n_samples."""
    missing = [a for a in ("n_samples", "complete") if a not in f.attrs]
    missing += ["/" + d for d in ("done",) if d not in f or not isinstance(f[d], h5py.Dataset)]
    if missing:
        raise LensgenFileError(f"{path}: not a lensgen data set (missing {', '.join(missing)}); "
                               f"it holds {sorted(f.keys())}")
    n = int(to_python(f.attrs["n_samples"]))
    if f["done"].shape != (n,):
        raise LensgenFileError(f"{path}: /done has shape {f['done'].shape}, expected ({n},) from n_samples")
    return n


def grid_info(f):
    """The /grid attributes as a dict (npix, fov, pixel_scale, supersample, ...); {} without /grid."""
    if "grid" not in f:
        return {}
    return {k: to_python(v) for k, v in f["grid"].attrs.items()}


def map_products(f, n):
    """{name: channel names} of the root datasets that are maps: float [N, npix, npix] (one channel)
    or [N, k, npix, npix] (k channels), in file order."""
    npix = grid_info(f).get("npix")
    out = {}
    for name, obj in f.items():
        if name in NOT_MAPS or not isinstance(obj, h5py.Dataset) or obj.dtype.kind != "f":
            continue
        s = obj.shape
        if len(s) not in (3, 4) or s[0] != n or s[-1] != s[-2] or (npix is not None and s[-1] != npix):
            continue
        if len(s) == 3:
            out[name] = (name,)
        else:
            out[name] = CHANNELS.get(name, tuple(f"{name}_{j}" for j in range(s[1])))
            if len(out[name]) != s[1]:
                out[name] = tuple(f"{name}_{j}" for j in range(s[1]))
    return out


def param_names(f):
    """The field names of /params, in file order ([] without /params)."""
    if "params" not in f or f["params"].dtype.names is None:
        return []
    return list(f["params"].dtype.names)


def label_classes(f):
    """The class names of /label (attribute `classes`, a comma list or an array of strings);
    None when the file has no /label, [] when /label has no `classes`."""
    if "label" not in f:
        return None
    c = to_python(f["label"].attrs.get("classes", []))
    if isinstance(c, str):
        return [s.strip() for s in c.split(",") if s.strip()]
    return [str(s) for s in c]


def done_mask(f):
    """/done == 1 as a bool array."""
    return f["done"][()] == 1


def describe(path):
    """Schema and bookkeeping of a lensgen file, as plain Python:
    path, n_samples, complete (bool), n_done, attrs (every root attribute), grid (/grid attributes),
    products ({name: {shape, dtype, units, channels}}), params (field names), label (None or
    {shape, dtype, classes}), datasets ({'/path': {shape, dtype, units}} for every dataset).
    Raises FileNotFoundError or LensgenFileError (a ValueError) for a missing or non-lensgen file."""
    path = os.fspath(path)
    with open_file(path) as f:
        n = check_lensgen(f, path)
        datasets = {}

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                datasets["/" + name] = {"shape": tuple(obj.shape), "dtype": str(obj.dtype) if obj.dtype.names is None
                                        else "compound", "units": to_python(obj.attrs.get("units", ""))}
        f.visititems(visit)
        products = {name: dict(datasets["/" + name], channels=list(ch)) for name, ch in map_products(f, n).items()}
        classes = label_classes(f)
        label = None if classes is None else {"shape": tuple(f["label"].shape), "dtype": str(f["label"].dtype),
                                              "classes": classes}
        return {
            "path": path,
            "n_samples": n,
            "complete": to_python(f.attrs["complete"]) == 1,
            "n_done": int(np.count_nonzero(done_mask(f))),
            "attrs": {k: to_python(v) for k, v in f.attrs.items()},
            "grid": grid_info(f),
            "products": products,
            "params": param_names(f),
            "label": label,
            "datasets": datasets,
        }
