/* Scenario draws: each parameter's uniform deviate comes from Philox with the counter word set to a
 * hash of the parameter's name, so a parameter's value depends only on (seed, sample, name): adding
 * a component to a scenario does not change the draws of the others, and no rank count can. */
#include "sampling/scenario.h"

#include <stdio.h>
#include <string.h>

#include "observe/light_info.h"
#include "physics/profiles.h"
#include "sampling/rng.h"

/* FNV-1a, 32 bit (Fowler, Noll, Vo): a stable name -> counter map. */
static uint32_t lg_fnv1a(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) {
    h ^= (uint8_t)*s;
    h *= 16777619u;
  }
  return h;
}

const char *const lg_group_names[LG_GROUP_COUNT] = {"lens", "src", "lenslight"};

const lg_param_info *lg_spec_params(const lg_component_spec *c, int *n) {
  if (c->group == LG_GROUP_LENS) {
    const lg_profile_info *p = lg_profile_get(c->kind);
    *n = p ? p->n_params : 0;
    return p ? p->param : NULL;
  }
  const lg_light_info *l = lg_light_get(c->kind);
  *n = l ? l->n_params : 0;
  return l ? l->param : NULL;
}

static lg_err lg_check_support(const char *option, const lg_prior *p, double lo, double hi,
                               const char *unit) {
  double a, b;
  char text[256];
  lg_prior_support(p, &a, &b);
  if (p->kind == LG_PRIOR_NORMAL) {
    /* deviates are 53-bit, never closer than 2^-53 to 0 or 1, so |Phi^-1(u)| < 8.3: the draws of a
     * normal prior are bounded by 9 sigma */
    a = p->v[0] - 9.0 * p->v[1];
    b = p->v[0] + 9.0 * p->v[1];
  }
  if (a >= lo && b <= hi) return LG_OK;
  lg_prior_format(p, text, sizeof text);
  LG_FAIL(LG_ERR_OPTION, "%s: prior '%s' can give values in [%g, %g], outside the allowed range [%g, %g]%s%s",
          option, text, a, b, lo, hi, unit[0] ? " " : "", unit);
}

static lg_err lg_scenario_add_name(lg_scenario *s, const char *name) {
  LG_CHECK(s->n_params < LG_MAX_SCENARIO_PARAMS, LG_ERR_INTERNAL, "too many parameters");
  snprintf(s->param_name[s->n_params], sizeof s->param_name[0], "%s", name);
  s->param_counter[s->n_params] = lg_fnv1a(name);
  for (int j = 0; j < s->n_params; j++) {
    LG_CHECK(strcmp(s->param_name[j], name) != 0, LG_ERR_OPTION,
             "parameter %s appears twice: give each lens component a distinct instance name", name);
    /* two names on one counter would draw the same deviate: refuse rather than correlate them */
    LG_CHECK(s->param_counter[j] != s->param_counter[s->n_params], LG_ERR_OPTION,
             "parameters %s and %s share a random stream; rename one instance", s->param_name[j], name);
  }
  s->n_params++;
  return LG_OK;
}

