/* Cored NFW: rho = rho_s r_s^3 / ((r + beta r_s) (r + r_s)^2), rho_s and r_s of the NFW with the same
 * m200, c200 (DESIGN.md). p = {x, y, r_s (arcsec), kappa_s = rho_s r_s / Sigma_crit, beta}.
 * Derived here by partial fractions, 1/((u + b)(1 + u)^2) = A (1/(u + b) - 1/(u + 1)) + C/(1 + u)^2
 * with A = 1/(1 - b)^2, C = -1/(1 - b), and the line-of-sight integrals
 *   int_0^inf dz (1/(r + b) - 1/(r + 1)) = F(x) - F(x/b),  int_0^inf dz / (r + 1)^2 = F(x) - k(x),
 * (r = sqrt(x^2 + z^2) in units of r_s; z = x sinh t turns the first into int dt b / (b + x cosh t)),
 * the same as lenstronomy's CNFW (Gilman & Birrer) for kappa and alpha. With x = R / r_s, b = beta:
 *   kappa = 2 kappa_s (F(x) - F(x/b) - (1 - b)(F(x) - k(x))) / (1 - b)^2,
 *   alpha = 4 kappa_s r_s G(x) / x,  G = (b^2 g1(x/b) + (1 - b) g(x) - b g1(x)) / (1 - b)^2,
 *   psi   = 2 kappa_s r_s^2 P(x) / (1 - b)^2, psi(0) = 0, with (antiderivatives of nfw_family.h)
 *   P = (1-b)^2 ln^2(x/2) - 2 b^2 ln b ln x + 2 b^2 Q(x/b) + 2 b^2 (g1(x/b) + ln 2) + 2 (1 - 2b) Q(x)
 *       - 2 b (g1(x) + ln 2) + b^2 ln b (2 ln 2 + ln b) - 2 ln 2 b (b - 1),
 * k, g the NFW kernel and mass function (nfw.h), g1, Q of nfw_family.h; b -> 0 gives the NFW. With
 * 2 Q(u) = -ln^2(u/2) - R(u) (nfw_family.h) the ln^2 x, ln x and constant terms cancel exactly and
 *   P = -b^2 R(x/b) - (1 - 2b) R(x) + 2 b^2 g1(x/b) - 2 b g1(x),
 * which is what is evaluated (no cancellation at small x).
 * These are second divided differences in b at b = 1 (rho = rho_s / (1 + u)^3 there, finite), so
 * within 0.02 of b = 1 we interpolate the functions of b from six nodes 1 +- 0.02, 0.04, 0.06
 * (quintic Lagrange: within 1e-9 of a direct projection of the density; the nodes' own cancellation,
 * ~eps / 0.02^2, leaves ~2e-11 relative noise). */
#ifndef LG_PROFILE_CNFW_H
#define LG_PROFILE_CNFW_H

#include <math.h>

#include "core/consts.h"
#include "physics/profiles/nfw_family.h"
#include "physics/profiles/radial.h"

enum { LG_CNFW_X = 0, LG_CNFW_Y, LG_CNFW_RS, LG_CNFW_KS, LG_CNFW_BETA };

/* kappa / (2 kappa_s), G and P / (1 - b)^2 from the closed forms (b > 0, |b - 1| not tiny), with
 * cx, cn the classes (nfw.h, lg_nfw_class) of x and nu = x / b */
LG_HD void lg_cnfw_direct_c(double x, int cx, double b, int cn, double *kfac, double *g, double *h) {
  double kn, gn, hn;
  lg_nfw_functions_c(x, cx, &kn, &gn, &hn);
  const double F = lg_nfwf_F_c(x, cx), nu = x / b;
  const double omb = 1.0 - b, inv = 1.0 / (omb * omb), b2 = b * b;
  const double g1x = lg_nfwf_g1_c(x, cx), g1n = lg_nfwf_g1_c(nu, cn);
  *kfac = (F - lg_nfwf_F_c(nu, cn) - omb * (F - kn)) * inv;
  *g = (b2 * g1n + omb * gn - b * g1x) * inv;
  /* P with 2 Q(u) = -ln^2(u/2) - R(u): its ln^2, ln and constant parts cancel exactly, leaving */
  const double P = -b2 * lg_nfwf_R_c(nu, cn) - (1.0 - 2.0 * b) * lg_nfwf_R_c(x, cx) + 2.0 * b2 * g1n - 2.0 * b * g1x;
  *h = P * inv;
}

LG_HD void lg_cnfw_direct(double x, double b, double *kfac, double *g, double *h) {
  lg_cnfw_direct_c(x, lg_nfw_class(x), b, lg_nfw_class(x / b), kfac, g, h);
}

