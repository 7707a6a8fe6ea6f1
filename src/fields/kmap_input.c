/* The pixelised lens's input (fields/kmap_input.h): the map reader (io/array_read.h with the map's
 * shape limits) and the options reader that run/config.c calls, which reads the map on rank 0,
 * broadcasts it, solves it on every rank and installs it in the registry of fields/kmap.h. */
#define _POSIX_C_SOURCE 200809L
#include "fields/kmap_input.h"

#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields/kmap.h"
#include "io/array_read.h"
#include "run/options.h"
#include "run/partition.h"

#define LG_KMAP_SPEC_MAX 4096

lg_err lg_kmap_read(const char *option, const char *spec, double **kappa, int *nx, int *ny) {
  *kappa = NULL;
  lg_array a;
  LG_CALL(lg_array_read(option, spec, 2, 2, (size_t)LG_KMAP_MAX_SIDE * LG_KMAP_MAX_SIDE, &a));
  if (a.dims[0] < 2 || a.dims[1] < 2 || a.dims[0] > LG_KMAP_MAX_SIDE || a.dims[1] > LG_KMAP_MAX_SIDE) {
    const long long d0 = a.dims[0], d1 = a.dims[1];
    lg_array_free(&a);
    LG_FAIL(LG_ERR_FILE, "%s %s: a %lld x %lld map; each side must have 2..%d pixels", option, spec, d0, d1,
            LG_KMAP_MAX_SIDE);
  }
  *ny = (int)a.dims[0];
  *nx = (int)a.dims[1];
  *kappa = a.v;
  return LG_OK;
}

/* FNV-1a 64 over the shape {ny, nx} and the values' bytes (host order; every rank has the same bytes).
 * Kept as it was before io/array_read.h existed, so keys of files already written still match. */
static uint64_t lg_kmap_checksum(const double *a, int nx, int ny) {
  uint64_t h = 14695981039346656037ULL;
  const int64_t shape[2] = {ny, nx};
  const unsigned char *p = (const unsigned char *)shape;
  for (size_t i = 0; i < sizeof shape; i++) h = (h ^ p[i]) * 1099511628211ULL;
  p = (const unsigned char *)a;
  const size_t n = (size_t)nx * (size_t)ny * sizeof(double);
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

static lg_err lg_kmap_agree(int mpi, lg_err local) { return mpi ? lg_agree(MPI_COMM_WORLD, local) : local; }

lg_err lg_kmap_options_read(int n_kmap, double default_pixel_arcsec) {
  static const char *const opt_file = "-lens_kmap_file", *const opt_pixel = "-lens_kmap_pixel";
  char spec[LG_KMAP_SPEC_MAX] = "", pixel_text[256] = "";
  int set_file = 0, set_pixel = 0;
  lg_kmap_uninstall();
  LG_CALL(lg_opt_string(opt_file, spec, sizeof spec, &set_file));
  LG_CALL(lg_opt_string(opt_pixel, pixel_text, sizeof pixel_text, &set_pixel));
  if (n_kmap == 0) {
    LG_CHECK(!set_file, LG_ERR_OPTION,
             "%s %s: -lens_components has no kmap component to use it (add kmap, or drop the option)", opt_file, spec);
    LG_CHECK(!set_pixel, LG_ERR_OPTION,
             "%s %s: -lens_components has no kmap component to use it (add kmap, or drop the option)", opt_pixel,
             pixel_text);
    return LG_OK;
  }
  LG_CHECK(set_file, LG_ERR_OPTION,
           "-lens_components has kmap but %s is not given: name its convergence map (FILE.npy or FILE.h5:/DATASET)",
           opt_file);
  double pixel = default_pixel_arcsec;
  LG_CALL(lg_opt_real(opt_pixel, &pixel, 1e-9, 1e4));

  int mpi = 0, rank = 0;
  MPI_Initialized(&mpi);
  if (mpi) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double *kappa = NULL;
  int dims[2] = {0, 0};
  /* rank 0 reads; every rank learns its status (and message) before any broadcast */
  LG_CALL(lg_kmap_agree(mpi, rank == 0 ? lg_kmap_read(opt_file, spec, &kappa, &dims[1], &dims[0]) : LG_OK));
  if (mpi) {
    MPI_Bcast(dims, 2, MPI_INT, 0, MPI_COMM_WORLD);
    const size_t n = (size_t)dims[0] * (size_t)dims[1];
    lg_err e = LG_OK;
    if (rank != 0) {
      kappa = malloc(n * sizeof(double));
      if (!kappa)
        e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "%s %s: cannot allocate a %d x %d map", opt_file,
                       spec, dims[0], dims[1]);
    }
    e = lg_kmap_agree(mpi, e);
    if (e != LG_OK) {
      free(kappa);
      LG_CALL(e);
    }
    /* LG_KMAP_MAX_SIDE^2 = 2^26 doubles: one count fits an int */
    MPI_Bcast(kappa, (int)n, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  }
  lg_kmap *k = calloc(1, sizeof *k);
  lg_err e =
      k ? LG_OK : lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "%s: cannot allocate the map", opt_file);
  if (e == LG_OK) e = lg_kmap_solve(kappa, dims[1], dims[0], pixel, k);
  if (e == LG_OK) {
    const uint64_t sum = lg_kmap_checksum(kappa, dims[1], dims[0]);
    const size_t len = strlen(spec) + 256;
    k->key = malloc(len);
    if (k->key)
      snprintf(k->key, len, "lens_kmap_file = %s\nlens_kmap_pixel = %.17g\nlens_kmap_map = %d x %d, fnv1a64 %016llx\n",
               spec, pixel, dims[0], dims[1], (unsigned long long)sum);
    else
      e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "%s: cannot allocate the map's key", opt_file);
  }
  free(kappa);
  e = lg_kmap_agree(mpi, e);
  if (e != LG_OK) {
    lg_kmap_free(k);
    free(k);
    LG_CALL(e);
  }
  lg_kmap_install(k);
  return LG_OK;
}

const char *lg_kmap_config_key(void) {
  const lg_kmap *k = lg_kmap_active();
  return k && k->key ? k->key : "";
}
