/* Collective writes of a batch: the rows of a batch form runs of consecutive indices; the file
 * selection is their union, the memory selection the contiguous batch buffer. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "io/h5_err.h"
#include "io/h5_file.h"

/* Selects rows[0..k) of dimension 0 (all of the other dims) in the file space of d. */
static lg_err lg_h5_select_rows(hid_t space, const long long *rows, int k) {
  hsize_t dims[4], start[4] = {0, 0, 0, 0}, count[4];
  int rank = H5Sget_simple_extent_dims(space, dims, NULL);
  LG_CALL_H5(rank);
  if (k == 0) {
    LG_CALL_H5(H5Sselect_none(space));
    return LG_OK;
  }
  for (int d = 0; d < rank; d++) count[d] = dims[d];
  H5S_seloper_t op = H5S_SELECT_SET;
  for (int i = 0; i < k;) {
    int j = i + 1;
    while (j < k && rows[j] == rows[j - 1] + 1) j++;
    start[0] = (hsize_t)rows[i];
    count[0] = (hsize_t)(j - i);
    LG_CALL_H5(H5Sselect_hyperslab(space, op, start, NULL, count, NULL));
    op = H5S_SELECT_OR;
    i = j;
  }
  return LG_OK;
}

static lg_err lg_h5_write_selected(lg_h5 *h, hid_t d, hid_t memtype, const long long *rows, int k, const void *buf) {
  hid_t fs, ms;
  hsize_t dims[4];
  LG_CALL_H5_ID(fs, H5Dget_space(d));
  int rank = H5Sget_simple_extent_dims(fs, dims, NULL);
  dims[0] = (hsize_t)(k > 0 ? k : 1);
  ms = H5Screate_simple(rank, dims, NULL);
  lg_err e = lg_h5_select_rows(fs, rows, k);
  if (e == LG_OK && k == 0) H5Sselect_none(ms);
  errno = 0;
  herr_t w = e == LG_OK ? H5Dwrite(d, memtype, ms, fs, h->dxpl, buf) : 0;
  const int err = errno;
  H5Sclose(ms);
  H5Sclose(fs);
  LG_CALL(e);
  if (w < 0) {
    /* the usual cause is a full disk or quota: say so, and that nothing finished is lost */
    char name[128] = "?", why[512], path[4096] = "";
    H5Iget_name(d, name, sizeof name);
    lg_h5_error_text(why, sizeof why);
    struct statvfs fsinfo;
    /* the directory, not the file: the name HDF5 knows may be the creation name <output>.partial */
    if (!err && H5Fget_name(d, path, sizeof path) > 0) {
      char *slash = strrchr(path, '/');
      if (slash) slash[slash == path ? 1 : 0] = '\0';
      else snprintf(path, sizeof path, ".");
      if (statvfs(path, &fsinfo) == 0 && (double)fsinfo.f_bavail * (double)fsinfo.f_frsize < 16.0 * 1048576.0)
        snprintf(why, sizeof why, "the file system of %.300s is full: %.0f bytes free", path,
                 (double)fsinfo.f_bavail * (double)fsinfo.f_frsize);
    }
    LG_FAIL(LG_ERR_IO,
            "-data_output: writing %s failed (%s%s%s); every sample marked done so far is kept: make room and "
            "complete the file with -data_resume",
            name, err ? strerror(err) : "no system error", why[0] ? "; " : "", why);
  }
  return LG_OK;
}

/* Every rank must make the same sequence of collective H5Dwrite calls: a rank whose write failed
 * locally (a full disk, a broken chunk index) must not skip the next dataset while the others wait
 * in it, so each write is followed by an agreement on its outcome. */
static lg_err lg_h5_agree(lg_h5 *h, lg_err e) {
  int ok = e == LG_OK, all = 0;
  if (MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, h->comm) != MPI_SUCCESS)
    return lg_err_set(LG_ERR_MPI, __FILE__, __LINE__, __func__, "MPI_Allreduce failed");
  if (e != LG_OK) return e;
  if (!all) return lg_err_set(LG_ERR_PEER, __FILE__, __LINE__, __func__, "another rank failed to write its slab");
  return LG_OK;
}

lg_err lg_h5_write_rows(lg_h5 *h, const long long *rows, int k, const lg_product_buffers *b, const double *params,
                        const lg_h5_catalog *cat) {
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    if (h->product[p] < 0) continue;
    lg_err e = b->buf[p] != NULL ? LG_OK
                                 : lg_err_set(LG_ERR_INTERNAL, __FILE__, __LINE__, __func__, "no buffer for product %s",
                                              lg_product_get(p)->name);
    if (e == LG_OK) e = lg_h5_write_selected(h, h->product[p], H5T_NATIVE_FLOAT, rows, k, b->buf[p]);
    LG_CALL(lg_h5_agree(h, e));
    if (h->hook) h->hook(h->hook_arg, LG_H5_AT_MID_WRITE);
  }
  LG_CALL(lg_h5_agree(h, lg_h5_write_selected(h, h->params, h->params_type, rows, k, params)));
  if (h->ps >= 0) {
    LG_CHECK(cat && cat->ps && cat->ps_count, LG_ERR_INTERNAL, "no point-image buffers");
    LG_CALL(lg_h5_agree(h, lg_h5_write_selected(h, h->ps, H5T_NATIVE_DOUBLE, rows, k, cat->ps)));
    LG_CALL(lg_h5_agree(h, lg_h5_write_selected(h, h->ps_count, H5T_NATIVE_INT32, rows, k, cat->ps_count)));
  }
  if (h->crit >= 0) {
    LG_CHECK(cat && cat->crit && cat->crit_kind, LG_ERR_INTERNAL, "no critical-curve buffers");
    LG_CALL(lg_h5_agree(h, lg_h5_write_selected(h, h->crit, H5T_NATIVE_DOUBLE, rows, k, cat->crit)));
    LG_CALL(lg_h5_agree(h, lg_h5_write_selected(h, h->crit_kind, H5T_NATIVE_INT32, rows, k, cat->crit_kind)));
  }
  return LG_OK;
}

lg_err lg_h5_mark_done(lg_h5 *h, const long long *rows, int k) {
  LG_CALL_H5(H5Fflush(h->file, H5F_SCOPE_GLOBAL));
  if (h->hook) h->hook(h->hook_arg, LG_H5_AT_FLUSHED);
  uint8_t *ones = malloc((size_t)(k > 0 ? k : 1));
  LG_CHECK(ones != NULL, LG_ERR_NOMEM, "cannot allocate done marks");
  for (int i = 0; i < k; i++) ones[i] = 1;
  lg_err e = lg_h5_write_selected(h, h->done, H5T_NATIVE_UINT8, rows, k, ones);
  free(ones);
  LG_CALL(e);
  /* no second flush: the marks only ever refer to data already on disk, and the next batch's flush
   * (or the close) makes them durable; a crash before that costs a regeneration, never a sample */
  return LG_OK;
}
