/* The -ps_* option group: a point source per sample (a lensed quasar), its images, magnifications
 * and time delays (lensing/images.h), written as /point_images, with the Einstein radius and the
 * caustic area of each lens (lensing/critical.h) as derived /params fields. */
#ifndef LG_CONFIG_POINTS_H
#define LG_CONFIG_POINTS_H

#include <stddef.h>

#include "core/err.h"
#include "sampling/scenario.h"

typedef struct {
  int enabled;      /* -ps_images */
  int multiplicity; /* -1: positions from -ps_x/-ps_y priors; 0: any (>= 2 images); 2 or 4 */
  int max_img;      /* rows of /point_images per sample */
  int max_tries;    /* placement attempts per sample */
  int curves;       /* critical curves stored per sample (0: none) */
  int curve_pts;    /* points per stored curve */
} lg_points_config;

/* Reads the group; sets s->ps_mode (before lg_scenario_finish). */
lg_err lg_config_points(lg_points_config *pc, lg_scenario *s);
/* Adds the derived /params fields (after lg_scenario_finish). */
lg_err lg_config_points_derived(const lg_points_config *pc, lg_scenario *s);
/* Appends the data-defining text to the configuration key. */
void lg_config_points_key(const lg_points_config *pc, const lg_scenario *s, char *k, size_t cap, size_t *used);

#endif
