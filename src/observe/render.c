/* Per-image loops over the per-pixel ray tracing of observe/render.h (CPU). Pure functions of their
 * arguments: called by observe/observe.c for each sample, and by the tests. */
#include "observe/render.h"

lg_err lg_render_check_grid(const lg_grid *g) {
  LG_CHECK(g->npix >= 1, LG_ERR_RANGE, "grid npix = %d: need >= 1", g->npix);
  LG_CHECK(g->fov_arcsec > 0.0, LG_ERR_RANGE, "grid fov = %g arcsec: need > 0", g->fov_arcsec);
  LG_CHECK(g->supersample >= 1, LG_ERR_RANGE, "grid supersample = %d: need >= 1", g->supersample);
  return LG_OK;
}

lg_err lg_render_lensed(const lg_grid *g, const lg_component *lens, int n_lens, const lg_light *src, int n_src,
                        double *out) {
  LG_CALL(lg_render_check_grid(g));
  const int n = g->npix, s = g->supersample;
  const double pixel = g->fov_arcsec / (double)n;
  for (int iy = 0; iy < n; iy++) {
    const double y = lg_grid_coord(g, iy);
    double *row = out + (long)iy * n;
#pragma omp simd
    for (int ix = 0; ix < n; ix++)
      row[ix] = lg_render_pixel_lensed(lens, n_lens, src, n_src, lg_grid_coord(g, ix), y, pixel, s);
  }
  return LG_OK;
}

lg_err lg_render_light(const lg_grid *g, const lg_light *c, int nc, double *out) {
  LG_CALL(lg_render_check_grid(g));
  const int n = g->npix, s = g->supersample;
  const double pixel = g->fov_arcsec / (double)n;
  for (int iy = 0; iy < n; iy++) {
    const double y = lg_grid_coord(g, iy);
    double *row = out + (long)iy * n;
#pragma omp simd
    for (int ix = 0; ix < n; ix++) row[ix] = lg_render_pixel_light(c, nc, lg_grid_coord(g, ix), y, pixel, s);
  }
  return LG_OK;
}
