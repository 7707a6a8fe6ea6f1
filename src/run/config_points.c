#define _POSIX_C_SOURCE 200809L
#include "run/config_points.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lensing/critical.h"
#include "run/help.h"
#include "run/options.h"

lg_err lg_config_points(lg_points_config *pc, lg_scenario *s) {
  memset(pc, 0, sizeof *pc);
  s->ps_mode = LG_PS_NONE;
  LG_CALL(lg_opt_bool("-ps_images", &pc->enabled));
  if (!pc->enabled) return LG_OK; /* the other -ps_* options stay unused (an error if given) */
  static const char *const mult[] = {"none", "any", "2", "4"};
  int m = 1;
  LG_CALL(lg_opt_choice("-ps_multiplicity", mult, 4, &m));
  pc->multiplicity = m == 0 ? -1 : (m == 1 ? 0 : (m == 2 ? 2 : 4));
  long long v = atoll(lg_option_default("-ps_max_images"));
  LG_CALL(lg_opt_int("-ps_max_images", &v, 1, 64));
  pc->max_img = (int)v;
  v = atoll(lg_option_default("-ps_max_tries"));
  LG_CALL(lg_opt_int("-ps_max_tries", &v, 1, 100000));
  pc->max_tries = (int)v;
  v = atoll(lg_option_default("-ps_curves"));
  LG_CALL(lg_opt_int("-ps_curves", &v, 0, LG_CRIT_MAX_CURVES));
  pc->curves = (int)v;
  v = atoll(lg_option_default("-ps_curve_points"));
  LG_CALL(lg_opt_int("-ps_curve_points", &v, 8, LG_CRIT_MAX_PTS));
  pc->curve_pts = (int)v;
  if (pc->multiplicity < 0) {
    s->ps_mode = LG_PS_PRIORS;
    const char *names[2] = {"-ps_x", "-ps_y"};
    for (int i = 0; i < 2; i++) {
      char spec[512];
      snprintf(spec, sizeof spec, "%s", lg_option_default(names[i]));
      LG_CALL(lg_opt_string(names[i], spec, sizeof spec, NULL));
      LG_CALL(lg_prior_parse(names[i], spec, &s->ps_prior[i]));
    }
  } else {
    s->ps_mode = LG_PS_PLACED;
  }
  return LG_OK;
}

lg_err lg_config_points_derived(const lg_points_config *pc, lg_scenario *s) {
  if (!pc->enabled) return LG_OK;
  if (s->ps_mode == LG_PS_PLACED) {
    s->ps_index = s->n_params;
    LG_CALL(lg_scenario_add_derived(s, "ps_x"));
    LG_CALL(lg_scenario_add_derived(s, "ps_y"));
  }
  LG_CALL(lg_scenario_add_derived(s, "ps_n_images"));
  LG_CALL(lg_scenario_add_derived(s, "ps_theta_e"));
  LG_CALL(lg_scenario_add_derived(s, "ps_caustic_area"));
  return LG_OK;
}

void lg_config_points_key(const lg_points_config *pc, const lg_scenario *s, char *k, size_t cap, size_t *used) {
  if (!pc->enabled) return;
  char px[512] = "", py[512] = "";
  if (s->ps_mode == LG_PS_PRIORS) {
    lg_prior_format(&s->ps_prior[0], px, sizeof px);
    lg_prior_format(&s->ps_prior[1], py, sizeof py);
  }
  *used += (size_t)snprintf(k + *used, *used < cap ? cap - *used : 0,
                            "ps_images = 1\nps_multiplicity = %d\nps_max_images = %d\nps_max_tries = %d\nps_x = %s\n"
                            "ps_y = %s\nps_curves = %d\nps_curve_points = %d\n",
                            pc->multiplicity, pc->max_img, pc->max_tries, px, py, pc->curves, pc->curve_pts);
}
