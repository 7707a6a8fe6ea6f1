/* LambdaCDM distances (Hogg 1999, astro-ph/9905116, eqs. 14-19) by Gauss-Legendre quadrature of
 * 1/E(z) on panels no wider than 0.125 in z: 1/E is smooth, so 10 nodes per panel reach double
 * precision (checked against astropy to 1e-12 in tests/physics/test_cosmology.c). */
#include "physics/cosmology.h"

#include <math.h>

#include "core/consts.h"

/* 10-point Gauss-Legendre nodes and weights on [-1, 1] (Abramowitz & Stegun table 25.4). */
static const double lg_gl_x[5] = {0.1488743389816312108848260, 0.4333953941292471907992659,
                                  0.6794095682990244062343274, 0.8650633666889845107320967,
                                  0.9739065285171717200779640};
static const double lg_gl_w[5] = {0.2955242247147528701738930, 0.2692667193099963550912269,
                                  0.2190863625159820439955349, 0.1494513491505805931457763,
                                  0.0666713443086881375935688};

lg_err lg_cosmo_init(lg_cosmo *c, double h0, double om0, double ode0) {
  LG_CHECK(isfinite(h0) && h0 > 0.0, LG_ERR_OPTION, "-cosmo_h0: %g km/s/Mpc (allowed: > 0)", h0);
  LG_CHECK(isfinite(om0) && om0 >= 0.0, LG_ERR_OPTION, "-cosmo_om0: %g (allowed: >= 0)", om0);
  LG_CHECK(isfinite(ode0) && ode0 >= 0.0, LG_ERR_OPTION, "-cosmo_ode0: %g (allowed: >= 0)", ode0);
  c->h0 = h0;
  c->om0 = om0;
  c->ode0 = ode0;
  c->ok0 = 1.0 - om0 - ode0;
  c->dh_mpc = LG_C_M_S / LG_KM_M / h0;
  /* E(z)^2 = om0 (1+z)^3 + ok0 (1+z)^2 + ode0 must stay positive on the redshifts we allow
   * (0..20); it is a cubic in (1+z) so checking a fine grid plus the ends is enough for a
   * sensible cosmology and catches the bouncing ones */
  for (int i = 0; i <= 2000; i++) {
    double z = 0.01 * i;
    double a = 1.0 + z;
    double e2 = om0 * a * a * a + c->ok0 * a * a + ode0;
    LG_CHECK(e2 > 0.0, LG_ERR_OPTION,
             "-cosmo_om0 %g / -cosmo_ode0 %g: H(z)^2 <= 0 at z = %g (no big bang; not a usable cosmology)", om0,
             ode0, z);
  }
  return LG_OK;
}

double lg_cosmo_efunc(const lg_cosmo *c, double z) {
  const double a = 1.0 + z;
  return sqrt(c->om0 * a * a * a + c->ok0 * a * a + c->ode0);
}

double lg_cosmo_comoving_distance(const lg_cosmo *c, double z1, double z2) {
  if (z2 == z1) return 0.0;
  const double sign = z2 > z1 ? 1.0 : -1.0;
  const double lo = fmin(z1, z2), hi = fmax(z1, z2);
  int panels = (int)ceil((hi - lo) / 0.125);
  if (panels < 1) panels = 1;
  const double h = (hi - lo) / panels;
  double sum = 0.0;
  for (int p = 0; p < panels; p++) {
    const double mid = lo + (p + 0.5) * h, half = 0.5 * h;
    double s = 0.0;
    for (int k = 0; k < 5; k++) {
      s += lg_gl_w[k] * (1.0 / lg_cosmo_efunc(c, mid - half * lg_gl_x[k]) +
                         1.0 / lg_cosmo_efunc(c, mid + half * lg_gl_x[k]));
    }
    sum += s * half;
  }
  return sign * c->dh_mpc * sum;
}

double lg_cosmo_transverse_distance(const lg_cosmo *c, double z1, double z2) {
  const double dc = lg_cosmo_comoving_distance(c, z1, z2);
  /* |ok0| below 1e-12 is flat to double precision over any comoving distance we use */
  if (fabs(c->ok0) < 1e-12) return dc;
  const double k = sqrt(fabs(c->ok0)) / c->dh_mpc;
  if (c->ok0 > 0.0) return sinh(k * dc) / k;
  return sin(k * dc) / k;
}

double lg_cosmo_angular_distance(const lg_cosmo *c, double z1, double z2) {
  return lg_cosmo_transverse_distance(c, z1, z2) / (1.0 + z2);
}

/* c^2 / (4 pi G) in Msun per Mpc */
static double lg_sigma_prefactor(void) {
  return LG_C_M_S * LG_C_M_S / (4.0 * LG_PI * LG_G_SI) * LG_MPC_M / LG_MSUN_KG;
}

double lg_cosmo_sigma_crit_msun_arcsec2(const lg_cosmo *c, double zl, double zs) {
  const double dl = lg_cosmo_angular_distance(c, 0.0, zl);
  const double ds = lg_cosmo_angular_distance(c, 0.0, zs);
  const double dls = lg_cosmo_angular_distance(c, zl, zs);
  const double per_mpc2 = lg_sigma_prefactor() * ds / (dl * dls);
  const double mpc_per_arcsec = dl * LG_ARCSEC_RAD;
  return per_mpc2 * mpc_per_arcsec * mpc_per_arcsec;
}

double lg_cosmo_time_delay_distance(const lg_cosmo *c, double zl, double zs) {
  const double dl = lg_cosmo_angular_distance(c, 0.0, zl);
  const double ds = lg_cosmo_angular_distance(c, 0.0, zs);
  const double dls = lg_cosmo_angular_distance(c, zl, zs);
  return (1.0 + zl) * dl * ds / dls;
}

double lg_cosmo_days_per_arcsec2(const lg_cosmo *c, double zl, double zs) {
  const double ddt_m = lg_cosmo_time_delay_distance(c, zl, zs) * LG_MPC_M;
  return ddt_m / LG_C_M_S * LG_ARCSEC_RAD * LG_ARCSEC_RAD / LG_DAY_S;
}

double lg_cosmo_rho_crit_msun_mpc3(const lg_cosmo *c, double z) {
  const double h_si = c->h0 * LG_KM_M / LG_MPC_M * lg_cosmo_efunc(c, z); /* 1/s */
  const double rho_si = 3.0 * h_si * h_si / (8.0 * LG_PI * LG_G_SI);   /* kg/m^3 */
  return rho_si / LG_MSUN_KG * LG_MPC_M * LG_MPC_M * LG_MPC_M;
}
