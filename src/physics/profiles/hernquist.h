/* Spherical Hernquist (1990, ApJ 356, 359) profile rho = M r_s / (2 pi r (r + r_s)^3) in projection.
 * p = {x, y, r_s (arcsec), m = M / (pi Sigma_crit) (arcsec^2)}. With u = R / r_s and F(u) of
 * nfw_family.h (Hernquist 1990, sec. 3, surface density; Keeton 2001, astro-ph/0102341, Hernquist model):
 *   kappa = m / (2 r_s^2) H(u),          H(u) = ((2 + u^2) F(u) - 3) / (1 - u^2)^2,
 *   alpha = m / r_s * u (1 - F(u)) / (u^2 - 1)    (projected mass M u^2 (1 - F) / (u^2 - 1)),
 *   psi   = m (ln(u/2) + F(u)),                    (d psi / dR = alpha; psi(0) = 0)
 * so alpha and psi reuse the NFW functions: (1 - F)/(u^2 - 1) and g(u) = ln(u/2) + F(u).
 * Near u = 1, H = sum_{k>=2} 4 (k - 1) v^(k-2) / (4k^2 - 1), v = 1 - u^2 (4/15 at u = 1). */
#ifndef LG_PROFILE_HERNQUIST_H
#define LG_PROFILE_HERNQUIST_H

#include <math.h>

#include "physics/profiles/nfw_family.h"
#include "physics/profiles/radial.h"

enum { LG_HERNQUIST_X = 0, LG_HERNQUIST_Y, LG_HERNQUIST_RS, LG_HERNQUIST_M };

/* H(u) = kappa / (m / (2 r_s^2)), in u's class c (nfw.h, lg_nfw_class) */
LG_HD double lg_hernquist_H_c(double u, int c) {
  const double v = (1.0 - u) * (1.0 + u);
  if (c == LG_NFW_SER_LO || c == LG_NFW_SER_HI) { /* |v| < 0.02: |v|^11 < 1e-18, truncation below rounding */
    double s = 0.0, vk = 1.0;
    for (int k = 2; k < 13; k++) {
      s += vk * (4.0 * (k - 1) / (4.0 * k * k - 1.0)); /* a constant once unrolled (nfw.h) */
      vk *= v;
    }
    return s;
  }
  return ((2.0 + u * u) * lg_nfwf_F_c(u, c) - 3.0) / (v * v);
}

LG_HD double lg_hernquist_H(double u) { return lg_hernquist_H_c(u, lg_nfw_class(u)); }

/* The evaluator in class c = lg_nfw_class_at(p, x, y) (nfw.h). */
LG_HD void lg_hernquist_eval_c(const double *p, double x, double y, int c, lg_lens_point *out) {
  double dx, dy, r;
  const double u = lg_nfw_u(p, x, y, &dx, &dy, &r);
  const double rs = p[LG_HERNQUIST_RS], m = p[LG_HERNQUIST_M];
  double kfac, g, h;
  lg_nfw_functions_c(u, c, &kfac, &g, &h);
  lg_radial_add(dx, dy, r, m * g, m / rs * u * kfac, 0.5 * m / (rs * rs) * lg_hernquist_H_c(u, c), out);
}

LG_HD void lg_hernquist_eval(const double *p, double x, double y, lg_lens_point *out) {
  lg_hernquist_eval_c(p, x, y, lg_nfw_class_at(p, x, y), out);
}

#endif
