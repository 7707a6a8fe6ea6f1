/* Per-pixel map products, shared by the CPU and CUDA backends so both run the same math:
 * evaluate the lens at S x S sub-pixels and average each product (DESIGN.md grid conventions). */
#ifndef LG_PIXEL_H
#define LG_PIXEL_H

#include "core/hd.h"
#include "physics/lens_eval.h"

/* Indices into the per-pixel result. */
enum { LG_PX_KAPPA = 0, LG_PX_ALPHA_X, LG_PX_ALPHA_Y, LG_PX_PSI, LG_PX_GAMMA1, LG_PX_GAMMA2, LG_PX_MU, LG_PX_COUNT };

/* Products at the pixel centred on (x, y) of side `pixel` arcsec, averaged over s x s sub-pixels
 * centred at offsets ((k + 0.5)/s - 0.5) pixel. */
LG_HD void lg_pixel_products(const lg_component *comps, int n, double x, double y, double pixel, int s,
                             double out[LG_PX_COUNT]) {
  for (int k = 0; k < LG_PX_COUNT; k++) out[k] = 0.0;
  for (int j = 0; j < s; j++) {
    const double ys = y + (((double)j + 0.5) / (double)s - 0.5) * pixel;
    for (int i = 0; i < s; i++) {
      const double xs = x + (((double)i + 0.5) / (double)s - 0.5) * pixel;
      lg_lens_point r;
      lg_lens_eval(comps, n, xs, ys, &r);
      out[LG_PX_KAPPA] += lg_point_kappa(&r);
      out[LG_PX_ALPHA_X] += r.alpha_x;
      out[LG_PX_ALPHA_Y] += r.alpha_y;
      out[LG_PX_PSI] += r.psi;
      out[LG_PX_GAMMA1] += lg_point_gamma1(&r);
      out[LG_PX_GAMMA2] += lg_point_gamma2(&r);
      out[LG_PX_MU] += lg_point_magnification(&r);
    }
  }
  const double w = 1.0 / (double)(s * s);
  for (int k = 0; k < LG_PX_COUNT; k++) out[k] *= w;
}

/* Stores the pixel's products into float buffers at pixel index p of sample plane size np. */
LG_HD void lg_pixel_store(const double v[LG_PX_COUNT], float *kappa, float *alpha, float *psi, float *gamma,
                          float *mu, long p, long np) {
  if (kappa) kappa[p] = (float)v[LG_PX_KAPPA];
  if (alpha) {
    alpha[p] = (float)v[LG_PX_ALPHA_X];
    alpha[np + p] = (float)v[LG_PX_ALPHA_Y];
  }
  if (psi) psi[p] = (float)v[LG_PX_PSI];
  if (gamma) {
    gamma[p] = (float)v[LG_PX_GAMMA1];
    gamma[np + p] = (float)v[LG_PX_GAMMA2];
  }
  if (mu) mu[p] = (float)v[LG_PX_MU];
}

#endif
