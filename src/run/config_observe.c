#define _POSIX_C_SOURCE 200809L
#include "run/config_observe.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/products.h"
#include "observe/light_info.h"
#include "observe/pixsrc.h"
#include "run/config_pixsrc.h"
#include "run/help.h"
#include "run/options.h"

const char *lg_image_units_name(int units) {
  static const char *const names[LG_UNITS_COUNT] = {"e-/s", "counts", "adu"};
  return units >= 0 && units < LG_UNITS_COUNT ? names[units] : "?";
}

lg_err lg_instance_kind(const char *option, const char *token, char kind[LG_NAME_MAX]) {
  size_t n = strlen(token), k = 0;
  LG_CHECK(n > 0 && n < LG_NAME_MAX, LG_ERR_OPTION, "%s: bad instance name '%s'", option, token);
  while (k < n && islower((unsigned char)token[k])) k++;
  const size_t letters = k;
  while (k < n && isdigit((unsigned char)token[k])) k++;
  LG_CHECK(letters > 0 && k == n, LG_ERR_OPTION,
           "%s: bad instance name '%s' (a kind in lower case, optionally followed by digits)", option, token);
  memcpy(kind, token, letters);
  kind[letters] = '\0';
  return LG_OK;
}

/* "sersic2" -> kind sersic; the same grammar as -lens_components */
static lg_err lg_light_instance(const char *option, const char *token, int group, lg_component_spec *spec) {
  char kind[LG_NAME_MAX];
  LG_CALL(lg_instance_kind(option, token, kind));
  spec->kind = lg_light_find(kind);
  if (spec->kind < 0) {
    char allowed[128] = "";
    for (int p = 0; p < LG_LIGHT_COUNT; p++) {
      strncat(allowed, p ? "," : "", sizeof allowed - strlen(allowed) - 1);
      strncat(allowed, lg_light_get(p)->name, sizeof allowed - strlen(allowed) - 1);
    }
    LG_FAIL(LG_ERR_OPTION, "%s: unknown light kind '%s' in '%s' (allowed: %s)", option, kind, token, allowed);
  }
  spec->group = group;
  snprintf(spec->instance, sizeof spec->instance, "%s", token);
  return LG_OK;
}

/* One light group: -<group>_components LIST and each -<group>_<instance>_<param> PRIOR. */
static lg_err lg_light_group(lg_scenario *s, int group) {
  char option[64], list[512];
  snprintf(option, sizeof option, "-%s_components", lg_group_names[group]);
  snprintf(list, sizeof list, "%s", lg_option_default(option));
  LG_CALL(lg_opt_string(option, list, sizeof list, NULL));
  if (!strcmp(list, "none")) list[0] = '\0';
  const int first = s->n_lights;
  char *save = NULL;
  for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    LG_CHECK(s->n_lights < LG_MAX_LIGHTS, LG_ERR_OPTION, "%s: more than %d light components in all", option,
             LG_MAX_LIGHTS);
    lg_component_spec *spec = &s->light[s->n_lights];
    LG_CALL(lg_light_instance(option, tok, group, spec));
    for (int i = first; i < s->n_lights; i++)
      LG_CHECK(strcmp(s->light[i].instance, tok) != 0, LG_ERR_OPTION,
               "%s: instance '%s' appears twice (number repeats: sersic1,sersic2)", option, tok);
    int np = 0;
    const lg_param_info *pi = lg_spec_params(spec, &np);
    for (int k = 0; k < np; k++) {
      char popt[128], spec_text[512];
      snprintf(popt, sizeof popt, "-%s_%s_%s", lg_group_names[group], spec->instance, pi[k].name);
      snprintf(spec_text, sizeof spec_text, "%s", pi[k].default_prior);
      LG_CALL(lg_opt_string(popt, spec_text, sizeof spec_text, NULL));
      LG_CALL(lg_prior_parse(popt, spec_text, &spec->prior[k]));
    }
    if (spec->kind == LG_LIGHT_PIXEL)
      LG_CALL(lg_pixsrc_options_read(lg_group_names[group], spec->instance, s->n_lights));
    s->n_lights++;
  }
  return LG_OK;
}

