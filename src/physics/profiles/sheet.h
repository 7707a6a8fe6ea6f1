/* Uniform convergence sheet about the grid origin. p = {kappa}: psi = kappa r^2 / 2. */
#ifndef LG_PROFILE_SHEET_H
#define LG_PROFILE_SHEET_H

#include "core/hd.h"
#include "physics/lens.h"

enum { LG_SHEET_KAPPA = 0 };

LG_HD void lg_sheet_eval(const double *p, double x, double y, lg_lens_point *out) {
  const double k = p[LG_SHEET_KAPPA];
  out->psi += 0.5 * k * (x * x + y * y);
  out->alpha_x += k * x;
  out->alpha_y += k * y;
  out->f_xx += k;
  out->f_yy += k;
}

#endif
