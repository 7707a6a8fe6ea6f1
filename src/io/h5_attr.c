/* Attribute helpers: strings are variable-length UTF-8 so h5py returns them as str. Writing an
 * attribute is a metadata operation: every rank calls it with the same value (collective). */
#define _POSIX_C_SOURCE 200809L
#include "io/h5_attr.h"

#include <stdlib.h>
#include <string.h>

#include "io/h5_err.h"

static lg_err lg_h5_attr_write(hid_t obj, const char *name, hid_t type, const void *buf) {
  hid_t space = -1, attr = -1;
  if (H5Aexists(obj, name) > 0) LG_CALL_H5(H5Adelete(obj, name));
  LG_CALL_H5_ID(space, H5Screate(H5S_SCALAR));
  attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  herr_t w = attr < 0 ? -1 : H5Awrite(attr, type, buf);
  if (attr >= 0) H5Aclose(attr);
  H5Sclose(space);
  LG_CALL_H5(w);
  return LG_OK;
}

lg_err lg_h5_attr_string(hid_t obj, const char *name, const char *value) {
  hid_t type;
  LG_CALL_H5_ID(type, H5Tcopy(H5T_C_S1));
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  lg_err e = lg_h5_attr_write(obj, name, type, &value);
  H5Tclose(type);
  LG_CALL(e);
  return LG_OK;
}

lg_err lg_h5_attr_double(hid_t obj, const char *name, double value) {
  LG_CALL(lg_h5_attr_write(obj, name, H5T_NATIVE_DOUBLE, &value));
  return LG_OK;
}

lg_err lg_h5_attr_int64(hid_t obj, const char *name, long long value) {
  int64_t v = value;
  LG_CALL(lg_h5_attr_write(obj, name, H5T_NATIVE_INT64, &v));
  return LG_OK;
}

lg_err lg_h5_attr_uint64(hid_t obj, const char *name, uint64_t value) {
  LG_CALL(lg_h5_attr_write(obj, name, H5T_NATIVE_UINT64, &value));
  return LG_OK;
}

lg_err lg_h5_attr_read_string(hid_t obj, const char *name, char **value) {
  *value = NULL;
  LG_CHECK(H5Aexists(obj, name) > 0, LG_ERR_FILE, "attribute '%s' is missing", name);
  hid_t attr, ftype, type = -1;
  LG_CALL_H5_ID(attr, H5Aopen(obj, name, H5P_DEFAULT));
  ftype = H5Aget_type(attr);
  int ok = ftype >= 0 && H5Tget_class(ftype) == H5T_STRING && H5Tis_variable_str(ftype) > 0;
  if (ftype >= 0) H5Tclose(ftype);
  if (!ok) {
    H5Aclose(attr);
    LG_FAIL(LG_ERR_FILE, "attribute '%s' is not a lensgen string attribute", name);
  }
  type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  char *raw = NULL;
  herr_t r = H5Aread(attr, type, &raw);
  H5Tclose(type);
  H5Aclose(attr);
  LG_CALL_H5(r);
  *value = strdup(raw ? raw : "");
  H5free_memory(raw);
  LG_CHECK(*value != NULL, LG_ERR_NOMEM, "cannot copy attribute '%s'", name);
  return LG_OK;
}

lg_err lg_h5_attr_read_int64(hid_t obj, const char *name, long long *value) {
  LG_CHECK(H5Aexists(obj, name) > 0, LG_ERR_FILE, "attribute '%s' is missing", name);
  hid_t attr;
  int64_t v = 0;
  LG_CALL_H5_ID(attr, H5Aopen(obj, name, H5P_DEFAULT));
  herr_t r = H5Aread(attr, H5T_NATIVE_INT64, &v);
  H5Aclose(attr);
  LG_CALL_H5(r);
  *value = v;
  return LG_OK;
}
