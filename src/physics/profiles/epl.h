/* Elliptical power law, intermediate-axis normalisation of DESIGN.md:
 * kappa = (3 - gamma)/2 (theta_E / sqrt(q x'^2 + y'^2/q))^(gamma - 1), x' along the major axis.
 * p = {x, y, theta_E, t = gamma - 1 in (0, 2), q, cos phi, sin phi}.
 * Tessore & Metcalf (2015, A&A 580, A79; TM15) write it kappa = (2 - t)/2 (b / R)^t with
 * R = sqrt(q^2 x'^2 + y'^2), so b = theta_E sqrt(q). With the elliptical angle phi = atan2(y', q x')
 * and f = (1 - q)/(1 + q), the complex deflection alpha' = alpha_x' + i alpha_y' is (TM15, sec. 3)
 *   alpha' = 2 b / (1 + q) (b / R)^(t - 1) Omega(phi),
 *   Omega = e^(i phi) 2F1(1, t/2; 2 - t/2; -f e^(2 i phi)) = sum_n Omega_n,
 *   Omega_0 = e^(i phi),  Omega_n = -f (2n - (2 - t)) / (2n + (2 - t)) e^(2 i phi) Omega_(n-1)
 * (TM15's recurrence for the hypergeometric series). |Omega_n| <= f^n, so the first N terms leave a
 * tail below f^N / (1 - f); |Omega| > 0.52 for every q >= 0.05, 0 < t < 2 and angle (checked on a
 * grid), so N = log(0.5e-16 (1 - f)) / log(f) sums it to a relative 1e-16. N depends on q alone
 * (as lenstronomy's EPL_numba counts its terms), which lets the CPU backend run the series for a
 * block of pixels in step (backends/cpu_backend.c) and gives a GPU warp one trip count.
 * psi is homogeneous of degree 2 - t, so psi = (x alpha_x + y alpha_y) / (2 - t) (as in TM15), and,
 * alpha being of degree 1 - t, Euler's relation z kappa + conj(z) gamma = (1 - t) alpha gives the
 * complex shear gamma = ((1 - t) alpha - kappa z) / conj(z), z = x + i y (TM15's closed-form shear). */
#ifndef LG_PROFILE_EPL_H
#define LG_PROFILE_EPL_H

#include <math.h>

#include "physics/profiles/radial.h"

enum { LG_EPL_X = 0, LG_EPL_Y, LG_EPL_TE, LG_EPL_T, LG_EPL_Q, LG_EPL_COS, LG_EPL_SIN };

/* Terms of the series summed at axis ratio q (see above): 35 at q = 0.5, 400 at q = 0.05. */
LG_HD int lg_epl_terms(double q) {
  const double f = (1.0 - q) / (1.0 + q);
  if (f < 1e-300) return 1;
  const double n = ceil(log(0.5e-16 * (1.0 - f)) / log(f));
  return n < 1.0 ? 1 : (int)n;
}

/* Omega_n / (e^(2 i phi) Omega_(n-1)) = -f (2n - (2 - t)) / (2n + (2 - t)) (TM15, sec. 3) */
LG_HD double lg_epl_ratio(double f, double t, int n) { return -f * (2.0 * n - (2.0 - t)) / (2.0 * n + (2.0 - t)); }

/* Offsets from the centre, rotated coordinates, R and e^(i phi) at (x, y). */
LG_HD void lg_epl_angle(const double *p, double x, double y, double *dx, double *dy, double *xp, double *yp, double *R,
                        double *c1, double *s1) {
  *dx = x - p[LG_EPL_X];
  *dy = y - p[LG_EPL_Y];
  lg_radius(dx, dy);
  const double q = p[LG_EPL_Q], cs = p[LG_EPL_COS], sn = p[LG_EPL_SIN];
  *xp = cs * *dx + sn * *dy;
  *yp = -sn * *dx + cs * *dy;
  *R = sqrt(q * q * *xp * *xp + *yp * *yp);
  const double iR = 1.0 / *R;
  *c1 = q * *xp * iR;
  *s1 = *yp * iR;
}

/* Adds psi, alpha and the Hessian at offset (dx, dy) given Omega = sr + i si (TM15). */
LG_HD void lg_epl_add(const double *p, double dx, double dy, double xp, double yp, double R, double sr, double si,
                      lg_lens_point *out) {
  const double q = p[LG_EPL_Q], t = p[LG_EPL_T], cs = p[LG_EPL_COS], sn = p[LG_EPL_SIN];
  const double b = p[LG_EPL_TE] * sqrt(q);
  /* (b/R)^(t-1) by one exp; kappa's (b/R)^t is that times b/R (one exp less per pixel) */
  const double br = b / R, bt1 = exp((t - 1.0) * log(br));
  const double amp = 2.0 * b / (1.0 + q) * bt1;
  const double axp = amp * sr, ayp = amp * si;
  const double kappa = 0.5 * (2.0 - t) * (bt1 * br);
  /* gamma' = ((1 - t) alpha' - kappa z') z' / |z'|^2 */
  const double ar = (1.0 - t) * axp - kappa * xp, ai = (1.0 - t) * ayp - kappa * yp;
  const double iz2 = 1.0 / (xp * xp + yp * yp);
  const double g1p = (ar * xp - ai * yp) * iz2, g2p = (ar * yp + ai * xp) * iz2;
  /* rotate back: alpha by phi, the shear by 2 phi */
  const double ax = cs * axp - sn * ayp, ay = sn * axp + cs * ayp;
  const double c2r = cs * cs - sn * sn, s2r = 2.0 * cs * sn;
  const double g1 = c2r * g1p - s2r * g2p, g2 = s2r * g1p + c2r * g2p;
  out->psi += (dx * ax + dy * ay) * (1.0 / (2.0 - t)); /* a per-component reciprocal, not a division */
  out->alpha_x += ax;
  out->alpha_y += ay;
  out->f_xx += kappa + g1;
  out->f_yy += kappa - g1;
  out->f_xy += g2;
}

LG_HD void lg_epl_eval(const double *p, double x, double y, lg_lens_point *out) {
  double dx, dy, xp, yp, R, c1, s1;
  lg_epl_angle(p, x, y, &dx, &dy, &xp, &yp, &R, &c1, &s1);
  const double q = p[LG_EPL_Q], t = p[LG_EPL_T];
  const double c2 = c1 * c1 - s1 * s1, s2 = 2.0 * c1 * s1; /* e^(2 i phi) */
  const double f = (1.0 - q) / (1.0 + q);
  const int terms = lg_epl_terms(q);
  double wr = c1, wi = s1, sr = c1, si = s1;
  for (int n = 1; n < terms; n++) {
    const double fac = lg_epl_ratio(f, t, n);
    const double nr = fac * (c2 * wr - s2 * wi), ni = fac * (s2 * wr + c2 * wi);
    wr = nr;
    wi = ni;
    sr += wr;
    si += wi;
  }
  lg_epl_add(p, dx, dy, xp, yp, R, sr, si, out);
}

#endif
