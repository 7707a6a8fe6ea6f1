/* The CPU backend: per sample and per image row, a SIMD loop over pixels evaluating the shared
 * per-pixel products (backends/pixel.h). Deterministic: no threads, no reductions across pixels. */
#include <stdlib.h>
#include <stdio.h>

#include "backends/backend.h"
#include "backends/pixel.h"

static lg_err lg_cpu_render(lg_backend *b, const lg_grid *g, const lg_batch *batch, lg_product_buffers *out) {
  (void)b;
  const long np = (long)g->npix * g->npix;
  const double pixel = g->fov_arcsec / (double)g->npix;
  for (int s = 0; s < batch->n; s++) {
    const lg_component *c = batch->comps + batch->offset[s];
    const int nc = batch->offset[s + 1] - batch->offset[s];
    float *kappa = out->buf[LG_PRODUCT_KAPPA] ? out->buf[LG_PRODUCT_KAPPA] + s * np : NULL;
    float *alpha = out->buf[LG_PRODUCT_ALPHA] ? out->buf[LG_PRODUCT_ALPHA] + 2 * s * np : NULL;
    float *psi = out->buf[LG_PRODUCT_PSI] ? out->buf[LG_PRODUCT_PSI] + s * np : NULL;
    float *gamma = out->buf[LG_PRODUCT_GAMMA] ? out->buf[LG_PRODUCT_GAMMA] + 2 * s * np : NULL;
    float *mu = out->buf[LG_PRODUCT_MAGNIFICATION] ? out->buf[LG_PRODUCT_MAGNIFICATION] + s * np : NULL;
    for (int iy = 0; iy < g->npix; iy++) {
      const double y = lg_grid_coord(g, iy);
#pragma omp simd
      for (int ix = 0; ix < g->npix; ix++) {
        double v[LG_PX_COUNT];
        lg_pixel_products(c, nc, lg_grid_coord(g, ix), y, pixel, g->supersample, v);
        lg_pixel_store(v, kappa, alpha, psi, gamma, mu, (long)iy * g->npix + ix, np);
      }
    }
  }
  return LG_OK;
}

static void lg_cpu_destroy(lg_backend *b) { free(b); }

lg_err lg_backend_cpu_create(lg_backend **out) {
  lg_backend *b = calloc(1, sizeof *b);
  LG_CHECK(b != NULL, LG_ERR_NOMEM, "cannot allocate the CPU backend");
  b->name = "cpu";
  snprintf(b->device, sizeof b->device, "CPU (SIMD loops over pixels)");
  b->render = lg_cpu_render;
  b->destroy = lg_cpu_destroy;
  *out = b;
  return LG_OK;
}
