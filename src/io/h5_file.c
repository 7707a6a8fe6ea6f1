/* Opening and closing the shared file with the MPI-IO driver, the timing profile and the
 * completion mark. */
#include <string.h>

#include "io/h5_attr.h"
#include "io/h5_err.h"
#include "io/h5_file.h"
#include "io/h5_internal.h"

void lg_h5_reset(lg_h5 *h) {
  memset(h, 0, sizeof *h);
  h->file = h->dxpl = h->params = h->params_type = h->done = h->ps = h->ps_count = h->crit = h->crit_kind = -1;
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) h->product[p] = -1;
}

lg_err lg_h5_open_common(lg_h5 *h, MPI_Comm comm, const char *path, const lg_h5_schema *s, int create) {
  const lg_h5_hook hook = h->hook;
  void *hook_arg = h->hook_arg;
  lg_h5_reset(h);
  h->hook = hook;
  h->hook_arg = hook_arg;
  h->comm = comm;
  h->schema = *s;
  lg_h5_silence();
  hid_t fapl;
  LG_CALL_H5_ID(fapl, H5Pcreate(H5P_FILE_ACCESS));
  herr_t st = H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  /* metadata reads and writes collective: one rank touches the disk, the others get broadcasts */
  if (st >= 0) st = H5Pset_all_coll_metadata_ops(fapl, 1);
  if (st >= 0) st = H5Pset_coll_metadata_write(fapl, 1);
  /* no metadata-cache evictions: dirty metadata reaches the disk only in H5Fflush, so between two
   * flushes the file on disk stays the consistent image of the last one (crash consistency) */
  H5AC_cache_config_t mdc;
  memset(&mdc, 0, sizeof mdc);
  mdc.version = H5AC__CURR_CACHE_CONFIG_VERSION;
  if (st >= 0) st = H5Pget_mdc_config(fapl, &mdc);
  if (st >= 0) {
    mdc.evictions_enabled = 0;
    mdc.incr_mode = H5C_incr__off;
    mdc.flash_incr_mode = H5C_flash_incr__off;
    mdc.decr_mode = H5C_decr__off;
    st = H5Pset_mdc_config(fapl, &mdc);
  }
  if (st >= 0)
    h->file = create ? H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl) : H5Fopen(path, H5F_ACC_RDWR, fapl);
  H5Pclose(fapl);
  if (st < 0 || h->file < 0) {
    char why[512];
    lg_h5_error_text(why, sizeof why);
    LG_FAIL(LG_ERR_FILE, "-data_output %s: cannot %s the file: %s", path, create ? "create" : "open", why);
  }
  LG_CALL_H5_ID(h->dxpl, H5Pcreate(H5P_DATASET_XFER));
  LG_CALL_H5(H5Pset_dxpl_mpio(h->dxpl, H5FD_MPIO_COLLECTIVE));
  return LG_OK;
}

lg_err lg_h5_write_profile(lg_h5 *h, const double *t, int n_ranks, int n_phases, const char *const *phase_names) {
  hid_t d, fs, ms;
  hsize_t dims[2] = {(hsize_t)n_ranks, (hsize_t)n_phases};
  int rank;
  MPI_Comm_rank(h->comm, &rank);
  if (H5Lexists(h->file, "profile", H5P_DEFAULT) > 0) LG_CALL_H5(H5Ldelete(h->file, "profile", H5P_DEFAULT));
  LG_CALL_H5_ID(fs, H5Screate_simple(2, dims, NULL));
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_obj_track_times(dcpl, 0);
  d = H5Dcreate2(h->file, "profile", H5T_NATIVE_DOUBLE, fs, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Pclose(dcpl);
  LG_CALL_H5(d);
  ms = H5Screate_simple(2, dims, NULL);
  if (rank != 0) {
    H5Sselect_none(fs);
    H5Sselect_none(ms);
  }
  herr_t w = H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, h->dxpl, t);
  H5Sclose(fs);
  H5Sclose(ms);
  char names[512] = "";
  for (int i = 0; i < n_phases; i++) {
    strncat(names, i ? "," : "", sizeof names - strlen(names) - 1);
    strncat(names, phase_names[i], sizeof names - strlen(names) - 1);
  }
  lg_err e = w < 0 ? LG_OK : lg_h5_attr_string(d, "phases", names);
  if (e == LG_OK && w >= 0) e = lg_h5_attr_string(d, "units", "s");
  if (e == LG_OK && w >= 0) e = lg_h5_attr_string(d, "layout", "[rank][phase]: wall seconds per rank and phase of the last run");
  H5Dclose(d);
  LG_CALL_H5(w);
  LG_CALL(e);
  return LG_OK;
}

static void lg_h5_close_objects(lg_h5 *h) {
  for (int p = 0; p < LG_PRODUCT_COUNT; p++)
    if (h->product[p] >= 0) H5Dclose(h->product[p]);
  if (h->params >= 0) H5Dclose(h->params);
  if (h->params_type >= 0) H5Tclose(h->params_type);
  if (h->done >= 0) H5Dclose(h->done);
  if (h->ps >= 0) H5Dclose(h->ps);
  if (h->ps_count >= 0) H5Dclose(h->ps_count);
  if (h->crit >= 0) H5Dclose(h->crit);
  if (h->crit_kind >= 0) H5Dclose(h->crit_kind);
  if (h->dxpl >= 0) H5Pclose(h->dxpl);
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) h->product[p] = -1;
  h->params = h->params_type = h->done = h->dxpl = h->ps = h->ps_count = h->crit = h->crit_kind = -1;
}

lg_err lg_h5_finish(lg_h5 *h, int complete) {
  if (complete) LG_CALL(lg_h5_attr_int64(h->file, "complete", 1));
  if (complete && h->hook) h->hook(h->hook_arg, LG_H5_AT_COMPLETE);
  lg_h5_close_objects(h);
  herr_t c = H5Fclose(h->file);
  h->file = -1;
  LG_CALL_H5(c);
  return LG_OK;
}

void lg_h5_abandon(lg_h5 *h) {
  lg_h5_close_objects(h);
  if (h->file >= 0) H5Fclose(h->file);
  h->file = -1;
}
