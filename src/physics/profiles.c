/* The profile table and each profile's preparation: user parameters (positions in arcsec, masses
 * in Msun, angles in degrees) -> the lensing parameters its evaluator reads (physics/profiles/). */
#include "physics/profiles.h"

#include <math.h>
#include <string.h>

#include "core/consts.h"
#include "physics/profiles/burkert.h"
#include "physics/profiles/cnfw.h"
#include "physics/profiles/ehernquist.h"
#include "physics/profiles/einasto.h"
#include "physics/profiles/enfw.h"
#include "physics/profiles/epl.h"
#include "physics/profiles/gammainc.h"
#include "physics/profiles/hernquist.h"
#include "physics/profiles/kmap.h"
#include "physics/profiles/nfw.h"
#include "physics/profiles/point.h"
#include "physics/profiles/sersic.h"
#include "physics/profiles/shear.h"
#include "physics/profiles/sheet.h"
#include "physics/profiles/sie.h"
#include "physics/profiles/sis.h"
#include "physics/profiles/tnfw.h"

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

static lg_err lg_prepare_epl(const double *u, const lg_lens_context *ctx, lg_component *out) {
  (void)ctx;
  lg_component_clear(out, LG_PROFILE_EPL);
  const double phi = u[5] * LG_PI / 180.0;
  out->p[LG_EPL_X] = u[0];
  out->p[LG_EPL_Y] = u[1];
  out->p[LG_EPL_TE] = u[2];
  out->p[LG_EPL_T] = u[3] - 1.0;
  out->p[LG_EPL_Q] = u[4];
  out->p[LG_EPL_COS] = cos(phi);
  out->p[LG_EPL_SIN] = sin(phi);
  return LG_OK;
}

/* Truncated and cored NFW: r_s and kappa_s of the parent NFW with the same m200, c200. */
static lg_err lg_prepare_tnfw(const double *u, const lg_lens_context *ctx, lg_component *out) {
  lg_component_clear(out, LG_PROFILE_TNFW);
  out->p[LG_TNFW_X] = u[0];
  out->p[LG_TNFW_Y] = u[1];
  lg_nfw_from_m200(ctx, u[2], u[3], &out->p[LG_TNFW_RS], &out->p[LG_TNFW_KS]);
  out->p[LG_TNFW_TAU] = u[4];
  return LG_OK;
}

static lg_err lg_prepare_cnfw(const double *u, const lg_lens_context *ctx, lg_component *out) {
  lg_component_clear(out, LG_PROFILE_CNFW);
  out->p[LG_CNFW_X] = u[0];
  out->p[LG_CNFW_Y] = u[1];
  lg_nfw_from_m200(ctx, u[2], u[3], &out->p[LG_CNFW_RS], &out->p[LG_CNFW_KS]);
  out->p[LG_CNFW_BETA] = u[4];
  return LG_OK;
}

static lg_err lg_prepare_hernquist(const double *u, const lg_lens_context *ctx, lg_component *out) {
  lg_component_clear(out, LG_PROFILE_HERNQUIST);
  out->p[LG_HERNQUIST_X] = u[0];
  out->p[LG_HERNQUIST_Y] = u[1];
  out->p[LG_HERNQUIST_RS] = u[3];
  out->p[LG_HERNQUIST_M] = u[2] / (LG_PI * ctx->sigma_crit_msun_arcsec2);
  return LG_OK;
}

/* r200 (Mpc) about 200 rho_crit(z_lens), Mpc per arcsec at the lens and Sigma_crit in Msun/Mpc^2. */
static void lg_halo_scales(const lg_lens_context *ctx, double m200, double *r200, double *mpc_per_arcsec,
                           double *sigma_crit_mpc2) {
  *r200 = cbrt(3.0 * m200 / (800.0 * LG_PI * ctx->rho_crit_msun_mpc3));
  *mpc_per_arcsec = ctx->d_l_mpc * LG_ARCSEC_RAD;
  *sigma_crit_mpc2 = ctx->sigma_crit_msun_arcsec2 / (*mpc_per_arcsec * *mpc_per_arcsec);
}

