/* Cored steep ellipsoid (CSE; Keeton & Kochanek 1998, ApJ 495, 157) and sums of CSEs, with which
 * Oguri (2021, PASP 133, 074504; arXiv:2106.11464) approximates elliptical NFW and Hernquist lenses
 * (enfw.h, ehernquist.h). One CSE, in the frame of its major axis (x), is
 *   kappa = A / (2 (s^2 + x^2 + y^2/q^2)^(3/2)),
 * and with w = sqrt(q^2 (s^2 + x^2) + y^2), f = (w + s)^2 + (1 - q^2) x^2 (Oguri 2021, sec. 2):
 *   psi     = A q / s (ln(f) / 2 - ln((1 + q) s))   (psi = 0 at the centre),
 *   alpha_x = A q x (w + q^2 s) / (s w f),   alpha_y = A q y (w + s) / (s w f),
 *   psi_xx  = A q / (s f) (1 + q^2 s (q^2 s^2 + y^2) / w^3 - 2 x^2 (w + q^2 s)^2 / (w^2 f)),
 *   psi_yy  = A q / (s f) (1 + q^2 s (s^2 + x^2) / w^3 - 2 y^2 (w + s)^2 / (w^2 f)),
 *   psi_xy  = -A q x y / (s f) (q^2 s / w^3 + 2 (w + q^2 s)(w + s) / (w^2 f)). */
#ifndef LG_PROFILE_CSE_H
#define LG_PROFILE_CSE_H

#include <math.h>

#include "core/hd.h"
#include "physics/lens.h"

/* Adds A x (one CSE of core s and axis ratio q) at (x, y) in its major-axis frame to the
 * potential, deflection and Hessian accumulated in r (same frame). */
LG_HD void lg_cse_add(double amp, double s, double q, double x, double y, lg_lens_point *r) {
  const double q2 = q * q, x2 = x * x, y2 = y * y;
  const double w = sqrt(q2 * (s * s + x2) + y2);
  const double wqs = w + q2 * s, ws = w + s;
  const double f = ws * ws + (1.0 - q2) * x2;
  const double aq = amp * q / s, fi = 1.0 / f, wi = 1.0 / w;
  const double wi3 = wi * wi * wi;
  /* ln(f) / 2 - ln((1 + q) s) as log1p: f - (1 + q)^2 s^2 = (w - q s)(w + (2 + q) s) + (1 - q^2) x^2 and
   * w - q s = (q^2 x^2 + y^2) / (w + q s), so no cancellation where r << s */
  const double s1q = (1.0 + q) * s;
  const double df = (q2 * x2 + y2) * (w + (2.0 + q) * s) / (w + q * s) + (1.0 - q2) * x2;
  r->psi += aq * 0.5 * log1p(df / (s1q * s1q));
  r->alpha_x += aq * x * wqs * wi * fi;
  r->alpha_y += aq * y * ws * wi * fi;
  r->f_xx += aq * fi * (1.0 + q2 * s * (q2 * s * s + y2) * wi3 - 2.0 * x2 * wqs * wqs * wi * wi * fi);
  r->f_yy += aq * fi * (1.0 + q2 * s * (s * s + x2) * wi3 - 2.0 * y2 * ws * ws * wi * wi * fi);
  r->f_xy -= aq * x * y * fi * (q2 * s * wi3 + 2.0 * wqs * ws * wi * wi * fi);
}

/* Adds sum_i amp a_i CSE(s_i / sqrt(q)) q^(-3/2) at (dx, dy) from the centre, with the lengths in
 * units of r_s (so psi scales by r_s^2 and alpha by r_s): the decomposition of the circular
 * kappa(R) = amp sum_i a_i / (2 (s_i^2 + R^2)^(3/2)) made elliptical on the intermediate axis,
 * R^2 = q x'^2 + y'^2 / q = q (x'^2 + y'^2 / q^2), x' along the major axis at angle (cs, sn). */
LG_HD void lg_cse_sum_eval(const double *a, const double *s, int n, double amp, double rs, double q, double cs,
                           double sn, double dx, double dy, lg_lens_point *out) {
  const double xp = (cs * dx + sn * dy) / rs, yp = (-sn * dx + cs * dy) / rs;
  const double sq = sqrt(q), qf = 1.0 / (q * sq);
  lg_lens_point r = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  for (int i = 0; i < n; i++) lg_cse_add(amp * a[i] * qf, s[i] / sq, q, xp, yp, &r);
  /* back to the sky frame: alpha rotates by phi, the Hessian by R H R^T */
  const double rs2 = rs * rs;
  out->psi += rs2 * r.psi;
  out->alpha_x += rs * (cs * r.alpha_x - sn * r.alpha_y);
  out->alpha_y += rs * (sn * r.alpha_x + cs * r.alpha_y);
  const double c2 = cs * cs, s2 = sn * sn, cssn = cs * sn;
  out->f_xx += c2 * r.f_xx - 2.0 * cssn * r.f_xy + s2 * r.f_yy;
  out->f_yy += s2 * r.f_xx + 2.0 * cssn * r.f_xy + c2 * r.f_yy;
  out->f_xy += cssn * (r.f_xx - r.f_yy) + (c2 - s2) * r.f_xy;
}

#endif
