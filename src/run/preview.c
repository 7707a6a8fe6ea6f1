/* Preview PNG: one row per sample, one panel per stored map plane, read back from the file so the
 * picture shows what was written. */
#include "run/preview.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/h5_err.h"
#include "run/png_grid.h"

static const char *const lg_plane_names[LG_PRODUCT_COUNT][2] = {
    {"kappa", NULL}, {"alpha_x", "alpha_y"}, {"psi", NULL}, {"gamma1", "gamma2"}, {"mu", NULL},
    {"image", NULL},  {"noiseless", NULL}};

static lg_err lg_preview_read(hid_t f, const char *name, int planes, int ns, int npix, float *out) {
  hid_t d, fs, ms;
  LG_CALL_H5_ID(d, H5Dopen2(f, name, H5P_DEFAULT));
  fs = H5Dget_space(d);
  hsize_t start[4] = {0, 0, 0, 0}, count[4] = {(hsize_t)ns, (hsize_t)npix, (hsize_t)npix, (hsize_t)npix};
  int rank = 3;
  if (planes == 2) {
    count[1] = 2;
    rank = 4;
  }
  H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
  ms = H5Screate_simple(rank, count, NULL);
  herr_t r = H5Dread(d, H5T_NATIVE_FLOAT, ms, fs, H5P_DEFAULT, out);
  H5Sclose(ms);
  H5Sclose(fs);
  H5Dclose(d);
  LG_CALL_H5(r);
  return LG_OK;
}

lg_err lg_preview_write(const lg_config *c) {
  const int ns = (int)(c->n_samples < c->preview_n ? c->n_samples : c->preview_n);
  const int npix = c->grid.npix;
  const size_t np = (size_t)npix * npix;
  int ncols = 0;
  for (int p = 0; p < LG_PRODUCT_COUNT; p++)
    if (c->products & (1u << p)) ncols += lg_product_get(p)->planes;
  float *data = malloc((size_t)ns * ncols * np * sizeof(float));
  lg_png_panel *panels = calloc((size_t)ns * ncols, sizeof *panels);
  char(*titles)[48] = calloc((size_t)ns * ncols, sizeof *titles);
  hid_t f = -1;
  lg_err e = LG_OK;
  if (!data || !panels || !titles) {
    e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "-data_preview: cannot allocate the preview");
    goto done;
  }
  lg_h5_silence();
  f = H5Fopen(c->output, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) {
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "-data_preview: cannot reopen %s", c->output);
    goto done;
  }
  int col = 0;
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    if (!(c->products & (1u << p))) continue;
    const lg_product_info *info = lg_product_get(p);
    float *buf = malloc((size_t)ns * info->planes * np * sizeof(float));
    if (!buf) {
      e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "-data_preview: cannot allocate");
      goto done;
    }
    e = lg_preview_read(f, info->name, info->planes, ns, npix, buf);
    for (int s = 0; e == LG_OK && s < ns; s++) {
      for (int q = 0; q < info->planes; q++) {
        const int i = s * ncols + col + q;
        float *dst = data + (size_t)i * np;
        for (size_t k = 0; k < np; k++) dst[k] = buf[((size_t)s * info->planes + q) * np + k];
        snprintf(titles[i], sizeof titles[i], "#%d %s", s, lg_plane_names[p][q]);
        panels[i].data = dst;
        panels[i].nx = panels[i].ny = npix;
        panels[i].title = titles[i];
        panels[i].log_scale = p == LG_PRODUCT_KAPPA;
        panels[i].symmetric = p != LG_PRODUCT_KAPPA && p != LG_PRODUCT_PSI && p != LG_PRODUCT_IMAGE &&
                              p != LG_PRODUCT_IMAGE_NOISELESS;
      }
    }
    free(buf);
    if (e != LG_OK) goto done;
    col += info->planes;
  }
  char header[256];
  snprintf(header, sizeof header, "lensgen %.120s: first %d of %lld samples, %dx%d, fov %g arcsec", c->output, ns,
           c->n_samples, npix, npix, c->grid.fov_arcsec);
  const int scale = npix >= 128 ? 1 : (npix >= 48 ? 2 : 4);
  e = lg_png_write_grid(c->preview, header, panels, ns * ncols, ncols, scale);
done:
  if (f >= 0) H5Fclose(f);
  free(data);
  free(panels);
  free(titles);
  LG_CALL(e);
  return LG_OK;
}
