/* LambdaCDM background (flat or curved, no radiation): distances, critical densities and the
 * time-delay distance. Pure functions of numbers; called by the profile preparation and the scenario. */
#ifndef LG_COSMOLOGY_H
#define LG_COSMOLOGY_H

#include "core/err.h"

typedef struct {
  double h0;     /* Hubble constant, km/s/Mpc */
  double om0;    /* matter density today */
  double ode0;   /* dark energy (cosmological constant) density today */
  double ok0;    /* curvature density, 1 - om0 - ode0 */
  double dh_mpc; /* Hubble distance c/H0, Mpc */
} lg_cosmo;

/* Validates (h0 > 0, om0 >= 0, ode0 >= 0, E(z)^2 > 0 on the redshifts used) and fills c. */
lg_err lg_cosmo_init(lg_cosmo *c, double h0, double om0, double ode0);

/* E(z) = H(z)/H0 */
double lg_cosmo_efunc(const lg_cosmo *c, double z);
/* Line-of-sight comoving distance between z1 and z2 (Mpc), z1 <= z2. */
double lg_cosmo_comoving_distance(const lg_cosmo *c, double z1, double z2);
/* Transverse comoving distance between z1 and z2 (Mpc), curvature included. */
double lg_cosmo_transverse_distance(const lg_cosmo *c, double z1, double z2);
/* Angular-diameter distance of a source at z2 seen from z1 (Mpc), z1 <= z2. */
double lg_cosmo_angular_distance(const lg_cosmo *c, double z1, double z2);
/* Critical surface density for a lens at zl and source at zs, Msun/arcsec^2 (zl < zs). */
double lg_cosmo_sigma_crit_msun_arcsec2(const lg_cosmo *c, double zl, double zs);
/* Time-delay distance (1 + zl) D_l D_s / D_ls, Mpc. */
double lg_cosmo_time_delay_distance(const lg_cosmo *c, double zl, double zs);
/* Days of delay per arcsec^2 of Fermat potential: D_dt / c, converted. */
double lg_cosmo_days_per_arcsec2(const lg_cosmo *c, double zl, double zs);
/* Critical density of the universe at z, Msun/Mpc^3. */
double lg_cosmo_rho_crit_msun_mpc3(const lg_cosmo *c, double z);

#endif
