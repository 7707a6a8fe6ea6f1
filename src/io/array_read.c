/* The .npy and HDF5 array readers of io/array_read.h, with their checks. */
#define _POSIX_C_SOURCE 200809L
#include "io/array_read.h"

#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/h5_err.h"

#define LG_ARRAY_SPEC_MAX 4096

void lg_array_free(lg_array *a) {
  free(a->v);
  a->v = NULL;
  a->ndims = 0;
}

size_t lg_array_count(const lg_array *a) {
  size_t n = 1;
  for (int d = 0; d < a->ndims; d++) n *= (size_t)a->dims[d];
  return n;
}

unsigned long long lg_array_checksum(const lg_array *a) {
  uint64_t h = 14695981039346656037ULL;
  int64_t shape[LG_ARRAY_MAX_DIMS + 1] = {a->ndims};
  for (int d = 0; d < a->ndims; d++) shape[d + 1] = a->dims[d];
  const unsigned char *p = (const unsigned char *)shape;
  for (size_t i = 0; i < sizeof shape; i++) h = (h ^ p[i]) * 1099511628211ULL;
  p = (const unsigned char *)a->v;
  const size_t n = lg_array_count(a) * sizeof(double);
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
  return (unsigned long long)h;
}

static int lg_host_little_endian(void) {
  const uint16_t one = 1;
  return *(const unsigned char *)&one == 1;
}

/* The value of key in a .npy header dict ("{'descr': '<f8', 'fortran_order': False, ...}"): a
 * pointer just past "'key':" and its spaces, or NULL. */
static const char *lg_npy_field(const char *header, const char *key) {
  char pat[64];
  snprintf(pat, sizeof pat, "'%s'", key);
  const char *p = strstr(header, pat);
  if (!p) return NULL;
  p += strlen(pat);
  while (*p == ' ') p++;
  if (*p != ':') return NULL;
  p++;
  while (*p == ' ') p++;
  return p;
}

/* Dimensions within [min_dims, max_dims], each >= 1, at most max_values values in all. */
static lg_err lg_check_shape(const char *option, const char *spec, int ndims, const long long *dims, int min_dims,
                             int max_dims, size_t max_values) {
  char shape[128] = "";
  for (int d = 0; d < ndims && d < 8; d++) {
    const size_t u = strlen(shape);
    snprintf(shape + u, sizeof shape - u, "%s%lld", d ? " x " : "", dims[d]);
  }
  LG_CHECK(ndims >= min_dims && ndims <= max_dims, LG_ERR_FILE,
           "%s %s: the array is %d-D (%s); %d..%d dimensions are needed", option, spec, ndims, shape, min_dims,
           max_dims);
  double n = 1.0;
  for (int d = 0; d < ndims; d++) {
    LG_CHECK(dims[d] >= 1, LG_ERR_FILE, "%s %s: the array (%s) is empty", option, spec, shape);
    n *= (double)dims[d];
  }
  LG_CHECK(n <= (double)max_values, LG_ERR_FILE, "%s %s: the array (%s) has %.0f values; at most %zu are allowed",
           option, spec, shape, n, max_values);
  return LG_OK;
}

/* NumPy format 1.0/2.0/3.0 (numpy.lib.format): magic "\x93NUMPY", version, header length (2 or 4
 * bytes, little-endian), an ASCII dict with descr, fortran_order and shape, then the data. */
