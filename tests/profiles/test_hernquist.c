/* Spherical Hernquist (physics/profiles/hernquist.h): lenstronomy's HERNQUIST case, kappa and the
 * projected mass against a direct projection of the density, the total mass of a prepared
 * component, the identities and Gauss's law. */
#include <math.h>
#include <stdio.h>

#include "lg_test.h"
#include "prof_check.h"

/* rho in units of M / (2 pi r_s^3) */
static double rho_hern(double u, const double *par) {
  (void)par;
  return 1.0 / (u * (1.0 + u) * (1.0 + u) * (1.0 + u));
}

static void test_ref(void) {
  pc_ref r;
  if (pc_ref_load("hernquist", &r) != LG_OK) {
    LG_TEST_CHECK(0, "cannot load lenstronomy case hernquist: %s", lg_err_message());
    return;
  }
  double sigma0, rs;
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].sigma0", &sigma0));
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].Rs", &rs));
  /* lenstronomy: rho = rho0 / (u (1 + u)^3), rho0 = sigma0 / Rs, so M = 2 pi sigma0 Rs^2 (in
   * Sigma_crit arcsec^2) and m = M / pi = 2 sigma0 Rs^2 */
  const double p[4] = {0.0, 0.0, rs, 2.0 * sigma0 * rs * rs};
  const lg_component c = pc_component(LG_PROFILE_HERNQUIST, p, 4);
  /* refs/README.md: its Hessian is a central difference of alpha, good to ~1e-6 */
  pc_ref_compare("hernquist vs lenstronomy (alpha, psi)", &r, &c, 0.0, 0.0, 0.0, 1e9, 1e-5, 1e-8);
  pc_ref_free(&r);
}

static void test_projection(void) {
  pc_tally tk, tg;
  pc_tally_init(&tk, "hernquist kappa vs projected density", 1e-11);
  pc_tally_init(&tg, "hernquist projected mass vs integral of kappa", 1e-10);
  const double xs[12] = {1e-6, 1e-4, 1e-2, 0.3, 0.985, 0.99, 1.0, 1.012, 1.015, 3.0, 30.0, 300.0};
  for (int i = 0; i < 12; i++) {
    double kfac, g, h;
    lg_nfw_functions(xs[i], &kfac, &g, &h);
    /* kappa = m / (2 rs^2) H with H = 2 int rho dz; alpha = (m / rs) x k(x) = (2/R) int kappa R' dR' */
    pc_tally_add(&tk, lg_hernquist_H(xs[i]), 2.0 * pc_proj(rho_hern, NULL, xs[i]), 1e-8, i);
    pc_tally_add(&tg, xs[i] * xs[i] * kfac, 2.0 * pc_proj_mass(rho_hern, NULL, xs[i]), 0.0, i);
  }
  pc_tally_print(&tk);
  pc_tally_print(&tg);
}

static void test_identities(void) {
  const double radii[10] = {1e-4, 1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0};
  const double rings[4] = {0.3, 1.0, 3.0, 10.0};
  const double p[4] = {0.3, 0.2, 0.8, 0.5};
  const lg_component c = pc_component(LG_PROFILE_HERNQUIST, p, 4);
  pc_identities("hernquist", &c, 0.3, 0.2, 0.8, radii, 10, 1e-8, 1e-5, NULL);
  pc_gauss_rings("hernquist", &c, 0.3, 0.2, rings, 4, 1e-10, NULL);
}

/* The prepared m = M / (pi Sigma_crit): far out alpha r -> m (1 - O(r_s / r)). */
static void test_prepare(void) {
  const double u[4] = {0.0, 0.0, 2e11, 0.7};
  lg_component c;
  LG_TEST_OK(pc_prepare("hernquist", u, &c));
  lg_cosmo cosmo;
  LG_TEST_OK(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  const double m = 2e11 / (LG_PI * lg_cosmo_sigma_crit_msun_arcsec2(&cosmo, 0.5, 2.0));
  LG_TEST_CLOSE(c.p[LG_HERNQUIST_M], m, 1e-14, 0);
  LG_TEST_CLOSE(c.p[LG_HERNQUIST_RS], 0.7, 0, 0);
  const double R = 0.7e6;
  const lg_lens_point p = pc_eval(&c, R, 0.0);
  LG_TEST_CLOSE(p.alpha_x * R, m, 3e-6, 0);
}

int main(void) {
  test_ref();
  test_projection();
  test_identities();
  test_prepare();
  return lg_test_report("test_hernquist");
}
