/* Creation of a run's file: every dataset of DESIGN.md's schema that the run asked for, the grid,
 * the root attributes. Chunk shapes depend only on the schema (never on ranks or batch size), and
 * object timestamps are off, so files from any number of ranks are byte-identical. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "io/h5_attr.h"
#include "io/h5_err.h"
#include "io/h5_file.h"
#include "io/h5_internal.h"

#define LG_CHUNK_BYTES (1 << 20)

/* Samples per chunk: about 1 MiB of data, at least one sample, at most all. */
static hsize_t lg_chunk_rows(long long n, size_t bytes_per_sample) {
  long long c = (long long)(LG_CHUNK_BYTES / (bytes_per_sample ? bytes_per_sample : 1));
  if (c < 1) c = 1;
  if (c > n) c = n;
  return (hsize_t)c;
}

static lg_err lg_h5_dataset(hid_t file, const char *name, hid_t type, int rank, const hsize_t *dims,
                            size_t bytes_per_sample, int compress, const char *units, hid_t *out) {
  hid_t space = -1, dcpl = -1;
  hsize_t chunk[4];
  for (int d = 0; d < rank; d++) chunk[d] = dims[d];
  /* compressed: one sample per chunk, so a chunk is written exactly once, by the batch that owns
   * its sample. A compressed chunk shared by two batches would be rewritten at a new address and
   * its old space reused, and a kill before the next flush would then corrupt finished samples. */
  chunk[0] = compress > 0 ? 1 : lg_chunk_rows((long long)dims[0], bytes_per_sample);
  LG_CALL_H5_ID(space, H5Screate_simple(rank, dims, NULL));
  dcpl = H5Pcreate(H5P_DATASET_CREATE);
  herr_t st = dcpl < 0 ? -1 : H5Pset_chunk(dcpl, rank, chunk);
  if (st >= 0) st = H5Pset_obj_track_times(dcpl, 0);
  if (st >= 0) st = H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER);
  if (st >= 0 && compress > 0) {
    st = H5Pset_shuffle(dcpl);
    if (st >= 0) st = H5Pset_deflate(dcpl, (unsigned)compress);
  } else if (st >= 0) {
    /* all space allocated now: later writes touch raw data only, never the file's metadata */
    st = H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
  }
  *out = st < 0 ? -1 : H5Dcreate2(file, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  if (dcpl >= 0) H5Pclose(dcpl);
  H5Sclose(space);
  LG_CALL_H5(*out);
  LG_CALL(lg_h5_attr_string(*out, "units", units));
  return LG_OK;
}

