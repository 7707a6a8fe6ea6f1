/* Burkert halo (physics/profiles/burkert.h): lenstronomy's coreBURKERT case (the cored form with
 * r_core != R_s, which the evaluator carries through its core ratio b), kappa and the projected
 * mass against a direct projection of the density, prepare's M(<r200) = m200, the identities and
 * Gauss's law. */
#include <math.h>
#include <stdio.h>

#include "lg_test.h"
#include "prof_check.h"

/* rho / rho_0 in units of r_0, core ratio b = par[0] */
static double rho_burk(double u, const double *par) { return 1.0 / ((u + par[0]) * (1.0 + u * u)); }

static void test_ref(void) {
  pc_ref r;
  if (pc_ref_load("coreburkert", &r) != LG_OK) {
    LG_TEST_CHECK(0, "cannot load lenstronomy case coreburkert: %s", lg_err_message());
    return;
  }
  double rs, rc, alpha_rs;
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].Rs", &rs));
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].r_core", &rc));
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].alpha_Rs", &alpha_rs));
  const double b = rc / rs;
  /* alpha_Rs is the deflection at R_s, core included: alpha = 4 k0 rs m(x) / ((1 + b^2) x) */
  double kfac, m, h;
  lg_burkert_functions(1.0, b, &kfac, &m, &h);
  const double p[5] = {0.0, 0.0, rs, alpha_rs * (1.0 + b * b) / (4.0 * rs * m), b};
  const lg_component c = pc_component(LG_PROFILE_BURKERT, p, 5);
  /* refs/README.md: lenstronomy's alpha and Hessian lose precision below r / Rs ~ 0.1 (1e-5 at
   * 0.01), its psi more (hard-coded constants) */
  pc_ref_compare("burkert vs lenstronomy coreBURKERT", &r, &c, 0.0, 0.0, 0.1 * rs, 1e9, 1e-8, 1e-6);
  pc_ref_compare("burkert vs lenstronomy coreBURKERT", &r, &c, 0.0, 0.0, 0.01 * rs, 0.1 * rs, 1e-5, 1e-2);
  pc_ref_free(&r);
}

static void test_projection(void) {
  pc_tally tk, tg;
  pc_tally_init(&tk, "burkert kappa vs projected density", 1e-11);
  pc_tally_init(&tg, "burkert projected mass vs integral of kappa", 1e-10);
  const double bs[3] = {1.0, 0.464, 3.0};
  const double xs[11] = {1e-6, 1e-4, 1e-2, 0.3, 0.464, 0.99, 1.0, 3.0, 30.0, 300.0, 3e3};
  int id = 0;
  for (int k = 0; k < 3; k++) {
    for (int i = 0; i < 11; i++, id++) {
      double kfac, m, h;
      lg_burkert_functions(xs[i], bs[k], &kfac, &m, &h);
      const double a = 1.0 / (1.0 + bs[k] * bs[k]);
      /* kappa = 2 k0 A kfac = 2 k0 int rho dz; alpha = 4 k0 rs A m / x = (2/x) int kappa x' dx' */
      pc_tally_add(&tk, a * kfac, pc_proj(rho_burk, &bs[k], xs[i]), 1e-8, id);
      pc_tally_add(&tg, a * m, pc_proj_mass(rho_burk, &bs[k], xs[i]), 0.0, id);
    }
  }
  pc_tally_print(&tk);
  pc_tally_print(&tg);
}

static void test_identities(void) {
  const double radii[10] = {1e-4, 1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0};
  const double rings[4] = {0.3, 1.0, 3.0, 10.0};
  const double bs[2] = {1.0, 0.3};
  for (int k = 0; k < 2; k++) {
    char name[64];
    snprintf(name, sizeof name, "burkert b %g", bs[k]);
    const double p[5] = {0.3, 0.2, 2.0, 0.3, bs[k]};
    const lg_component c = pc_component(LG_PROFILE_BURKERT, p, 5);
    pc_identities(name, &c, 0.3, 0.2, 2.0, radii, 10, 1e-8, 1e-5, NULL);
    pc_gauss_rings(name, &c, 0.3, 0.2, rings, 4, 1e-10, NULL);
  }
}

/* M(<r200) = m200: the 3D mass of the prepared density, by quadrature, in Msun. */
static void test_prepare(void) {
  const double m200 = 4e13, c200 = 3.0;
  const double u[4] = {0.0, 0.0, m200, c200};
  lg_component c;
  LG_TEST_OK(pc_prepare("burkert", u, &c));
  LG_TEST_CLOSE(c.p[LG_BURKERT_B], 1.0, 0, 0);
  lg_cosmo cosmo;
  lg_lens_context ctx;
  LG_TEST_OK(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  LG_TEST_OK(lg_lens_context_init(&ctx, &cosmo, 0.5, 2.0));
  const double mpa = ctx.d_l_mpc * LG_ARCSEC_RAD;
  const double r0 = c.p[LG_BURKERT_RS] * mpa; /* Mpc */
  const double sc = ctx.sigma_crit_msun_arcsec2 / (mpa * mpa);
  const double rho0 = c.p[LG_BURKERT_K0] * sc / r0;
  double gx[64], gw[64];
  pc_gauss_legendre(64, gx, gw);
  double mass = 0.0;
  for (int i = 0; i < 64; i++) {
    const double x = 0.5 * c200 * (gx[i] + 1.0);
    mass += 0.5 * c200 * gw[i] * 4.0 * LG_PI * x * x * rho_burk(x, (const double[]){1.0});
  }
  mass *= rho0 * r0 * r0 * r0;
  LG_TEST_CLOSE(mass, m200, 1e-12, 0);
  const double r200 = cbrt(3.0 * m200 / (800.0 * LG_PI * ctx.rho_crit_msun_mpc3));
  LG_TEST_CLOSE(r0, r200 / c200, 1e-14, 0);
}

int main(void) {
  test_ref();
  test_projection();
  test_identities();
  test_prepare();
  return lg_test_report("test_burkert");
}
