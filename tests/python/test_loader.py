#!/usr/bin/python3
"""Checks of tools/loader (LensgenDataset, describe) on files that lensgen just wrote.

Usage: test_loader.py SRC_DIR COMPLETE.h5 INCOMPLETE.h5   (run by test_loader.sh)
COMPLETE.h5: every product, sie+shear params; INCOMPLETE.h5: the same run killed after a batch.
Prints one 'ok:' line per check; exits 1 at the first failure.
"""
import os
import shutil
import sys

import h5py
import numpy as np
import torch

sys.path.insert(0, os.path.join(sys.argv[1], "tools", "loader"))
from lensgen_loader import IncompleteFileError, LensgenDataset, LensgenFileError, describe  # noqa: E402

ALL_PRODUCTS = ("kappa", "alpha", "psi", "gamma", "magnification")
CHANNELS = {"kappa": ["kappa"], "alpha": ["alpha_x", "alpha_y"], "psi": ["psi"],
            "gamma": ["gamma1", "gamma2"], "magnification": ["magnification"]}


def ok(msg):
    print(f"ok: {msg}", flush=True)


def raises(exc, fn, *words):
    """fn() must raise exc with every word in its message; returns the message."""
    try:
        fn()
    except exc as e:
        msg = str(e)
        missing = [w for w in words if w not in msg]
        assert not missing, f"{exc.__name__} message lacks {missing}: {msg}"
        return msg
    raise AssertionError(f"expected {exc.__name__}")


def same_bits(a, b):
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def h5_maps(f, products, i):
    return np.concatenate([f[p][i] if f[p].ndim == 4 else f[p][i][None] for p in products])


def check_exact(path):
    products = ("gamma", "kappa", "magnification", "alpha", "psi")  # not the file's order on purpose
    f = h5py.File(path, "r")
    fields = list(f["params"].dtype.names)
    params = fields[::-1]
    ds = LensgenDataset(path, products=products, params=params)
    n = f.attrs["n_samples"]
    assert len(ds) == n, (len(ds), n)
    assert ds.channel_names == [c for p in products for c in CHANNELS[p]], ds.channel_names
    assert ds.param_names == params and ds.npix == f["kappa"].shape[-1]
    ds64 = LensgenDataset(path, products="kappa,alpha", params=",".join(params), params_dtype=torch.float64)
    for i in (0, 1, 7, 8, 17, 31, 32, 33, n - 2, n - 1):
        s = ds[i]
        assert set(s) == {"maps", "params", "index"}, set(s)
        assert s["maps"].dtype == torch.float32 and s["params"].dtype == torch.float32
        assert int(s["index"]) == i
        assert same_bits(s["maps"].numpy(), h5_maps(f, products, i)), f"maps of sample {i} differ"
        row = f["params"][i]
        want = np.array([row[p] for p in params], dtype=np.float64)
        assert same_bits(s["params"].numpy(), want.astype(np.float32)), f"params of sample {i} differ"
        s64 = ds64[i]
        assert same_bits(s64["params"].numpy(), want), f"float64 params of sample {i} differ"
        assert same_bits(s64["maps"].numpy(), h5_maps(f, ("kappa", "alpha"), i))
    assert same_bits(ds[-1]["maps"].numpy(), ds[n - 1]["maps"].numpy())
    raises(IndexError, lambda: ds[n])
    # every single product on its own, every param on its own
    for p in ALL_PRODUCTS:
        one = LensgenDataset(path, products=[p])
        assert one.channel_names == CHANNELS[p]
        assert same_bits(one[5]["maps"].numpy(), h5_maps(f, [p], 5)), p
    for q in fields:
        one = LensgenDataset(path, products=(), params=[q])
        assert same_bits(one[9]["params"].numpy(), np.float32([f["params"][9][q]])), q
        assert set(one[9]) == {"params", "index"}
    alls = LensgenDataset(path, params="all")
    assert alls.param_names == fields
    tup = LensgenDataset(path, products=("kappa",), params=["lens_sie_theta_e"], return_dict=False)[3]
    assert isinstance(tup, tuple) and len(tup) == 2 and tup[0].shape == (1, ds.npix, ds.npix)
    ok(f"loader == h5py bit for bit: {len(ds.channel_names)} channels, {len(params)} params, 10 indices, "
       f"each product and param alone, float64 params, tuple mode")


