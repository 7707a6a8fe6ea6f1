/* Boundary wrapper: a failed HDF5 call (herr_t or hid_t < 0) becomes an lg_err carrying HDF5's own
 * description of what went wrong (its error stack, which lensgen silences and reads itself). */
#ifndef LG_H5_ERR_H
#define LG_H5_ERR_H

#include <hdf5.h>
#include <stddef.h>

#include "core/err.h"

/* Copies the innermost HDF5 error description into buf and clears HDF5's error stack. */
void lg_h5_error_text(char *buf, size_t len);
/* Turns off HDF5's automatic printing of error stacks (lensgen reports errors itself). */
void lg_h5_silence(void);

#define LG_CALL_H5(expr)                                                                           \
  do {                                                                                             \
    if ((long long)(expr) < 0) {                                                                   \
      char lg_h5_s_[512];                                                                          \
      lg_h5_error_text(lg_h5_s_, sizeof lg_h5_s_);                                                 \
      LG_FAIL(LG_ERR_H5, "%s failed: %s", #expr, lg_h5_s_);                                        \
    }                                                                                              \
  } while (0)

/* For calls returning an hid_t that must be kept: assigns and checks. */
#define LG_CALL_H5_ID(var, expr)                                                                   \
  do {                                                                                             \
    (var) = (expr);                                                                                \
    LG_CALL_H5(var);                                                                               \
  } while (0)

#endif
