/* Options -> lg_config: every group read in one place, each value checked with a message naming
 * the option, then the canonical configuration key that a resume must match. */
#define _POSIX_C_SOURCE 200809L
#include "run/config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields/kmap.h"
#include "fields/kmap_input.h"
#include "observe/pixsrc.h"
#include "physics/profiles.h"
#include "run/help.h"
#include "run/options.h"

static lg_err lg_config_prior(const char *option, const char *def, lg_prior *out) {
  char spec[512];
  snprintf(spec, sizeof spec, "%s", def);
  LG_CALL(lg_opt_string(option, spec, sizeof spec, NULL));
  LG_CALL(lg_prior_parse(option, spec, out));
  return LG_OK;
}

static lg_err lg_config_data(lg_config *c) {
  long long v;
  int set = 0;
  c->n_samples = atoll(lg_option_default("-data_n"));
  LG_CALL(lg_opt_int("-data_n", &c->n_samples, 1, 1000000000000LL));
  v = atoll(lg_option_default("-data_seed"));
  LG_CALL(lg_opt_int("-data_seed", &v, 0, 9223372036854775807LL));
  c->seed = (uint64_t)v;
  snprintf(c->output, sizeof c->output, "%s", lg_option_default("-data_output"));
  LG_CALL(lg_opt_string("-data_output", c->output, sizeof c->output, NULL));
  char products[512];
  snprintf(products, sizeof products, "%s", lg_option_default("-data_products"));
  LG_CALL(lg_opt_string("-data_products", products, sizeof products, NULL));
  LG_CALL(lg_products_parse("-data_products", products, &c->products));
  LG_CALL(lg_opt_bool("-data_overwrite", &c->overwrite));
  LG_CALL(lg_opt_bool("-data_resume", &c->resume));
  LG_CHECK(!(c->overwrite && c->resume), LG_ERR_OPTION,
           "-data_overwrite and -data_resume contradict each other: give one of them");
  v = 0;
  LG_CALL(lg_opt_int("-data_compress", &v, 0, 9));
  c->compress = (int)v;
  /* default preview: the output path with its extension replaced by .png */
  snprintf(c->preview, sizeof c->preview, "%s", c->output);
  char *dot = strrchr(c->preview, '.'), *slash = strrchr(c->preview, '/');
  if (dot && (!slash || dot > slash)) *dot = '\0';
  strncat(c->preview, ".png", sizeof c->preview - strlen(c->preview) - 1);
  LG_CALL(lg_opt_string("-data_preview", c->preview, sizeof c->preview, &set));
  if (!strcmp(c->preview, "none")) c->preview[0] = '\0';
  v = atoll(lg_option_default("-data_preview_n"));
  LG_CALL(lg_opt_int("-data_preview_n", &v, 1, 64));
  c->preview_n = (int)v;
  return LG_OK;
}

static lg_err lg_config_grid(lg_config *c) {
  long long v = atoll(lg_option_default("-grid_npix"));
  LG_CALL(lg_opt_int("-grid_npix", &v, 2, 8192));
  c->grid.npix = (int)v;
  c->grid.fov_arcsec = atof(lg_option_default("-grid_fov"));
  LG_CALL(lg_opt_real("-grid_fov", &c->grid.fov_arcsec, 1e-6, 1e5));
  v = 1;
  LG_CALL(lg_opt_int("-grid_supersample", &v, 1, 32));
  c->grid.supersample = (int)v;
  return LG_OK;
}

static lg_err lg_config_cosmo(lg_config *c) {
  double h0 = atof(lg_option_default("-cosmo_h0")), om0 = atof(lg_option_default("-cosmo_om0")), ode0;
  LG_CALL(lg_opt_real("-cosmo_h0", &h0, 1.0, 1000.0));
  LG_CALL(lg_opt_real("-cosmo_om0", &om0, 0.0, 10.0));
  ode0 = 1.0 - om0;
  LG_CALL(lg_opt_real("-cosmo_ode0", &ode0, -10.0, 10.0));
  LG_CALL(lg_cosmo_init(&c->scenario.cosmo, h0, om0, ode0));
  snprintf(c->cosmology_text, sizeof c->cosmology_text, "%s LambdaCDM: H0 = %.17g km/s/Mpc, Om0 = %.17g, Ode0 = %.17g",
           fabs(1.0 - om0 - ode0) < 1e-15 ? "flat" : "curved", h0, om0, ode0);
  return LG_OK;
}

