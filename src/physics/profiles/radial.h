/* Shared step of every circularly symmetric profile: from the radial deflection alpha(r) and the
 * convergence kappa(r), the Cartesian deflection and Hessian. With mean convergence
 * kbar = alpha / r, the shear is gamma_t = kbar - kappa along the tangential direction
 * (Schneider, Ehlers & Falco 1992, eq. 8.15): gamma1 = -gamma_t cos 2t, gamma2 = -gamma_t sin 2t. */
#ifndef LG_PROFILE_RADIAL_H
#define LG_PROFILE_RADIAL_H

#include "core/hd.h"
#include "physics/lens.h"

/* Radii below this (arcsec) are raised to it: keeps the centre pixel of a cusp finite. */
#define LG_R_MIN 1e-9

/* dx, dy from the centre, r = |(dx, dy)| >= LG_R_MIN; adds psi, alpha and the Hessian to out. */
LG_HD void lg_radial_add(double dx, double dy, double r, double psi, double alpha, double kappa,
                         lg_lens_point *out) {
  const double inv_r = 1.0 / r;
  const double c = dx * inv_r, s = dy * inv_r;
  const double gt = alpha * inv_r - kappa;
  const double g1 = -gt * (c * c - s * s), g2 = -gt * 2.0 * c * s;
  out->psi += psi;
  out->alpha_x += alpha * c;
  out->alpha_y += alpha * s;
  out->f_xx += kappa + g1;
  out->f_yy += kappa - g1;
  out->f_xy += g2;
}

/* max(sqrt(dx^2 + dy^2), LG_R_MIN); at the floor the direction is taken along +x. */
LG_HD double lg_radius(double *dx, double *dy) {
  double r = sqrt(*dx * *dx + *dy * *dy);
  if (r < LG_R_MIN) {
    *dx = LG_R_MIN;
    *dy = 0.0;
    r = LG_R_MIN;
  }
  return r;
}

#endif