/* Burkert 1995: M(<r) = pi rho_0 r_0^3 (ln(1 + x^2) + 2 ln(1 + x) - 2 atan x), x = r / r_0, so
 * rho_0 follows from M(<r200) = m200 with r_0 = r200 / c200. */
static lg_err lg_prepare_burkert(const double *u, const lg_lens_context *ctx, lg_component *out) {
  lg_component_clear(out, LG_PROFILE_BURKERT);
  double r200, mpa, sc;
  lg_halo_scales(ctx, u[2], &r200, &mpa, &sc);
  const double c = u[3], r0 = r200 / c;
  const double mc = log1p(c * c) + 2.0 * log1p(c) - 2.0 * atan(c);
  const double rho0 = u[2] / (LG_PI * r0 * r0 * r0 * mc);
  out->p[LG_BURKERT_X] = u[0];
  out->p[LG_BURKERT_Y] = u[1];
  out->p[LG_BURKERT_RS] = r0 / mpa;
  out->p[LG_BURKERT_K0] = rho0 * r0 / sc;
  out->p[LG_BURKERT_B] = 1.0;
  return LG_OK;
}

/* Einasto: M(<r) = M_tot P(3/alpha, (2/alpha)(r/r_-2)^alpha) with
 * M_tot = 4 pi rho_-2 r_-2^3 e^(2/alpha) (alpha/2)^(3/alpha) Gamma(3/alpha) / alpha
 * (Retana-Montenegro et al. 2012, A&A 540, A70, in their h, n notation); M(<r200) = m200
 * with r_-2 = r200 / c200 fixes rho_-2. X_max: where (2/alpha)(X^alpha - 1) - 4 ln X = 50. */
static lg_err lg_prepare_einasto(const double *u, const lg_lens_context *ctx, lg_component *out) {
  lg_component_clear(out, LG_PROFILE_EINASTO);
  double r200, mpa, sc;
  lg_halo_scales(ctx, u[2], &r200, &mpa, &sc);
  const double c = u[3], al = u[4], r2 = r200 / c, a = 3.0 / al, lga = lgamma(a);
  const double pc = lg_gammainc_p(a, 2.0 / al * pow(c, al), lga);
  LG_CHECK(pc > 0.0, LG_ERR_RANGE, "einasto: c200 %g, alpha %g leave no mass inside r200", c, al);
  const double mtot = u[2] / pc;
  const double lnorm = 2.0 / al + a * log(0.5 * al) + lga - log(al); /* ln(M_tot / (4 pi rho_-2 r_-2^3)) */
  const double rho2 = mtot / (4.0 * LG_PI * r2 * r2 * r2) * exp(-lnorm);
  double lo = 1.0, hi = 2.0;
  while (2.0 / al * (pow(hi, al) - 1.0) - 4.0 * log(hi) < 50.0) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const double mid = 0.5 * (lo + hi);
    if (2.0 / al * (pow(mid, al) - 1.0) - 4.0 * log(mid) < 50.0)
      lo = mid;
    else
      hi = mid;
  }
  out->p[LG_EINASTO_X] = u[0];
  out->p[LG_EINASTO_Y] = u[1];
  out->p[LG_EINASTO_R2] = r2 / mpa;
  out->p[LG_EINASTO_ALPHA] = al;
  out->p[LG_EINASTO_MTOT] = mtot / (LG_PI * ctx->sigma_crit_msun_arcsec2);
  out->p[LG_EINASTO_K2] = rho2 * r2 / sc;
  out->p[LG_EINASTO_XMAX] = hi;
  out->p[LG_EINASTO_LGA] = lga;
  return LG_OK;
}

static lg_err lg_prepare_sersic(const double *u, const lg_lens_context *ctx, lg_component *out) {
  (void)ctx;
  lg_component_clear(out, LG_PROFILE_SERSIC);
  out->p[LG_SERSIC_X] = u[0];
  out->p[LG_SERSIC_Y] = u[1];
  out->p[LG_SERSIC_KEFF] = u[2];
  out->p[LG_SERSIC_REFF] = u[3];
  out->p[LG_SERSIC_N] = u[4];
  out->p[LG_SERSIC_BN] = lg_sersic_bn(u[4]);
  out->p[LG_SERSIC_Q] = u[5];
  out->p[LG_SERSIC_PHI] = u[6] * LG_PI / 180.0;
  return LG_OK;
}