def check_dataloader(path):
    f = h5py.File(path, "r")
    products, params = ("kappa", "alpha"), ["lens_sie_theta_e", "lens_z"]
    ds = LensgenDataset(path, products=products, params=params)
    ds[0]  # the parent opens its handle before the fork: workers must reopen theirs

    def check_handle(maps):  # runs in the worker: the handle must be this process's own
        assert ds._pid == os.getpid() and ds._file is not None
        return maps
    ds.transform = check_handle
    dl = torch.utils.data.DataLoader(ds, batch_size=8, num_workers=2, shuffle=True,
                                     generator=torch.Generator().manual_seed(0))
    seen = []
    for b in dl:
        assert b["maps"].shape == (8, 3, ds.npix, ds.npix) and b["params"].shape == (8, 2)
        for j, i in enumerate(b["index"].tolist()):
            assert same_bits(b["maps"][j].numpy(), h5_maps(f, products, i)), f"batch sample {i}"
            want = np.float32([f["params"][i][p] for p in params])
            assert same_bits(b["params"][j].numpy(), want)
        seen += b["index"].tolist()
    assert sorted(seen) == list(range(len(ds))), "the DataLoader did not visit every sample once"
    assert ds._pid == os.getpid()
    ok(f"DataLoader num_workers=2 batch_size=8 (fork, parent handle open): {len(seen)} samples once each, "
       f"equal to h5py")
    # spawn: the dataset is pickled without its handle and reopens in the child
    ds.transform = None
    dl = torch.utils.data.DataLoader(ds, batch_size=16, num_workers=1, multiprocessing_context="spawn")
    seen = [i for b in dl for i in b["index"].tolist()]
    assert seen == list(range(len(ds)))
    ok("DataLoader with spawn workers (pickled dataset reopens the file)")


def check_training(path):
    torch.manual_seed(0)
    ds = LensgenDataset(path, products=("kappa", "alpha"), params=["lens_sie_theta_e"])
    dl = torch.utils.data.DataLoader(ds, batch_size=8, shuffle=True, num_workers=0)
    model = torch.nn.Sequential(torch.nn.Conv2d(len(ds.channel_names), 4, 3, padding=1), torch.nn.ReLU(),
                                torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(4, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    before = [p.detach().clone() for p in model.parameters()]
    losses = []
    for step, b in enumerate(dl):
        x = torch.clamp(b["maps"], -10, 10)  # kappa is singular at the SIE centre
        loss = torch.nn.functional.mse_loss(model(x), b["params"])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss))
        if step == 2:
            break
    assert all(np.isfinite(losses)), losses
    assert any(not torch.equal(a, p) for a, p in zip(before, model.parameters())), "no weight changed"
    ok(f"3 training steps of a 1-conv model predicting lens_sie_theta_e: losses {[round(v, 4) for v in losses]}")


