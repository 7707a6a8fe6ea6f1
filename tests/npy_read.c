/* .npy reader (NumPy NEP 1 format): magic "\x93NUMPY", version, header length, a Python dict literal
 * with descr, fortran_order and shape, then the raw data. Little-endian float64, C order only. */
#include "npy_read.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value text of key in a Python dict literal hdr[0..len), starting after the ':' and spaces. */
static lg_err lg_npy_field(const char *hdr, size_t len, const char *key, const char *name, const char **val) {
  char quoted[64];
  const int n = snprintf(quoted, sizeof quoted, "'%s'", key);
  LG_CHECK(n > 0 && (size_t)n < sizeof quoted, LG_ERR_INTERNAL, "npy key too long: %s", key);
  const char *end = hdr + len;
  for (const char *s = hdr; s + n <= end; s++) {
    if (memcmp(s, quoted, (size_t)n) != 0) continue;
    s += n;
    while (s < end && *s == ' ') s++;
    LG_CHECK(s < end && *s == ':', LG_ERR_FILE, "%s: npy header: ':' expected after %s", name, quoted);
    s++;
    while (s < end && *s == ' ') s++;
    *val = s;
    return LG_OK;
  }
  LG_FAIL(LG_ERR_FILE, "%s: npy header lacks the key %s: %.*s", name, quoted, (int)len, hdr);
}

lg_err lg_npy_parse_header(const char *hdr, size_t len, const char *name, lg_npy *a) {
  const char *end = hdr + len, *v;
  LG_CHECK(len > 0 && hdr[0] == '{', LG_ERR_FILE, "%s: npy header is not a dict: %.*s", name, (int)len, hdr);

  LG_CALL(lg_npy_field(hdr, len, "descr", name, &v));
  /* '<f8' is little-endian IEEE double; '|' and '=' never apply to f8 on disk from NumPy */
  LG_CHECK(end - v >= 5 && memcmp(v, "'<f8'", 5) == 0, LG_ERR_FILE,
           "%s: npy dtype %.*s not supported (only '<f8', little-endian float64)", name,
           (int)(end - v < 8 ? end - v : 8), v);

  LG_CALL(lg_npy_field(hdr, len, "fortran_order", name, &v));
  if (end - v >= 4 && memcmp(v, "True", 4) == 0)
    LG_FAIL(LG_ERR_FILE, "%s: npy fortran_order True not supported (C order only)", name);
  LG_CHECK(end - v >= 5 && memcmp(v, "False", 5) == 0, LG_ERR_FILE, "%s: npy fortran_order is neither True nor False",
           name);

  LG_CALL(lg_npy_field(hdr, len, "shape", name, &v));
  LG_CHECK(v < end && *v == '(', LG_ERR_FILE, "%s: npy shape is not a tuple", name);
  v++;
  a->ndim = 0;
  a->count = 1;
  for (;;) {
    while (v < end && (*v == ' ' || *v == ',')) v++;
    LG_CHECK(v < end, LG_ERR_FILE, "%s: npy shape tuple not closed", name);
    if (*v == ')') break;
    LG_CHECK(*v >= '0' && *v <= '9', LG_ERR_FILE, "%s: npy shape: digit expected, found '%c'", name, *v);
    LG_CHECK(a->ndim < LG_NPY_MAX_DIMS, LG_ERR_FILE, "%s: npy array of more than %d dimensions", name, LG_NPY_MAX_DIMS);
    size_t d = 0;
    while (v < end && *v >= '0' && *v <= '9') {
      LG_CHECK(d <= (SIZE_MAX - 9) / 10, LG_ERR_FILE, "%s: npy dimension too large", name);
      d = 10 * d + (size_t)(*v - '0');
      v++;
    }
    LG_CHECK(d == 0 || a->count <= SIZE_MAX / sizeof(double) / d, LG_ERR_FILE, "%s: npy array too large", name);
    a->shape[a->ndim++] = d;
    a->count *= d;
  }
  return LG_OK;
}

/* Little-endian IEEE double from 8 bytes, whatever the host byte order. */
static double lg_npy_f8le(const unsigned char *b) {
  uint64_t u = 0;
  for (int k = 7; k >= 0; k--) u = (u << 8) | b[k];
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

lg_err lg_npy_load(const char *path, lg_npy *a) {
  memset(a, 0, sizeof *a);
  lg_err e = LG_OK;
  unsigned char *raw = NULL;
  long size = 0;
  FILE *f = fopen(path, "rb");
  LG_CHECK(f != NULL, LG_ERR_FILE, "%s: cannot open the reference map (is LG_REFS_DIR right?)", path);
  if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    LG_FAIL(LG_ERR_FILE, "%s: cannot determine the file size", path);
  }
  raw = malloc(size > 0 ? (size_t)size : 1);
  if (raw == NULL) {
    fclose(f);
    LG_FAIL(LG_ERR_NOMEM, "%s: out of memory (%ld bytes)", path, size);
  }
  const size_t got = fread(raw, 1, (size_t)size, f);
  fclose(f);
  if (got != (size_t)size) {
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s: read %zu of %ld bytes", path, got, size);
    goto done;
  }
  if (size < 10 || memcmp(raw, "\x93NUMPY", 6) != 0) {
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s: not a .npy file (bad magic)", path);
    goto done;
  }
  const int major = raw[6];
  size_t hlen, hoff;
  if (major == 1) {
    hlen = (size_t)raw[8] | (size_t)raw[9] << 8;
    hoff = 10;
  } else if ((major == 2 || major == 3) && size >= 12) {
    hlen = (size_t)raw[8] | (size_t)raw[9] << 8 | (size_t)raw[10] << 16 | (size_t)raw[11] << 24;
    hoff = 12;
  } else {
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s: npy format version %d not supported", path, major);
    goto done;
  }
  if (hoff + hlen > (size_t)size) {
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s: npy header longer than the file", path);
    goto done;
  }
  LG_CALL_GOTO(e, done, lg_npy_parse_header((const char *)raw + hoff, hlen, path, a));
  const size_t data_bytes = (size_t)size - hoff - hlen;
  if (data_bytes != a->count * sizeof(double)) {
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__,
                   "%s: %zu data bytes, but the shape asks for %zu float64 values (%zu bytes)", path, data_bytes,
                   a->count, a->count * sizeof(double));
    goto done;
  }
  a->data = malloc(a->count ? a->count * sizeof(double) : 1);
  if (a->data == NULL) {
    e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "%s: out of memory for %zu values", path, a->count);
    goto done;
  }
  for (size_t k = 0; k < a->count; k++) a->data[k] = lg_npy_f8le(raw + hoff + hlen + 8 * k);
done:
  free(raw);
  if (e != LG_OK) {
    free(a->data);
    a->data = NULL;
  }
  return e;
}

void lg_npy_free(lg_npy *a) {
  free(a->data);
  a->data = NULL;
  a->count = 0;
  a->ndim = 0;
}