/* "sis12" -> kind "sis"; instance names are lower-case letters then optional digits. */
static lg_err lg_config_instance(const char *token, lg_component_spec *spec) {
  char kind[LG_NAME_MAX];
  LG_CALL(lg_instance_kind("-lens_components", token, kind));
  spec->kind = lg_profile_find(kind);
  if (spec->kind < 0) {
    char allowed[512] = "";
    for (int p = 0; p < LG_PROFILE_COUNT; p++) {
      strncat(allowed, p ? "," : "", sizeof allowed - strlen(allowed) - 1);
      strncat(allowed, lg_profile_get(p)->name, sizeof allowed - strlen(allowed) - 1);
    }
    LG_FAIL(LG_ERR_OPTION, "-lens_components: unknown kind '%s' in '%s' (allowed: %s)", kind, token, allowed);
  }
  snprintf(spec->instance, sizeof spec->instance, "%s", token);
  return LG_OK;
}

static lg_err lg_config_lens(lg_config *c) {
  lg_scenario *s = &c->scenario;
  char list[1024];
  snprintf(list, sizeof list, "%s", lg_option_default("-lens_components"));
  LG_CALL(lg_opt_string("-lens_components", list, sizeof list, NULL));
  LG_CALL(lg_config_prior("-lens_z", lg_option_default("-lens_z"), &s->z_lens));
  LG_CALL(lg_config_prior("-src_z", lg_option_default("-src_z"), &s->z_src));
  s->n_components = 0;
  char *save = NULL;
  for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    LG_CHECK(s->n_components < LG_MAX_COMPONENTS, LG_ERR_OPTION, "-lens_components: more than %d components",
             LG_MAX_COMPONENTS);
    lg_component_spec *spec = &s->comp[s->n_components];
    LG_CALL(lg_config_instance(tok, spec));
    for (int i = 0; i < s->n_components; i++)
      LG_CHECK(strcmp(s->comp[i].instance, tok) != 0, LG_ERR_OPTION,
               "-lens_components: instance '%s' appears twice (number repeats: sis1,sis2)", tok);
    const lg_profile_info *info = lg_profile_get(spec->kind);
    for (int k = 0; k < info->n_params; k++) {
      char option[128];
      snprintf(option, sizeof option, "-lens_%s_%s", spec->instance, info->param[k].name);
      LG_CALL(lg_config_prior(option, info->param[k].default_prior, &spec->prior[k]));
    }
    s->n_components++;
  }
  LG_CHECK(s->n_components > 0, LG_ERR_OPTION, "-lens_components: no component given");
  /* the pixelised lens's map: read, solved and registered once per run (fields/kmap_input.h) */
  int n_kmap = 0;
  for (int i = 0; i < s->n_components; i++) n_kmap += s->comp[i].kind == LG_PROFILE_KMAP;
  LG_CALL(lg_kmap_options_read(n_kmap, c->grid.fov_arcsec / c->grid.npix));
  s->seed = c->seed;
  return LG_OK;
}

static lg_err lg_config_run(lg_config *c) {
  static const char *const backends[] = {"auto", "cpu", "cuda"};
  int b = 0;
  LG_CALL(lg_opt_choice("-run_backend", backends, 3, &b));
  c->backend = (lg_backend_request)b;
  long long v = atoll(lg_option_default("-run_batch"));
  LG_CALL(lg_opt_int("-run_batch", &v, 1, 1 << 20));
  c->batch = (int)v;
  c->progress_s = atof(lg_option_default("-run_progress"));
  LG_CALL(lg_opt_real("-run_progress", &c->progress_s, 0.0, 1e6));
  c->profile_json[0] = '\0';
  LG_CALL(lg_opt_string("-run_profile_json", c->profile_json, sizeof c->profile_json, NULL));
  char fault[128] = "";
  LG_CALL(lg_opt_string("-run_fault_inject", fault, sizeof fault, NULL));
  LG_CALL(lg_fault_parse(fault, &c->fault));
  return LG_OK;
}