static lg_err lg_npy_read(const char *option, const char *spec, FILE *f, int min_dims, int max_dims, size_t max_values,
                          lg_array *out) {
  unsigned char pre[10];
  LG_CHECK(fread(pre, 1, 8, f) == 8, LG_ERR_FILE, "%s %s: truncated .npy header", option, spec);
  size_t hlen = 0;
  if (pre[6] == 1) {
    LG_CHECK(fread(pre + 8, 1, 2, f) == 2, LG_ERR_FILE, "%s %s: truncated .npy header", option, spec);
    hlen = (size_t)pre[8] | (size_t)pre[9] << 8;
  } else {
    unsigned char l4[4];
    LG_CHECK(pre[6] <= 3 && fread(l4, 1, 4, f) == 4, LG_ERR_FILE, "%s %s: unknown .npy version %d.%d", option, spec,
             pre[6], pre[7]);
    hlen = (size_t)l4[0] | (size_t)l4[1] << 8 | (size_t)l4[2] << 16 | (size_t)l4[3] << 24;
  }
  LG_CHECK(hlen > 0 && hlen < (1u << 20), LG_ERR_FILE, "%s %s: .npy header of %zu bytes", option, spec, hlen);
  char *header = malloc(hlen + 1);
  LG_CHECK(header != NULL, LG_ERR_NOMEM, "%s %s: cannot allocate the .npy header", option, spec);
  if (fread(header, 1, hlen, f) != hlen) {
    free(header);
    LG_FAIL(LG_ERR_FILE, "%s %s: truncated .npy header", option, spec);
  }
  header[hlen] = '\0';
  /* descr: '<f8', '>f4', ... */
  char descr[16] = "";
  const char *p = lg_npy_field(header, "descr");
  if (p && (*p == '\'' || *p == '"')) {
    const char q = *p++;
    size_t n = 0;
    while (p[n] && p[n] != q && n + 1 < sizeof descr) n++;
    memcpy(descr, p, n);
    descr[n] = '\0';
  }
  const char *fo = lg_npy_field(header, "fortran_order");
  const int fortran = fo && !strncmp(fo, "True", 4);
  long long dims[8];
  int ndims = 0, shape_ok = 0;
  p = lg_npy_field(header, "shape");
  if (p && *p == '(') {
    p++;
    shape_ok = 1;
    for (;;) {
      while (*p == ' ' || *p == ',') p++;
      if (*p == ')') break;
      char *end;
      errno = 0;
      const long long v = strtoll(p, &end, 10);
      if (end == p || errno || ndims == 8) {
        shape_ok = 0;
        break;
      }
      dims[ndims++] = v;
      p = end;
    }
  }
  free(header);
  LG_CHECK(shape_ok && fo, LG_ERR_FILE, "%s %s: unreadable .npy header (no shape or fortran_order)", option, spec);
  const int size = (descr[1] == 'f' && (descr[2] == '8' || descr[2] == '4') && descr[3] == '\0') ? descr[2] - '0' : 0;
  LG_CHECK(size && (descr[0] == '<' || descr[0] == '>' || descr[0] == '='), LG_ERR_FILE,
           "%s %s: dtype '%s' is not supported (float64 or float32: numpy.save(f, a.astype('f8')))", option, spec,
           descr);
  LG_CHECK(!fortran, LG_ERR_FILE,
           "%s %s: the array is in Fortran order; save a C-order array (numpy.ascontiguousarray)", option, spec);
  LG_CALL(lg_check_shape(option, spec, ndims, dims, min_dims, max_dims, max_values));
  out->ndims = ndims;
  for (int d = 0; d < ndims; d++) out->dims[d] = dims[d];
  const size_t n = lg_array_count(out);
  const int swap = descr[0] != '=' && (descr[0] == '<') != lg_host_little_endian();
  double *a = malloc(n * sizeof(double));
  LG_CHECK(a != NULL, LG_ERR_NOMEM, "%s %s: cannot allocate %zu values", option, spec, n);
  /* read into the tail of a when float32, then widen front to back (the float32 bytes stay ahead) */
  unsigned char *raw = (unsigned char *)a + (size == 4 ? n * 4 : 0);
  if (fread(raw, (size_t)size, n, f) != n) {
    free(a);
    LG_FAIL(LG_ERR_FILE, "%s %s: the .npy data is shorter than its shape says (%zu values)", option, spec, n);
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char b[8];
    memcpy(b, raw + i * (size_t)size, (size_t)size);
    if (swap)
      for (int k = 0; k < size / 2; k++) {
        const unsigned char t = b[k];
        b[k] = b[size - 1 - k];
        b[size - 1 - k] = t;
      }
    if (size == 8) {
      memcpy(&a[i], b, 8);
    } else {
      float v;
      memcpy(&v, b, 4);
      a[i] = v;
    }
  }
  out->v = a;
  return LG_OK;
}

static lg_err lg_h5_read_array(const char *option, const char *spec, const char *path, const char *dset, int min_dims,
                               int max_dims, size_t max_values, lg_array *out) {
  lg_h5_silence();
  hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) {
    char why[512];
    lg_h5_error_text(why, sizeof why);
    LG_FAIL(LG_ERR_FILE, "%s %s: cannot open the HDF5 file '%s': %s", option, spec, path, why);
  }
  lg_err e = LG_OK;
  hid_t ds = -1, space = -1, type = -1;
  double *a = NULL;
  ds = H5Dopen2(file, dset, H5P_DEFAULT);
  if (ds < 0) {
    char why[512];
    lg_h5_error_text(why, sizeof why);
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s %s: no dataset '%s' in '%s' (%s)", option, spec, dset,
                   path, why);
    goto done;
  }
  space = H5Dget_space(ds);
  type = H5Dget_type(ds);
  if (space < 0 || type < 0) {
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s %s: cannot read the dataset's shape", option, spec);
    goto done;
  }
  if (H5Tget_class(type) != H5T_FLOAT) {
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__,
                   "%s %s: the dataset is not floating point (float64 or float32 needed)", option, spec);
    goto done;
  }
  const int ndims = H5Sget_simple_extent_ndims(space);
  hsize_t hd[H5S_MAX_RANK];
  long long dims[H5S_MAX_RANK] = {0};
  if (ndims > 0 && H5Sget_simple_extent_dims(space, hd, NULL) == ndims)
    for (int d = 0; d < ndims; d++) dims[d] = (long long)hd[d];
  LG_CALL_GOTO(e, done, lg_check_shape(option, spec, ndims, dims, min_dims, max_dims, max_values));
  out->ndims = ndims;
  for (int d = 0; d < ndims; d++) out->dims[d] = dims[d];
  const size_t n = lg_array_count(out);
  a = malloc(n * sizeof(double));
  if (!a) {
    e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "%s %s: cannot allocate %zu values", option, spec, n);
    goto done;
  }
  if (H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a) < 0) {
    char why[512];
    lg_h5_error_text(why, sizeof why);
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s %s: cannot read the dataset: %s", option, spec, why);
    goto done;
  }
  out->v = a;
  a = NULL;
