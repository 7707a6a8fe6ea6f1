/* Interpolation weights on a uniform grid, shared by the pixelised lens (fields/kmap_grid.c) and the
 * pixelised source (observe/pixsrc.c). */
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

#endif
