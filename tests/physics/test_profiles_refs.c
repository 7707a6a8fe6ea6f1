/* Profiles against lenstronomy 1.14.2 (refs/lenstronomy/refs_public.json): each case's lens is built
 * through the profile table's prepare functions, evaluated at the 40 reference points, and compared
 * in alpha, psi differences, kappa, gamma, the Hessian and the magnification, with the tolerances of
 * refs/README.md. Also NFW (M200, c200) -> (r_s, kappa_s) against the case's info. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/consts.h"
#include "lg_test.h"
#include "phys_check.h"
#include "physics/cosmology.h"
#include "physics/lens_eval.h"
#include "physics/profiles.h"
#include "refs_json.h"

#define NPTS 40
#define MAX_COMPS 4

/* Tolerances per case (refs/README.md): rtol everywhere lenstronomy is analytic. Its SIE is an NIE
 * with core s_scale (alpha differs from the singular SIE by ~ s_scale / r) whose Hessian is a
 * forward difference of alpha with step fd_diff, so it carries (a) round-off: a few ulp of |alpha|
 * in each of the two deflections, divided by the step, 4 eps |alpha| / fd_diff (8.9e-6 for
 * |alpha| = 1: the README's "about 1e-6" absolute noise, up to 3.9e-6 is seen), and (b) truncation
 * fd_diff |dH|, with |dH| <= 3 |H| / r for a Hessian homogeneous of degree -1 (radial part |H|/r,
 * rotation of the tangential direction 2|H|/r). The tight SIE test is epl_gamma2: the same lens
 * with lenstronomy's analytic Hessian, at rtol. */
typedef struct {
  const char *name;
  double rtol;
  double fd_diff; /* 0: analytic reference Hessian */
  double s_scale; /* 0: singular reference profile */
} case_spec;

static const case_spec cases[] = {
    {"point_mass", 1e-8, 0, 0},
    {"sis", 1e-8, 0, 0},
    {"sie", 1e-8, 1e-10, 1e-10},
    {"epl_gamma2", 1e-8, 0, 0},
    /* lenstronomy's NFW alpha near the centre cancels ln(u/2) against arccosh(1/u)/sqrt(1-u^2):
     * ~4e-9 relative at point 0 (u = 3e-4); ours is checked to 1e-12 there in test_identities.c */
    {"nfw_m200", 1e-8, 0, 0},
    {"shear", 1e-8, 0, 0},
    {"convergence", 1e-8, 0, 0},
    {"sie_shear", 1e-8, 1e-10, 1e-10},
};

/* The context every case uses where a redshift pair is needed (the refs' z_l 0.5, z_s 2). */
static lg_err make_context(lg_cosmo *c, lg_lens_context *ctx) {
  LG_CALL(lg_cosmo_init(c, 70.0, 0.3, 0.7));
  LG_CALL(lg_lens_context_init(ctx, c, 0.5, 2.0));
  return LG_OK;
}

static lg_err prepare(const char *kind, const double *user, const lg_lens_context *ctx, lg_component *out) {
  const int k = lg_profile_find(kind);
  LG_CHECK(k >= 0, LG_ERR_INTERNAL, "profile '%s' missing from the table", kind);
  LG_CALL(lg_profile_get(k)->prepare(user, ctx, out));
  LG_CHECK(out->kind == k, LG_ERR_INTERNAL, "prepare of '%s' set kind %d, want %d", kind, out->kind, k);
  return LG_OK;
}

