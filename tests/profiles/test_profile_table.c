/* The profile table (physics/profiles.c): every kind has a row whose name finds it, whose parameters
 * have a unit, a non-empty allowed range and a default prior that parses and stays inside it, and
 * whose prepare function, fed draws of the default priors at several quantiles, makes a component
 * of that kind whose potential, deflection and Hessian are finite at points near and far. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lg_test.h"
#include "prof_check.h"
#include "sampling/prior.h"

int main(void) {
  lg_cosmo cosmo;
  lg_lens_context ctx;
  LG_TEST_OK(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  LG_TEST_OK(lg_lens_context_init(&ctx, &cosmo, 0.5, 2.0));
  LG_TEST_CHECK(lg_profile_get(LG_PROFILE_COUNT) == NULL && lg_profile_get(-1) == NULL, "out-of-range kinds");
  for (int k = 0; k < LG_PROFILE_COUNT; k++) {
    const lg_profile_info *info = lg_profile_get(k);
    LG_TEST_CHECK(info != NULL && info->name && info->name[0] && info->help && info->help[0] && info->prepare,
                  "kind %d has an incomplete row", k);
    if (!info || !info->name) continue;
    LG_TEST_CHECK(lg_profile_find(info->name) == k, "'%s' finds kind %d, want %d", info->name,
                  lg_profile_find(info->name), k);
    LG_TEST_CHECK(info->n_params >= 0 && info->n_params <= LG_MAX_PARAMS, "%s: %d parameters", info->name,
                  info->n_params);
    lg_prior prior[LG_MAX_PARAMS];
    for (int j = 0; j < info->n_params; j++) {
      const lg_param_info *pi = &info->param[j];
      LG_TEST_CHECK(pi->name && pi->name[0] && pi->unit && pi->help && pi->help[0], "%s parameter %d incomplete",
                    info->name, j);
      LG_TEST_CHECK(pi->lo < pi->hi, "%s_%s: range [%g, %g]", info->name, pi->name, pi->lo, pi->hi);
      for (int i = 0; i < j; i++)
        LG_TEST_CHECK(strcmp(pi->name, info->param[i].name) != 0, "%s: parameter %s twice", info->name, pi->name);
      LG_TEST_OK(lg_prior_parse(pi->name, pi->default_prior, &prior[j]));
      double a, b;
      lg_prior_support(&prior[j], &a, &b);
      if (prior[j].kind == LG_PRIOR_NORMAL) { /* the scenario bounds normal draws by 9 sigma */
        a = prior[j].v[0] - 9.0 * prior[j].v[1];
        b = prior[j].v[0] + 9.0 * prior[j].v[1];
      }
      LG_TEST_CHECK(a >= pi->lo && b <= pi->hi, "%s_%s: default prior '%s' reaches [%g, %g] outside [%g, %g]",
                    info->name, pi->name, pi->default_prior, a, b, pi->lo, pi->hi);
    }
    const double quantiles[3] = {0.02, 0.5, 0.98};
    for (int s = 0; s < 3; s++) {
      double user[LG_MAX_PARAMS];
      for (int j = 0; j < info->n_params; j++) user[j] = lg_prior_draw(&prior[j], quantiles[s]);
      lg_component c;
      LG_TEST_OK(info->prepare(user, &ctx, &c));
      LG_TEST_CHECK(c.kind == k, "%s: prepare set kind %d", info->name, c.kind);
      const double pts[5][2] = {{0.0, 0.0}, {1e-6, 2e-6}, {0.3, -0.7}, {5.0, 2.0}, {-300.0, 1e3}};
      for (int i = 0; i < 5; i++) {
        const lg_lens_point p = pc_eval(&c, pts[i][0], pts[i][1]);
        LG_TEST_CHECK(isfinite(p.psi) && isfinite(p.alpha_x) && isfinite(p.alpha_y) && isfinite(p.f_xx) &&
                          isfinite(p.f_xy) && isfinite(p.f_yy),
                      "%s at quantile %g: non-finite values at (%g, %g)", info->name, quantiles[s], pts[i][0],
                      pts[i][1]);
      }
    }
  }
  printf("%d kinds in the table\n", LG_PROFILE_COUNT);
  return lg_test_report("test_profile_table");
}
