/* Spherical NFW in projection (Bartelmann 1996; Golse & Kneib 2002, eqs. 11-13).
 * p = {x, y, r_s (arcsec), kappa_s = rho_s r_s / Sigma_crit}. With u = r / r_s:
 *   kappa = 2 kappa_s (1 - F(u)) / (u^2 - 1),
 *   alpha = 4 kappa_s r_s g(u) / u,          g(u) = ln(u/2) + F(u),
 *   psi   = 2 kappa_s r_s^2 h(u),            h(u) = ln^2(u/2) - acosh^2(1/u)  (u < 1)
 *                                                   ln^2(u/2) + acos^2(1/u)   (u > 1),
 *   for u < 1 factored as h = ln(w) log1p(-w), w = u^2 / (2 (1 + s)), free of the cancellation of
 *   the two squares at small u (ln(u/2) -+ acosh(1/u) = ln(w), log1p(-w)),
 *   F(u)  = atanh(s)/s, s = sqrt(1 - u^2) (u < 1);  atan(s)/s, s = sqrt(u^2 - 1) (u > 1).
 * Both branches of F are the series sum_k v^k / (2k + 1) in v = 1 - u^2, which we use near u = 1
 * where the closed forms cancel; g uses a cancellation-free rewrite at small u. */
#ifndef LG_PROFILE_NFW_H
#define LG_PROFILE_NFW_H

#include <math.h>

#include "core/consts.h"
#include "physics/profiles/radial.h"

enum { LG_NFW_X = 0, LG_NFW_Y, LG_NFW_RS, LG_NFW_KS };

/* sum_k v^k / (2k + 1) and sum_k v^k / (2k + 3) for |v| < 0.02: truncation below 1e-16. The
 * coefficients are multiplied in: once the loop is unrolled they are constants (a division by
 * 2k + 1 would stay a division in every vectorised pixel loop of the NFW family). */
LG_HD void lg_nfw_series(double v, double *f, double *k) {
  double fv = 0.0, kv = 0.0, vk = 1.0;
  for (int n = 0; n < 9; n++) {
    fv += vk * (1.0 / (2.0 * n + 1.0));
    kv += vk * (1.0 / (2.0 * n + 3.0));
    vk *= v;
  }
  *f = fv;
  *k = kv;
}

/* Which form the functions of u below and in nfw_family.h take: a closed form for u < 1 (LO) or
 * u >= 1 (HI), or the series when |1 - u^2| < 0.02 (SER_LO, SER_HI). Every branch of those functions
 * is one of these tests, so a caller that knows the class for a run of pixels (the CPU backend
 * splits each row into runs of one class) evaluates one form, with no lane computing the others. */
enum { LG_NFW_LO = 0, LG_NFW_HI, LG_NFW_SER_LO, LG_NFW_SER_HI, LG_NFW_CLASSES };

LG_HD int lg_nfw_class(double u) {
  const double v = (1.0 - u) * (1.0 + u);
  const int hi = !(u < 1.0);
  return fabs(v) < 0.02 ? LG_NFW_SER_LO + hi : LG_NFW_LO + hi;
}

LG_HD int lg_nfw_class_lo(int c) { return c == LG_NFW_LO || c == LG_NFW_SER_LO; }

/* kappa / (2 kappa_s), g(u) and h(u) at u = r / r_s, in class c = lg_nfw_class(u). For u < 1 every
 * logarithm comes from three: lu = ln u, ls = log1p(s) and log1p(-w), w = u^2 / (2 (1 + s)), as
 * acosh(1/u) = ls - lu, ln(u/2) = lu - ln 2 and ln w = 2 lu - ln 2 - ls (each a sum of terms of one
 * sign or dominated by one term for u < 1: no cancellation). nfw_family.h writes its functions
 * with the same subexpressions, so after inlining the compiler computes each once per pixel. */
