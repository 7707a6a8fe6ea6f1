/* The profile table and each profile's preparation: user parameters (positions in arcsec, masses
 * in Msun, angles in degrees) -> the lensing parameters its evaluator reads (physics/profiles/). */
#include "physics/profiles.h"

#include <math.h>
#include <string.h>

#include "core/consts.h"
#include "physics/profiles/nfw.h"
#include "physics/profiles/point.h"
#include "physics/profiles/shear.h"
#include "physics/profiles/sheet.h"
#include "physics/profiles/sie.h"
#include "physics/profiles/sis.h"

lg_err lg_lens_context_init(lg_lens_context *ctx, const lg_cosmo *c, double z_lens, double z_src) {
  LG_CHECK(z_lens > 0.0 && z_src > z_lens, LG_ERR_RANGE,
           "lens redshift %g and source redshift %g: need 0 < z_lens < z_src", z_lens, z_src);
  ctx->cosmo = c;
  ctx->z_lens = z_lens;
  ctx->z_src = z_src;
  ctx->d_l_mpc = lg_cosmo_angular_distance(c, 0.0, z_lens);
  ctx->sigma_crit_msun_arcsec2 = lg_cosmo_sigma_crit_msun_arcsec2(c, z_lens, z_src);
  ctx->rho_crit_msun_mpc3 = lg_cosmo_rho_crit_msun_mpc3(c, z_lens);
  return LG_OK;
}

static void lg_component_clear(lg_component *out, int kind) {
  memset(out, 0, sizeof *out);
  out->kind = kind;
}

/* theta_E^2 = 4 G M D_ls / (c^2 D_l D_s) = M / (pi Sigma_crit) with Sigma_crit per arcsec^2 */
static lg_err lg_prepare_point(const double *u, const lg_lens_context *ctx, lg_component *out) {
  lg_component_clear(out, LG_PROFILE_POINT);
  out->p[LG_POINT_X] = u[0];
  out->p[LG_POINT_Y] = u[1];
  out->p[LG_POINT_TE2] = u[2] / (LG_PI * ctx->sigma_crit_msun_arcsec2);
  return LG_OK;
}

static lg_err lg_prepare_sis(const double *u, const lg_lens_context *ctx, lg_component *out) {
  (void)ctx;
  lg_component_clear(out, LG_PROFILE_SIS);
  out->p[LG_SIS_X] = u[0];
  out->p[LG_SIS_Y] = u[1];
  out->p[LG_SIS_TE] = u[2];
  return LG_OK;
}

static lg_err lg_prepare_sie(const double *u, const lg_lens_context *ctx, lg_component *out) {
  (void)ctx;
  lg_component_clear(out, LG_PROFILE_SIE);
  const double phi = u[4] * LG_PI / 180.0;
  out->p[LG_SIE_X] = u[0];
  out->p[LG_SIE_Y] = u[1];
  out->p[LG_SIE_TE] = u[2];
  out->p[LG_SIE_Q] = u[3];
  out->p[LG_SIE_COS] = cos(phi);
  out->p[LG_SIE_SIN] = sin(phi);
  return LG_OK;
}

/* NFW from (M200, c200) about 200 rho_crit(z_lens) (Navarro, Frenk & White 1997):
 * r200 = (3 M200 / (800 pi rho_crit))^(1/3), r_s = r200 / c,
 * rho_s = M200 / (4 pi r_s^3 m(c)), m(c) = ln(1 + c) - c / (1 + c). */
void lg_nfw_from_m200(const lg_lens_context *ctx, double m200, double c200, double *rs_arcsec, double *kappa_s) {
  const double r200 = cbrt(3.0 * m200 / (800.0 * LG_PI * ctx->rho_crit_msun_mpc3));
  const double rs = r200 / c200;
  const double mc = log1p(c200) - c200 / (1.0 + c200);
  const double rho_s = m200 / (4.0 * LG_PI * rs * rs * rs * mc);
  const double mpc_per_arcsec = ctx->d_l_mpc * LG_ARCSEC_RAD;
  const double sigma_crit_mpc2 = ctx->sigma_crit_msun_arcsec2 / (mpc_per_arcsec * mpc_per_arcsec);
  *rs_arcsec = rs / mpc_per_arcsec;
  *kappa_s = rho_s * rs / sigma_crit_mpc2;
}

