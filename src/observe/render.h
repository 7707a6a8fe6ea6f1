/* Ray tracing of surface brightness into pixels: for each sub-pixel theta, beta = theta - alpha(theta)
 * (lg_lens_eval), the source light at beta; averaged over S x S sub-pixels (DESIGN.md grid
 * conventions) and multiplied by the pixel area, giving the flux that falls in the pixel (e-/s per
 * pixel when the light's amplitude came from the zero point for 1 e-/s; observe/light_info.h).
 * The per-pixel functions are LG_HD so CUDA kernels share them; observe/render.c loops over a grid. */
#ifndef LG_RENDER_H
#define LG_RENDER_H

#include "backends/backend.h"
#include "core/err.h"
#include "core/hd.h"
#include "observe/light.h"
#include "physics/lens_eval.h"

/* Offset of sub-pixel k of s, in pixels: ((k + 0.5)/s - 0.5). */
LG_HD double lg_render_subpixel(int k, int s) { return (((double)k + 0.5) / (double)s - 0.5); }

/* Lensed source flux of the pixel centred at (x, y) arcsec, side `pixel` arcsec, s x s sub-pixels. */
LG_HD double lg_render_pixel_lensed(const lg_component *lens, int n_lens, const lg_light *src, int n_src, double x,
                                    double y, double pixel, int s) {
  double sum = 0.0;
  for (int j = 0; j < s; j++) {
    const double ys = y + lg_render_subpixel(j, s) * pixel;
    for (int i = 0; i < s; i++) {
      const double xs = x + lg_render_subpixel(i, s) * pixel;
      lg_lens_point r;
      lg_lens_eval(lens, n_lens, xs, ys, &r);
      sum += lg_light_sb(src, n_src, xs - r.alpha_x, ys - r.alpha_y); /* lens equation beta = theta - alpha */
    }
  }
  return sum * (pixel * pixel) / (double)(s * s);
}

/* Unlensed (image-plane) light flux of the same pixel: lens light, or the source without the lens. */
LG_HD double lg_render_pixel_light(const lg_light *c, int n, double x, double y, double pixel, int s) {
  double sum = 0.0;
  for (int j = 0; j < s; j++) {
    const double ys = y + lg_render_subpixel(j, s) * pixel;
    for (int i = 0; i < s; i++) sum += lg_light_sb(c, n, x + lg_render_subpixel(i, s) * pixel, ys);
  }
  return sum * (pixel * pixel) / (double)(s * s);
}

/* out[iy][ix] (npix^2, row-major) = lensed source flux per pixel on grid g (g->supersample sub-pixels
 * per axis). n_lens = 0 renders the unlensed source. */
lg_err lg_render_lensed(const lg_grid *g, const lg_component *lens, int n_lens, const lg_light *src, int n_src,
                        double *out);
/* out = image-plane light (no lensing), e.g. lens light or the unlensed source. */
lg_err lg_render_light(const lg_grid *g, const lg_light *c, int n, double *out);
/* Checks npix >= 1, fov > 0, supersample >= 1: LG_ERR_RANGE otherwise. */
lg_err lg_render_check_grid(const lg_grid *g);

#endif
