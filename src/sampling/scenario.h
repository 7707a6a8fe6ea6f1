/* The scenario: (seed, sample index) -> every drawn parameter of that sample and its lens, as a
 * pure function. Built once by run/config from the options; called per sample by the pipeline. */
#ifndef LG_SCENARIO_H
#define LG_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "physics/cosmology.h"
#include "physics/lens.h"
#include "sampling/prior.h"

#define LG_MAX_COMPONENTS 16
#define LG_NAME_MAX 32
/* lens_z, src_z, then every component parameter */
#define LG_MAX_SCENARIO_PARAMS (2 + LG_MAX_COMPONENTS * LG_MAX_PARAMS)

typedef struct {
  char instance[LG_NAME_MAX]; /* "sie", "sis1": kind name optionally followed by digits */
  int kind;                   /* lg_profile_kind */
  lg_prior prior[LG_MAX_PARAMS];
} lg_component_spec;

typedef struct {
  uint64_t seed;
  lg_cosmo cosmo;
  lg_prior z_lens, z_src;
  int n_components;
  lg_component_spec comp[LG_MAX_COMPONENTS];
  /* derived by lg_scenario_finish */
  int n_params;
  char param_name[LG_MAX_SCENARIO_PARAMS][2 * LG_NAME_MAX + 8];
  uint32_t param_counter[LG_MAX_SCENARIO_PARAMS]; /* Philox counter word of each parameter */
} lg_scenario;

/* Derives parameter names and RNG counters once the components are set; checks every prior's
 * support against the parameter's allowed range and z_lens < z_src, naming the option. */
lg_err lg_scenario_finish(lg_scenario *s);

/* Draws the parameters of sample `index` into params[n_params] and prepares its lens into
 * comps[n_components]. A pure function of (s, index). */
lg_err lg_scenario_draw(const lg_scenario *s, uint64_t index, double *params, lg_component *comps);

#endif