lg_err lg_scenario_finish(lg_scenario *s) {
  char name[2 * LG_NAME_MAX + 8];
  double zl_lo, zl_hi, zs_lo, zs_hi;
  s->n_params = 0;
  LG_CALL(lg_check_support("-lens_z", &s->z_lens, 0.0, 20.0, ""));
  LG_CALL(lg_check_support("-src_z", &s->z_src, 0.0, 20.0, ""));
  lg_prior_support(&s->z_lens, &zl_lo, &zl_hi);
  lg_prior_support(&s->z_src, &zs_lo, &zs_hi);
  LG_CHECK(zl_hi < zs_lo, LG_ERR_OPTION,
           "-lens_z / -src_z: the lens redshift (up to %g) must stay below the source redshift (from %g)",
           zl_hi, zs_lo);
  LG_CALL(lg_scenario_add_name(s, "lens_z"));
  LG_CALL(lg_scenario_add_name(s, "src_z"));
  LG_CHECK(s->n_components >= 1 && s->n_components <= LG_MAX_COMPONENTS, LG_ERR_OPTION,
           "-lens_components: %d components, allowed 1..%d", s->n_components, LG_MAX_COMPONENTS);
  for (int c = 0; c < s->n_components; c++) {
    const lg_profile_info *info = lg_profile_get(s->comp[c].kind);
    LG_CHECK(info != NULL, LG_ERR_INTERNAL, "component %d has unknown kind %d", c, s->comp[c].kind);
    for (int k = 0; k < info->n_params; k++) {
      const lg_param_info *pi = &info->param[k];
      snprintf(name, sizeof name, "lens_%s_%s", s->comp[c].instance, pi->name);
      char option[sizeof name + 1];
      snprintf(option, sizeof option, "-%s", name);
      LG_CALL(lg_check_support(option, &s->comp[c].prior[k], pi->lo, pi->hi, pi->unit));
      LG_CALL(lg_scenario_add_name(s, name));
    }
  }
  LG_CHECK(s->n_lights >= 0 && s->n_lights <= LG_MAX_LIGHTS && s->n_src <= s->n_lights, LG_ERR_OPTION,
           "at most %d light components (source and lens light together)", LG_MAX_LIGHTS);
  for (int c = 0; c < s->n_lights; c++) {
    int np = 0;
    const lg_param_info *pi = lg_spec_params(&s->light[c], &np);
    LG_CHECK(pi != NULL, LG_ERR_INTERNAL, "light %d has unknown kind %d", c, s->light[c].kind);
    for (int k = 0; k < np; k++) {
      snprintf(name, sizeof name, "%s_%s_%s", lg_group_names[s->light[c].group], s->light[c].instance, pi[k].name);
      char option[sizeof name + 1];
      snprintf(option, sizeof option, "-%s", name);
      LG_CALL(lg_check_support(option, &s->light[c].prior[k], pi[k].lo, pi[k].hi, pi[k].unit));
      LG_CALL(lg_scenario_add_name(s, name));
    }
  }
  if (s->ps_mode == LG_PS_PRIORS) {
    LG_CALL(lg_check_support("-ps_x", &s->ps_prior[0], -1000.0, 1000.0, "arcsec"));
    LG_CALL(lg_check_support("-ps_y", &s->ps_prior[1], -1000.0, 1000.0, "arcsec"));
    s->ps_index = s->n_params;
    LG_CALL(lg_scenario_add_name(s, "ps_x"));
    LG_CALL(lg_scenario_add_name(s, "ps_y"));
  }
  s->n_drawn = s->n_params;
  return LG_OK;
}

lg_err lg_scenario_add_derived(lg_scenario *s, const char *name) {
  LG_CALL(lg_scenario_add_name(s, name));
  return LG_OK;
}

static double lg_scenario_deviate(const lg_scenario *s, uint64_t index, int j) {
  uint32_t r[4];
  lg_rng_block(s->seed, index, LG_STREAM_PARAMS, s->param_counter[j], r);
  return lg_u01(r[0], r[1]);
}

lg_err lg_scenario_draw(const lg_scenario *s, uint64_t index, double *params, lg_component *comps, lg_light *lights) {
  params[0] = lg_prior_draw(&s->z_lens, lg_scenario_deviate(s, index, 0));
  params[1] = lg_prior_draw(&s->z_src, lg_scenario_deviate(s, index, 1));
  lg_lens_context ctx;
  LG_CALL(lg_lens_context_init(&ctx, &s->cosmo, params[0], params[1]));
  int j = 2;
  for (int c = 0; c < s->n_components; c++) {
    const lg_profile_info *info = lg_profile_get(s->comp[c].kind);
    const int first = j;
    for (int k = 0; k < info->n_params; k++, j++)
      params[j] = lg_prior_draw(&s->comp[c].prior[k], lg_scenario_deviate(s, index, j));
    LG_CALL(info->prepare(&params[first], &ctx, &comps[c]));
  }
  for (int c = 0; c < s->n_lights; c++) {
    int np = 0;
    lg_spec_params(&s->light[c], &np);
    const int first = j;
    for (int k = 0; k < np; k++, j++)
      params[j] = lg_prior_draw(&s->light[c].prior[k], lg_scenario_deviate(s, index, j));
    LG_CALL(lg_light_prepare_slot(s->light[c].kind, &params[first], s->zero_point_mag, c, &lights[c]));
  }
  if (s->ps_mode == LG_PS_PRIORS) {
    params[j] = lg_prior_draw(&s->ps_prior[0], lg_scenario_deviate(s, index, j));
    params[j + 1] = lg_prior_draw(&s->ps_prior[1], lg_scenario_deviate(s, index, j + 1));
  }
  return LG_OK;
}
