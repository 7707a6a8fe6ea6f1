/* A lens as plain old data: a flat array of components {kind, params}, trivially copyable to a GPU,
 * and the per-point result every profile fills (potential, deflection, Hessian). */
#ifndef LG_LENS_H
#define LG_LENS_H

#define LG_MAX_PARAMS 8

/* Order is the order of the profile table (physics/profiles.c); append, never reorder. */
typedef enum {
  LG_PROFILE_POINT = 0,
  LG_PROFILE_SIS,
  LG_PROFILE_SIE,
  LG_PROFILE_NFW,
  LG_PROFILE_SHEAR,
  LG_PROFILE_SHEET,
  LG_PROFILE_EPL,
  LG_PROFILE_TNFW,
  LG_PROFILE_CNFW,
  LG_PROFILE_HERNQUIST,
  LG_PROFILE_BURKERT,
  LG_PROFILE_EINASTO,
  LG_PROFILE_SERSIC,
  LG_PROFILE_ENFW,
  LG_PROFILE_EHERNQUIST,
  LG_PROFILE_KMAP,
  LG_PROFILE_COUNT
} lg_profile_kind;

/* One component in lensing units (arcsec, dimensionless convergence), derived from the user's
 * parameters by the profile's prepare function (physics/profiles.c). The meaning of p[] is
 * documented in each profile header. */
typedef struct {
  int kind;
  int reserved;
  double p[LG_MAX_PARAMS];
} lg_component;

/* Lensing potential psi (arcsec^2), deflection alpha (arcsec) and the Hessian of psi at a point.
 * kappa = (f_xx + f_yy)/2, gamma1 = (f_xx - f_yy)/2, gamma2 = f_xy. */
typedef struct {
  double psi;
  double alpha_x, alpha_y;
  double f_xx, f_xy, f_yy;
} lg_lens_point;

#endif
