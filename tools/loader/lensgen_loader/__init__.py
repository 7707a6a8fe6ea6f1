"""Python access to lensgen HDF5 data sets: LensgenDataset (a torch Dataset) and describe().

    import sys; sys.path.insert(0, "tools/loader")
    from lensgen_loader import LensgenDataset, describe

describe() and the schema helpers need only h5py and numpy; torch is imported on the first use of
LensgenDataset, so the inspection tools load without it.
"""
from .schema import IncompleteFileError, LensgenFileError, describe

__all__ = ["LensgenDataset", "describe", "LensgenFileError", "IncompleteFileError"]


def __getattr__(name):
    # PEP 562: import torch only when the Dataset is asked for
    if name == "LensgenDataset":
        from .dataset import LensgenDataset
        return LensgenDataset
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
