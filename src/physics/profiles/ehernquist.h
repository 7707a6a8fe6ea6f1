/* Elliptical Hernquist (convergence elliptical on the intermediate axis, DESIGN.md) as a sum of 41
 * cored steep ellipsoids (cse.h) fitted by Oguri (2021, PASP 133, 074504, Table 2): the spherical
 * kernel H(u) of hernquist.h is H(u) ~ sum_i a_i / (2 (s_i^2 + u^2)^(3/2)) to ~2e-5 relative for
 * 1e-4 < u < 1e3, so kappa = m / (2 r_s^2) H(R / r_s) -> amp = m / (2 r_s^2).
 * p = {x, y, r_s (arcsec), m = M / (pi Sigma_crit) (arcsec^2), q, cos phi, sin phi}. */
#ifndef LG_PROFILE_EHERNQUIST_H
#define LG_PROFILE_EHERNQUIST_H

#include "physics/profiles/cse.h"
#include "physics/profiles/radial.h"

enum {
  LG_EHERNQUIST_X = 0,
  LG_EHERNQUIST_Y,
  LG_EHERNQUIST_RS,
  LG_EHERNQUIST_M,
  LG_EHERNQUIST_Q,
  LG_EHERNQUIST_COS,
  LG_EHERNQUIST_SIN
};

#define LG_EHERNQUIST_NCSE 41

LG_HD void lg_ehernquist_eval(const double *p, double x, double y, lg_lens_point *out) {
  /* Oguri 2021, Table 2: (s_i, a_i) of the Hernquist decomposition, data as published */
  const double s[LG_EHERNQUIST_NCSE] = {
      1.199110e-06, 3.751762e-06, 9.927207e-06, 2.206076e-05, 3.781528e-05, 6.659808e-05, 1.154366e-04,
      1.924150e-04, 3.040440e-04, 4.683051e-04, 7.745084e-04, 1.175953e-03, 1.675459e-03, 2.801948e-03,
      9.712807e-03, 5.469589e-03, 1.104654e-02, 1.893893e-02, 2.792864e-02, 4.152834e-02, 6.640398e-02,
      1.107083e-01, 1.648028e-01, 2.839601e-01, 4.129439e-01, 8.239115e-01, 6.031726e-01, 1.145604e+00,
      1.401895e+00, 2.512223e+00, 2.038025e+00, 4.644014e+00, 9.301590e+00, 2.039273e+01, 4.896534e+01,
      1.252311e+02, 3.576766e+02, 2.579464e+04, 2.944679e+04, 2.834717e+03, 5.931328e+04};
  const double a[LG_EHERNQUIST_NCSE] = {
      9.200445e-18, 2.184724e-16, 3.548079e-15, 2.823716e-14, 1.091876e-13, 6.998697e-13, 3.142264e-12,
      1.457280e-11, 4.472783e-11, 2.042079e-10, 8.708137e-10, 2.423649e-09, 7.353440e-09, 5.470738e-08,
      2.445878e-07, 4.541672e-07, 3.227611e-06, 1.110690e-05, 3.725101e-05, 1.056271e-04, 6.531501e-04,
      2.121330e-03, 8.285518e-03, 4.084190e-02, 5.760942e-02, 1.788945e-01, 2.092774e-01, 3.697750e-01,
      3.440555e-01, 5.792737e-01, 2.325935e-01, 5.227961e-01, 3.079968e-01, 1.633456e-01, 7.410900e-02,
      3.123329e-02, 1.292488e-02, 2.156527e+00, 1.652553e-02, 2.314934e-02, 3.992313e-01};
  const double rs = p[LG_EHERNQUIST_RS];
  lg_cse_sum_eval(a, s, LG_EHERNQUIST_NCSE, 0.5 * p[LG_EHERNQUIST_M] / (rs * rs), rs, p[LG_EHERNQUIST_Q],
                  p[LG_EHERNQUIST_COS], p[LG_EHERNQUIST_SIN], x - p[LG_EHERNQUIST_X], y - p[LG_EHERNQUIST_Y], out);
}

#endif
