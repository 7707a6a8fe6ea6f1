"""LensgenDataset: a torch Dataset over one lensgen HDF5 file (maps stacked on a channel axis,
/params fields, /label). The constructor reads only metadata and closes the file; each process
(DataLoader worker) opens its own read-only handle on first use, and again after a fork."""
import os

import h5py
import numpy as np
import torch
import torch.utils.data

from . import schema
from .schema import IncompleteFileError, LensgenFileError


def _names(arg, what):
    """A comma string or a sequence of names -> list of names (no duplicates)."""
    if arg is None:
        return []
    names = [s.strip() for s in arg.split(",") if s.strip()] if isinstance(arg, str) else list(arg)
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"{what} named more than once: {', '.join(dup)}")
    return names


class LensgenDataset(torch.utils.data.Dataset):
    """One sample of a lensgen file as tensors.

    LensgenDataset(path, products=("kappa",), params=None, label=True, transform=None,
                   require_complete=True, target_transform=None, return_dict=True,
                   params_dtype=torch.float32)

    products  map datasets to stack, in this order, along the channel axis: kappa, psi,
              magnification, image, ... give 1 channel, alpha (alpha_x, alpha_y) and gamma
              (gamma1, gamma2) give 2. A list or a comma string; () for no maps.
    params    /params fields to return, in this order, as one 1-D tensor (params_dtype; the file
              stores float64). None: no params; "all": every field, in file order.
    label     True: return /label (int64) when the file has one; False: never.
    transform         applied to the maps tensor [C, npix, npix]; target_transform to the params tensor.
    require_complete  True: a file whose `complete` attribute is not 1 raises IncompleteFileError.
                      False: only the samples with /done == 1 are indexable (item k is file sample
                      sample_indices[k]).
    return_dict  True: {"maps", "params", "label", "index"} (only what was asked for; index is the
                 sample's row in the file); False: a tuple (maps, params, label) of what was asked for.

    Attributes: channel_names, param_names, products, has_label, classes, sample_indices, n_samples
    (rows in the file), npix, grid (the /grid attributes), attrs (root attributes).
    Unknown product or param names raise ValueError listing what the file has.
    """

    def __init__(self, path, products=("kappa",), params=None, label=True, transform=None,
                 require_complete=True, target_transform=None, return_dict=True, params_dtype=torch.float32):
        self.path = os.fspath(path)
        self.transform = transform
        self.target_transform = target_transform
        self.return_dict = bool(return_dict)
        self.params_dtype = params_dtype
        self._file = None
        self._pid = None
        with schema.open_file(self.path) as f:
            self.n_samples = schema.check_lensgen(f, self.path)
            self.attrs = {k: schema.to_python(v) for k, v in f.attrs.items()}
            self.grid = schema.grid_info(f)
            available = schema.map_products(f, self.n_samples)
            fields = schema.param_names(f)
            self.classes = schema.label_classes(f)

            self.products = _names(products, "product")
            unknown = [p for p in self.products if p not in available]
            if unknown:
                raise ValueError(f"{self.path}: no map product {', '.join(map(repr, unknown))}; "
                                 f"the file has: {', '.join(available) or 'none'}")
            if isinstance(params, str) and params == "all":
                self.param_names = list(fields)
            else:
                self.param_names = _names(params, "param")
            unknown = [p for p in self.param_names if p not in fields]
            if unknown:
                raise ValueError(f"{self.path}: no /params field {', '.join(map(repr, unknown))}; "
                                 f"the file has: {', '.join(fields) or 'none'}")
            not_num = [p for p in self.param_names if f["params"].dtype[p].kind not in "fiu"]
            if not_num:
                raise ValueError(f"{self.path}: /params field(s) {', '.join(not_num)} are not numbers")
            self.has_label = bool(label) and self.classes is not None
            if not self.products and not self.param_names and not self.has_label:
                raise ValueError("nothing to return: ask for at least one product, param or the label")

            self.channel_names = [c for p in self.products for c in available[p]]
            self._planes = [(p, len(available[p]), f[p].ndim == 4) for p in self.products]
            self.npix = int(f[self.products[0]].shape[-1]) if self.products else self.grid.get("npix")
            self._map_dtype = np.result_type(*[f[p].dtype for p in self.products]) if self.products else None

            done = schema.done_mask(f)
            complete = self.attrs.get("complete") == 1
            if complete and not done.all():
                raise LensgenFileError(f"{self.path}: marked complete but {int((~done).sum())} of "
                                       f"{self.n_samples} samples are not marked in /done")
            if not complete and require_complete:
                raise IncompleteFileError(
                    f"{self.path}: incomplete data set (attribute complete = {self.attrs.get('complete')}, "
                    f"{int(done.sum())} of {self.n_samples} samples done); complete it with "
                    f"lensgen -data_resume, or pass require_complete=False to use the done samples only")
            self.sample_indices = np.arange(self.n_samples) if complete else np.flatnonzero(done)

    def __len__(self):
        return len(self.sample_indices)

    def _handle(self):
        """This process's open file; a handle inherited through fork is closed and reopened."""
        pid = os.getpid()
        if self._file is None or self._pid != pid:
            if self._file is not None:
                try:
                    self._file.close()  # the parent's handle: this process's copy only
                except Exception:  # noqa: BLE001 -- a stale handle must never stop a worker
                    pass
            self._file = h5py.File(self.path, "r")
            self._pid = pid
            self._ds = {p: self._file[p] for p in self.products}
            self._params_ds = self._file["params"] if self.param_names else None
            self._label_ds = self._file["label"] if self.has_label else None
        return self._file

    def close(self):
        """Closes this process's handle (reopened on the next access)."""
        if self._file is not None and self._pid == os.getpid():
            self._file.close()
        self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __getstate__(self):
        # spawn/forkserver workers get a pickled copy: without the h5py handle, which reopens
        state = self.__dict__.copy()
        for k in ("_file", "_ds", "_params_ds", "_label_ds"):
            state.pop(k, None)
        state["_file"] = None
        state["_pid"] = None
        return state

    def read_maps(self, i):
        """The maps of file sample i as a numpy array [C, npix, npix] (the file's dtype)."""
        self._handle()
        out = np.empty((len(self.channel_names), self.npix, self.npix), dtype=self._map_dtype)
        c = 0
        for name, k, planar in self._planes:
            ds = self._ds[name]
            if ds.dtype == out.dtype:
                ds.read_direct(out, source_sel=np.s_[i], dest_sel=np.s_[c:c + k])
            else:
                out[c:c + k] = ds[i] if planar else ds[i][None]
            c += k
        return out

    def read_params(self, i):
        """The requested /params fields of file sample i as a float64 numpy array."""
        self._handle()
        row = self._params_ds[i]
        return np.array([row[n] for n in self.param_names], dtype=np.float64)

    def __getitem__(self, k):
        n = len(self.sample_indices)
        k = int(k)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError(f"index {k} out of range for {n} samples")
        i = int(self.sample_indices[k])
        self._handle()
        out = {}
        if self.products:
            maps = torch.from_numpy(self.read_maps(i))
            out["maps"] = self.transform(maps) if self.transform else maps
        if self.param_names:
            p = torch.from_numpy(self.read_params(i)).to(self.params_dtype)
            out["params"] = self.target_transform(p) if self.target_transform else p
        if self.has_label:
            out["label"] = torch.tensor(int(self._label_ds[i]), dtype=torch.int64)
        if self.return_dict:
            out["index"] = torch.tensor(i, dtype=torch.int64)
            return out
        return tuple(out.values())

    def __repr__(self):
        return (f"LensgenDataset({self.path!r}, {len(self)} samples, channels {self.channel_names}, "
                f"params {self.param_names}, label {self.has_label})")