static lg_err lg_prepare_enfw(const double *u, const lg_lens_context *ctx, lg_component *out) {
  lg_component_clear(out, LG_PROFILE_ENFW);
  const double phi = u[5] * LG_PI / 180.0;
  out->p[LG_ENFW_X] = u[0];
  out->p[LG_ENFW_Y] = u[1];
  lg_nfw_from_m200(ctx, u[2], u[3], &out->p[LG_ENFW_RS], &out->p[LG_ENFW_KS]);
  out->p[LG_ENFW_Q] = u[4];
  out->p[LG_ENFW_COS] = cos(phi);
  out->p[LG_ENFW_SIN] = sin(phi);
  return LG_OK;
}

static lg_err lg_prepare_ehernquist(const double *u, const lg_lens_context *ctx, lg_component *out) {
  lg_component_clear(out, LG_PROFILE_EHERNQUIST);
  const double phi = u[5] * LG_PI / 180.0;
  out->p[LG_EHERNQUIST_X] = u[0];
  out->p[LG_EHERNQUIST_Y] = u[1];
  out->p[LG_EHERNQUIST_RS] = u[3];
  out->p[LG_EHERNQUIST_M] = u[2] / (LG_PI * ctx->sigma_crit_msun_arcsec2);
  out->p[LG_EHERNQUIST_Q] = u[4];
  out->p[LG_EHERNQUIST_COS] = cos(phi);
  out->p[LG_EHERNQUIST_SIN] = sin(phi);
  return LG_OK;
}

/* The map itself is a run-level input (-lens_kmap_file, fields/kmap_input.c); a component holds
 * where its centre goes and how its convergence is scaled. */
static lg_err lg_prepare_kmap(const double *u, const lg_lens_context *ctx, lg_component *out) {
  (void)ctx;
  lg_component_clear(out, LG_PROFILE_KMAP);
  out->p[LG_KMAP_X] = u[0];
  out->p[LG_KMAP_Y] = u[1];
  out->p[LG_KMAP_SCALE] = u[2];
  return LG_OK;
}

