/* Truncated NFW of Baltz, Marshall & Oguri 2009 (JCAP 01, 015; BMO09), n = 1:
 * rho = rho_s / (u (1 + u)^2) * tau^2 / (tau^2 + u^2), u = r / r_s, truncation radius tau r_s.
 * p = {x, y, r_s (arcsec), kappa_s = rho_s r_s / Sigma_crit of the parent NFW, tau}.
 * With x = R / r_s, S = sqrt(tau^2 + x^2), L = ln(x / (tau + S)), F(x) of nfw_family.h:
 *   kappa = 2 kappa_s t (k(x) (tau^2 + 1) + 2 F - pi / S + (tau^2 - 1) L / (tau S)),   (BMO09 app. A)
 *   alpha = 4 kappa_s r_s g_t(x) / x,      (BMO09 app. A: projected mass 4 pi rho_s r_s^3 g_t)
 *   g_t   = t ((tau^2 + 1 + 2 (x^2 - 1)) F + pi tau + (tau^2 - 1) ln tau + S (L (tau^2 - 1) / tau - pi)),
 *   t = tau^2 / (tau^2 + 1)^2, k(x) = (1 - F) / (x^2 - 1) the NFW kernel of nfw.h.
 * g_t is evaluated in the equivalent form (exact algebra, d = S - tau = x^2 / (S + tau))
 *   g_t / t = (tau^2 - 1) (g(x) - log1p(d / (2 tau)) + d L / tau) + 2 x^2 F - pi d,
 * g(x) = ln(x/2) + F the NFW mass function, so no O(tau^2 ln x) terms cancel at small x.
 * psi = 2 kappa_s r_s^2 h_t(x) with the closed-form integral h_t = int_0^x 2 g_t / x' dx' (psi(0) = 0)
 * of lenstronomy's TNFW (Birrer et al.), rearranged below so that nothing cancels at small x; checked
 * in tests/profiles against lenstronomy's values, by alpha = grad psi and by the tau -> infinity
 * limit, the NFW. */
#ifndef LG_PROFILE_TNFW_H
#define LG_PROFILE_TNFW_H

#include <math.h>

#include "core/consts.h"
#include "physics/profiles/nfw_family.h"
#include "physics/profiles/radial.h"

enum { LG_TNFW_X = 0, LG_TNFW_Y, LG_TNFW_RS, LG_TNFW_KS, LG_TNFW_TAU };

/* kappa / (2 kappa_s), g_t and h_t at x = R / r_s, in x's class c (nfw.h, lg_nfw_class) */
LG_HD void lg_tnfw_functions_c(double x, int c, double tau, double *kfac, double *g, double *h) {
  double kn, gn, hn;
  lg_nfw_functions_c(x, c, &kn, &gn, &hn);
  const double F = lg_nfwf_F_c(x, c);
  const double t2 = tau * tau, x2 = x * x;
  /* two divisions per pixel (iS, d); those by per-component constants are reciprocals */
  const double S = sqrt(t2 + x2), iS = 1.0 / S, d = x2 / (S + tau), itau = 1.0 / tau;
  const double L = log(x) - log(tau + S), W = log1p(0.5 * itau * d);
  const double pre = t2 / ((t2 + 1.0) * (t2 + 1.0));
  *kfac = pre * ((t2 + 1.0) * kn + 2.0 * F - LG_PI * iS + (t2 - 1.0) * itau * L * iS);
  *g = pre * ((t2 - 1.0) * (gn - W + itau * d * L) + 2.0 * x2 * F - LG_PI * d);
  /* h_t (t2 + 1)^2 = 2 t2 pi (tau - S + tau ln(tau + S)) + 2 (t2 - 1) tau S L + t2 (t2 - 1) L^2
   *   + 4 t2 (x^2 - 1) F + 2 t2 (t2 - 1) Q(x) + t2 ((t2 - 1) ln tau - t2 - 1) ln x^2
   *   - t2 ((t2 - 1) ln tau ln(4 tau) + 2 ln(tau / 2) - 2 tau (tau - pi) ln(2 tau))
   * (lenstronomy's form). Its O(ln^2 x), O(ln x) and constant parts cancel exactly; with
   * W = ln((tau + S) / (2 tau)) = log1p(d / (2 tau)), a = ln x, R(x) of nfw_family.h and
   * g1 = (1 - x^2) F + ln(x/2), what is left is (exact algebra, no cancellation at small x)
   *   2 t2 pi (tau W - d) + 2 (t2 - 1) tau (d (a - ln 2 tau) - (tau + d) W)
   *   + t2 (t2 - 1) (W^2 - 2 W (a - ln 2 tau) - R(x)) - 4 t2 g1(x). */
  const double al2t = log(x) - log(2.0 * tau);
  const double hsum = 2.0 * t2 * LG_PI * (tau * W - d) + 2.0 * (t2 - 1.0) * tau * (d * al2t - (tau + d) * W) +
                      t2 * (t2 - 1.0) * (W * W - 2.0 * W * al2t - lg_nfwf_R_c(x, c)) - 4.0 * t2 * lg_nfwf_g1_c(x, c);
  *h = hsum * (1.0 / ((t2 + 1.0) * (t2 + 1.0)));
}

LG_HD void lg_tnfw_functions(double x, double tau, double *kfac, double *g, double *h) {
  lg_tnfw_functions_c(x, lg_nfw_class(x), tau, kfac, g, h);
}

/* The evaluator in class c = lg_nfw_class_at(p, x, y) (nfw.h). */
LG_HD void lg_tnfw_eval_c(const double *p, double x, double y, int c, lg_lens_point *out) {
  double dx, dy, r;
  const double u = lg_nfw_u(p, x, y, &dx, &dy, &r);
  const double rs = p[LG_TNFW_RS], ks = p[LG_TNFW_KS];
  double kfac, g, h;
  lg_tnfw_functions_c(u, c, p[LG_TNFW_TAU], &kfac, &g, &h);
  lg_radial_add(dx, dy, r, 2.0 * ks * rs * rs * h, 4.0 * ks * rs * g / u, 2.0 * ks * kfac, out);
}

LG_HD void lg_tnfw_eval(const double *p, double x, double y, lg_lens_point *out) {
  lg_tnfw_eval_c(p, x, y, lg_nfw_class_at(p, x, y), out);
}

#endif
