/* Small helpers for HDF5 attributes (UTF-8 variable-length strings and scalars) used by io/. */
#ifndef LG_H5_ATTR_H
#define LG_H5_ATTR_H

#include <hdf5.h>
#include <stdint.h>

#include "core/err.h"

lg_err lg_h5_attr_string(hid_t obj, const char *name, const char *value);
lg_err lg_h5_attr_double(hid_t obj, const char *name, double value);
lg_err lg_h5_attr_int64(hid_t obj, const char *name, long long value);
lg_err lg_h5_attr_uint64(hid_t obj, const char *name, uint64_t value);
/* Reads a string attribute into a malloc'ed copy. */
lg_err lg_h5_attr_read_string(hid_t obj, const char *name, char **value);
lg_err lg_h5_attr_read_int64(hid_t obj, const char *name, long long *value);

#endif
