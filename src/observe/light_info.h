/* The light table: for each light kind its name, its user-facing parameters (name, unit, allowed
 * range, default prior, meaning, in the style of physics/profiles.h) and the host function that turns
 * drawn parameters into an lg_light component (observe/light.h). The run layer exposes each parameter
 * as -src_<instance>_<param>; lens light can use the same table under its own option group. */
#ifndef LG_LIGHT_INFO_H
#define LG_LIGHT_INFO_H

#include "core/err.h"
#include "observe/light.h"
#include "physics/profiles.h"

#define LG_LIGHT_MAX_USER 8

typedef struct {
  const char *name; /* kind name used in -src_components, e.g. "sersic" */
  const char *help;
  int n_params;
  lg_param_info param[LG_LIGHT_MAX_USER];
} lg_light_info;

/* The row of kind k (0 <= k < LG_LIGHT_COUNT), or NULL. */
const lg_light_info *lg_light_get(int kind);
/* The kind named name, or -1. */
int lg_light_find(const char *name);

/* Fills out from the drawn parameters user[] (in the order of the kind's param[]) and the zero point
 * zp_mag (AB magnitude giving 1 e-/s; the amplitude parameter `mag` becomes the total flux
 * F = 10^(-0.4 (mag - zp_mag)) e-/s). Checks every value against its allowed range: LG_ERR_RANGE
 * naming the kind, the parameter, the value and the range. */
lg_err lg_light_prepare(int kind, const double *user, double zp_mag, lg_light *out);
/* The same for the light component at index slot of a scenario: a `pixel` component takes its image
 * from the registry entry at slot (observe/pixsrc.h; LG_ERR_OPTION when none is installed there).
 * lg_light_prepare is this with slot -1 (analytic kinds only). */
lg_err lg_light_prepare_slot(int kind, const double *user, double zp_mag, int slot, lg_light *out);

/* F = 10^(-0.4 (mag - zp_mag)): flux (e-/s when zp_mag is the zero point for 1 e-/s). */
double lg_mag_to_flux(double mag, double zp_mag);

/* Total flux of a prepared component (analytic; Sersic: Graham & Driver 2005 eq. 4), and of n. */
double lg_light_total_flux(const lg_light *c);
double lg_light_total_flux_sum(const lg_light *c, int n);

#endif
