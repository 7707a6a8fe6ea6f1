/* External shear about the grid origin. p = {gamma1, gamma2}:
 * psi = gamma1 (x^2 - y^2) / 2 + gamma2 x y (DESIGN.md conventions). */
#ifndef LG_PROFILE_SHEAR_H
#define LG_PROFILE_SHEAR_H

#include "core/hd.h"
#include "physics/lens.h"

enum { LG_SHEAR_G1 = 0, LG_SHEAR_G2 };

LG_HD void lg_shear_eval(const double *p, double x, double y, lg_lens_point *out) {
  const double g1 = p[LG_SHEAR_G1], g2 = p[LG_SHEAR_G2];
  out->psi += 0.5 * g1 * (x * x - y * y) + g2 * x * y;
  out->alpha_x += g1 * x + g2 * y;
  out->alpha_y += g2 * x - g1 * y;
  out->f_xx += g1;
  out->f_yy -= g1;
  out->f_xy += g2;
}

#endif
