/* The pixelised lens's input (fields/kmap_input.h): the .npy and HDF5 readers with their checks,
 * and the options reader that run/config.c calls, which reads the map on rank 0, broadcasts it,
 * solves it on every rank and installs it in the registry of fields/kmap.h. */
#define _POSIX_C_SOURCE 200809L
#include "fields/kmap_input.h"

#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fields/kmap.h"
#include "io/h5_err.h"
#include "run/options.h"
#include "run/partition.h"

#define LG_KMAP_SPEC_MAX 4096

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

static lg_err lg_check_shape(const char *option, const char *spec, int ndims, const long long *dims) {
  LG_CHECK(ndims == 2, LG_ERR_FILE, "%s %s: the array is %d-D; a 2-D map [ny][nx] is needed", option, spec, ndims);
  for (int d = 0; d < 2; d++)
    LG_CHECK(dims[d] >= 2 && dims[d] <= LG_KMAP_MAX_SIDE, LG_ERR_FILE,
             "%s %s: a %lld x %lld map; each side must have 2..%d pixels", option, spec, dims[0], dims[1],
             LG_KMAP_MAX_SIDE);
  return LG_OK;
}

/* NumPy format 1.0/2.0/3.0 (numpy.lib.format): magic "\x93NUMPY", version, header length (2 or 4
 * bytes, little-endian), an ASCII dict with descr, fortran_order and shape, then the data. */
static lg_err lg_npy_read(const char *option, const char *spec, FILE *f, double **out, int *nx, int *ny) {
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
  LG_CALL(lg_check_shape(option, spec, ndims, dims));
  const size_t n = (size_t)dims[0] * (size_t)dims[1];
  const int swap = descr[0] != '=' && (descr[0] == '<') != lg_host_little_endian();
  double *a = malloc(n * sizeof(double));
  LG_CHECK(a != NULL, LG_ERR_NOMEM, "%s %s: cannot allocate a %lld x %lld map", option, spec, dims[0], dims[1]);
  /* read into the tail of a when float32, then widen front to back (the float32 bytes stay ahead) */
  unsigned char *raw = (unsigned char *)a + (size == 4 ? n * 4 : 0);
  if (fread(raw, (size_t)size, n, f) != n) {
    free(a);
    LG_FAIL(LG_ERR_FILE, "%s %s: the .npy data is shorter than its %lld x %lld shape", option, spec, dims[0], dims[1]);
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
  *ny = (int)dims[0];
  *nx = (int)dims[1];
  *out = a;
  return LG_OK;
}

static lg_err lg_h5_read_map(const char *option, const char *spec, const char *path, const char *dset, double **out,
                             int *nx, int *ny) {
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
  long long dims[2] = {0, 0};
  if (ndims == 2 && H5Sget_simple_extent_dims(space, hd, NULL) == 2) {
    dims[0] = (long long)hd[0];
    dims[1] = (long long)hd[1];
  }
  LG_CALL_GOTO(e, done, lg_check_shape(option, spec, ndims, dims));
  a = malloc((size_t)dims[0] * (size_t)dims[1] * sizeof(double));
  if (!a) {
    e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "%s %s: cannot allocate a %lld x %lld map", option, spec,
                   dims[0], dims[1]);
    goto done;
  }
  if (H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a) < 0) {
    char why[512];
    lg_h5_error_text(why, sizeof why);
    e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s %s: cannot read the dataset: %s", option, spec, why);
    goto done;
  }
  *ny = (int)dims[0];
  *nx = (int)dims[1];
  *out = a;
  a = NULL;
done:
  free(a);
  if (type >= 0) H5Tclose(type);
  if (space >= 0) H5Sclose(space);
  if (ds >= 0) H5Dclose(ds);
  H5Fclose(file);
  return e;
}

lg_err lg_kmap_read(const char *option, const char *spec, double **kappa, int *nx, int *ny) {
  *kappa = NULL;
  char path[LG_KMAP_SPEC_MAX];
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
  lg_err e = LG_OK;
  if (got == 6 && !memcmp(magic, "\x93NUMPY", 6)) {
    rewind(f);
    if (dset)
      e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s %s: '%s' is a .npy file: it has no dataset '%s'",
                     option, spec, path, dset);
    else
      LG_CALL_GOTO(e, closed, lg_npy_read(option, spec, f, kappa, nx, ny));
    fclose(f);
  } else {
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
    LG_CALL(lg_h5_read_map(option, spec, path, dset, kappa, nx, ny));
  }
  LG_CALL(e);
  /* every value finite: one NaN would spread over the whole solve through the FFT */
  const size_t n = (size_t)*nx * (size_t)*ny;
  for (size_t i = 0; i < n; i++)
    if (!isfinite((*kappa)[i])) {
      const double v = (*kappa)[i];
      free(*kappa);
      *kappa = NULL;
      LG_FAIL(LG_ERR_FILE, "%s %s: value %g at [%zu][%zu]: every pixel of the map must be finite", option, spec, v,
              i / (size_t)*nx, i % (size_t)*nx);
    }
  return LG_OK;
closed:
  fclose(f);
  return e;
}

/* FNV-1a 64 over the shape and the values' bytes (host order; every rank has the same bytes). */
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