/* /grid/x and /grid/y pixel centres and the grid's attributes. */
static lg_err lg_h5_write_grid(lg_h5 *h, int rank) {
  const lg_grid *g = &h->schema.grid;
  hid_t grp, dx, dy;
  hsize_t n = (hsize_t)g->npix;
  LG_CALL_H5_ID(grp, H5Gcreate2(h->file, "grid", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  LG_CALL(lg_h5_attr_int64(grp, "npix", g->npix));
  LG_CALL(lg_h5_attr_double(grp, "fov", g->fov_arcsec));
  LG_CALL(lg_h5_attr_double(grp, "pixel_scale", g->fov_arcsec / g->npix));
  LG_CALL(lg_h5_attr_int64(grp, "supersample", g->supersample));
  LG_CALL(lg_h5_attr_string(grp, "units", "arcsec"));
  LG_CALL(lg_h5_attr_string(grp, "convention",
                            "pixel centres at (i - (npix-1)/2) * fov/npix; maps are [iy][ix], x along the last axis"));
  LG_CALL(lg_h5_dataset(h->file, "grid/x", H5T_NATIVE_DOUBLE, 1, &n, 0, 0, "arcsec", &dx));
  LG_CALL(lg_h5_dataset(h->file, "grid/y", H5T_NATIVE_DOUBLE, 1, &n, 0, 0, "arcsec", &dy));
  double *c = malloc(n * sizeof *c);
  LG_CHECK(c != NULL, LG_ERR_NOMEM, "cannot allocate the grid");
  for (int i = 0; i < g->npix; i++) c[i] = lg_grid_coord(g, i);
  /* collective write: rank 0 holds the data, the others select nothing */
  hid_t fs = H5Dget_space(dx), ms = H5Screate_simple(1, &n, NULL);
  if (rank != 0) {
    H5Sselect_none(fs);
    H5Sselect_none(ms);
  }
  herr_t w1 = H5Dwrite(dx, H5T_NATIVE_DOUBLE, ms, fs, h->dxpl, c);
  herr_t w2 = H5Dwrite(dy, H5T_NATIVE_DOUBLE, ms, fs, h->dxpl, c);
  free(c);
  H5Sclose(fs);
  H5Sclose(ms);
  H5Dclose(dx);
  H5Dclose(dy);
  H5Gclose(grp);
  LG_CALL_H5(w1);
  LG_CALL_H5(w2);
  return LG_OK;
}

static lg_err lg_h5_write_meta(lg_h5 *h, const lg_h5_meta *m) {
  hid_t f = h->file;
  LG_CALL(lg_h5_attr_string(f, "version", m->version));
  LG_CALL(lg_h5_attr_string(f, "git_commit", m->git_commit));
  LG_CALL(lg_h5_attr_string(f, "options", m->options));
  LG_CALL(lg_h5_attr_string(f, "config_key", m->config_key));
  LG_CALL(lg_h5_attr_uint64(f, "seed", m->seed));
  LG_CALL(lg_h5_attr_int64(f, "n_samples", h->schema.n_samples));
  LG_CALL(lg_h5_attr_int64(f, "n_ranks", m->n_ranks));
  LG_CALL(lg_h5_attr_string(f, "backend", m->backend));
  LG_CALL(lg_h5_attr_string(f, "cosmology", m->cosmology));
  LG_CALL(lg_h5_attr_string(f, "created", m->created));
  LG_CALL(lg_h5_attr_int64(f, "complete", 0));
  return LG_OK;
}

/* The compound type of /params: one float64 field per drawn parameter, in order. */
static lg_err lg_h5_params_type(const lg_h5_schema *s, hid_t *out) {
  LG_CALL_H5_ID(*out, H5Tcreate(H5T_COMPOUND, (size_t)s->n_params * sizeof(double)));
  for (int j = 0; j < s->n_params; j++)
    LG_CALL_H5(H5Tinsert(*out, s->param_names[j], (size_t)j * sizeof(double), H5T_NATIVE_DOUBLE));
  return LG_OK;
}

/* The file is built under <path>.partial and renamed onto path once its schema, attributes and
 * zeroed /done are flushed: a run killed while creating never leaves a half-made file at path (nor
 * destroys the file there before the new one is whole). */
static lg_err lg_h5_create_schema(lg_h5 *h, MPI_Comm comm, const char *path, const lg_h5_schema *s,
                                  const lg_h5_meta *m);

lg_err lg_h5_create(lg_h5 *h, MPI_Comm comm, const char *path, const lg_h5_schema *s, const lg_h5_meta *m) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  char tmp[4200];
  LG_CHECK(snprintf(tmp, sizeof tmp, "%s.partial", path) < (int)sizeof tmp, LG_ERR_FILE,
           "-data_output %s: path too long", path);
  lg_err e = lg_h5_create_schema(h, comm, tmp, s, m);
  int agreed = e == LG_OK, all = 0;
  MPI_Allreduce(&agreed, &all, 1, MPI_INT, MPI_MIN, comm);
  if (all && h->hook) h->hook(h->hook_arg, LG_H5_AT_CREATE);
  int renamed = 1;
  if (rank == 0) {
    if (all) {
      renamed = rename(tmp, path) == 0;
      if (!renamed) e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "-data_output %s: cannot rename %s onto it: %s",
                                   path, tmp, strerror(errno));
    } else {
      remove(tmp);
    }
  }
  MPI_Bcast(&renamed, 1, MPI_INT, 0, comm);
  if (!all || !renamed) {
    lg_h5_abandon(h);
    if (rank == 0 && !renamed) remove(tmp);
    if (e == LG_OK) e = lg_err_set(LG_ERR_PEER, __FILE__, __LINE__, __func__, "another rank failed to create %s", path);
    LG_CALL(e);
  }
  return LG_OK;
}

