/* Reading a pixelised light component's image stack (run/config_pixsrc.h). */
#define _POSIX_C_SOURCE 200809L
#include "run/config_pixsrc.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/array_read.h"
#include "observe/pixsrc.h"
#include "run/options.h"
#include "run/partition.h"

#define LG_PIXSRC_SPEC_MAX 4096
/* Values a stack may hold: 2^27 doubles (1 GiB) per rank, e.g. 13,000 images of 100 x 100. */
#define LG_PIXSRC_MAX_VALUES ((size_t)1 << 27)

static lg_err lg_pixsrc_agree(int mpi, lg_err local) { return mpi ? lg_agree(MPI_COMM_WORLD, local) : local; }

lg_err lg_pixsrc_options_read(const char *group, const char *instance, int slot) {
  char opt_file[128], opt_pixel[128], opt_interp[128];
  snprintf(opt_file, sizeof opt_file, "-%s_%s_file", group, instance);
  snprintf(opt_pixel, sizeof opt_pixel, "-%s_%s_pixel", group, instance);
  snprintf(opt_interp, sizeof opt_interp, "-%s_%s_interp", group, instance);
  char spec[LG_PIXSRC_SPEC_MAX] = "", interp_name[32] = "bicubic";
  int set_file = 0;
  LG_CALL(lg_opt_string(opt_file, spec, sizeof spec, &set_file));
  LG_CHECK(set_file && spec[0], LG_ERR_OPTION,
           "%s is needed for the pixel component '%s': the image file (FILE.npy, or FILE.h5:/DATASET), a 2-D "
           "image [ny, nx] or a stack [K, ny, nx]",
           opt_file, instance);
  char pixel_text[256] = "";
  int set_pixel = 0;
  LG_CALL(lg_opt_string(opt_pixel, pixel_text, sizeof pixel_text, &set_pixel)); /* is it there at all */
  LG_CHECK(set_pixel, LG_ERR_OPTION, "%s is needed for the pixel component '%s': the side of one source pixel, arcsec",
           opt_pixel, instance);
  double pixel = 1.0;
  LG_CALL(lg_opt_real(opt_pixel, &pixel, 1e-9, 1e4));
  LG_CALL(lg_opt_string(opt_interp, interp_name, sizeof interp_name, NULL));
  const int interp = lg_pixsrc_interp_find(interp_name);
  LG_CHECK(interp >= 0, LG_ERR_OPTION, "%s: '%s' (allowed: bicubic, bilinear)", opt_interp, interp_name);

  int mpi = 0, rank = 0;
  MPI_Initialized(&mpi);
  if (mpi) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  lg_array a = {0, {0, 0, 0}, NULL};
  /* rank 0 reads; every rank learns its status (and message) before any broadcast */
  LG_CALL(lg_pixsrc_agree(mpi, rank == 0 ? lg_array_read(opt_file, spec, 2, 3, LG_PIXSRC_MAX_VALUES, &a) : LG_OK));
  long long dims[4] = {a.ndims, a.dims[0], a.dims[1], a.dims[2]};
  if (mpi) {
    MPI_Bcast(dims, 4, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    a.ndims = (int)dims[0];
    for (int d = 0; d < 3; d++) a.dims[d] = dims[d + 1];
    lg_err e = LG_OK;
    if (rank != 0) {
      a.v = malloc(lg_array_count(&a) * sizeof(double));
      if (!a.v)
        e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "%s %s: cannot allocate %zu values", opt_file, spec,
                       lg_array_count(&a));
    }
    e = lg_pixsrc_agree(mpi, e);
    if (e != LG_OK) {
      lg_array_free(&a);
      LG_CALL(e);
    }
    MPI_Bcast(a.v, (int)lg_array_count(&a), MPI_DOUBLE, 0, MPI_COMM_WORLD); /* <= 2^27: fits an int */
  }
  const int stack = a.ndims == 3;
  const int n_images = stack ? (int)a.dims[0] : 1, ny = (int)a.dims[stack], nx = (int)a.dims[stack + 1];
  char what[LG_PIXSRC_SPEC_MAX + 160];
  snprintf(what, sizeof what, "%s %s", opt_file, spec);
  lg_pixsrc src;
  lg_err e = lg_pixsrc_init(&src, what, a.v, n_images, ny, nx, pixel, interp);
  if (e == LG_OK) {
    const size_t len = strlen(spec) + 512;
    src.key = malloc(len);
    if (src.key)
      snprintf(src.key, len,
               "%s_%s_file = %s\n%s_%s_pixel = %.17g\n%s_%s_interp = %s\n%s_%s_images = %d x %d x %d, "
               "fnv1a64 %016llx\n",
               group, instance, spec, group, instance, pixel, group, instance, lg_pixsrc_interp_name(interp), group,
               instance, n_images, ny, nx, lg_array_checksum(&a));
    else
      e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "%s: cannot allocate the key", opt_file);
  }
  lg_array_free(&a);
  e = lg_pixsrc_agree(mpi, e);
  if (e != LG_OK) {
    lg_pixsrc_free(&src);
    LG_CALL(e);
  }
  return lg_pixsrc_install(slot, &src);
}

const char *lg_pixsrc_config_key(int slot) {
  const lg_pixsrc *s = lg_pixsrc_get(slot);
  return s && s->key ? s->key : "";
}