static lg_err lg_prepare_nfw(const double *u, const lg_lens_context *ctx, lg_component *out) {
  lg_component_clear(out, LG_PROFILE_NFW);
  out->p[LG_NFW_X] = u[0];
  out->p[LG_NFW_Y] = u[1];
  lg_nfw_from_m200(ctx, u[2], u[3], &out->p[LG_NFW_RS], &out->p[LG_NFW_KS]);
  return LG_OK;
}

static lg_err lg_prepare_shear(const double *u, const lg_lens_context *ctx, lg_component *out) {
  (void)ctx;
  lg_component_clear(out, LG_PROFILE_SHEAR);
  out->p[LG_SHEAR_G1] = u[0];
  out->p[LG_SHEAR_G2] = u[1];
  return LG_OK;
}

static lg_err lg_prepare_sheet(const double *u, const lg_lens_context *ctx, lg_component *out) {
  (void)ctx;
  lg_component_clear(out, LG_PROFILE_SHEET);
  out->p[LG_SHEET_KAPPA] = u[0];
  return LG_OK;
}

#define LG_POS_X {"x", "arcsec", -1000.0, 1000.0, "0", "centre x from the grid centre"}
#define LG_POS_Y {"y", "arcsec", -1000.0, 1000.0, "0", "centre y from the grid centre"}
#define LG_THETA_E {"theta_e", "arcsec", 0.0, 100.0, "uniform:0.5,2.0", "Einstein radius"}
#define LG_Q {"q", "", 0.05, 1.0, "uniform:0.5,1.0", "minor/major axis ratio"}
#define LG_PHI {"phi", "deg", -360.0, 360.0, "uniform:0,180", "major-axis angle, counter-clockwise from +x"}

static const lg_profile_info lg_profile_table[LG_PROFILE_COUNT] = {
    [LG_PROFILE_POINT] = {"point",
                          "point mass; theta_E^2 = M / (pi Sigma_crit)",
                          3,
                          {LG_POS_X, LG_POS_Y, {"mass", "Msun", 0.0, 1e16, "loguniform:1e10,1e12", "mass"}},
                          lg_prepare_point},
    [LG_PROFILE_SIS] = {"sis", "singular isothermal sphere", 3, {LG_POS_X, LG_POS_Y, LG_THETA_E}, lg_prepare_sis},
    [LG_PROFILE_SIE] = {"sie",
                        "singular isothermal ellipsoid, kappa = theta_e / (2 sqrt(q x'^2 + y'^2/q))",
                        5,
                        {LG_POS_X, LG_POS_Y, LG_THETA_E, LG_Q, LG_PHI},
                        lg_prepare_sie},
    [LG_PROFILE_NFW] = {"nfw",
                        "spherical NFW halo; m200, c200 about 200 x the critical density at z_lens",
                        4,
                        {LG_POS_X, LG_POS_Y,
                         {"m200", "Msun", 1e3, 1e17, "loguniform:1e12,1e14", "mass inside r200"},
                         {"c200", "", 0.1, 100.0, "uniform:4,10", "concentration r200 / r_s"}},
                        lg_prepare_nfw},
    [LG_PROFILE_SHEAR] = {"shear",
                          "external shear about the grid centre, psi = gamma1 (x^2 - y^2)/2 + gamma2 x y",
                          2,
                          {{"gamma1", "", -1.0, 1.0, "normal:0,0.05", "shear component along x"},
                           {"gamma2", "", -1.0, 1.0, "normal:0,0.05", "shear component along the diagonal"}},
                          lg_prepare_shear},
    [LG_PROFILE_SHEET] = {"sheet",
                          "uniform convergence sheet (mass-sheet), psi = kappa r^2 / 2",
                          1,
                          {{"kappa", "", -10.0, 10.0, "uniform:0,0.1", "convergence"}},
                          lg_prepare_sheet},
};

const lg_profile_info *lg_profile_get(int kind) {
  if (kind < 0 || kind >= LG_PROFILE_COUNT) return NULL;
  return &lg_profile_table[kind];
}

int lg_profile_find(const char *name) {
  for (int k = 0; k < LG_PROFILE_COUNT; k++)
    if (strcmp(lg_profile_table[k].name, name) == 0) return k;
  return -1;
}
