/* The CUDA backend: one thread per pixel, the samples of a batch across grid rows, built by nvcc
 * from the same per-pixel physics headers as the CPU backend (backends/pixel.h). */
#include <stdio.h>
#include <stdlib.h>

extern "C" {
#include "backends/backend.h"
}
#include "backends/pixel.h"
#include "err_cuda.h"

namespace {

struct lg_cuda_impl {
  int device;
  size_t cap_comps, cap_offsets, cap_out[LG_PRODUCT_COUNT];
  lg_component *d_comps;
  int *d_offset;
  float *d_out[LG_PRODUCT_COUNT];
};

__global__ void lg_render_kernel(lg_grid g, int n, const int *offset, const lg_component *comps, float *kappa,
                                 float *alpha, float *psi, float *gamma, float *mu) {
  const long np = (long)g.npix * g.npix;
  const long p = (long)blockIdx.x * blockDim.x + threadIdx.x;
  if (p >= np) return;
  const int ix = (int)(p % g.npix), iy = (int)(p / g.npix);
  const double pixel = g.fov_arcsec / (double)g.npix;
  for (int s = blockIdx.y; s < n; s += gridDim.y) {
    double v[LG_PX_COUNT];
    lg_pixel_products(comps + offset[s], offset[s + 1] - offset[s], lg_grid_coord(&g, ix), lg_grid_coord(&g, iy),
                      pixel, g.supersample, v);
    lg_pixel_store(v, kappa ? kappa + s * np : NULL, alpha ? alpha + 2 * s * np : NULL, psi ? psi + s * np : NULL,
                   gamma ? gamma + 2 * s * np : NULL, mu ? mu + s * np : NULL, p, np);
  }
}

/* Grows a device buffer to at least want bytes. */
lg_err lg_cuda_reserve(void **ptr, size_t *cap, size_t want) {
  if (*cap >= want) return LG_OK;
  if (*ptr) LG_CALL_CUDA(cudaFree(*ptr));
  *ptr = NULL;
  *cap = 0;
  LG_CALL_CUDA(cudaMalloc(ptr, want));
  *cap = want;
  return LG_OK;
}

lg_err lg_cuda_render(lg_backend *b, const lg_grid *g, const lg_batch *batch, lg_product_buffers *out) {
  lg_cuda_impl *m = (lg_cuda_impl *)b->impl;
  LG_CALL_CUDA(cudaSetDevice(m->device));
  const int n = batch->n;
  if (n == 0) return LG_OK;
  const size_t ncomp = (size_t)batch->offset[n];
  const long np = (long)g->npix * g->npix;
  LG_CALL(lg_cuda_reserve((void **)&m->d_comps, &m->cap_comps, (ncomp ? ncomp : 1) * sizeof(lg_component)));
  LG_CALL(lg_cuda_reserve((void **)&m->d_offset, &m->cap_offsets, (size_t)(n + 1) * sizeof(int)));
  LG_CALL_CUDA(cudaMemcpy(m->d_comps, batch->comps, ncomp * sizeof(lg_component), cudaMemcpyHostToDevice));
  LG_CALL_CUDA(cudaMemcpy(m->d_offset, batch->offset, (size_t)(n + 1) * sizeof(int), cudaMemcpyHostToDevice));
  float *d[LG_PRODUCT_COUNT] = {NULL};
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    if (!out->buf[p]) continue;
    const size_t bytes = (size_t)n * lg_product_get(p)->planes * np * sizeof(float);
    LG_CALL(lg_cuda_reserve((void **)&m->d_out[p], &m->cap_out[p], bytes));
    d[p] = m->d_out[p];
  }
  const int threads = 128;
  dim3 grid((unsigned)((np + threads - 1) / threads), (unsigned)(n < 65535 ? n : 65535));
  lg_render_kernel<<<grid, threads>>>(*g, n, m->d_offset, m->d_comps, d[LG_PRODUCT_KAPPA], d[LG_PRODUCT_ALPHA],
                                      d[LG_PRODUCT_PSI], d[LG_PRODUCT_GAMMA], d[LG_PRODUCT_MAGNIFICATION]);
  LG_CALL_CUDA(cudaGetLastError());
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    if (!d[p]) continue;
    const size_t bytes = (size_t)n * lg_product_get(p)->planes * np * sizeof(float);
    LG_CALL_CUDA(cudaMemcpy(out->buf[p], d[p], bytes, cudaMemcpyDeviceToHost));
  }
  return LG_OK;
}

void lg_cuda_destroy(lg_backend *b) {
  lg_cuda_impl *m = (lg_cuda_impl *)b->impl;
  if (m) {
    cudaSetDevice(m->device);
    cudaFree(m->d_comps);
    cudaFree(m->d_offset);
    for (int p = 0; p < LG_PRODUCT_COUNT; p++) cudaFree(m->d_out[p]);
    free(m);
  }
  free(b);
}

} // namespace

extern "C" int lg_cuda_probe(char *reason, size_t len) {
  int count = 0;
  cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    snprintf(reason, len, "%s: %s", cudaGetErrorName(e), cudaGetErrorString(e));
    return -1;
  }
  if (count == 0) snprintf(reason, len, "no CUDA device found");
  return count;
}

extern "C" lg_err lg_backend_cuda_create(int device, lg_backend **out) {
  *out = NULL;
  cudaDeviceProp prop;
  LG_CALL_CUDA(cudaSetDevice(device));
  LG_CALL_CUDA(cudaGetDeviceProperties(&prop, device));
  lg_backend *b = (lg_backend *)calloc(1, sizeof *b);
  lg_cuda_impl *m = (lg_cuda_impl *)calloc(1, sizeof *m);
  if (!b || !m) {
    free(b);
    free(m);
    LG_FAIL(LG_ERR_NOMEM, "cannot allocate the CUDA backend");
  }
  m->device = device;
  b->name = "cuda";
  snprintf(b->device, sizeof b->device, "GPU %d: %s (sm_%d%d)", device, prop.name, prop.major, prop.minor);
  b->render = lg_cuda_render;
  b->destroy = lg_cuda_destroy;
  b->impl = m;
  *out = b;
  return LG_OK;
}