/* Which of the forms below b takes: the NFW (b ~ 0), the closed forms, or the interpolation near
 * b = 1. A caller evaluating many points of one component picks it once (backends/cpu_backend.c). */
enum { LG_CNFW_FORM_NFW = 0, LG_CNFW_FORM_DIRECT, LG_CNFW_FORM_NEAR1 };

LG_HD int lg_cnfw_form(double b) {
  if (b < 1e-12) return LG_CNFW_FORM_NFW; /* the closed forms would give 0 * inf */
  return fabs(b - 1.0) >= 0.02 ? LG_CNFW_FORM_DIRECT : LG_CNFW_FORM_NEAR1;
}

/* kappa / (2 kappa_s), G and P / (1 - b)^2 for any b >= 0, in the form lg_cnfw_form(b) gives */
LG_HD void lg_cnfw_functions_form(double x, double b, int form, double *kfac, double *g, double *h) {
  if (form == LG_CNFW_FORM_NFW) { /* h = -R, psi(0) = 0 */
    lg_nfw_functions(x, kfac, g, h);
    *h = -lg_nfwf_R(x);
    return;
  }
  if (form == LG_CNFW_FORM_DIRECT) {
    lg_cnfw_direct(x, b, kfac, g, h);
    return;
  }
  const double db = b - 1.0;
  const double node[6] = {-0.06, -0.04, -0.02, 0.02, 0.04, 0.06};
  double k = 0.0, gg = 0.0, hh = 0.0;
  for (int i = 0; i < 6; i++) {
    double w = 1.0;
    for (int j = 0; j < 6; j++)
      if (j != i) w *= (db - node[j]) / (node[i] - node[j]);
    double ki, gi, hi;
    lg_cnfw_direct(x, 1.0 + node[i], &ki, &gi, &hi);
    k += w * ki;
    gg += w * gi;
    hh += w * hi;
  }
  *kfac = k;
  *g = gg;
  *h = hh;
}

LG_HD void lg_cnfw_functions(double x, double b, double *kfac, double *g, double *h) {
  lg_cnfw_functions_form(x, b, lg_cnfw_form(b), kfac, g, h);
}

/* The evaluator with the form given (form = lg_cnfw_form(p[LG_CNFW_BETA])). */
LG_HD void lg_cnfw_eval_form(const double *p, double x, double y, int form, lg_lens_point *out) {
  double dx = x - p[LG_CNFW_X], dy = y - p[LG_CNFW_Y];
  const double r = lg_radius(&dx, &dy);
  const double rs = p[LG_CNFW_RS], ks = p[LG_CNFW_KS];
  const double u = r / rs;
  double kfac, g, h;
  lg_cnfw_functions_form(u, p[LG_CNFW_BETA], form, &kfac, &g, &h);
  lg_radial_add(dx, dy, r, 2.0 * ks * rs * rs * h, 4.0 * ks * rs * g / u, 2.0 * ks * kfac, out);
}

LG_HD void lg_cnfw_eval(const double *p, double x, double y, lg_lens_point *out) {
  lg_cnfw_eval_form(p, x, y, lg_cnfw_form(p[LG_CNFW_BETA]), out);
}

/* The closed-form case alone (|b - 1| >= 0.02, b >= 1e-12) in class c = lg_cnfw_class_at(p, x, y),
 * one of LG_CNFW_CLASSES: one straight formula per pixel. */
enum { LG_CNFW_CLASSES = LG_NFW_CLASSES * LG_NFW_CLASSES };

LG_HD int lg_cnfw_class_at(const double *p, double x, double y) {
  double dx, dy, r;
  const double u = lg_nfw_u(p, x, y, &dx, &dy, &r);
  return LG_NFW_CLASSES * lg_nfw_class(u) + lg_nfw_class(u / p[LG_CNFW_BETA]);
}

LG_HD void lg_cnfw_eval_direct_c(const double *p, double x, double y, int c, lg_lens_point *out) {
  double dx, dy, r;
  const double u = lg_nfw_u(p, x, y, &dx, &dy, &r);
  const double rs = p[LG_CNFW_RS], ks = p[LG_CNFW_KS];
  double kfac, g, h;
  lg_cnfw_direct_c(u, c / LG_NFW_CLASSES, p[LG_CNFW_BETA], c % LG_NFW_CLASSES, &kfac, &g, &h);
  lg_radial_add(dx, dy, r, 2.0 * ks * rs * rs * h, 4.0 * ks * rs * g / u, 2.0 * ks * kfac, out);
}

#endif