/* Canonical text of everything that determines the data (not the backend, batch size or rank
 * count, which never change it): a resumed run must produce the same key. */
static lg_err lg_config_make_key(lg_config *c) {
  size_t cap = 65536, used = 0;
  char *k = malloc(cap), products[256], prior[512];
  LG_CHECK(k != NULL, LG_ERR_NOMEM, "cannot allocate the configuration key");
  lg_products_format(c->products, products, sizeof products);
  const lg_scenario *s = &c->scenario;
#define LG_KEY(...) used += (size_t)snprintf(k + used, used < cap ? cap - used : 0, __VA_ARGS__)
  LG_KEY("lensgen-config 1\ndata_n = %lld\ndata_seed = %llu\ndata_products = %s\ndata_compress = %d\n", c->n_samples,
         (unsigned long long)c->seed, products, c->compress);
  LG_KEY("grid_npix = %d\ngrid_fov = %.17g\ngrid_supersample = %d\n", c->grid.npix, c->grid.fov_arcsec,
         c->grid.supersample);
  LG_KEY("cosmo_h0 = %.17g\ncosmo_om0 = %.17g\ncosmo_ode0 = %.17g\n", s->cosmo.h0, s->cosmo.om0, s->cosmo.ode0);
  lg_prior_format(&s->z_lens, prior, sizeof prior);
  LG_KEY("lens_z = %s\n", prior);
  lg_prior_format(&s->z_src, prior, sizeof prior);
  LG_KEY("src_z = %s\nlens_components =", prior);
  for (int i = 0; i < s->n_components; i++) LG_KEY("%s%s", i ? "," : " ", s->comp[i].instance);
  LG_KEY("\n");
  for (int i = 0; i < s->n_components; i++) {
    const lg_profile_info *info = lg_profile_get(s->comp[i].kind);
    for (int j = 0; j < info->n_params; j++) {
      lg_prior_format(&s->comp[i].prior[j], prior, sizeof prior);
      LG_KEY("lens_%s_%s = %s\n", s->comp[i].instance, info->param[j].name, prior);
    }
  }
  LG_KEY("%s", lg_kmap_config_key()); /* the map's file and checksum, when a kmap is used */
  lg_config_observe_key(&c->observe, s, k, cap, &used);
  lg_config_points_key(&c->points, s, k, cap, &used);
#undef LG_KEY
  if (used >= cap) {
    free(k);
    LG_FAIL(LG_ERR_INTERNAL, "configuration key longer than %zu bytes", cap);
  }
  c->config_key = k;
  return LG_OK;
}

lg_err lg_config_load(lg_config *c) {
  memset(c, 0, sizeof *c);
  LG_CALL(lg_config_data(c));
  LG_CALL(lg_config_grid(c));
  LG_CALL(lg_config_cosmo(c));
  LG_CALL(lg_config_lens(c));
  LG_CALL(lg_config_observe(&c->observe, &c->scenario, c->products, c->grid.supersample));
  LG_CALL(lg_config_points(&c->points, &c->scenario));
  LG_CALL(lg_scenario_finish(&c->scenario));
  LG_CALL(lg_config_points_derived(&c->points, &c->scenario));
  c->ps_derived = c->scenario.n_params - 3;
  c->obs_derived = c->scenario.n_params;
  if (c->observe.enabled) {
    LG_CALL(lg_scenario_add_derived(&c->scenario, "obs_magnification"));
    LG_CALL(lg_scenario_add_derived(&c->scenario, "obs_flux_lensed"));
    LG_CALL(lg_scenario_add_derived(&c->scenario, "obs_snr"));
  }
  LG_CALL(lg_config_run(c));
  LG_CALL(lg_opt_check_unused());
  LG_CALL(lg_opt_all_text(&c->options_text));
  LG_CALL(lg_config_make_key(c));
  return LG_OK;
}

void lg_config_free(lg_config *c) {
  lg_kmap_uninstall();
  lg_pixsrc_uninstall_all();
  free(c->config_key);
  free(c->options_text);
  c->config_key = c->options_text = NULL;
}
