/* Stands in for gpu/ when lensgen is built without CUDA: no device is ever usable. */
#include <stdio.h>

#include "backends/backend.h"

int lg_cuda_probe(char *reason, size_t len) {
  snprintf(reason, len, "lensgen was built without CUDA");
  return -1;
}

lg_err lg_backend_cuda_create(int device, lg_backend **out) {
  (void)device;
  *out = NULL;
  LG_FAIL(LG_ERR_NODEVICE, "lensgen was built without CUDA");
}
