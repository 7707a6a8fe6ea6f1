/* Elliptical Sersic (1968) convergence, mass following light, on the intermediate axis of DESIGN.md:
 * kappa = kappa_eff exp(-b_n ((R / r_eff)^(1/n) - 1)), R = sqrt(q x'^2 + y'^2 / q), x' along the
 * major axis. p = {x, y, kappa_eff, r_eff (arcsec), n, b_n, q, phi (rad)}; b_n solves
 * P(2n, b_n) = 1/2 (gammainc.h), so r_eff encloses half the mass (Ciotti & Bertin 1999, A&A 352, 447).
 * In Keeton's variables (Keeton 2001, astro-ph/0102341, sec. 2: kappa(xi^2), xi^2 = x'^2 + y'^2/q^2,
 * here kappa(xi^2) = kappa_Sersic(sqrt(q) xi)), with v = 1 - (1 - q^2) u, xi(u)^2 = u (x'^2 + y'^2/v):
 *   psi = q/2 I,  alpha_x' = q x' J_0,  alpha_y' = q y' J_1,
 *   psi_x'x' = 2 q x'^2 K_0 + q J_0,  psi_y'y' = 2 q y'^2 K_2 + q J_1,  psi_x'y' = 2 q x' y' K_1,
 *   J_k = int_0^1 kappa(xi(u)^2) v^-(k+1/2) du,  K_k = int_0^1 u kappa'(xi(u)^2) v^-(k+1/2) du,
 *   I   = int_0^1 m(xi(u)) / (u v^(1/2)) du,   m(xi) = 2 int_0^xi kappa xi' dxi'
 *       = 2 kappa_eff r_eff^2 n e^b b^-2n Gamma(2n) P(2n, b (sqrt(q) xi / r_eff)^(1/n)) / q
 * (kappa' = d kappa / d xi^2). The u integrals use fixed 32-point Gauss-Legendre panels: s = ln u on
 * [s_min, ln 1/2], split where sqrt(u) R0 = r_eff (R0 the point's intermediate radius), which
 * makes kappa's cusp u^(1/2n) and its fall-off smooth; tau = ln v on [ln q^2, ln(1 - (1 - q^2)/2)]
 * for u in [1/2, 1], which resolves the peak of v^-(k+1/2) near u = 1 when q is small. Relative
 * error ~1e-8 in alpha and psi, ~1e-7 of |H| in the Hessian (up to 1e-6 far out), for 0.5 <= n <= 8
 * and q >= 0.05 (tests/profiles). */
#ifndef LG_PROFILE_SERSIC_H
#define LG_PROFILE_SERSIC_H

#include <math.h>

#include "physics/profiles/gammainc.h"
#include "core/consts.h"
#include "physics/profiles/gauss_legendre.h"
#include "physics/profiles/radial.h"

enum {
  LG_SERSIC_X = 0,
  LG_SERSIC_Y,
  LG_SERSIC_KEFF,
  LG_SERSIC_REFF,
  LG_SERSIC_N,
  LG_SERSIC_BN,
  LG_SERSIC_Q,
  LG_SERSIC_PHI
};

/* b_n with P(2n, b_n) = 1/2: Newton's method from the asymptotic series of Ciotti & Bertin 1999
 * (eq. 18), converged to 1e-15 relative. */
LG_HD double lg_sersic_bn(double n) {
  const double a = 2.0 * n, lga = lgamma(a);
  double b = 2.0 * n - 1.0 / 3.0 + 4.0 / (405.0 * n) + 46.0 / (25515.0 * n * n) + 131.0 / (1148175.0 * n * n * n) -
             2194697.0 / (30690717750.0 * n * n * n * n);
  if (b < 0.1) b = 0.1;
  for (int k = 0; k < 100; k++) {
    const double f = lg_gammainc_p(a, b, lga) - 0.5;
    const double d = exp((a - 1.0) * log(b) - b - lga); /* dP/db */
    double step = f / d;
    if (step > 0.5 * b) step = 0.5 * b;
    b -= step;
    if (fabs(step) < 1e-15 * b) break;
  }
  return b;
}

/* What the quadrature nodes share: the point (major-axis frame), the profile constants. */
typedef struct {
  double x2, y2, e2, keff, inv2n, bn, lq, a, lga, cm;
  double j0, j1, k0, k1, k2, i;
} lg_sersic_acc;

/* Adds weight wgt times the six integrands at u (v = 1 - e2 u). */
LG_HD void lg_sersic_node(lg_sersic_acc *s, double u, double v, double wgt) {
  const double den = s->x2 + s->y2 / v;                            /* xi^2 / u */
  const double w = s->bn * exp((log(u * den) + s->lq) * s->inv2n); /* b (sqrt(q) xi / r_eff)^(1/n) */
  const double kap = s->keff * exp(s->bn - w);
  const double ukp = -kap * w * s->inv2n / den; /* u d kappa / d xi^2 */
  const double iv = 1.0 / v, isv = sqrt(iv);
  const double a0 = wgt * isv, a1 = a0 * iv, a2 = a1 * iv;
  s->j0 += a0 * kap;
  s->j1 += a1 * kap;
  s->k0 += a0 * ukp;
  s->k1 += a1 * ukp;
  s->k2 += a2 * ukp;
  s->i += a0 / u * s->cm * lg_gammainc_p(s->a, w, s->lga);
}

