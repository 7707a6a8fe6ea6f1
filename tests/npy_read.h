/* A reader for NumPy .npy files (format versions 1-3) holding little-endian float64 in C order,
 * the form of the glafic reference maps in shared/refs/glafic/maps/. Used by the physics tests. */
#ifndef LG_NPY_READ_H
#define LG_NPY_READ_H

#include <stddef.h>

#include "core/err.h"

#define LG_NPY_MAX_DIMS 8

typedef struct {
  int ndim;
  size_t shape[LG_NPY_MAX_DIMS];
  size_t count; /* product of shape (1 for a 0-d array) */
  double *data; /* count values, C (row-major) order */
} lg_npy;

/* Reads path into a (whose data the caller frees with lg_npy_free). Accepts descr '<f8' with
 * fortran_order False only; anything else, a malformed header or a size mismatch is LG_ERR_FILE
 * with the path and what was found. */
lg_err lg_npy_load(const char *path, lg_npy *a);
/* Parses the header dictionary text (between the header length field and the data), e.g.
 * "{'descr': '<f8', 'fortran_order': False, 'shape': (9, 64, 64), }", into a's shape; name labels
 * errors. Exposed for tests of the reader itself. */
lg_err lg_npy_parse_header(const char *hdr, size_t len, const char *name, lg_npy *a);
void lg_npy_free(lg_npy *a);

#endif
