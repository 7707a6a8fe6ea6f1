/* Spherical Einasto (1965) halo rho = rho_-2 exp(-(2/alpha) ((r / r_-2)^alpha - 1)) in projection,
 * r_-2 = r200 / c200. p = {x, y, r_-2 (arcsec), alpha, m_tot = M_tot / (pi Sigma_crit) (arcsec^2),
 * k_2 = rho_-2 r_-2 / Sigma_crit, X_max, lgamma(3/alpha)}; beyond X_max r_-2 the density is below
 * e^-50 X^-4 of rho_-2 and is dropped. With X = R / r_-2, rho~ = rho / rho_-2, r = R cosh t
 * (so z = R sinh t along the line of sight) and S = sqrt(r^2 - R^2) (derived here):
 *   kappa = (2/Sigma_crit) int_0^inf rho dz              = 2 k_2 int_0^T rho~ X cosh t dt,
 *   m = M_2D / (pi Sigma_crit) = [M_3D(R) + 4 pi int_R^inf rho r (r - S) dr] / (pi Sigma_crit)
 *     = m_tot P(3/alpha, (2/alpha) X^alpha) + 4 k_2 r_-2^2 int_0^T rho~ X^3 cosh t e^-t sinh t dt,
 *   alpha = m / R,
 *   psi = 2 int_0^R kappa(R') R' ln(R / R') dR' (the circular lens, psi(0) = 0), with the R' integral
 *     done in closed form inside the r integral (kernel K(r, R) = int_0^min(r,R) R' ln(R/R') / S' dR'),
 *       = 4 k_2 r_-2^2 [int_0^X rho~ xi^2 (ln(X / (2 xi)) + 1) dxi
 *                       + X^3 int_0^T rho~ cosh t (e^-t - cosh t ln(1 + e^-2t)) sinh t dt],
 * T = acosh(X_max / X); far out psi = m_tot ln X + const, and no large terms cancel near the centre.
 * M_3D is the regularised incomplete gamma function P (gammainc.h): the Einasto enclosed mass is
 * M_tot P(3/alpha, (2/alpha)(r/r_-2)^alpha) (Retana-Montenegro et al. 2012, A&A 540, A70).
 * The t integrals share one 48-point Gauss-Legendre rule, the xi integral (in ln xi) another:
 * relative error below 1e-7 for 0.1 <= alpha <= 1 and 1e-6 <= X <= X_max, checked against composite
 * quadratures in tests/profiles. The form of m keeps both terms positive (no cancellation at small R). */
#ifndef LG_PROFILE_EINASTO_H
#define LG_PROFILE_EINASTO_H

#include <math.h>

#include "core/consts.h"
#include "physics/profiles/gammainc.h"
#include "physics/profiles/gauss_legendre.h"
#include "physics/profiles/radial.h"

enum {
  LG_EINASTO_X = 0,
  LG_EINASTO_Y,
  LG_EINASTO_R2,
  LG_EINASTO_ALPHA,
  LG_EINASTO_MTOT,
  LG_EINASTO_K2,
  LG_EINASTO_XMAX,
  LG_EINASTO_LGA
};

/* kappa / (2 k_2) (ik), and the integrals of m (im) and psi (ip) without their factor
 * 4 k_2 r_-2^2, at X = R / r_-2 */
LG_HD void lg_einasto_integrals(double X, double al, double xmax, double *ik, double *im, double *ip) {
  const double gx[LG_GL48_HALF] = LG_GL48_NODES, gw[LG_GL48_HALF] = LG_GL48_WEIGHTS;
  const double ta = 2.0 / al, X3 = X * X * X;
  *ik = *im = *ip = 0.0;
  /* r > R: along the line of sight, r = R cosh t, t in [0, acosh(X_max / X)] */
  if (X < xmax) {
    const double h = 0.5 * acosh(xmax / X);
    double sk = 0.0, sm = 0.0, sp = 0.0;
    for (int i = 0; i < LG_GL48_HALF; i++) {
      for (int side = 0; side < 2; side++) {
        const double t = h * (side ? 1.0 + gx[i] : 1.0 - gx[i]);
        const double em1 = expm1(t), emt = 1.0 / (1.0 + em1);
        const double sh = 0.5 * em1 * (1.0 + emt), ch = sh + emt; /* sinh t, cosh t without cancellation */
        const double r = X * ch;
        const double w = gw[i] * exp(ta * (1.0 - exp(al * log(r)))); /* weight * rho~(r) */
        sk += w * r;
        sm += w * ch * emt * sh;
        sp += w * ch * (emt - ch * log1p(emt * emt)) * sh;
      }
    }
    *ik = h * sk;
    *im = h * X3 * sm;
    *ip = h * X3 * sp;
  }
  /* r < R: int_0^X rho~ xi^2 (ln(X / (2 xi)) + 1) dxi in w = ln(xi / X), from xi = min(X e^-12, 1e-6)
   * (below which xi^3 makes it negligible) to min(X, X_max) */
  const double wl = fmin(-12.0, log(1e-6 / X)), wh = fmin(0.0, log(xmax / X));
  const double hw = 0.5 * (wh - wl), cw = 0.5 * (wh + wl);
  double sp = 0.0;
  for (int i = 0; i < LG_GL48_HALF; i++) {
    for (int side = 0; side < 2; side++) {
      const double w = cw + (side ? hw : -hw) * gx[i];
      const double xi = X * exp(w);
      sp += gw[i] * exp(ta * (1.0 - exp(al * log(xi)))) * xi * xi * xi * (1.0 - LG_LN2 - w);
    }
  }
  *ip += hw * sp;
}

LG_HD void lg_einasto_eval(const double *p, double x, double y, lg_lens_point *out) {
  double dx = x - p[LG_EINASTO_X], dy = y - p[LG_EINASTO_Y];
  const double r = lg_radius(&dx, &dy);
  const double r2 = p[LG_EINASTO_R2], al = p[LG_EINASTO_ALPHA], mtot = p[LG_EINASTO_MTOT];
  const double k2 = p[LG_EINASTO_K2];
  const double X = r / r2;
  double ik, im, ip;
  lg_einasto_integrals(X, al, p[LG_EINASTO_XMAX], &ik, &im, &ip);
  const double c = 4.0 * k2 * r2 * r2;
  const double m = mtot * lg_gammainc_p(3.0 / al, 2.0 / al * exp(al * log(X)), p[LG_EINASTO_LGA]) + c * im;
  lg_radial_add(dx, dy, r, c * ip, m / r, 2.0 * k2 * ik, out);
}

#endif
