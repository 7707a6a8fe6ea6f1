/* lg_config: every option of a run, read once from the PETSc options database and validated before
 * any file is touched; immutable afterwards. Built by run/config.c, read by the pipeline. */
#ifndef LG_CONFIG_H
#define LG_CONFIG_H

#include <stdint.h>

#include "backends/backend.h"
#include "core/err.h"
#include "run/config_observe.h"
#include "run/config_points.h"
#include "run/fault.h"
#include "sampling/scenario.h"

#define LG_PATH_MAX 4096

typedef struct {
  /* -data_* */
  long long n_samples;
  uint64_t seed;
  char output[LG_PATH_MAX];
  unsigned products;
  int overwrite, resume, compress;
  char preview[LG_PATH_MAX]; /* "" = none */
  int preview_n;
  /* -grid_* */
  lg_grid grid;
  /* -cosmo_*, -lens_*, -src_z */
  lg_scenario scenario;
  /* -src_*, -lenslight_*, -obs_* (when an image product is asked for) */
  lg_observe_config observe;
  /* -ps_* (point images) */
  lg_points_config points;
  int obs_derived; /* index in /params of obs_magnification (obs_flux_lensed, obs_snr follow) */
  int ps_derived;  /* index in /params of ps_n_images (ps_theta_e, ps_caustic_area follow) */
  /* -run_* */
  lg_backend_request backend;
  int batch;
  double progress_s;
  char profile_json[LG_PATH_MAX]; /* "" = none */
  lg_fault fault; /* test only: -run_fault_inject */
  /* text forms */
  char *options_text; /* every option given, as PETSc holds them */
  char *config_key;   /* canonical text of everything that determines the data: resume must match it */
  char cosmology_text[256];
} lg_config;

/* Reads and validates every option (collective on PETSC_COMM_WORLD, no file touched), and fails on
 * any option that was given but never used (a typo). */
lg_err lg_config_load(lg_config *cfg);
void lg_config_free(lg_config *cfg);

#endif
