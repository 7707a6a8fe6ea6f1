/* The profile table: for each kind its name, its user-facing parameters (name, unit, allowed range,
 * default prior, meaning) and the host function that turns drawn parameters into a component in
 * lensing units. Adding a profile = one header in profiles/, one row here, one case in lens_eval.h. */
#ifndef LG_PROFILES_H
#define LG_PROFILES_H

#include "core/err.h"
#include "physics/cosmology.h"
#include "physics/lens.h"

/* What a profile's preparation may need besides its own parameters. */
typedef struct {
  const lg_cosmo *cosmo;
  double z_lens, z_src;
  double d_l_mpc;                 /* angular-diameter distance to the lens */
  double sigma_crit_msun_arcsec2; /* for (z_lens, z_src) */
  double rho_crit_msun_mpc3;      /* at z_lens */
} lg_lens_context;

typedef struct {
  const char *name; /* e.g. "theta_e" */
  const char *unit; /* e.g. "arcsec", "Msun", "deg", "" */
  double lo, hi;    /* allowed closed range of values */
  const char *default_prior;
  const char *help;
} lg_param_info;

typedef struct {
  const char *name; /* kind name used in -lens_components, e.g. "sie" */
  const char *help;
  int n_params;
  lg_param_info param[LG_MAX_PARAMS];
  /* user[] holds the drawn parameters in the order of param[]; fills out (kind and p[]). */
  lg_err (*prepare)(const double *user, const lg_lens_context *ctx, lg_component *out);
} lg_profile_info;

/* The row of kind k (0 <= k < LG_PROFILE_COUNT). */
const lg_profile_info *lg_profile_get(int kind);
/* The kind named name, or -1. */
int lg_profile_find(const char *name);
/* Fills ctx for (z_lens, z_src); fails if z_src <= z_lens. */
lg_err lg_lens_context_init(lg_lens_context *ctx, const lg_cosmo *c, double z_lens, double z_src);

/* NFW scale radius (arcsec) and kappa_s = rho_s r_s / Sigma_crit from M200 (Msun) and c200 about
 * 200 rho_crit(z_lens). */
void lg_nfw_from_m200(const lg_lens_context *ctx, double m200, double c200, double *rs_arcsec, double *kappa_s);

#endif