/* 1 / (1 + s) and w = u^2 / (2 (1 + s)) of a u < 1 pixel, s = sqrt(1 - u^2): one expression each
 * for every function here and in nfw_family.h, so that after inlining they are computed once (and
 * by one division). */
LG_HD double lg_nfw_i1s(double s) { return 1.0 / (1.0 + s); }
LG_HD double lg_nfw_w(double u, double s) { return 0.5 * u * u * lg_nfw_i1s(s); }

LG_HD void lg_nfw_functions_c(double u, int c, double *kfac, double *g, double *h) {
  const double v = (1.0 - u) * (1.0 + u);
  if (lg_nfw_class_lo(c)) {
    const double s = sqrt(v), lu = log(u), ls = log1p(s);
    const double w = lg_nfw_w(u, s), l1w = log1p(-w);
    *h = (2.0 * lu - LG_LN2 - ls) * l1w; /* ln(w) log1p(-w) */
    if (c == LG_NFW_SER_LO) {
      double f, k;
      lg_nfw_series(v, &f, &k);
      *kfac = k; /* (1 - F)/(u^2 - 1) = sum v^k/(2k+3) */
      *g = (lu - LG_LN2) + f;
      return;
    }
    const double is = 1.0 / s, f = (ls - lu) * is; /* acosh(1/u) / s */
    *kfac = (1.0 - f) / (u * u - 1.0);
    if (u < 0.5) {
      /* g = ln(u/2) + acosh(1/u)/s rewritten without the cancellation of the two logarithms:
       * u^2 (ln 2 - ln u) / (s (1 + s)) + log1p(-w) / s */
      *g = u * u * (LG_LN2 - lu) * is * lg_nfw_i1s(s) + l1w * is;
    } else {
      *g = (lu - LG_LN2) + f;
    }
    return;
  }
  const double l2 = log(0.5 * u), s = sqrt(-v);
  const double at = atan(s); /* acos(1/u) */
  *h = l2 * l2 + at * at;
  if (c == LG_NFW_SER_HI) {
    double f, k;
    lg_nfw_series(v, &f, &k);
    *kfac = k;
    *g = l2 + f;
    return;
  }
  const double f = at / s;
  *kfac = (1.0 - f) / (u * u - 1.0);
  *g = l2 + f;
}

LG_HD void lg_nfw_functions(double u, double *kfac, double *g, double *h) {
  lg_nfw_functions_c(u, lg_nfw_class(u), kfac, g, h);
}

/* u = r / r_s at (x, y) for a profile whose p holds {x, y, r_s, ...} (the NFW family), with the
 * offsets and r of lg_radius: the class of a pixel is taken from the u its evaluator computes. */
LG_HD double lg_nfw_u(const double *p, double x, double y, double *dx, double *dy, double *r) {
  *dx = x - p[0];
  *dy = y - p[1];
  *r = lg_radius(dx, dy);
  return *r / p[2];
}

LG_HD int lg_nfw_class_at(const double *p, double x, double y) {
  double dx, dy, r;
  return lg_nfw_class(lg_nfw_u(p, x, y, &dx, &dy, &r));
}

/* The evaluator in class c (c = lg_nfw_class_at(p, x, y)). */
LG_HD void lg_nfw_eval_c(const double *p, double x, double y, int c, lg_lens_point *out) {
  double dx, dy, r;
  const double u = lg_nfw_u(p, x, y, &dx, &dy, &r);
  const double rs = p[LG_NFW_RS], ks = p[LG_NFW_KS];
  double kfac, g, h;
  lg_nfw_functions_c(u, c, &kfac, &g, &h);
  lg_radial_add(dx, dy, r, 2.0 * ks * rs * rs * h, 4.0 * ks * rs * g / u, 2.0 * ks * kfac, out);
}

LG_HD void lg_nfw_eval(const double *p, double x, double y, lg_lens_point *out) {
  lg_nfw_eval_c(p, x, y, lg_nfw_class_at(p, x, y), out);
}

#endif
