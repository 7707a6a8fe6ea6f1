/* Singular isothermal sphere. p = {x, y, theta_E}: kappa = theta_E / (2 r), alpha = theta_E,
 * psi = theta_E r (Schneider, Ehlers & Falco 1992, eq. 8.36). */
#ifndef LG_PROFILE_SIS_H
#define LG_PROFILE_SIS_H

#include "physics/profiles/radial.h"

enum { LG_SIS_X = 0, LG_SIS_Y, LG_SIS_TE };

LG_HD void lg_sis_eval(const double *p, double x, double y, lg_lens_point *out) {
  double dx = x - p[LG_SIS_X], dy = y - p[LG_SIS_Y];
  const double r = lg_radius(&dx, &dy);
  const double te = p[LG_SIS_TE];
  lg_radial_add(dx, dy, r, te * r, te, 0.5 * te / r, out);
}

#endif
