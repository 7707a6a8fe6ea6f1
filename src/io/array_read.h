/* Reading a user's floating-point array from a file: a .npy file (NumPy format 1.0-3.0, float64 or
 * float32, C order, either byte order) or "FILE:/DATASET", a floating-point dataset of an HDF5 file.
 * Used for the inputs a run reads once (pixelised lens maps, pixelised sources); local, no MPI.
 * Every message names the option and the spec as the user wrote them. */
#ifndef LG_ARRAY_READ_H
#define LG_ARRAY_READ_H

#include <stddef.h>

#include "core/err.h"

#define LG_ARRAY_MAX_DIMS 3

typedef struct {
  int ndims;
  long long dims[LG_ARRAY_MAX_DIMS]; /* C order: the last index varies fastest */
  double *v;                         /* dims[0] * ... * dims[ndims-1] values, malloc'ed */
} lg_array;

/* Reads the array named by spec (given with option) into out. The array must have min_dims ..
 * max_dims dimensions (<= LG_ARRAY_MAX_DIMS), at most max_values values, and every value finite:
 * LG_ERR_FILE otherwise, naming the first bad value's index. out->v is NULL after a failure. */
lg_err lg_array_read(const char *option, const char *spec, int min_dims, int max_dims, size_t max_values,
                     lg_array *out);
void lg_array_free(lg_array *a);

/* Number of values of a (the product of its dimensions). */
size_t lg_array_count(const lg_array *a);

/* FNV-1a 64 over the shape and the values' bytes (host order): a resume notices a changed input. */
unsigned long long lg_array_checksum(const lg_array *a);

#endif
