/* Interpolation on a uniform grid: Keys weights, shared by the pixelised lens (fields/kmap_grid.c)
 * and the pixelised source (observe/pixsrc.c); quintic Hermite coefficients, shared by the CPU
 * backend's Einasto and Sersic tables (backends/cpu_einasto.c, cpu_sersic.c). */
#ifndef LG_INTERP_H
#define LG_INTERP_H

#include "core/hd.h"

/* Keys (1981, IEEE Trans. ASSP 29, 1153) cubic convolution, a = -1/2 (Catmull-Rom): weights of the
 * samples at -1, 0, 1, 2 for a point at fraction t in [0, 1) past sample 0. Interpolating, C1,
 * third-order accurate. The weights sum to 1 for every t and the kernel integrates to 1, so the
 * interpolant of samples with zeros beyond the edges integrates to (sum of samples) x (sample area). */
LG_HD void lg_keys_weights(double t, double w[4]) {
  w[0] = ((-0.5 * t + 1.0) * t - 0.5) * t;
  w[1] = (1.5 * t - 2.5) * t * t + 1.0;
  w[2] = ((-1.5 * t + 2.0) * t + 0.5) * t;
  w[3] = (0.5 * t - 0.5) * t * t;
}

/* The quintic Hermite polynomial sum_k c[k] t^k on t in [0, 1] through values g0, g1, first
 * derivatives d0, d1 and second derivatives e0, e1 at t = 0 and 1 (derivatives in t: multiplied by
 * the interval's width, and its square): c[0..2] from the left end, c[3..5] solving for the right. */
LG_HD void lg_quintic_hermite(double g0, double g1, double d0, double d1, double e0, double e1, double c[6]) {
  const double df = g1 - g0;
  c[0] = g0;
  c[1] = d0;
  c[2] = 0.5 * e0;
  c[3] = 10.0 * df - 6.0 * d0 - 4.0 * d1 - 0.5 * (3.0 * e0 - e1);
  c[4] = -15.0 * df + 8.0 * d0 + 7.0 * d1 + 0.5 * (3.0 * e0 - 2.0 * e1);
  c[5] = 6.0 * df - 3.0 * (d0 + d1) - 0.5 * (e0 - e1);
}

#endif
