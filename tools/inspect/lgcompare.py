#!/usr/bin/python3
"""Compare two lensgen files dataset by dataset, byte for byte.

Usage: lgcompare.py A.h5 B.h5 [--ignore NAME ...]

Every dataset of A must exist in B with the same dtype, shape and bytes, and vice versa.
/profile (timings) is ignored by default, as are the root attributes that describe the run
rather than the data (created, n_ranks, backend, options). Exits 1 and names the first
difference otherwise. Debian's /usr/bin/python3 with python3-h5py and python3-numpy.
"""
import sys

import h5py
import numpy as np

RUN_ATTRS = {"created", "n_ranks", "backend", "options", "git_commit"}


def datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return out


def main(argv):
    args = [a for a in argv[1:]]
    ignore = {"profile"}
    while "--ignore" in args:
        i = args.index("--ignore")
        ignore.add(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__)
        return 2
    a, b = h5py.File(args[0], "r"), h5py.File(args[1], "r")
    da = {k: v for k, v in datasets(a).items() if k not in ignore}
    db = {k: v for k, v in datasets(b).items() if k not in ignore}
    if set(da) != set(db):
        print(f"different datasets: only in A {sorted(set(da) - set(db))}, only in B {sorted(set(db) - set(da))}")
        return 1
    for name in sorted(da):
        x, y = da[name][()], db[name][()]
        if x.dtype != y.dtype or x.shape != y.shape:
            print(f"/{name}: {x.dtype}{x.shape} vs {y.dtype}{y.shape}")
            return 1
        if x.tobytes() != y.tobytes():
            bad = np.argwhere(np.frombuffer(x.tobytes(), np.uint8) != np.frombuffer(y.tobytes(), np.uint8))
            print(f"/{name}: bytes differ ({len(bad)} bytes, first at byte {bad[0][0]})")
            return 1
        for attr in set(da[name].attrs) | set(db[name].attrs):
            if attr not in da[name].attrs or attr not in db[name].attrs or \
                    not np.array_equal(da[name].attrs[attr], db[name].attrs[attr]):
                print(f"/{name}: attribute {attr} differs")
                return 1
    for attr in (set(a.attrs) | set(b.attrs)) - RUN_ATTRS:
        if attr not in a.attrs or attr not in b.attrs or not np.array_equal(a.attrs[attr], b.attrs[attr]):
            print(f"root attribute {attr} differs: {a.attrs.get(attr)!r} vs {b.attrs.get(attr)!r}")
            return 1
    print(f"identical: {len(da)} datasets ({', '.join(sorted(da))})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