static lg_err lg_h5_create_schema(lg_h5 *h, MPI_Comm comm, const char *path, const lg_h5_schema *s,
                                  const lg_h5_meta *m) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  LG_CALL(lg_h5_open_common(h, comm, path, s, 1));
  const hsize_t n = (hsize_t)s->n_samples, np = (hsize_t)s->grid.npix;
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    if (!(s->products & (1u << p))) continue;
    const lg_product_info *info = lg_product_get(p);
    hsize_t dims[4] = {n, np, np, 0};
    int rk = 3;
    if (info->planes == 2) {
      dims[1] = 2;
      dims[2] = dims[3] = np;
      rk = 4;
    }
    LG_CALL(lg_h5_dataset(h->file, info->name, H5T_NATIVE_FLOAT, rk, dims,
                          (size_t)info->planes * np * np * sizeof(float), s->compress,
                          (s->image_units && (LG_IMAGE_PRODUCTS & (1u << p))) ? s->image_units : info->units,
                          &h->product[p]));
  }
  LG_CALL(lg_h5_params_type(s, &h->params_type));
  /* /params is small: never compressed, so its rows are written in place (see lg_h5_dataset) */
  LG_CALL(lg_h5_dataset(h->file, "params", h->params_type, 1, &n, (size_t)s->n_params * sizeof(double) * 256, 0, "see each field's meaning in README; angles arcsec, masses Msun, phi deg",
                        &h->params));
  if (s->ps_max_img > 0) {
    const hsize_t dims[3] = {n, (hsize_t)s->ps_max_img, 6};
    LG_CALL(lg_h5_dataset(h->file, "point_images", H5T_NATIVE_DOUBLE, 3, dims, (size_t)s->ps_max_img * 6 * 8,
                          s->compress,
                          "per image: x, y (arcsec), signed magnification, arrival time (days, up to a constant), "
                          "delay after the first image (days), type (1 minimum, 2 saddle, 3 maximum); NaN rows "
                          "past /point_images_count; sorted by arrival time",
                          &h->ps));
    LG_CALL(lg_h5_dataset(h->file, "point_images_count", H5T_NATIVE_INT32, 1, &n, 4, s->compress, "images",
                          &h->ps_count));
  }
  if (s->ps_curves > 0) {
    const hsize_t dims[4] = {n, (hsize_t)s->ps_curves, (hsize_t)s->ps_curve_pts, 4};
    const hsize_t kdims[2] = {n, (hsize_t)s->ps_curves};
    LG_CALL(lg_h5_dataset(h->file, "critical_curves", H5T_NATIVE_DOUBLE, 4, dims,
                          (size_t)s->ps_curves * s->ps_curve_pts * 4 * 8, s->compress,
                          "per curve and point: critical curve x, y and its caustic beta_x, beta_y (arcsec), "
                          "resampled by arc length; NaN where /critical_curves_kind is 0",
                          &h->crit));
    LG_CALL(lg_h5_dataset(h->file, "critical_curves_kind", H5T_NATIVE_INT32, 2, kdims, (size_t)s->ps_curves * 4,
                          s->compress, "0 none, 1 tangential, 2 radial, 3 cut (pseudo-caustic of a singular centre)",
                          &h->crit_kind));
  }
  LG_CALL(lg_h5_dataset(h->file, "done", H5T_NATIVE_UINT8, 1, &n, 64, 0,
                        "1 where the sample is written and flushed (resume bookkeeping)", &h->done));
  /* /done starts all zero: written explicitly, since fill values are off */
  long long lo = s->n_samples * rank, hi;
  int size;
  MPI_Comm_size(comm, &size);
  lo = s->n_samples * rank / size;
  hi = s->n_samples * (rank + 1) / size;
  uint8_t *zero = calloc((size_t)(hi - lo) + 1, 1);
  LG_CHECK(zero != NULL, LG_ERR_NOMEM, "cannot allocate /done");
  hsize_t start = (hsize_t)lo, count = (hsize_t)(hi - lo);
  hid_t fs = H5Dget_space(h->done), ms = H5Screate_simple(1, &count, NULL);
  if (count > 0)
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &count, NULL);
  else {
    H5Sselect_none(fs);
    H5Sselect_none(ms);
  }
  herr_t w = H5Dwrite(h->done, H5T_NATIVE_UINT8, ms, fs, h->dxpl, zero);
  free(zero);
  H5Sclose(fs);
  H5Sclose(ms);
  LG_CALL_H5(w);
  LG_CALL(lg_h5_write_grid(h, rank));
  LG_CALL(lg_h5_write_meta(h, m));
  LG_CALL_H5(H5Fflush(h->file, H5F_SCOPE_GLOBAL));
  return LG_OK;
}
