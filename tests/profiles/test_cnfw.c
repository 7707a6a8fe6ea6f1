/* Cored NFW (physics/profiles/cnfw.h): lenstronomy's CNFW case, kappa and the projected mass against
 * a direct projection of the density for cores around b = 1 (where the closed forms are replaced by
 * interpolation in b) and far from it, beta -> 0 against our NFW, the identities and Gauss's law. */
#include <math.h>
#include <stdio.h>

#include "lg_test.h"
#include "prof_check.h"

static double rho_cnfw(double u, const double *par) { return 1.0 / ((u + par[0]) * (1.0 + u) * (1.0 + u)); }

static void test_ref(void) {
  pc_ref r;
  if (pc_ref_load("cnfw", &r) != LG_OK) {
    LG_TEST_CHECK(0, "cannot load lenstronomy case cnfw: %s", lg_err_message());
    return;
  }
  double rs, rc, alpha_rs;
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].Rs", &rs));
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].r_core", &rc));
  LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].alpha_Rs", &alpha_rs));
  /* refs/README.md: for CNFW alpha_Rs is the deflection at R_s with the core: alpha = 4 ks rs G / x */
  double kfac, g, h;
  lg_cnfw_functions(1.0, rc / rs, &kfac, &g, &h);
  const double p[5] = {0.0, 0.0, rs, alpha_rs / (4.0 * rs * g), rc / rs};
  const lg_component c = pc_component(LG_PROFILE_CNFW, p, 5);
  /* lenstronomy's CNFW psi is a quad of alpha (~3e-6 absolute) and its alpha and Hessian lose
   * precision below r / Rs ~ 0.1 (1e-5 at 0.01): refs/README.md */
  pc_ref_compare("cnfw vs lenstronomy", &r, &c, 0.0, 0.0, 0.1 * rs, 1e9, 1e-8, 1e-5);
  pc_ref_compare("cnfw vs lenstronomy", &r, &c, 0.0, 0.0, 0.01 * rs, 0.1 * rs, 1e-5, 1e-5);
  pc_ref_free(&r);
}

static void test_projection(void) {
  pc_tally tk, tg;
  pc_tally_init(&tk, "cnfw kappa vs projected density", 1e-9);
  pc_tally_init(&tg, "cnfw projected mass vs integral of kappa", 1e-9);
  /* b = 1 and its neighbourhood (interpolated), the switch at |b - 1| = 0.02, and far from 1 */
  const double bs[9] = {1e-6, 0.1688, 0.7, 0.985, 1.0, 1.007, 1.0199, 1.03, 4.0};
  const double xs[10] = {1e-6, 1e-4, 1e-2, 0.3, 0.99, 1.0, 1.015, 3.0, 30.0, 300.0};
  int id = 0;
  for (int k = 0; k < 9; k++) {
    for (int i = 0; i < 10; i++, id++) {
      double kfac, g, h;
      lg_cnfw_functions(xs[i], bs[k], &kfac, &g, &h);
      /* kappa = 2 ks int rho dz, alpha = 4 ks rs G / x = (2 / x) int kappa x' dx' */
      pc_tally_add(&tk, kfac, pc_proj(rho_cnfw, &bs[k], xs[i]), 1e-8, id);
      pc_tally_add(&tg, g, pc_proj_mass(rho_cnfw, &bs[k], xs[i]), 0.0, id);
    }
  }
  pc_tally_print(&tk);
  pc_tally_print(&tg);
}

