/* Point mass. p = {x, y, theta_E^2}: psi = theta_E^2 ln r, alpha = theta_E^2 / r, kappa = 0
 * off the centre (Schneider, Ehlers & Falco 1992, sec. 8.1.2). */
#ifndef LG_PROFILE_POINT_H
#define LG_PROFILE_POINT_H

#include <math.h>

#include "physics/profiles/radial.h"

enum { LG_POINT_X = 0, LG_POINT_Y, LG_POINT_TE2 };

LG_HD void lg_point_mass_eval(const double *p, double x, double y, lg_lens_point *out) {
  double dx = x - p[LG_POINT_X], dy = y - p[LG_POINT_Y];
  const double r = lg_radius(&dx, &dy);
  const double te2 = p[LG_POINT_TE2];
  lg_radial_add(dx, dy, r, te2 * log(r), te2 / r, 0.0, out);
}

#endif