/* One lenstronomy component (model name, kwargs, info) -> one lensgen component. */
static lg_err build_component(const char *model, const lg_json *kw, const lg_json *info, const lg_lens_context *ctx,
                              lg_component *out) {
  double x = 0, y = 0;
  if (strcmp(model, "SHEAR") != 0 && strcmp(model, "CONVERGENCE") != 0) {
    LG_CALL(lg_json_number(kw, "center_x", &x));
    LG_CALL(lg_json_number(kw, "center_y", &y));
  } else {
    double ra0 = 0, dec0 = 0;
    LG_CALL(lg_json_number(kw, "ra_0", &ra0));
    LG_CALL(lg_json_number(kw, "dec_0", &dec0));
    /* our shear and sheet are about the grid origin */
    LG_CHECK(ra0 == 0 && dec0 == 0, LG_ERR_FILE, "%s about (%g, %g): only the origin is comparable", model, ra0, dec0);
  }
  if (strcmp(model, "POINT_MASS") == 0) {
    /* the case gives theta_E only: take the mass with that theta_E at (z_l, z_s) = (0.5, 2), so the
     * prepare function's M -> theta_E^2 = M / (pi Sigma_crit) is exercised (and must round-trip) */
    double te;
    LG_CALL(lg_json_number(kw, "theta_E", &te));
    const double u[3] = {x, y, LG_PI * ctx->sigma_crit_msun_arcsec2 * te * te};
    LG_CALL(prepare("point", u, ctx, out));
    LG_CHECK(fabs(out->p[2] - te * te) <= 1e-14 * te * te, LG_ERR_INTERNAL, "point mass theta_E^2 %.17g, want %.17g",
             out->p[2], te * te);
    return LG_OK;
  }
  if (strcmp(model, "SIS") == 0) {
    double te;
    LG_CALL(lg_json_number(kw, "theta_E", &te));
    const double u[3] = {x, y, te};
    return prepare("sis", u, ctx, out);
  }
  if (strcmp(model, "SIE") == 0 || strcmp(model, "EPL") == 0) {
    double te, q, phi, e1, e2, gamma = 2.0;
    LG_CALL(lg_json_number(kw, "theta_E", &te));
    LG_CALL(lg_json_number(kw, "e1", &e1));
    LG_CALL(lg_json_number(kw, "e2", &e2));
    if (strcmp(model, "EPL") == 0) LG_CALL(lg_json_number(kw, "gamma", &gamma));
    LG_CHECK(gamma == 2.0, LG_ERR_FILE, "EPL with gamma %g: only gamma = 2 (the SIE) is a lensgen profile", gamma);
    LG_CALL(lg_json_number(info, "q", &q));
    LG_CALL(lg_json_number(info, "phi_rad", &phi));
    /* the refs' ellipticity convention: (e1, e2) = (1-q)/(1+q) (cos 2phi, sin 2phi) */
    const double f = (1 - q) / (1 + q);
    LG_CHECK(fabs(e1 - f * cos(2 * phi)) < 1e-14 && fabs(e2 - f * sin(2 * phi)) < 1e-14, LG_ERR_FILE,
             "e1, e2 = %g, %g disagree with q = %g, phi = %g rad", e1, e2, q, phi);
    const double u[5] = {x, y, te, q, phi * 180.0 / LG_PI};
    return prepare("sie", u, ctx, out);
  }
  if (strcmp(model, "NFW") == 0) {
    /* lenstronomy's (Rs, alpha_Rs): alpha(Rs) = 4 kappa_s Rs (1 - ln 2) (refs/README.md); the
     * parameters go straight into p[] here (nfw.h), and test_nfw_m200 checks the M200 route */
    double rs, alpha_rs;
    LG_CALL(lg_json_number(kw, "Rs", &rs));
    LG_CALL(lg_json_number(kw, "alpha_Rs", &alpha_rs));
    memset(out, 0, sizeof *out);
    out->kind = LG_PROFILE_NFW;
    out->p[LG_NFW_X] = x;
    out->p[LG_NFW_Y] = y;
    out->p[LG_NFW_RS] = rs;
    out->p[LG_NFW_KS] = alpha_rs / (4.0 * rs * (1.0 - LG_LN2));
    return LG_OK;
  }
  if (strcmp(model, "SHEAR") == 0) {
    double u[2];
    LG_CALL(lg_json_number(kw, "gamma1", &u[0]));
    LG_CALL(lg_json_number(kw, "gamma2", &u[1]));
    return prepare("shear", u, ctx, out);
  }
  if (strcmp(model, "CONVERGENCE") == 0) {
    double u[1];
    LG_CALL(lg_json_number(kw, "kappa", &u[0]));
    return prepare("sheet", u, ctx, out);
  }
  LG_FAIL(LG_ERR_FILE, "lenstronomy model %s has no lensgen counterpart in this test", model);
}

static lg_err build_case(const lg_json *cs, const lg_lens_context *ctx, lg_component *comps, int *n) {
  size_t nm = 0;
  LG_CALL(lg_json_array_size(cs, "lens_model_list", &nm));
  LG_CHECK(nm >= 1 && nm <= MAX_COMPS, LG_ERR_FILE, "case with %zu components", nm);
  for (size_t i = 0; i < nm; i++) {
    char p_model[48], p_kw[48], p_info[48];
    const char *model;
    const lg_json *kw, *info;
    snprintf(p_model, sizeof p_model, "lens_model_list[%zu]", i);
    snprintf(p_kw, sizeof p_kw, "kwargs_lens[%zu]", i);
    snprintf(p_info, sizeof p_info, "info[%zu]", i);
    LG_CALL(lg_json_string(cs, p_model, &model));
    LG_CALL(lg_json_get(cs, p_kw, &kw));
    LG_CALL(lg_json_get(cs, p_info, &info));
    LG_CALL(build_component(model, kw, info, ctx, &comps[i]));
  }
  *n = (int)nm;
  return LG_OK;
}

