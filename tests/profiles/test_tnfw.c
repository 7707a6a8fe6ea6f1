/* Truncated NFW (physics/profiles/tnfw.h): lenstronomy's TNFW case, kappa and the projected mass
 * against a direct projection of the density, tau -> infinity against our NFW, the identities
 * (which check the closed-form potential) and Gauss's law, and prepare against the NFW's. */
#include <math.h>
#include <stdio.h>

#include "lg_test.h"
#include "prof_check.h"

/* rho / rho_s in units of r_s: NFW times tau^2 / (tau^2 + u^2) */
static double rho_tnfw(double u, const double *par) {
  const double t2 = par[0] * par[0];
  return t2 / (u * (1.0 + u) * (1.0 + u) * (t2 + u * u));
}

static void test_ref(void) {
  pc_ref r;
  if (pc_ref_load("tnfw", &r) != LG_OK) {
    LG_TEST_CHECK(0, "cannot load lenstronomy case tnfw: %s", lg_err_message());
    return;
  }
  double rs, rt, ks;
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].Rs", &rs));
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].r_trunc", &rt));
  LG_TEST_OK(lg_json_number(r.cs, "info[0].kappa_s_nfw_normalisation", &ks));
  const double p[5] = {0.0, 0.0, rs, ks, rt / rs};
  const lg_component c = pc_component(LG_PROFILE_TNFW, p, 5);
  /* refs/README.md: lenstronomy's TNFW loses precision below r/Rs ~ 0.1 (1e-5 at 0.01) and is
   * frozen below 0.001 Rs */
  pc_ref_compare("tnfw vs lenstronomy", &r, &c, 0.0, 0.0, 0.1 * rs, 1e9, 1e-8, 1e-8);
  pc_ref_compare("tnfw vs lenstronomy", &r, &c, 0.0, 0.0, 0.01 * rs, 0.1 * rs, 1e-5, 1e-5);
  pc_ref_free(&r);
}

static void test_projection(void) {
  pc_tally tk, tg;
  /* relative, or against 1e-8 where kappa / (2 kappa_s) is smaller: far outside (x = 3e3, kappa
   * ~ 1e-15) the closed form cancels O(x^2) terms */
  pc_tally_init(&tk, "tnfw kappa vs projected density", 1e-10);
  pc_tally_init(&tg, "tnfw projected mass vs integral of kappa", 1e-10);
  const double taus[3] = {0.5, 5.0, 300.0};
  const double xs[11] = {1e-6, 1e-4, 1e-2, 0.3, 0.99, 1.0, 1.015, 3.0, 30.0, 300.0, 3e3};
  int id = 0;
  for (int k = 0; k < 3; k++) {
    for (int i = 0; i < 11; i++, id++) {
      double kfac, g, h;
      lg_tnfw_functions(xs[i], taus[k], &kfac, &g, &h);
      pc_tally_add(&tk, kfac, pc_proj(rho_tnfw, &taus[k], xs[i]), 1e-8, id);
      pc_tally_add(&tg, g, pc_proj_mass(rho_tnfw, &taus[k], xs[i]), 0.0, id);
    }
  }
  pc_tally_print(&tk);
  pc_tally_print(&tg);
}

/* tau -> infinity: the NFW, with corrections O(x / tau) */
static void test_nfw_limit(void) {
  pc_tally t;
  pc_tally_init(&t, "tnfw tau = 1e8 vs nfw (r < 100 r_s)", 1e-6);
  const double pt[5] = {0.2, -0.1, 3.0, 0.2, 1e8}, pn[4] = {0.2, -0.1, 3.0, 0.2};
  const lg_component a = pc_component(LG_PROFILE_TNFW, pt, 5), b = pc_component(LG_PROFILE_NFW, pn, 4);
  const double x0 = 0.2 + 3.0, y0 = -0.1;
  const double psa = pc_eval(&a, x0, y0).psi, psb = pc_eval(&b, x0, y0).psi;
  for (int i = 0; i < 50; i++) {
    const double r = 3.0 * 1e-4 * pow(10.0, 6.0 * i / 49.0), an = 0.9 * i;
    const double x = 0.2 + r * cos(an), y = -0.1 + r * sin(an);
    const lg_lens_point p = pc_eval(&a, x, y), q = pc_eval(&b, x, y);
    const double am = hypot(q.alpha_x, q.alpha_y), hm = fabs(q.f_xx) + fabs(q.f_yy) + fabs(q.f_xy);
    pc_tally_add(&t, pc_kappa(&p), pc_kappa(&q), hm, i);
    pc_tally_add(&t, p.alpha_x, q.alpha_x, am, i);
    pc_tally_add(&t, p.alpha_y, q.alpha_y, am, i);
    pc_tally_add(&t, p.psi - psa, q.psi - psb, am * fmax(r, 3.0), i);
    pc_tally_add(&t, p.f_xy, q.f_xy, hm, i);
  }
  pc_tally_print(&t);
}

static void test_identities(void) {
  const double radii[10] = {1e-4, 1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0};
  const double rings[4] = {0.3, 1.0, 3.0, 10.0};
  const double taus[3] = {0.5, 5.0, 1000.0};
  for (int k = 0; k < 3; k++) {
    char name[64];
    snprintf(name, sizeof name, "tnfw tau %g", taus[k]);
    const double p[5] = {0.3, 0.2, 2.0, 0.3, taus[k]};
    const lg_component c = pc_component(LG_PROFILE_TNFW, p, 5);
    pc_identities(name, &c, 0.3, 0.2, 2.0, radii, 10, 1e-8, 1e-5, NULL);
    pc_gauss_rings(name, &c, 0.3, 0.2, rings, 4, 1e-10, NULL);
  }
}

static void test_prepare(void) {
  const double ut[5] = {0.1, 0.2, 3e13, 5.0, 7.0}, un[4] = {0.1, 0.2, 3e13, 5.0};
  lg_component t, n;
  LG_TEST_OK(pc_prepare("tnfw", ut, &t));
  LG_TEST_OK(pc_prepare("nfw", un, &n));
  LG_TEST_CLOSE(t.p[LG_TNFW_RS], n.p[LG_NFW_RS], 1e-15, 0);
  LG_TEST_CLOSE(t.p[LG_TNFW_KS], n.p[LG_NFW_KS], 1e-15, 0);
  LG_TEST_CLOSE(t.p[LG_TNFW_TAU], 7.0, 0, 0);
}

int main(void) {
  test_ref();
  test_projection();
  test_nfw_limit();
  test_identities();
  test_prepare();
  return lg_test_report("test_tnfw");
}
