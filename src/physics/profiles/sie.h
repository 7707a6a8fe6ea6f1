/* Singular isothermal ellipsoid with the intermediate-axis normalisation of DESIGN.md:
 * kappa = theta_E / (2 sqrt(q x'^2 + y'^2 / q)), x' along the major axis.
 * p = {x, y, theta_E, q, cos phi, sin phi}.
 * Deflection (Kormann, Schneider & Bartelmann 1994; Keeton 2001, astro-ph/0102341, eq. for s = 0),
 * with b = theta_E sqrt(q), e = sqrt(1 - q^2), w = sqrt(q^2 x'^2 + y'^2):
 *   alpha_x' = b/e atan(e x'/w),  alpha_y' = b/e atanh(e y'/w).
 * psi is homogeneous of degree 1, so psi = x alpha_x + y alpha_y and the Hessian is
 * 2 kappa t t^T, t the unit tangential vector (its radial eigenvalue is 0). */
#ifndef LG_PROFILE_SIE_H
#define LG_PROFILE_SIE_H

#include <math.h>

#include "physics/profiles/radial.h"

enum { LG_SIE_X = 0, LG_SIE_Y, LG_SIE_TE, LG_SIE_Q, LG_SIE_COS, LG_SIE_SIN };

/* atan(e u) / e and atanh(e u) / e, by their series when e u is tiny (q -> 1 is the SIS); ie = 1 / e,
 * a per-component constant (infinite at e = 0, where the series is taken). Every constant divisor
 * is a multiplication by its reciprocal: in the vectorised pixel loops, where both forms are
 * computed and one selected, a division is the costliest arithmetic there is. */
LG_HD double lg_atan_over(double e, double ie, double u) {
  const double t = e * u;
  if (fabs(t) < 1e-4) {
    const double t2 = t * t;
    return u * (1.0 - t2 * (1.0 / 3.0) + t2 * t2 * (1.0 / 5.0));
  }
  return atan(t) * ie;
}

LG_HD double lg_atanh_over(double e, double ie, double u) {
  const double t = e * u;
  if (fabs(t) < 1e-4) {
    const double t2 = t * t;
    return u * (1.0 + t2 * (1.0 / 3.0) + t2 * t2 * (1.0 / 5.0));
  }
  return atanh(t) * ie;
}

LG_HD void lg_sie_eval(const double *p, double x, double y, lg_lens_point *out) {
  double dx = x - p[LG_SIE_X], dy = y - p[LG_SIE_Y];
  const double r = lg_radius(&dx, &dy);
  const double q = p[LG_SIE_Q], cs = p[LG_SIE_COS], sn = p[LG_SIE_SIN];
  const double b = p[LG_SIE_TE] * sqrt(q);
  const double e = sqrt((1.0 - q) * (1.0 + q)), ie = 1.0 / e;
  const double xp = cs * dx + sn * dy, yp = -sn * dx + cs * dy;
  const double w = sqrt(q * q * xp * xp + yp * yp), iw = 1.0 / w, ir = 1.0 / r;
  const double axp = b * lg_atan_over(e, ie, xp * iw), ayp = b * lg_atanh_over(e, ie, yp * iw);
  const double ax = cs * axp - sn * ayp, ay = sn * axp + cs * ayp;
  const double kappa = 0.5 * b * iw;
  const double tx = -dy * ir, ty = dx * ir;
  out->psi += dx * ax + dy * ay;
  out->alpha_x += ax;
  out->alpha_y += ay;
  out->f_xx += 2.0 * kappa * tx * tx;
  out->f_yy += 2.0 * kappa * ty * ty;
  out->f_xy += 2.0 * kappa * tx * ty;
}

#endif
