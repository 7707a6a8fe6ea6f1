/* One interface for rendering a batch of samples into product buffers, with two implementations:
 * the CPU backend (SIMD loops over pixels) and the CUDA backend (gpu/). Called by run/pipeline. */
#ifndef LG_BACKEND_H
#define LG_BACKEND_H

#include <stddef.h>

#include "backends/products.h"
#include "core/err.h"
#include "core/hd.h"
#include "physics/lens.h"

typedef struct {
  int npix;          /* pixels per side */
  double fov_arcsec; /* field of view per side */
  int supersample;   /* S: average S x S sub-pixels per pixel (1 = point-sampled at centres) */
} lg_grid;

/* Pixel centre i of the grid, arcsec (DESIGN.md conventions). */
LG_HD double lg_grid_coord(const lg_grid *g, int i) {
  return ((double)i - 0.5 * (double)(g->npix - 1)) * g->fov_arcsec / (double)g->npix;
}

/* The lenses of a batch: sample s owns comps[offset[s] .. offset[s+1]). */
typedef struct {
  int n;
  const int *offset; /* n + 1 entries */
  const lg_component *comps;
} lg_batch;

/* Output buffers, float32, one per product in mask: [n][planes][npix][npix]. */
typedef struct {
  unsigned mask;
  float *buf[LG_PRODUCT_COUNT];
} lg_product_buffers;

typedef enum { LG_BACKEND_AUTO = 0, LG_BACKEND_CPU, LG_BACKEND_CUDA } lg_backend_request;

typedef struct lg_backend {
  const char *name; /* "cpu" or "cuda" */
  char device[128]; /* what it runs on, for the summary */
  lg_err (*render)(struct lg_backend *b, const lg_grid *g, const lg_batch *batch, lg_product_buffers *out);
  void (*destroy)(struct lg_backend *b);
  void *impl;
} lg_backend;

/* Creates the backend asked for. auto: CUDA when a GPU is usable (device local_rank modulo the
 * count), else CPU, writing why into note. cuda with no usable GPU fails with LG_ERR_NODEVICE. */
lg_err lg_backend_create(lg_backend_request req, int local_rank, lg_backend **out, char *note, size_t note_len);
void lg_backend_destroy(lg_backend *b);

lg_err lg_backend_cpu_create(lg_backend **out);
/* Implemented in gpu/ (or backends/cuda_stub.c when built without CUDA). probe returns the number
 * of usable devices, or -1 with why in reason. */
int lg_cuda_probe(char *reason, size_t len);
lg_err lg_backend_cuda_create(int device, lg_backend **out);

#endif
