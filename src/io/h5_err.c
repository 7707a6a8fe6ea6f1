/* Reading HDF5's error stack into lensgen's error message. */
#include "io/h5_err.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  char *buf;
  size_t len;
  int found;
} lg_h5_walk_state;

static herr_t lg_h5_walk_cb(unsigned n, const H5E_error2_t *e, void *data) {
  lg_h5_walk_state *st = data;
  (void)n;
  /* the stack is walked from the innermost call outwards: keep the first description, which is the
   * root cause ("unable to open file", "No space left on device", ...) */
  if (!st->found && e->desc && e->desc[0]) {
    snprintf(st->buf, st->len, "%s (in %s)", e->desc, e->func_name ? e->func_name : "?");
    st->found = 1;
  }
  return 0;
}

void lg_h5_error_text(char *buf, size_t len) {
  lg_h5_walk_state st = {buf, len, 0};
  snprintf(buf, len, "no HDF5 error detail");
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, lg_h5_walk_cb, &st);
  H5Eclear2(H5E_DEFAULT);
}

void lg_h5_silence(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
