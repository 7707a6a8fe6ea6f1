/* Burkert (1995, ApJ 447, L25) halo rho = rho_0 r_0^3 / ((r + r_0)(r^2 + r_0^2)) in projection, and
 * its cored generalisation rho = rho_0 r_0^3 / ((r + b r_0)(r^2 + r_0^2)) (lenstronomy's coreBURKERT
 * with r_core = b R_s; the kind burkert has b = 1).
 * p = {x, y, r_0 (arcsec), kappa_0 = rho_0 r_0 / Sigma_crit, b}.
 * Derived here by partial fractions, 1/((u + b)(1 + u^2)) = A (1/(u + b) - u/(1 + u^2) + b/(1 + u^2)),
 * A = 1/(1 + b^2), and the line-of-sight integrals (units of r_0, r = sqrt(x^2 + z^2), z = x sinh t)
 *   int_0^inf dz (1/(r + b) - r/(1 + r^2)) = asinh(1/x) / s - F(x/b),  int_0^inf dz / (1 + r^2) = pi / (2 s),
 * s = sqrt(1 + x^2), F of nfw_family.h (kappa and m agree with lenstronomy's coreBURKERT). So
 *   kappa = 2 kappa_0 A (asinh(1/x) / s + b pi / (2 s) - F(x/b)),
 *   alpha = 4 kappa_0 r_0 A m(x) / x,  m = b^2 g1(x/b) + (s - 1)(asinh(1/x) + b pi / 2) + log1p((s - 1)/2)
 *   (m = int_0^x x' kappa / (2 kappa_0 A) dx', written without cancellation at small x),
 *   psi   = 4 kappa_0 r_0^2 A P(x), P = int_0^x m / x' dx' (psi(0) = 0), with l = asinh(1/x):
 *   P = b^2/2 ln^2(x/b) + b^2 (g1(x/b) + ln 2) + b^2 Q(x/b) - l^2/2 + s l + ln x + ln^2(x)/2
 *       + b pi/2 (s - l - ln x) - (1 + b^2) ln 2 ln x - P0,
 *   P0 = b^2/2 ln^2 b + b^2 ln 2 - b^2/2 ln^2(2b) - ln^2(2)/2 + ln 2 + b pi/2 (1 - ln 2).
 * With Q(u) = -(ln^2(u/2) + R(u))/2 (nfw_family.h) and l = -ln(x/2) + e, e = log1p((s - 1)/2), the
 * ln^2 x, ln x and constant terms cancel exactly, and what is evaluated is
 *   P = b^2 g1(x/b) - b^2 R(x/b) / 2 + e ln(x/2) - e^2/2 + e + (s - 1) l + b pi/2 (s - 1 - e).
 * l itself is evaluated as log1p((1 + 1/(s + x)) / x) (= ln((1 + s) / x), as s - x = 1/(s + x)):
 * accurate at every x and a logarithm instead of the costlier asinh. */
#ifndef LG_PROFILE_BURKERT_H
#define LG_PROFILE_BURKERT_H

#include <math.h>

#include "core/consts.h"
#include "physics/profiles/nfw_family.h"
#include "physics/profiles/radial.h"

enum { LG_BURKERT_X = 0, LG_BURKERT_Y, LG_BURKERT_RS, LG_BURKERT_K0, LG_BURKERT_B };

/* kappa / (2 kappa_0 A), m(x) and P(x) at x = R / r_0, with cn the class of nu = x / b (nfw.h) */
LG_HD void lg_burkert_functions_c(double x, double b, int cn, double *kfac, double *m, double *h) {
  const double x2 = x * x, s = sqrt(1.0 + x2), sm1 = x2 / (s + 1.0);
  const double l = log1p((1.0 + 1.0 / (s + x)) / x), nu = x / b, b2 = b * b; /* asinh(1/x) */
  const double g1n = lg_nfwf_g1_c(nu, cn);
  *kfac = l / s + 0.5 * b * LG_PI / s - lg_nfwf_F_c(nu, cn);
  *m = b2 * g1n + sm1 * (l + 0.5 * b * LG_PI) + log1p(0.5 * sm1);
  /* P with b^2 Q(nu) = -b^2 (ln^2(nu/2) + R(nu)) / 2 and asinh(1/x) = -ln(x/2) + e,
   * e = log1p((s - 1)/2): the ln^2 x, ln x and constant parts cancel exactly, leaving */
  const double e = log1p(0.5 * sm1), lh = log(0.5 * x);
  *h = b2 * g1n - 0.5 * b2 * lg_nfwf_R_c(nu, cn) + lh * e - 0.5 * e * e + e + sm1 * l + 0.5 * b * LG_PI * (sm1 - e);
}

LG_HD void lg_burkert_functions(double x, double b, double *kfac, double *m, double *h) {
  lg_burkert_functions_c(x, b, lg_nfw_class(x / b), kfac, m, h);
}

/* The class of nu = x / b at (x, y): the only branches of these formulas are those of nu. */
LG_HD int lg_burkert_class_at(const double *p, double x, double y) {
  double dx, dy, r;
  return lg_nfw_class(lg_nfw_u(p, x, y, &dx, &dy, &r) / p[LG_BURKERT_B]);
}

/* The evaluator in class c = lg_burkert_class_at(p, x, y). */
LG_HD void lg_burkert_eval_c(const double *p, double x, double y, int c, lg_lens_point *out) {
  double dx, dy, r;
  const double u = lg_nfw_u(p, x, y, &dx, &dy, &r);
  const double rs = p[LG_BURKERT_RS], k0 = p[LG_BURKERT_K0], b = p[LG_BURKERT_B];
  const double a = 1.0 / (1.0 + b * b);
  double kfac, m, h;
  lg_burkert_functions_c(u, b, c, &kfac, &m, &h);
  lg_radial_add(dx, dy, r, 4.0 * k0 * rs * rs * a * h, 4.0 * k0 * rs * a * m / u, 2.0 * k0 * a * kfac, out);
}

LG_HD void lg_burkert_eval(const double *p, double x, double y, lg_lens_point *out) {
  lg_burkert_eval_c(p, x, y, lg_burkert_class_at(p, x, y), out);
}

#endif