done:
  free(a);
  if (type >= 0) H5Tclose(type);
  if (space >= 0) H5Sclose(space);
  if (ds >= 0) H5Dclose(ds);
  H5Fclose(file);
  return e;
}

/* Reads without the finiteness check. */
static lg_err lg_array_read_raw(const char *option, const char *spec, int min_dims, int max_dims, size_t max_values,
                                lg_array *out) {
  char path[LG_ARRAY_SPEC_MAX];
  const char *dset = NULL;
  LG_CHECK(strlen(spec) < sizeof path, LG_ERR_OPTION, "%s: path longer than %zu characters", option, sizeof path - 1);
  snprintf(path, sizeof path, "%s", spec);
  struct stat st;
  if (stat(path, &st) != 0) {
    /* not a file as a whole: FILE:/DATASET, split at the last ":/" */
    char *c = NULL;
    for (char *s = strstr(path, ":/"); s; s = strstr(s + 1, ":/")) c = s;
    if (c) {
      *c = '\0';
      dset = c + 1;
    }
  }
  LG_CHECK(stat(path, &st) == 0, LG_ERR_FILE, "%s %s: cannot open '%s' (%s)", option, spec, path, strerror(errno));
  LG_CHECK(S_ISREG(st.st_mode), LG_ERR_FILE, "%s %s: '%s' is not a regular file", option, spec, path);
  FILE *f = fopen(path, "rb");
  LG_CHECK(f != NULL, LG_ERR_FILE, "%s %s: cannot open '%s' (%s)", option, spec, path, strerror(errno));
  unsigned char magic[6] = {0};
  const size_t got = fread(magic, 1, 6, f);
  if (got == 6 && !memcmp(magic, "\x93NUMPY", 6)) {
    rewind(f);
    lg_err e = LG_OK;
    if (dset)
      e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s %s: '%s' is a .npy file: it has no dataset '%s'",
                     option, spec, path, dset);
    else
      e = lg_npy_read(option, spec, f, min_dims, max_dims, max_values, out);
    fclose(f);
    return e;
  }
  fclose(f);
  lg_h5_silence();
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_h5 = H5Fis_accessible(path, H5P_DEFAULT);
#else
  const htri_t is_h5 = H5Fis_hdf5(path);
#endif
  H5Eclear2(H5E_DEFAULT);
  LG_CHECK(is_h5 > 0, LG_ERR_FILE, "%s %s: '%s' is neither a .npy file nor an HDF5 file", option, spec, path);
  LG_CHECK(dset != NULL, LG_ERR_FILE, "%s %s: '%s' is an HDF5 file: name the dataset, %s %s:/DATASET", option, spec,
           path, option, path);
  return lg_h5_read_array(option, spec, path, dset, min_dims, max_dims, max_values, out);
}

lg_err lg_array_read(const char *option, const char *spec, int min_dims, int max_dims, size_t max_values,
                     lg_array *out) {
  memset(out, 0, sizeof *out);
  LG_CHECK(min_dims >= 1 && min_dims <= max_dims && max_dims <= LG_ARRAY_MAX_DIMS, LG_ERR_INTERNAL,
           "%s: bad dimension bounds %d..%d", option, min_dims, max_dims);
  lg_err e = lg_array_read_raw(option, spec, min_dims, max_dims, max_values, out);
  if (e != LG_OK) {
    lg_array_free(out);
    return e;
  }
  /* every value finite: one NaN would spread over a whole FFT solve or image */
  const size_t n = lg_array_count(out);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(out->v[i])) {
      size_t idx[LG_ARRAY_MAX_DIMS] = {0}, r = i;
      for (int d = out->ndims - 1; d >= 0; d--) {
        idx[d] = r % (size_t)out->dims[d];
        r /= (size_t)out->dims[d];
      }
      char at[96];
      if (out->ndims == 1)
        snprintf(at, sizeof at, "[%zu]", idx[0]);
      else if (out->ndims == 2)
        snprintf(at, sizeof at, "[%zu][%zu]", idx[0], idx[1]);
      else
        snprintf(at, sizeof at, "[%zu][%zu][%zu]", idx[0], idx[1], idx[2]);
      const double v = out->v[i];
      lg_array_free(out);
      LG_FAIL(LG_ERR_FILE, "%s %s: value %g at %s: every value must be finite", option, spec, v, at);
    }
  return LG_OK;
}