#define LG_POS_X {"x", "arcsec", -1000.0, 1000.0, "0", "centre x from the grid centre"}
#define LG_POS_Y {"y", "arcsec", -1000.0, 1000.0, "0", "centre y from the grid centre"}
#define LG_THETA_E {"theta_e", "arcsec", 0.0, 100.0, "uniform:0.5,2.0", "Einstein radius"}
#define LG_Q {"q", "", 0.05, 1.0, "uniform:0.5,1.0", "minor/major axis ratio"}
#define LG_PHI {"phi", "deg", -360.0, 360.0, "uniform:0,180", "major-axis angle, counter-clockwise from +x"}
#define LG_M200 {"m200", "Msun", 1e3, 1e17, "loguniform:1e12,1e14", "mass inside r200"}
#define LG_C200 {"c200", "", 0.1, 100.0, "uniform:4,10", "concentration r200 / r_s"}
#define LG_MASS {"mass", "Msun", 0.0, 1e16, "loguniform:1e10,1e12", "total mass"}
#define LG_RS {"rs", "arcsec", 1e-4, 1000.0, "uniform:0.5,2.0", "scale radius (intermediate axis)"}

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
                        {LG_POS_X, LG_POS_Y, LG_M200, LG_C200},
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
    [LG_PROFILE_EPL] = {"epl",
                        "elliptical power law, kappa = (3 - gamma)/2 (theta_e / sqrt(q x'^2 + y'^2/q))^(gamma - 1)",
                        6,
                        {LG_POS_X, LG_POS_Y, LG_THETA_E,
                         {"gamma", "", 1.2, 2.8, "uniform:1.8,2.2", "3D density slope (2 = isothermal)"}, LG_Q,
                         LG_PHI},
                        lg_prepare_epl},
    [LG_PROFILE_TNFW] = {"tnfw",
                         "truncated NFW (Baltz+ 2009, n = 1): the NFW of m200, c200 times tau^2 / (tau^2 + (r/r_s)^2)",
                         5,
                         {LG_POS_X, LG_POS_Y, LG_M200, LG_C200,
                          {"tau", "", 0.1, 1e6, "uniform:2,20", "truncation radius / r_s"}},
                         lg_prepare_tnfw},
    [LG_PROFILE_CNFW] = {"cnfw",
                         "cored NFW, rho = rho_s r_s^3 / ((r + beta r_s)(r + r_s)^2), rho_s, r_s of the NFW of m200, c200",
                         5,
                         {LG_POS_X, LG_POS_Y, LG_M200, LG_C200,
                          {"beta", "", 0.0, 10.0, "uniform:0.05,0.5", "core radius / r_s"}},
                         lg_prepare_cnfw},
    [LG_PROFILE_HERNQUIST] = {"hernquist",
                              "spherical Hernquist, rho = M rs / (2 pi r (r + rs)^3)",
                              4,
                              {LG_POS_X, LG_POS_Y, LG_MASS, LG_RS},
                              lg_prepare_hernquist},
    [LG_PROFILE_BURKERT] = {"burkert",
                            "Burkert halo, rho = rho_0 r_0^3 / ((r + r_0)(r^2 + r_0^2)), r_0 = r200 / c200",
                            4,
                            {LG_POS_X, LG_POS_Y, LG_M200, {"c200", "", 0.1, 100.0, "uniform:2,8", "r200 / r_0"}},
                            lg_prepare_burkert},
    [LG_PROFILE_EINASTO] = {"einasto",
                            "Einasto halo, rho = rho_-2 exp(-(2/alpha)((r/r_-2)^alpha - 1)), r_-2 = r200 / c200",
                            5,
                            {LG_POS_X, LG_POS_Y, LG_M200, {"c200", "", 0.1, 100.0, "uniform:4,10", "r200 / r_-2"},
                             {"alpha", "", 0.1, 1.0, "uniform:0.15,0.3", "Einasto shape index"}},
                            lg_prepare_einasto},
    [LG_PROFILE_SERSIC] = {"sersic",
                           "elliptical Sersic convergence (mass follows light), kappa_eff at R = r_eff, R = "
                           "sqrt(q x'^2 + y'^2/q)",
                           7,
                           {LG_POS_X, LG_POS_Y,
                            {"kappa_eff", "", 0.0, 100.0, "uniform:0.05,0.5", "convergence at r_eff"},
                            {"r_eff", "arcsec", 1e-3, 100.0, "uniform:0.5,2.0", "half-mass radius (intermediate axis)"},
                            {"n", "", 0.5, 8.0, "uniform:1,4", "Sersic index"}, LG_Q, LG_PHI},
                           lg_prepare_sersic},
    [LG_PROFILE_ENFW] = {"enfw",
                         "elliptical NFW (convergence elliptical on the intermediate axis; Oguri 2021 CSE sum)",
                         6,
                         {LG_POS_X, LG_POS_Y, LG_M200, LG_C200, LG_Q, LG_PHI},
                         lg_prepare_enfw},
    [LG_PROFILE_EHERNQUIST] = {"ehernquist",
                               "elliptical Hernquist (convergence elliptical on the intermediate axis; Oguri 2021 "
                               "CSE sum)",
                               6,
                               {LG_POS_X, LG_POS_Y, LG_MASS, LG_RS, LG_Q, LG_PHI},
                               lg_prepare_ehernquist},
    [LG_PROFILE_KMAP] = {"kmap",
                         "pixelised lens: the convergence map of -lens_kmap_file, solved by FFT (CPU backend only)",
                         3,
                         {{"x", "arcsec", -1000.0, 1000.0, "0", "map centre x from the grid centre"},
                          {"y", "arcsec", -1000.0, 1000.0, "0", "map centre y from the grid centre"},
                          {"scale", "", 0.0, 1000.0, "1", "multiplier of the map's convergence"}},
                         lg_prepare_kmap},
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
