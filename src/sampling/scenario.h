/* The scenario: (seed, sample index) -> every drawn parameter of that sample and its lens, as a
 * pure function. Built once by run/config from the options; called per sample by the pipeline. */
#ifndef LG_SCENARIO_H
#define LG_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "physics/cosmology.h"
#include "observe/light.h"
#include "physics/lens.h"
#include "physics/profiles.h"
#include "sampling/prior.h"

#define LG_MAX_COMPONENTS 16
#define LG_MAX_LIGHTS 8
#define LG_NAME_MAX 32
/* lens_z, src_z, then every lens component's parameters, then every light component's */
#define LG_MAX_SCENARIO_PARAMS (2 + (LG_MAX_COMPONENTS + LG_MAX_LIGHTS) * LG_MAX_PARAMS)

enum { LG_PS_NONE = 0, LG_PS_PRIORS, LG_PS_PLACED };

/* Which option group a component belongs to: its parameters are -<group>_<instance>_<param>. */
typedef enum { LG_GROUP_LENS = 0, LG_GROUP_SRC, LG_GROUP_LENSLIGHT, LG_GROUP_COUNT } lg_group;
extern const char *const lg_group_names[LG_GROUP_COUNT]; /* "lens", "src", "lenslight" */

typedef struct {
  char instance[LG_NAME_MAX]; /* "sie", "sis1": kind name optionally followed by digits */
  int kind;                   /* lg_profile_kind (lens) or lg_light_kind (src, lenslight) */
  int group;                  /* lg_group */
  lg_prior prior[LG_MAX_PARAMS];
} lg_component_spec;

/* The parameter table of a component spec (profile or light), and its length. */
const lg_param_info *lg_spec_params(const lg_component_spec *c, int *n);

typedef struct {
  uint64_t seed;
  lg_cosmo cosmo;
  lg_prior z_lens, z_src;
  int n_components; /* lens (mass) components */
  lg_component_spec comp[LG_MAX_COMPONENTS];
  int n_lights; /* source light, then lens light: light[0..n_src) are lensed, the rest are not */
  int n_src;
  lg_component_spec light[LG_MAX_LIGHTS];
  double zero_point_mag; /* magnitudes of light amplitudes -> e-/s (the instrument's zero point) */
  /* the point source of -ps_images: its position drawn from -ps_x/-ps_y priors (LG_PS_PRIORS) or
   * placed by the run inside the caustics (LG_PS_PLACED, then ps_x, ps_y are derived fields) */
  int ps_mode;
  lg_prior ps_prior[2];
  int ps_index; /* index of ps_x in params (ps_y follows); set by lg_scenario_finish or the run */
  /* derived by lg_scenario_finish */
  int n_params; /* drawn, then derived (filled by the run after rendering, e.g. obs_snr) */
  int n_drawn;
  char param_name[LG_MAX_SCENARIO_PARAMS][2 * LG_NAME_MAX + 8];
  uint32_t param_counter[LG_MAX_SCENARIO_PARAMS]; /* Philox counter word of each parameter */
} lg_scenario;

/* Derives parameter names and RNG counters once the components are set; checks every prior's
 * support against the parameter's allowed range and z_lens < z_src, naming the option. */
lg_err lg_scenario_finish(lg_scenario *s);

/* Appends a derived quantity (a /params field computed per sample, not drawn) after lg_scenario_finish. */
lg_err lg_scenario_add_derived(lg_scenario *s, const char *name);

/* Draws the parameters of sample `index` into params[n_params], prepares its lens into
 * comps[n_components] and its light into lights[n_lights] (NULL when n_lights is 0). A pure
 * function of (s, index). */
lg_err lg_scenario_draw(const lg_scenario *s, uint64_t index, double *params, lg_component *comps, lg_light *lights);

#endif