typedef struct {
  double v[NPTS];
} column;

enum { Q_KAPPA, Q_AX, Q_AY, Q_PSI, Q_G1, Q_G2, Q_MU, Q_FXX, Q_FXY, Q_FYY, NQ };
static const char *qnames[NQ] = {"kappa",  "alpha_x",       "alpha_y", "psi",  "gamma1",
                                 "gamma2", "magnification", "f_xx",    "f_xy", "f_yy"};

static void compare_case(const lg_json *root, const case_spec *spec, const double pts[NPTS][2],
                         const lg_lens_context *ctx) {
  char path[96];
  const lg_json *cs = NULL;
  snprintf(path, sizeof path, "cases[name=%s]", spec->name);
  LG_TEST_OK(lg_json_get(root, path, &cs));
  if (cs == NULL) return;
  lg_component comps[MAX_COMPS];
  int n = 0;
  LG_TEST_OK(build_case(cs, ctx, comps, &n));
  if (n == 0) return;
  column ref[NQ];
  for (int q = 0; q < NQ; q++) {
    snprintf(path, sizeof path, "values.%s", qnames[q]);
    LG_TEST_OK(lg_json_numbers(cs, path, ref[q].v, NPTS));
  }

  char label[96];
  lg_tally t_alpha, t_psi, t_hess[6], t_mu, t_muinv;
  const double r = spec->rtol;
  snprintf(label, sizeof label, "%s alpha", spec->name);
  lg_tally_init(&t_alpha, label, r);
  snprintf(label, sizeof label, "%s psi(i) - psi(0)", spec->name);
  lg_tally_init(&t_psi, label, r);
  static const int hq[6] = {Q_KAPPA, Q_G1, Q_G2, Q_FXX, Q_FXY, Q_FYY};
  for (int k = 0; k < 6; k++) {
    snprintf(label, sizeof label, "%s %s%s", spec->name, qnames[hq[k]], spec->fd_diff > 0 ? " (fd noise)" : "");
    lg_tally_init(&t_hess[k], label, r);
  }
  snprintf(label, sizeof label, "%s magnification (|mu| <= 100)", spec->name);
  lg_tally_init(&t_mu, label, r);
  snprintf(label, sizeof label, "%s 1/mu%s", spec->name, spec->fd_diff > 0 ? " (fd noise, all pts)" : " (|mu| > 100)");
  lg_tally_init(&t_muinv, label, r);

  lg_lens_point p0;
  lg_lens_eval(comps, n, pts[0][0], pts[0][1], &p0);
  const double rr0 = hypot(pts[0][0] - comps[0].p[0], pts[0][1] - comps[0].p[1]);
  for (int i = 0; i < NPTS; i++) {
    lg_lens_point p;
    lg_lens_eval(comps, n, pts[i][0], pts[i][1], &p);
    /* alpha: relative to |alpha| at the point, plus the NIE core allowance s/r of the reference */
    const double amag = hypot(ref[Q_AX].v[i], ref[Q_AY].v[i]);
    const double rr = hypot(pts[i][0] - comps[0].p[0], pts[i][1] - comps[0].p[1]);
    const double afloor = amag * (1.0 + (spec->s_scale > 0 ? spec->s_scale / rr / r : 0.0));
    lg_tally_add(&t_alpha, p.alpha_x, ref[Q_AX].v[i], afloor, i);
    lg_tally_add(&t_alpha, p.alpha_y, ref[Q_AY].v[i], afloor, i);
    /* psi up to a constant: compare differences, on the scale of the values differenced */
    const double dpsi_ref = ref[Q_PSI].v[i] - ref[Q_PSI].v[0];
    double pfloor = fmax(fmax(fabs(ref[Q_PSI].v[i]), fabs(ref[Q_PSI].v[0])), fmax(fabs(p.psi), fabs(p0.psi)));
    /* the NIE core changes psi by ~ -theta_E s ln r: its differences by theta_E s |ln(r_i / r_0)| */
    if (spec->s_scale > 0) pfloor += spec->s_scale * comps[0].p[LG_SIE_TE] * (fabs(log(rr / rr0)) + 1.0) / r;
    if (i > 0) lg_tally_add(&t_psi, p.psi - p0.psi, dpsi_ref, pfloor, i);
    /* Hessian-derived: relative to the largest Hessian element at the point (so zeros compare on
     * the point's scale), or to the reference's absolute noise */
    const double hnorm = fmax(fmax(fabs(ref[Q_FXX].v[i]), fabs(ref[Q_FYY].v[i])), fmax(fabs(ref[Q_FXY].v[i]), 1e-300));
    const double noise =
        spec->fd_diff > 0 ? 4.0 * DBL_EPSILON * amag / spec->fd_diff + 3.0 * spec->fd_diff * hnorm / rr : 0.0;
    const double hfloor = fmax(hnorm, noise / r);
    const double got[6] = {lg_point_kappa(&p), lg_point_gamma1(&p), lg_point_gamma2(&p), p.f_xx, p.f_xy, p.f_yy};
    for (int k = 0; k < 6; k++) lg_tally_add(&t_hess[k], got[k], ref[hq[k]].v[i], hfloor, i);
    /* magnification: mu itself where |mu| <= 100, det A = 1/mu nearer the critical curves; with a
     * noisy reference Hessian, det A everywhere with the noise propagated to first order */
    const double mu_ref = ref[Q_MU].v[i];
    const double det = lg_point_det_jacobian(&p);
    if (spec->fd_diff > 0) {
      const double dfloor =
          noise / r * (fabs(1 - ref[Q_FXX].v[i]) + fabs(1 - ref[Q_FYY].v[i]) + 2 * fabs(ref[Q_FXY].v[i]));
      lg_tally_add(&t_muinv, det, 1.0 / mu_ref, dfloor, i);
    } else if (fabs(mu_ref) <= 100.0) {
      lg_tally_add(&t_mu, lg_point_magnification(&p), mu_ref, 0.0, i);
    } else {
      lg_tally_add(&t_muinv, det, 1.0 / mu_ref, 1.0, i);
    }
  }
  lg_tally_print(&t_alpha);
  lg_tally_print(&t_psi);
  for (int k = 0; k < 6; k++) lg_tally_print(&t_hess[k]);
  if (t_mu.n) lg_tally_print(&t_mu);
  if (t_muinv.n) lg_tally_print(&t_muinv);
}