def check_errors(path, cut, work):
    fh = h5py.File(path, "r")
    have = list(fh.keys())
    msg = raises(ValueError, lambda: LensgenDataset(path, products=("kappa", "kapa")), "'kapa'", "alpha", "gamma",
                 "kappa", "magnification", "psi")
    assert "params" not in msg.split("has:")[1] and "done" not in msg.split("has:")[1], msg
    raises(ValueError, lambda: LensgenDataset(path, params=["lens_sie_theta_E"]), "'lens_sie_theta_E'",
           "lens_sie_theta_e", "lens_z", "lens_shear_gamma2")
    raises(ValueError, lambda: LensgenDataset(path, products="kappa,kappa"), "kappa")
    raises(ValueError, lambda: LensgenDataset(path, products=(), params=None, label=False), "nothing")
    ok(f"unknown product/param names raise ValueError listing the file's products and fields ({have})")

    cf = h5py.File(cut, "r")
    done = cf["done"][()] == 1
    assert cf.attrs["complete"] != 1 and 0 < done.sum() < len(done), (cf.attrs["complete"], done)
    e = raises(IncompleteFileError, lambda: LensgenDataset(cut), "incomplete", "-data_resume", "require_complete")
    assert isinstance(IncompleteFileError(e), ValueError)
    part = LensgenDataset(cut, products=("kappa", "gamma"), params=["lens_sie_q"], require_complete=False)
    assert len(part) == int(done.sum()) and np.array_equal(part.sample_indices, np.flatnonzero(done))
    for k in (0, len(part) // 2, len(part) - 1):
        s = part[k]
        i = int(part.sample_indices[k])
        assert int(s["index"]) == i and done[i]
        assert same_bits(s["maps"].numpy(), h5_maps(cf, ("kappa", "gamma"), i))
        assert float(s["maps"][0].abs().max()) > 0, "a done sample with an empty kappa map"
    seen = [i for b in torch.utils.data.DataLoader(part, batch_size=8, num_workers=2) for i in b["index"].tolist()]
    assert seen == np.flatnonzero(done).tolist()
    ok(f"incomplete file ({int(done.sum())} of {len(done)} done): IncompleteFileError; with "
       f"require_complete=False only done samples are indexed ({np.flatnonzero(done)[[0, -1]].tolist()} ...)")

    # complete == 1 but a hole in /done: inconsistent bookkeeping
    bad = os.path.join(work, "bad_done.h5")
    shutil.copy(path, bad)
    with h5py.File(bad, "r+") as g:
        g["done"][3] = 0
    raises(LensgenFileError, lambda: LensgenDataset(bad), "marked complete", "1 of")
    junk = os.path.join(work, "junk.h5")
    with open(junk, "w") as g:
        g.write("not hdf5\n")
    raises(LensgenFileError, lambda: LensgenDataset(junk), "not an HDF5 file")
    other = os.path.join(work, "other.h5")
    with h5py.File(other, "w") as g:
        g["kappa"] = np.zeros((4, 8, 8), np.float32)
    raises(LensgenFileError, lambda: LensgenDataset(other), "not a lensgen data set", "n_samples", "/done")
    raises(FileNotFoundError, lambda: LensgenDataset(os.path.join(work, "missing.h5")), "no such file")
    raises(FileNotFoundError, lambda: describe(os.path.join(work, "missing.h5")), "no such file")
    ok("inconsistent /done, a non-HDF5 file, a non-lensgen HDF5 file and a missing file raise clear errors")


def check_label_image(path, work):
    """The products announced for later: /image [N, npix, npix] and /label int32 with `classes`."""
    lab = os.path.join(work, "labelled.h5")
    shutil.copy(path, lab)
    with h5py.File(lab, "r+") as g:
        n, npix = g["kappa"].shape[0], g["kappa"].shape[-1]
        img = np.random.default_rng(1).normal(size=(n, npix, npix)).astype(np.float32)
        g["image"] = img
        g["image"].attrs["units"] = "counts"
        g["label"] = (np.arange(n) % 4).astype(np.int32)
        g["label"].attrs["classes"] = "cdm,wdm,sidm,fdm"
    ds = LensgenDataset(lab, products=("image", "kappa"), params=["lens_z"])
    assert ds.has_label and ds.classes == ["cdm", "wdm", "sidm", "fdm"] and ds.channel_names == ["image", "kappa"]
    for i in (0, 5, n - 1):
        s = ds[i]
        assert s["label"].dtype == torch.int64 and int(s["label"]) == i % 4
        assert same_bits(s["maps"][0].numpy(), img[i])
    b = next(iter(torch.utils.data.DataLoader(ds, batch_size=8, num_workers=2)))
    assert b["label"].tolist() == [i % 4 for i in range(8)]
    assert "label" not in LensgenDataset(lab, label=False)[0]
    assert "label" not in LensgenDataset(path, label=True)[0]  # no /label: nothing to return
    t = LensgenDataset(lab, products="kappa", params=None, return_dict=False)[6]
    assert len(t) == 2 and int(t[1]) == 2
    ds.close()  # h5py refuses r+ on a file this process holds open read-only
    with h5py.File(lab, "r+") as g:  # `classes` as an array of strings
        g["label"].attrs["classes"] = np.array(["cdm", "wdm", "sidm", "fdm"], dtype=h5py.string_dtype())
    d = describe(lab)
    assert d["label"]["classes"] == ["cdm", "wdm", "sidm", "fdm"] and "image" in d["products"]
    ok("/image and /label (int64, classes from a comma string or a string array) when present")


def check_describe(path, cut):
    d = describe(path)
    with h5py.File(path, "r") as f:
        assert d["n_samples"] == f.attrs["n_samples"] and d["complete"] and d["n_done"] == d["n_samples"]
        assert sorted(d["products"]) == sorted(ALL_PRODUCTS)
        assert d["products"]["alpha"]["channels"] == ["alpha_x", "alpha_y"]
        assert d["products"]["psi"]["units"] == "arcsec^2" and d["products"]["kappa"]["dtype"] == "float32"
        assert d["params"] == list(f["params"].dtype.names) and d["label"] is None
        assert d["grid"]["npix"] == f["kappa"].shape[-1] and "/grid/x" in d["datasets"]
        for a in ("version", "git_commit", "n_ranks", "backend", "cosmology", "created", "complete", "seed"):
            assert a in d["attrs"], a
    c = describe(cut)
    assert not c["complete"] and 0 < c["n_done"] < c["n_samples"]
    ok(f"describe(): {d['n_samples']} samples, products {sorted(d['products'])}, {len(d['params'])} params")


def main():
    src, path, cut = sys.argv[1:4]
    work = os.path.dirname(os.path.abspath(path))
    check_exact(path)
    check_dataloader(path)
    check_training(path)
    check_errors(path, cut, work)
    check_label_image(path, work)
    check_describe(path, cut)
    print("all loader checks passed")


if __name__ == "__main__":
    main()