/* beta = 0 is the NFW exactly; small beta converges to it like beta ln beta */
static void test_nfw_limit(void) {
  pc_tally t0, t1;
  /* psi: nfw.h's h(u) = ln^2(u/2) - acosh^2(1/u) cancels at small u, ours (-R(u)) does not */
  pc_tally_init(&t0, "cnfw beta = 0 vs nfw", 1e-12);
  /* the core changes rho by O(beta / r): 2e-7 relative at r = 1e-3 r_s */
  pc_tally_init(&t1, "cnfw beta = 1e-9 vs nfw (r > 1e-3 r_s)", 1e-6);
  const double pn[4] = {0.2, -0.1, 3.0, 0.2};
  const lg_component n = pc_component(LG_PROFILE_NFW, pn, 4);
  for (int k = 0; k < 2; k++) {
    const double pc[5] = {0.2, -0.1, 3.0, 0.2, k ? 1e-9 : 0.0};
    const lg_component a = pc_component(LG_PROFILE_CNFW, pc, 5);
    pc_tally *t = k ? &t1 : &t0;
    const double x0 = 3.2, y0 = -0.1;
    const double psa = pc_eval(&a, x0, y0).psi, psb = pc_eval(&n, x0, y0).psi;
    for (int i = 0; i < 40; i++) {
      const double r = 3.0 * 1e-3 * pow(10.0, 5.0 * i / 39.0), an = 0.9 * i;
      const double x = 0.2 + r * cos(an), y = -0.1 + r * sin(an);
      const lg_lens_point p = pc_eval(&a, x, y), q = pc_eval(&n, x, y);
      const double am = hypot(q.alpha_x, q.alpha_y), hm = fabs(q.f_xx) + fabs(q.f_yy) + fabs(q.f_xy);
      pc_tally_add(t, pc_kappa(&p), pc_kappa(&q), hm, i);
      pc_tally_add(t, p.alpha_x, q.alpha_x, am, i);
      pc_tally_add(t, p.alpha_y, q.alpha_y, am, i);
      pc_tally_add(t, p.psi - psa, q.psi - psb, am * fmax(r, 3.0), i);
      pc_tally_add(t, p.f_xy, q.f_xy, hm, i);
    }
  }
  pc_tally_print(&t0);
  pc_tally_print(&t1);
}

static void test_identities(void) {
  const double radii[10] = {1e-4, 1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0};
  const double rings[4] = {0.3, 1.0, 3.0, 10.0};
  const double bs[4] = {0.05, 0.99, 1.0, 3.0};
  for (int k = 0; k < 4; k++) {
    char name[64];
    snprintf(name, sizeof name, "cnfw beta %g", bs[k]);
    const double p[5] = {0.3, 0.2, 2.0, 0.3, bs[k]};
    const lg_component c = pc_component(LG_PROFILE_CNFW, p, 5);
    /* within 0.02 of b = 1 the functions are interpolated from nodes where the closed forms lose
     * ~ eps / 0.02^2 to cancellation: ~2e-11 relative noise, which the differences amplify */
    const int interp = fabs(bs[k] - 1.0) < 0.02;
    pc_identities(name, &c, 0.3, 0.2, 2.0, radii, 10, interp ? 2e-7 : 1e-8, interp ? 1e-4 : 1e-5, NULL);
    pc_gauss_rings(name, &c, 0.3, 0.2, rings, 4, 1e-10, NULL);
  }
}

static void test_prepare(void) {
  const double uc[5] = {0.1, 0.2, 3e13, 5.0, 0.25}, un[4] = {0.1, 0.2, 3e13, 5.0};
  lg_component c, n;
  LG_TEST_OK(pc_prepare("cnfw", uc, &c));
  LG_TEST_OK(pc_prepare("nfw", un, &n));
  LG_TEST_CLOSE(c.p[LG_CNFW_RS], n.p[LG_NFW_RS], 1e-15, 0);
  LG_TEST_CLOSE(c.p[LG_CNFW_KS], n.p[LG_NFW_KS], 1e-15, 0);
  LG_TEST_CLOSE(c.p[LG_CNFW_BETA], 0.25, 0, 0);
}

int main(void) {
  test_ref();
  test_projection();
  test_nfw_limit();
  test_identities();
  test_prepare();
  return lg_test_report("test_cnfw");
}
