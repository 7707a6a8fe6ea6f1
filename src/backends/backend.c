/* Backend selection: -run_backend auto|cpu|cuda, with the CPU fallback stated when no GPU is usable. */
#include <stdio.h>

#include "backends/backend.h"
#include "fields/kmap.h"

lg_err lg_backend_create(lg_backend_request req, int local_rank, lg_backend **out, char *note, size_t note_len) {
  char reason[256] = "";
  note[0] = '\0';
  /* a pixelised lens's solved grids live in a host-side registry (fields/kmap.h) */
  if (lg_kmap_active() && req != LG_BACKEND_CPU) {
    LG_CHECK(req != LG_BACKEND_CUDA, LG_ERR_OPTION,
             "-run_backend cuda: kmap is CPU-only (its grids live in host memory); use -run_backend cpu or auto");
    snprintf(note, note_len, "kmap is CPU-only: using the CPU backend");
    req = LG_BACKEND_CPU;
  }
  if (req == LG_BACKEND_CPU) {
    LG_CALL(lg_backend_cpu_create(out));
    return LG_OK;
  }
  int ndev = lg_cuda_probe(reason, sizeof reason);
  if (ndev > 0) {
    LG_CALL(lg_backend_cuda_create(local_rank % ndev, out));
    return LG_OK;
  }
  if (ndev == 0) snprintf(reason, sizeof reason, "no CUDA device found");
  LG_CHECK(req != LG_BACKEND_CUDA, LG_ERR_NODEVICE,
           "-run_backend cuda: no usable GPU (%s); use -run_backend cpu or auto", reason);
  snprintf(note, note_len, "no usable GPU (%s): falling back to the CPU backend", reason);
  LG_CALL(lg_backend_cpu_create(out));
  return LG_OK;
}

void lg_backend_destroy(lg_backend *b) {
  if (b && b->destroy) b->destroy(b);
}