static lg_err lg_instrument_options(lg_instrument *in) {
  char preset[64];
  snprintf(preset, sizeof preset, "%s", lg_option_default("-obs_preset"));
  LG_CALL(lg_opt_string("-obs_preset", preset, sizeof preset, NULL));
  lg_err e = lg_instrument_preset(preset, in);
  LG_CHECK(e == LG_OK, LG_ERR_OPTION, "-obs_preset: %s", lg_err_message());
  /* overrides: every preset value has its option */
  char psf[32];
  snprintf(psf, sizeof psf, "%s", lg_psf_kind_name(in->psf.kind));
  int set = 0;
  LG_CALL(lg_opt_string("-obs_psf", psf, sizeof psf, &set));
  const int kind = lg_psf_kind_find(psf);
  LG_CHECK(kind >= 0, LG_ERR_OPTION, "-obs_psf: '%s' (allowed: none, gaussian, moffat, pixel)", psf);
  in->psf.kind = kind;
  LG_CALL(lg_opt_real("-obs_psf_fwhm", &in->psf.fwhm_arcsec, 1e-4, 100.0));
  if (in->psf.moffat_beta <= 1.0) in->psf.moffat_beta = 4.765; /* Kolmogorov (Trujillo et al. 2001) */
  LG_CALL(lg_opt_real("-obs_psf_beta", &in->psf.moffat_beta, 1.0001, 100.0));
  LG_CALL(lg_opt_string("-obs_psf_file", in->psf.kernel_path, sizeof in->psf.kernel_path, NULL));
  long long ov = in->psf.kernel_oversample > 0 ? in->psf.kernel_oversample : 1;
  LG_CALL(lg_opt_int("-obs_psf_oversample", &ov, 1, 16));
  in->psf.kernel_oversample = (int)ov;
  LG_CHECK(in->psf.kind != LG_PSF_PIXEL || in->psf.kernel_path[0], LG_ERR_OPTION,
           "-obs_psf pixel needs -obs_psf_file KERNEL.npy");
  if (in->psf.kind == LG_PSF_PIXEL) {
    /* read the kernel now, so a bad file stops the run before any output is touched */
    lg_psf_kernel kernel = {0, NULL};
    lg_err ke = lg_psf_kernel_load_npy(in->psf.kernel_path, &kernel);
    lg_psf_kernel_free(&kernel);
    LG_CHECK(ke == LG_OK, LG_ERR_FILE, "-obs_psf_file %s: %s", in->psf.kernel_path, lg_err_message());
  }
  char noise[32];
  snprintf(noise, sizeof noise, "%s", lg_noise_mode_name(in->noise));
  LG_CALL(lg_opt_string("-obs_noise", noise, sizeof noise, NULL));
  in->noise = lg_noise_mode_find(noise);
  LG_CHECK(in->noise >= 0, LG_ERR_OPTION, "-obs_noise: '%s' (allowed: none, poisson)", noise);
  LG_CALL(lg_opt_real("-obs_exposure", &in->exposure_s, 1e-6, 1e9));
  long long nexp = in->n_exposures;
  LG_CALL(lg_opt_int("-obs_n_exposures", &nexp, 1, 1000000));
  in->n_exposures = (int)nexp;
  LG_CALL(lg_opt_real("-obs_zeropoint", &in->zero_point_mag, -10.0, 50.0));
  LG_CALL(lg_opt_real("-obs_sky", &in->sky_mag_arcsec2, -10.0, 50.0));
  LG_CALL(lg_opt_real("-obs_read_noise", &in->read_noise_e, 0.0, 1e6));
  LG_CALL(lg_opt_real("-obs_gain", &in->gain_e_adu, 1e-6, 1e6));
  LG_CALL(lg_opt_bool("-obs_sky_subtract", &in->sky_subtract));
  e = lg_instrument_check(in);
  LG_CHECK(e == LG_OK, LG_ERR_OPTION, "-obs_*: %s", lg_err_message());
  return LG_OK;
}