/* lg_nfw_from_m200 against the nfw_m200 case's info. lenstronomy's Sigma_crit uses its own G and
 * Msun (2.8e-4 below astropy's) and its rho_crit a rounded 2.77536627e11 h^2 Msun/Mpc^3 (9e-10);
 * r_s depends on rho_crit only, kappa_s on Sigma_crit too: rescale the reference's kappa_s by the
 * ratio of the two Sigma_crit values it gives, then compare both to 1e-8. */
static void test_nfw_m200(const lg_json *root, const double pts[NPTS][2]) {
  const lg_json *info = NULL, *cs = NULL;
  LG_TEST_OK(lg_json_get(root, "cases[name=nfw_m200]", &cs));
  LG_TEST_OK(lg_json_get(root, "cases[name=nfw_m200].info[0]", &info));
  if (info == NULL || cs == NULL) return;
  double m200 = 0, c200 = 0, zl = 0, zs = 0, rs_ref = 0, ks_ref = 0, alpha_rs = 0, sc_lenstronomy = 0, sc_astropy = 0,
         dl_ref = 0;
  LG_TEST_OK(lg_json_number(info, "M200", &m200));
  LG_TEST_OK(lg_json_number(info, "c200", &c200));
  LG_TEST_OK(lg_json_number(info, "z_lens", &zl));
  LG_TEST_OK(lg_json_number(info, "z_source", &zs));
  LG_TEST_OK(lg_json_number(info, "Rs_angle", &rs_ref));
  LG_TEST_OK(lg_json_number(info, "kappa_s", &ks_ref));
  LG_TEST_OK(lg_json_number(info, "alpha_Rs", &alpha_rs));
  LG_TEST_OK(lg_json_number(info, "Sigma_crit_Msun_per_arcsec2", &sc_lenstronomy));
  LG_TEST_OK(lg_json_number(info, "D_l_Mpc", &dl_ref));
  LG_TEST_OK(lg_json_number(root, "cosmology.rows[1].Sigma_crit_Msun_per_arcsec2_astropy_constants", &sc_astropy));
  double row_zl = 0, row_zs = 0;
  LG_TEST_OK(lg_json_number(root, "cosmology.rows[1].z_lens", &row_zl));
  LG_TEST_OK(lg_json_number(root, "cosmology.rows[1].z_source", &row_zs));
  LG_TEST_CHECK(row_zl == zl && row_zs == zs, "cosmology row 1 is (%g, %g), the NFW case (%g, %g)", row_zl, row_zs, zl,
                zs);
  /* the reference's own consistency: kappa_s = alpha_Rs / (4 Rs (1 - ln 2)) */
  LG_TEST_CLOSE(alpha_rs / (4.0 * rs_ref * (1.0 - LG_LN2)), ks_ref, 1e-13, 0);

  lg_cosmo c;
  lg_lens_context ctx;
  LG_TEST_OK(lg_cosmo_init(&c, 70.0, 0.3, 0.7));
  LG_TEST_OK(lg_lens_context_init(&ctx, &c, zl, zs));
  double rs = 0, ks = 0;
  lg_nfw_from_m200(&ctx, m200, c200, &rs, &ks);
  const double ks_translated = ks_ref * sc_lenstronomy / sc_astropy;
  lg_tally t_rs, t_ks, t_vals;
  lg_tally_init(&t_rs, "nfw_m200 Rs_angle from lg_nfw_from_m200", 1e-8);
  lg_tally_init(&t_ks, "nfw_m200 kappa_s (Sigma_crit translated)", 1e-8);
  lg_tally_add(&t_rs, rs, rs_ref, 0, 0);
  lg_tally_add(&t_ks, ks, ks_translated, 0, 0);
  lg_tally_print(&t_rs);
  lg_tally_print(&t_ks);
  printf("  nfw_m200: kappa_s untranslated ratio ours/lenstronomy - 1 = %.3g (constants: expect %.3g)\n",
         ks / ks_ref - 1, sc_lenstronomy / sc_astropy - 1);

  /* the whole chain: the 'nfw' prepare from (M200, c200) reproduces the reference alpha, once its
   * values are rescaled by the same constant ratio (NFW quantities are linear in kappa_s) */
  const double u[4] = {0.0, 0.0, m200, c200};
  lg_component comp;
  LG_TEST_OK(prepare("nfw", u, &ctx, &comp));
  double ax[NPTS], ay[NPTS];
  LG_TEST_OK(lg_json_numbers(cs, "values.alpha_x", ax, NPTS));
  LG_TEST_OK(lg_json_numbers(cs, "values.alpha_y", ay, NPTS));
  lg_tally_init(&t_vals, "nfw_m200 alpha via prepare(M200, c200)", 1e-8);
  for (int i = 0; i < NPTS; i++) {
    lg_lens_point p;
    lg_lens_eval(&comp, 1, pts[i][0], pts[i][1], &p);
    const double s = sc_lenstronomy / sc_astropy, amag = s * hypot(ax[i], ay[i]);
    lg_tally_add(&t_vals, p.alpha_x, s * ax[i], amag, i);
    lg_tally_add(&t_vals, p.alpha_y, s * ay[i], amag, i);
  }
  lg_tally_print(&t_vals);
}

int main(void) {
  lg_json *root = NULL;
  LG_TEST_OK(lg_refs_json_load("lenstronomy/refs_public.json", &root));
  if (root == NULL) return lg_test_report("test_profiles_refs");

  double pts[NPTS][2];
  size_t npts = 0;
  LG_TEST_OK(lg_json_array_size(root, "points", &npts));
  LG_TEST_CHECK(npts == NPTS, "refs have %zu points, expected %d", npts, NPTS);
  for (int i = 0; i < NPTS && npts == NPTS; i++) {
    char p[32];
    snprintf(p, sizeof p, "points[%d]", i);
    LG_TEST_OK(lg_json_numbers(root, p, pts[i], 2));
  }
  lg_cosmo c;
  lg_lens_context ctx;
  LG_TEST_OK(make_context(&c, &ctx));
  if (npts == NPTS) {
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
      printf("case %s:\n", cases[k].name);
      compare_case(root, &cases[k], (const double(*)[2])pts, &ctx);
    }
    printf("NFW from (M200, c200):\n");
    test_nfw_m200(root, (const double(*)[2])pts);
  }
  lg_json_free(root);
  return lg_test_report("test_profiles_refs");
}
