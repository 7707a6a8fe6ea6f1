/* Spherical NFW in projection (Bartelmann 1996; Golse & Kneib 2002, eqs. 11-13).
 * p = {x, y, r_s (arcsec), kappa_s = rho_s r_s / Sigma_crit}. With u = r / r_s:
 *   kappa = 2 kappa_s (1 - F(u)) / (u^2 - 1),
 *   alpha = 4 kappa_s r_s g(u) / u,          g(u) = ln(u/2) + F(u),
 *   psi   = 2 kappa_s r_s^2 h(u),            h(u) = ln^2(u/2) - acosh^2(1/u)  (u < 1)
 *                                                   ln^2(u/2) + acos^2(1/u)   (u > 1),
 *   for u < 1 factored as h = ln(w) log1p(-w), w = u^2 / (2 (1 + s)), free of the cancellation of
 *   the two squares at small u,
 *   F(u)  = atanh(s)/s, s = sqrt(1 - u^2) (u < 1);  atan(s)/s, s = sqrt(u^2 - 1) (u > 1).
 * Both branches of F are the series sum_k v^k / (2k + 1) in v = 1 - u^2, which we use near u = 1
 * where the closed forms cancel; g uses a cancellation-free rewrite at small u. */
#ifndef LG_PROFILE_NFW_H
#define LG_PROFILE_NFW_H

#include <math.h>

#include "core/consts.h"
#include "physics/profiles/radial.h"

enum { LG_NFW_X = 0, LG_NFW_Y, LG_NFW_RS, LG_NFW_KS };

/* sum_k v^k / (2k + 1) and sum_k v^k / (2k + 3) for |v| < 0.02: truncation below 1e-16 */
LG_HD void lg_nfw_series(double v, double *f, double *k) {
  double fv = 0.0, kv = 0.0, vk = 1.0;
  for (int n = 0; n < 9; n++) {
    fv += vk / (2.0 * n + 1.0);
    kv += vk / (2.0 * n + 3.0);
    vk *= v;
  }
  *f = fv;
  *k = kv;
}

/* kappa / (2 kappa_s), g(u) and h(u) at u = r / r_s */
LG_HD void lg_nfw_functions(double u, double *kfac, double *g, double *h) {
  const double v = (1.0 - u) * (1.0 + u);
  const double l2 = log(0.5 * u);
  if (fabs(v) < 0.02) {
    double f, k;
    lg_nfw_series(v, &f, &k);
    *kfac = k; /* (1 - F)/(u^2 - 1) = sum v^k/(2k+3) */
    *g = l2 + f;
    if (u < 1.0) {
      const double w = u * u / (2.0 * (1.0 + sqrt(v)));
      *h = log(w) * log1p(-w);
    } else {
      const double at = atan(sqrt(-v));
      *h = l2 * l2 + at * at;
    }
    return;
  }
  if (u < 1.0) {
    const double s = sqrt(v);
    const double at = log1p(s) - log(u); /* acosh(1/u) */
    const double f = at / s;
    *kfac = (1.0 - f) / (u * u - 1.0);
    if (u < 0.5) {
      /* g = ln(u/2) + acosh(1/u)/s rewritten without the cancellation of the two logarithms */
      const double d = s * (1.0 + s), u2 = u * u;
      *g = u2 * (LG_LN2 - log(u)) / d + log1p(-u2 / (2.0 * (1.0 + s))) / s;
    } else {
      *g = l2 + f;
    }
    const double w = u * u / (2.0 * (1.0 + s));
    *h = log(w) * log1p(-w);
  } else {
    const double s = sqrt(-v);
    const double at = atan(s); /* acos(1/u) */
    const double f = at / s;
    *kfac = (1.0 - f) / (u * u - 1.0);
    *g = l2 + f;
    *h = l2 * l2 + at * at;
  }
}

LG_HD void lg_nfw_eval(const double *p, double x, double y, lg_lens_point *out) {
  double dx = x - p[LG_NFW_X], dy = y - p[LG_NFW_Y];
  const double r = lg_radius(&dx, &dy);
  const double rs = p[LG_NFW_RS], ks = p[LG_NFW_KS];
  const double u = r / rs;
  double kfac, g, h;
  lg_nfw_functions(u, &kfac, &g, &h);
  lg_radial_add(dx, dy, r, 2.0 * ks * rs * rs * h, 4.0 * ks * rs * g / u, 2.0 * ks * kfac, out);
}

#endif
