/* Elliptical power law (physics/profiles/epl.h): lenstronomy's EPL cases (gamma 2.2, q 0.8 and
 * gamma 2, q 0.7, analytic Hessians), gamma = 2 against our SIE, q = 1 against the circular power
 * law in closed form, the finite-difference identities and Gauss's law over the slope range, and a
 * very flat lens (q = 0.1, where the hypergeometric series needs ~200 terms). */
#include <math.h>
#include <stdio.h>

#include "lg_test.h"
#include "prof_check.h"

static void test_refs(void) {
  const char *names[2] = {"epl", "epl_gamma2"};
  for (int k = 0; k < 2; k++) {
    pc_ref r;
    if (pc_ref_load(names[k], &r) != LG_OK) {
      LG_TEST_CHECK(0, "cannot load lenstronomy case %s: %s", names[k], lg_err_message());
      continue;
    }
    double te, gamma, q, phi;
    LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].theta_E", &te));
    LG_TEST_OK(lg_json_number(r.cs, "kwargs_lens[0].gamma", &gamma));
    LG_TEST_OK(lg_json_number(r.cs, "info[0].q", &q));
    LG_TEST_OK(lg_json_number(r.cs, "info[0].phi_rad", &phi));
    /* through the table, as a run would: x y theta_e gamma q phi(deg) */
    const double user[6] = {0.0, 0.0, te, gamma, q, phi * 180.0 / LG_PI};
    lg_component c;
    LG_TEST_OK(pc_prepare("epl", user, &c));
    pc_ref_compare(names[k], &r, &c, 0.0, 0.0, 0.0, 1e9, 1e-8, 1e-8);
    pc_ref_free(&r);
  }
}

/* gamma = 2 is the SIE of sie.h, q = 1 the circular power law psi = theta_E^2 (r/theta_E)^(2-t) / (2-t). */
static void test_limits(void) {
  pc_tally ts, tc;
  pc_tally_init(&ts, "epl gamma = 2 vs sie (alpha, psi, Hessian)", 1e-12);
  pc_tally_init(&tc, "epl q = 1 vs circular power law", 1e-12);
  const double qs[3] = {0.25, 0.7, 0.97};
  int id = 0;
  for (int k = 0; k < 3; k++) {
    const double phi = 0.4 + k;
    const double pe[7] = {0.1, -0.2, 1.3, 1.0, qs[k], cos(phi), sin(phi)};
    const double ps[6] = {0.1, -0.2, 1.3, qs[k], cos(phi), sin(phi)};
    const lg_component e = pc_component(LG_PROFILE_EPL, pe, 7), s = pc_component(LG_PROFILE_SIE, ps, 6);
    for (int i = 0; i < 60; i++, id++) {
      const double r = 1e-3 * pow(10.0, 5.0 * i / 59.0), a = 0.7 * i;
      const double x = 0.1 + r * cos(a), y = -0.2 + r * sin(a);
      const lg_lens_point pa = pc_eval(&e, x, y), pb = pc_eval(&s, x, y);
      const double am = hypot(pb.alpha_x, pb.alpha_y), hm = fabs(pb.f_xx) + fabs(pb.f_yy) + fabs(pb.f_xy);
      pc_tally_add(&ts, pa.alpha_x, pb.alpha_x, am, id);
      pc_tally_add(&ts, pa.alpha_y, pb.alpha_y, am, id);
      pc_tally_add(&ts, pa.psi, pb.psi, am * r, id);
      pc_tally_add(&ts, pa.f_xx, pb.f_xx, hm, id);
      pc_tally_add(&ts, pa.f_xy, pb.f_xy, hm, id);
      pc_tally_add(&ts, pa.f_yy, pb.f_yy, hm, id);
    }
  }
  const double gammas[4] = {1.2, 1.7, 2.3, 2.8};
  for (int k = 0; k < 4; k++) {
    const double t = gammas[k] - 1.0, te = 1.1;
    const double pe[7] = {0.0, 0.0, te, t, 1.0, 1.0, 0.0};
    const lg_component e = pc_component(LG_PROFILE_EPL, pe, 7);
    for (int i = 0; i < 40; i++, id++) {
      const double r = 1e-3 * pow(10.0, 5.0 * i / 39.0), a = 1.3 * i;
      const lg_lens_point p = pc_eval(&e, r * cos(a), r * sin(a));
      const double alpha = te * pow(r / te, 1.0 - t), kappa = 0.5 * (2.0 - t) * pow(te / r, t);
      pc_tally_add(&tc, hypot(p.alpha_x, p.alpha_y), alpha, 0.0, id);
      pc_tally_add(&tc, p.psi, alpha * r / (2.0 - t), 0.0, id);
      pc_tally_add(&tc, pc_kappa(&p), kappa, 0.0, id);
    }
  }
  pc_tally_print(&ts);
  pc_tally_print(&tc);
}

static void test_identities(void) {
  const double radii[9] = {1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0};
  const double rings[4] = {0.3, 1.0, 3.0, 10.0};
  const double gammas[3] = {1.25, 2.0, 2.75}, qs[3] = {0.1, 0.55, 1.0};
  for (int g = 0; g < 3; g++) {
    for (int k = 0; k < 3; k++) {
      char name[64];
      snprintf(name, sizeof name, "epl gamma %.2f q %.2f", gammas[g], qs[k]);
      const double pe[7] = {0.3, 0.2, 1.2, gammas[g] - 1.0, qs[k], cos(2.0), sin(2.0)};
      const lg_component e = pc_component(LG_PROFILE_EPL, pe, 7);
      pc_identities(name, &e, 0.3, 0.2, 1.0, radii, 9, 1e-8, 2e-5, NULL);
      pc_gauss_rings(name, &e, 0.3, 0.2, rings, 4, 1e-10, NULL);
    }
  }
}

int main(void) {
  test_refs();
  test_limits();
  test_identities();
  return lg_test_report("test_epl");
}
