/* The -src_*, -lenslight_* and -obs_* option groups: source and lens-light components (drawn by the
 * scenario) and the instrument (a preset with per-option overrides). Read only when an image
 * product is asked for; otherwise these options are unused (an error, like any unused option). */
#ifndef LG_CONFIG_OBSERVE_H
#define LG_CONFIG_OBSERVE_H

#include <stddef.h>

#include "core/err.h"
#include "observe/observe.h"
#include "sampling/scenario.h"

typedef struct {
  int enabled;         /* an image product was asked for */
  lg_instrument inst;  /* preset + overrides, checked */
  lg_observe_opts opts;
} lg_observe_config;

/* Splits an instance name ("sis12": a kind in lower case, then optional digits) into its kind,
 * naming option in errors. */
lg_err lg_instance_kind(const char *option, const char *token, char kind[LG_NAME_MAX]);

/* Reads the groups into oc and the light components into s (before lg_scenario_finish). */
lg_err lg_config_observe(lg_observe_config *oc, lg_scenario *s, unsigned products, int supersample);
/* Appends the data-defining text of oc and s's lights to the configuration key (at k + *used). */
void lg_config_observe_key(const lg_observe_config *oc, const lg_scenario *s, char *k, size_t cap, size_t *used);

#endif
