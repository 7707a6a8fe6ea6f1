/* The -src_*, -lenslight_* and -obs_* option groups: source and lens-light components (drawn by the
 * scenario) and the instrument (a preset with per-option overrides). Read only when an image
 * product is asked for; otherwise these options are unused (an error, like any unused option). */
#ifndef LG_CONFIG_OBSERVE_H
#define LG_CONFIG_OBSERVE_H

#include <stddef.h>

#include "core/err.h"
#include "observe/observe.h"
#include "sampling/scenario.h"

/* Units of the stored images (-obs_units): the observer works in e-/s per pixel; counts are the
 * electrons of the whole exposure (x T = exposure x n_exposures), adu those divided by the gain. */
typedef enum { LG_UNITS_E_S = 0, LG_UNITS_COUNTS, LG_UNITS_ADU, LG_UNITS_COUNT } lg_image_units;

typedef struct {
  int enabled;        /* an image product was asked for */
  lg_instrument inst; /* preset + overrides, checked */
  lg_observe_opts opts;
  int units;         /* lg_image_units */
  double unit_scale; /* stored image = e-/s image x unit_scale */
} lg_observe_config;

/* "e-/s", "counts", "adu" (the units attribute written with the images). */
const char *lg_image_units_name(int units);

/* Splits an instance name ("sis12": a kind in lower case, then optional digits) into its kind,
 * naming option in errors. */
lg_err lg_instance_kind(const char *option, const char *token, char kind[LG_NAME_MAX]);

/* Reads the groups into oc and the light components into s (before lg_scenario_finish). */
lg_err lg_config_observe(lg_observe_config *oc, lg_scenario *s, unsigned products, int supersample);
/* Appends the data-defining text of oc and s's lights to the configuration key (at k + *used). */
void lg_config_observe_key(const lg_observe_config *oc, const lg_scenario *s, char *k, size_t cap, size_t *used);

#endif