/* 32-point Gauss-Legendre over [lo, hi] of ln u (mode 0), ln v (mode 1) or u (mode 2). */
LG_HD void lg_sersic_panel(lg_sersic_acc *s, int mode, double lo, double hi) {
  const double gx[LG_GL32_HALF] = LG_GL32_NODES, gw[LG_GL32_HALF] = LG_GL32_WEIGHTS;
  const double h = 0.5 * (hi - lo), c = 0.5 * (hi + lo);
  for (int i = 0; i < LG_GL32_HALF; i++) {
    for (int side = 0; side < 2; side++) {
      const double z = c + (side ? h : -h) * gx[i];
      const double w = gw[i] * h;
      if (mode == 0) {
        const double u = exp(z);
        lg_sersic_node(s, u, 1.0 - s->e2 * u, w * u);
      } else if (mode == 1) {
        const double v = exp(z);
        lg_sersic_node(s, -expm1(z) / s->e2, v, w * v / s->e2);
      } else {
        lg_sersic_node(s, z, 1.0 - s->e2 * z, w);
      }
    }
  }
}

/* Adds psi, alpha and the Hessian from Keeton's integrals J_0, J_1, K_0, K_1, K_2 and I at (x', y')
 * (x2 = x'^2, y2 = y'^2) in the major-axis frame (cos phi, sin phi = cs, sn), rotated back (the
 * formulas of the header comment). Shared with the CPU backend's blocks (backends/cpu_sersic.h). */
LG_HD void lg_sersic_finish(double q, double cs, double sn, double xp, double yp, double x2, double y2, double j0,
                            double j1, double k0, double k1, double k2, double ii, lg_lens_point *out) {
  const double axp = q * xp * j0, ayp = q * yp * j1;
  const double hxx = 2.0 * q * x2 * k0 + q * j0, hyy = 2.0 * q * y2 * k2 + q * j1;
  const double hxy = 2.0 * q * xp * yp * k1;
  out->psi += 0.5 * q * ii;
  out->alpha_x += cs * axp - sn * ayp;
  out->alpha_y += sn * axp + cs * ayp;
  const double c2 = cs * cs, s2 = sn * sn, cssn = cs * sn;
  out->f_xx += c2 * hxx - 2.0 * cssn * hxy + s2 * hyy;
  out->f_yy += s2 * hxx + 2.0 * cssn * hxy + c2 * hyy;
  out->f_xy += cssn * (hxx - hyy) + (c2 - s2) * hxy;
}

LG_HD void lg_sersic_eval(const double *p, double x, double y, lg_lens_point *out) {
  double dx = x - p[LG_SERSIC_X], dy = y - p[LG_SERSIC_Y];
  lg_radius(&dx, &dy);
  const double keff = p[LG_SERSIC_KEFF], re = p[LG_SERSIC_REFF], n = p[LG_SERSIC_N], bn = p[LG_SERSIC_BN];
  const double q = p[LG_SERSIC_Q], cs = cos(p[LG_SERSIC_PHI]), sn = sin(p[LG_SERSIC_PHI]);
  const double xp = cs * dx + sn * dy, yp = -sn * dx + cs * dy;
  lg_sersic_acc s;
  s.x2 = xp * xp;
  s.y2 = yp * yp;
  s.e2 = (1.0 - q) * (1.0 + q);
  s.keff = keff;
  s.inv2n = 0.5 / n;
  s.bn = bn;
  s.lq = log(q / (re * re));
  s.a = 2.0 * n;
  s.lga = lgamma(s.a);
  s.cm = 2.0 * keff * re * re * n * exp(bn - s.a * log(bn) + s.lga) / q;
  s.j0 = s.j1 = s.k0 = s.k1 = s.k2 = s.i = 0.0;
  /* panels in s = ln u: [s_min, s*, ln 1/2], s* where sqrt(u) R0 = r_eff */
  const double lr0 = 0.5 * log(q * (s.x2 + s.y2 / (q * q))) - log(re); /* ln(R0 / r_eff) */
  const double smin = -30.0 - 2.0 * (lr0 > 0.0 ? lr0 : 0.0), sstar = -2.0 * lr0, sc = -LG_LN2;
  if (sstar > smin && sstar < sc) {
    lg_sersic_panel(&s, 0, smin, sstar);
    lg_sersic_panel(&s, 0, sstar, sc);
  } else {
    lg_sersic_panel(&s, 0, smin, sc);
  }
  if (s.e2 > 0.1)
    lg_sersic_panel(&s, 1, 2.0 * log(q), log1p(-0.5 * s.e2));
  else
    lg_sersic_panel(&s, 2, 0.5, 1.0);
  lg_sersic_finish(q, cs, sn, xp, yp, s.x2, s.y2, s.j0, s.j1, s.k0, s.k1, s.k2, s.i, out);
}

#endif