lg_err lg_config_observe(lg_observe_config *oc, lg_scenario *s, unsigned products, int supersample) {
  memset(oc, 0, sizeof *oc);
  s->n_lights = s->n_src = 0;
  lg_pixsrc_uninstall_all();
  oc->enabled = (products & LG_IMAGE_PRODUCTS) != 0;
  if (!oc->enabled) return LG_OK; /* the -src_*, -lenslight_*, -obs_* options stay unused */
  LG_CALL(lg_light_group(s, LG_GROUP_SRC));
  s->n_src = s->n_lights;
  LG_CHECK(s->n_src > 0, LG_ERR_OPTION, "-src_components: an image needs at least one source component");
  LG_CALL(lg_light_group(s, LG_GROUP_LENSLIGHT));
  LG_CALL(lg_instrument_options(&oc->inst));
  s->zero_point_mag = oc->inst.zero_point_mag;
  long long mu = supersample;
  LG_CALL(lg_opt_int("-obs_mu_supersample", &mu, 0, 64));
  oc->opts.mu_supersample = (int)mu;
  oc->opts.snr_k_sigma = atof(lg_option_default("-obs_snr_k"));
  LG_CALL(lg_opt_real("-obs_snr_k", &oc->opts.snr_k_sigma, 0.0, 1e3));
  char units[32] = "e-/s";
  LG_CALL(lg_opt_string("-obs_units", units, sizeof units, NULL));
  oc->units = -1;
  for (int u = 0; u < LG_UNITS_COUNT; u++)
    if (!strcmp(units, lg_image_units_name(u))) oc->units = u;
  LG_CHECK(oc->units >= 0, LG_ERR_OPTION, "-obs_units: '%s' (allowed: e-/s, counts, adu)", units);
  const double t = oc->inst.exposure_s * (double)oc->inst.n_exposures;
  oc->unit_scale = oc->units == LG_UNITS_E_S ? 1.0 : oc->units == LG_UNITS_COUNTS ? t : t / oc->inst.gain_e_adu;
  return LG_OK;
}

#define LG_KEY(...) *used += (size_t)snprintf(k + *used, *used < cap ? cap - *used : 0, __VA_ARGS__)

void lg_config_observe_key(const lg_observe_config *oc, const lg_scenario *s, char *k, size_t cap, size_t *used) {
  if (!oc->enabled) return;
  char prior[512];
  for (int g = LG_GROUP_SRC; g <= LG_GROUP_LENSLIGHT; g++) {
    LG_KEY("%s_components =", lg_group_names[g]);
    for (int i = 0; i < s->n_lights; i++)
      if (s->light[i].group == g) LG_KEY(" %s", s->light[i].instance);
    LG_KEY("\n");
  }
  for (int i = 0; i < s->n_lights; i++) {
    int np = 0;
    const lg_param_info *pi = lg_spec_params(&s->light[i], &np);
    for (int j = 0; j < np; j++) {
      lg_prior_format(&s->light[i].prior[j], prior, sizeof prior);
      LG_KEY("%s_%s_%s = %s\n", lg_group_names[s->light[i].group], s->light[i].instance, pi[j].name, prior);
    }
    LG_KEY("%s", lg_pixsrc_config_key(i)); /* a pixel component's file, shape and checksum */
  }
  const lg_instrument *in = &oc->inst;
  LG_KEY("obs_preset = %s\nobs_psf = %s fwhm %.17g beta %.17g file '%s' oversample %d\n", in->name,
         lg_psf_kind_name(in->psf.kind), in->psf.fwhm_arcsec, in->psf.moffat_beta, in->psf.kernel_path,
         in->psf.kernel_oversample);
  LG_KEY("obs_noise = %s exposure %.17g x %d zp %.17g sky %.17g read %.17g gain %.17g subtract %d normal %.17g\n",
         lg_noise_mode_name(in->noise), in->exposure_s, in->n_exposures, in->zero_point_mag, in->sky_mag_arcsec2,
         in->read_noise_e, in->gain_e_adu, in->sky_subtract, in->normal_above);
  LG_KEY("obs_mu_supersample = %d\nobs_snr_k = %.17g\n", oc->opts.mu_supersample, oc->opts.snr_k_sigma);
  if (oc->units != LG_UNITS_E_S) LG_KEY("obs_units = %s\n", lg_image_units_name(oc->units)); /* older keys stay valid */
}
