/* Boundary wrapper: a cudaError_t becomes an lg_err with CUDA's own name and text. */
#ifndef LG_ERR_CUDA_H
#define LG_ERR_CUDA_H

#include <cuda_runtime.h>

#include "core/err.h"

#define LG_CALL_CUDA(expr)                                                                         \
  do {                                                                                             \
    cudaError_t lg_cuda_e_ = (expr);                                                               \
    if (lg_cuda_e_ != cudaSuccess)                                                                 \
      LG_FAIL(LG_ERR_CUDA, "%s failed: %s (%s)", #expr, cudaGetErrorName(lg_cuda_e_),              \
              cudaGetErrorString(lg_cuda_e_));                                                     \
  } while (0)

#endif
