/* Resume: probing an existing file before anything is touched, reopening it collectively with
 * its datasets checked against the schema, and reading the /done marks. */
#include <stdlib.h>
#include <string.h>

#include "io/h5_attr.h"
#include "io/h5_err.h"
#include "io/h5_file.h"
#include "io/h5_internal.h"

lg_err lg_h5_probe(const char *path, char **key, char **version, long long *n_samples, int *complete) {
  *key = NULL;
  *version = NULL;
  lg_h5_silence();
  htri_t is = H5Fis_hdf5(path);
  LG_CHECK(is > 0, LG_ERR_FILE, "%s is not an HDF5 file (or cannot be read)", path);
  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) {
    char why[512];
    lg_h5_error_text(why, sizeof why);
    LG_FAIL(LG_ERR_FILE, "%s: cannot open: %s", path, why);
  }
  long long c = 0;
  lg_err e = lg_h5_attr_read_string(f, "config_key", key);
  if (e == LG_OK) e = lg_h5_attr_read_string(f, "version", version);
  if (e == LG_OK) e = lg_h5_attr_read_int64(f, "n_samples", n_samples);
  if (e == LG_OK) e = lg_h5_attr_read_int64(f, "complete", &c);
  if (e == LG_OK && H5Lexists(f, "done", H5P_DEFAULT) <= 0) e = LG_ERR_FILE;
  H5Fclose(f);
  if (e != LG_OK) {
    free(*key);
    free(*version);
    *key = *version = NULL;
    LG_FAIL(LG_ERR_FILE, "%s is not a complete lensgen file (%s)", path, lg_err_message());
  }
  *complete = (int)c;
  return LG_OK;
}

/* Opens dataset name and checks its leading dimension and total rank. */
static lg_err lg_h5_open_dataset(hid_t file, const char *path, const char *name, int rank, const hsize_t *dims, hid_t *out) {
  LG_CHECK(H5Lexists(file, name, H5P_DEFAULT) > 0, LG_ERR_FILE,
           "-data_resume: %s has no dataset /%s, which these options produce", path, name);
  LG_CALL_H5_ID(*out, H5Dopen2(file, name, H5P_DEFAULT));
  hid_t space = H5Dget_space(*out);
  hsize_t got[8];
  int r = H5Sget_simple_extent_dims(space, got, NULL);
  H5Sclose(space);
  int same = r == rank;
  for (int d = 0; same && d < rank; d++) same = got[d] == dims[d];
  LG_CHECK(same, LG_ERR_FILE, "-data_resume: /%s in %s has another shape than these options produce", name, path);
  return LG_OK;
}

lg_err lg_h5_open(lg_h5 *h, MPI_Comm comm, const char *path, const lg_h5_schema *s) {
  LG_CALL(lg_h5_open_common(h, comm, path, s, 0));
  const hsize_t n = (hsize_t)s->n_samples, np = (hsize_t)s->grid.npix;
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    if (!(s->products & (1u << p))) continue;
    const lg_product_info *info = lg_product_get(p);
    hsize_t dims3[3] = {n, np, np}, dims4[4] = {n, 2, np, np};
    if (info->planes == 2)
      LG_CALL(lg_h5_open_dataset(h->file, path, info->name, 4, dims4, &h->product[p]));
    else
      LG_CALL(lg_h5_open_dataset(h->file, path, info->name, 3, dims3, &h->product[p]));
  }
  LG_CALL(lg_h5_open_dataset(h->file, path, "params", 1, &n, &h->params));
  LG_CALL_H5_ID(h->params_type, H5Tcreate(H5T_COMPOUND, (size_t)s->n_params * sizeof(double)));
  for (int j = 0; j < s->n_params; j++)
    LG_CALL_H5(H5Tinsert(h->params_type, s->param_names[j], (size_t)j * sizeof(double), H5T_NATIVE_DOUBLE));
  if (s->ps_max_img > 0) {
    const hsize_t dims[3] = {n, (hsize_t)s->ps_max_img, 6};
    LG_CALL(lg_h5_open_dataset(h->file, path, "point_images", 3, dims, &h->ps));
    LG_CALL(lg_h5_open_dataset(h->file, path, "point_images_count", 1, &n, &h->ps_count));
  }
  if (s->ps_curves > 0) {
    const hsize_t dims[4] = {n, (hsize_t)s->ps_curves, (hsize_t)s->ps_curve_pts, 4};
    const hsize_t kdims[2] = {n, (hsize_t)s->ps_curves};
    LG_CALL(lg_h5_open_dataset(h->file, path, "critical_curves", 4, dims, &h->crit));
    LG_CALL(lg_h5_open_dataset(h->file, path, "critical_curves_kind", 2, kdims, &h->crit_kind));
  }
  LG_CALL(lg_h5_open_dataset(h->file, path, "done", 1, &n, &h->done));
  return LG_OK;
}

lg_err lg_h5_read_done(lg_h5 *h, uint8_t *done) {
  LG_CALL_H5(H5Dread(h->done, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, h->dxpl, done));
  return LG_OK;
}
