/* PSF kernels from .npy files and the FFTW convolution of images with a kernel (observe/psf.h).
 * FFTW is used in double precision, real-to-complex, with plans made once per (npix, kernel side). */
#include <complex.h> /* before fftw3.h: fftw_complex is then C99 double complex (STACK.md gotcha 1) */
#include <fftw3.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hd.h"
#include "observe/psf.h"

/* ---------------------------------------------------------------- .npy kernels ---------------- */

/* NumPy format (NEP 1, numpy.lib.format): "\x93NUMPY", major, minor, header length (uint16 LE for
 * 1.x, uint32 LE for 2.x and 3.x), a Python dict literal {'descr': ..., 'fortran_order': ...,
 * 'shape': (...)}, padding, then the raw data. */

/* The value text after "'key':" in hdr[0..len), or NULL. */
static const char *lg_npy_value(const char *hdr, size_t len, const char *key) {
  char quoted[32];
  const int n = snprintf(quoted, sizeof quoted, "'%s'", key);
  const char *end = hdr + len;
  for (const char *s = hdr; s + n <= end; s++) {
    if (memcmp(s, quoted, (size_t)n) != 0) continue;
    s += n;
    while (s < end && *s == ' ') s++;
    if (s >= end || *s != ':') return NULL;
    s++;
    while (s < end && *s == ' ') s++;
    return s < end ? s : NULL;
  }
  return NULL;
}

static int lg_npy_starts(const char *s, const char *end, const char *word) {
  const size_t n = strlen(word);
  return (size_t)(end - s) >= n && memcmp(s, word, n) == 0;
}

/* Parses the dict: itemsize 4 or 8, fortran order, 2D shape. */
static lg_err lg_npy_header(const char *path, const char *hdr, size_t len, int *itemsize, int *fortran,
                            size_t shape[2]) {
  const char *end = hdr + len, *v;
  LG_CHECK((v = lg_npy_value(hdr, len, "descr")) != NULL, LG_ERR_FILE, "PSF kernel %s: npy header lacks 'descr'", path);
  if (lg_npy_starts(v, end, "'<f8'"))
    *itemsize = 8;
  else if (lg_npy_starts(v, end, "'<f4'"))
    *itemsize = 4;
  else
    LG_FAIL(LG_ERR_FILE,
            "PSF kernel %s: npy dtype %.*s not supported (need '<f8' or '<f4': little-endian float64 "
            "or float32)",
            path, (int)(end - v < 8 ? end - v : 8), v);
  LG_CHECK((v = lg_npy_value(hdr, len, "fortran_order")) != NULL, LG_ERR_FILE,
           "PSF kernel %s: npy header lacks 'fortran_order'", path);
  if (lg_npy_starts(v, end, "True"))
    *fortran = 1;
  else if (lg_npy_starts(v, end, "False"))
    *fortran = 0;
  else
    LG_FAIL(LG_ERR_FILE, "PSF kernel %s: npy fortran_order is neither True nor False", path);
  LG_CHECK((v = lg_npy_value(hdr, len, "shape")) != NULL && *v == '(', LG_ERR_FILE,
           "PSF kernel %s: npy header lacks a 'shape' tuple", path);
  v++;
  int ndim = 0;
  for (;;) {
    while (v < end && (*v == ' ' || *v == ',')) v++;
    LG_CHECK(v < end, LG_ERR_FILE, "PSF kernel %s: npy shape tuple not closed", path);
    if (*v == ')') break;
    LG_CHECK(*v >= '0' && *v <= '9', LG_ERR_FILE, "PSF kernel %s: npy shape: digit expected, found '%c'", path, *v);
    size_t d = 0;
    while (v < end && *v >= '0' && *v <= '9') {
      LG_CHECK(d < 100000000u, LG_ERR_FILE, "PSF kernel %s: npy dimension too large", path);
      d = 10 * d + (size_t)(*v++ - '0');
    }
    if (ndim < 2) shape[ndim] = d;
    ndim++;
  }
  LG_CHECK(ndim == 2, LG_ERR_FILE, "PSF kernel %s: a %d-dimensional array; need a 2D array (ny, nx)", path, ndim);
  return LG_OK;
}

static lg_err lg_npy_read(FILE *f, const char *path, lg_psf_kernel *out) {
  unsigned char pre[12];
  LG_CHECK(fread(pre, 1, 10, f) == 10 && memcmp(pre, "\x93NUMPY", 6) == 0, LG_ERR_FILE,
           "PSF kernel %s: not a NumPy .npy file (no \\x93NUMPY magic)", path);
  const int major = pre[6];
  size_t hlen;
  if (major == 1) {
    hlen = (size_t)pre[8] | (size_t)pre[9] << 8;
  } else if (major == 2 || major == 3) {
    LG_CHECK(fread(pre + 10, 1, 2, f) == 2, LG_ERR_FILE, "PSF kernel %s: truncated npy header", path);
    hlen = (size_t)pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 | (size_t)pre[11] << 24;
  } else {
    LG_FAIL(LG_ERR_FILE, "PSF kernel %s: npy format version %d.%d not supported (1.0, 2.0, 3.0)", path, major, pre[7]);
  }
  LG_CHECK(hlen > 0 && hlen < (1u << 20), LG_ERR_FILE, "PSF kernel %s: npy header length %zu implausible", path, hlen);
  char *hdr = malloc(hlen);
  LG_CHECK(hdr != NULL, LG_ERR_NOMEM, "PSF kernel %s: out of memory", path);
  if (fread(hdr, 1, hlen, f) != hlen) {
    free(hdr);
    LG_FAIL(LG_ERR_FILE, "PSF kernel %s: truncated npy header (%zu bytes announced)", path, hlen);
  }
  int itemsize = 0, fortran = 0;
  size_t shape[2] = {0, 0};
  const lg_err e = lg_npy_header(path, hdr, hlen, &itemsize, &fortran, shape);
  free(hdr);
  LG_CALL(e);
  LG_CHECK(shape[0] == shape[1] && shape[0] % 2 == 1, LG_ERR_FILE,
           "PSF kernel %s: shape (%zu, %zu); need a square array of odd side (the centre pixel is the PSF centre)",
           path, shape[0], shape[1]);
  LG_CHECK(shape[0] <= 4097, LG_ERR_FILE, "PSF kernel %s: side %zu above 4097", path, shape[0]);
  const size_t n = shape[0], count = n * n;
  unsigned char *raw = malloc(count * (size_t)itemsize + 1);
  double *k = malloc(sizeof *k * count);
  if (raw == NULL || k == NULL) {
    free(raw);
    free(k);
    LG_FAIL(LG_ERR_NOMEM, "PSF kernel %s: out of memory for %zu x %zu", path, n, n);
  }
  /* exactly count items must follow: one byte more means trailing data */
  const size_t got = fread(raw, 1, count * (size_t)itemsize + 1, f);
  if (got != count * (size_t)itemsize) {
    free(raw);
    free(k);
    LG_FAIL(LG_ERR_FILE, "PSF kernel %s: %s data: %zu bytes for a %zu x %zu array of %d-byte floats", path,
            got < count * (size_t)itemsize ? "truncated" : "trailing", got, n, n, itemsize);
  }
  double sum = 0.0;
  int finite = 1;
  for (size_t i = 0; i < count; i++) {
    double v;
    if (itemsize == 8) {
      uint64_t w = 0;
      for (int b = 7; b >= 0; b--) w = w << 8 | raw[i * 8 + (size_t)b]; /* little-endian on disk */
      memcpy(&v, &w, sizeof v);
    } else {
      uint32_t w = 0;
      float fv;
      for (int b = 3; b >= 0; b--) w = w << 8 | raw[i * 4 + (size_t)b];
      memcpy(&fv, &w, sizeof fv);
      v = fv;
    }
    finite &= isfinite(v) != 0;
    /* Fortran order stores column-major: item i is element (i % n, i / n) */
    const size_t dst = fortran ? (i % n) * n + i / n : i;
    k[dst] = v;
    sum += v;
  }
  free(raw);
  if (!finite || !(sum > 0.0)) {
    free(k);
    LG_FAIL(LG_ERR_FILE, "PSF kernel %s: %s", path,
            !finite ? "holds NaN or infinite values" : "values sum to <= 0; a PSF kernel needs a positive sum");
  }
  for (size_t i = 0; i < count; i++) k[i] /= sum;
  out->size = (int)n;
  out->k = k;
  return LG_OK;
}

lg_err lg_psf_kernel_load_npy(const char *path, lg_psf_kernel *out) {
  out->size = 0;
  out->k = NULL;
  FILE *f = fopen(path, "rb");
  LG_CHECK(f != NULL, LG_ERR_FILE, "PSF kernel %s: cannot open for reading", path);
  const lg_err e = lg_npy_read(f, path, out);
  fclose(f);
  LG_CALL(e);
  return LG_OK;
}

lg_err lg_psf_kernel_make(const lg_psf_spec *spec, double pixel_arcsec, int supersample, lg_psf_kernel *out,
                          int *pitch_per_pixel) {
  out->size = 0;
  out->k = NULL;
  LG_CHECK(supersample >= 1, LG_ERR_RANGE, "PSF kernel: supersample %d, need >= 1", supersample);
  int r = supersample;
  const double pitch = pixel_arcsec / (double)supersample;
  switch (spec->kind) {
    case LG_PSF_NONE:
      out->k = malloc(sizeof *out->k);
      LG_CHECK(out->k != NULL, LG_ERR_NOMEM, "PSF kernel: out of memory");
      out->k[0] = 1.0;
      out->size = 1;
      r = 1;
      break;
    case LG_PSF_GAUSSIAN:
      LG_CALL(lg_psf_kernel_gaussian(spec->fwhm_arcsec, pitch, spec->radius_fwhm, out));
      break;
    case LG_PSF_MOFFAT:
      LG_CALL(lg_psf_kernel_moffat(spec->fwhm_arcsec, spec->moffat_beta, pitch, spec->radius_fwhm, out));
      break;
    case LG_PSF_PIXEL:
      r = spec->kernel_oversample > 1 ? spec->kernel_oversample : 1;
      LG_CHECK(supersample % r == 0, LG_ERR_OPTION,
               "PSF kernel %s has %d cells per pixel: the grid supersampling %d must be a multiple of it",
               spec->kernel_path, r, supersample);
      LG_CHECK(spec->kernel_path[0] != '\0', LG_ERR_OPTION, "PSF of kind pixel needs a kernel file (.npy)");
      LG_CALL(lg_psf_kernel_load_npy(spec->kernel_path, out));
      break;
    default:
      LG_FAIL(LG_ERR_OPTION, "PSF kind %d unknown (none, gaussian, moffat, pixel)", spec->kind);
  }
  if (pitch_per_pixel) *pitch_per_pixel = r;
  return LG_OK;
}

void lg_psf_bin(const double *fine, int n, int f, double *coarse) {
  const int nf = n * f;
  for (int iy = 0; iy < n; iy++)
    for (int ix = 0; ix < n; ix++) {
      double s = 0.0;
      for (int j = 0; j < f; j++) {
        const double *row = fine + (size_t)(iy * f + j) * nf + (size_t)ix * f;
        for (int i = 0; i < f; i++) s += row[i];
      }
      coarse[(size_t)iy * n + ix] = s;
    }
}

/* ---------------------------------------------------------------- convolution ----------------- */

struct lg_psf_conv {
  int npix;
  int ksize;           /* kernel side after cropping to <= 2 npix - 1 */
  int nfft;            /* N: padded side, >= npix + ksize - 1 */
  double *real;        /* N x N, fftw_malloc */
  fftw_complex *spec;  /* N x (N/2 + 1) */
  fftw_complex *kspec; /* the kernel's transform, divided by N^2 */
  fftw_plan fwd, bwd;
};

/* The smallest n' >= n whose prime factors are 2, 3, 5, 7 (FFTW's fastest sizes). */
static int lg_fft_good_size(int n) {
  for (int m = n;; m++) {
    int r = m;
    const int f[4] = {2, 3, 5, 7};
    for (int i = 0; i < 4; i++)
      while (r % f[i] == 0) r /= f[i];
    if (r == 1) return m;
  }
}

static void lg_psf_conv_release(lg_psf_conv *c) {
  if (c->fwd) fftw_destroy_plan(c->fwd);
  if (c->bwd) fftw_destroy_plan(c->bwd);
  fftw_free(c->real);
  fftw_free(c->spec);
  fftw_free(c->kspec);
  c->fwd = c->bwd = NULL;
  c->real = NULL;
  c->spec = c->kspec = NULL;
}

/* Allocates buffers and plans for kernel side ks. */
static lg_err lg_psf_conv_plan(lg_psf_conv *c, int ks) {
  lg_psf_conv_release(c);
  c->ksize = ks;
  c->nfft = ks == 1 ? 1 : lg_fft_good_size(c->npix + ks - 1);
  if (ks == 1) return LG_OK;
  const size_t n = (size_t)c->nfft, nc = n * (n / 2 + 1);
  c->real = fftw_malloc(sizeof *c->real * n * n);
  c->spec = fftw_malloc(sizeof *c->spec * nc);
  c->kspec = fftw_malloc(sizeof *c->kspec * nc);
  if (c->real == NULL || c->spec == NULL || c->kspec == NULL) {
    lg_psf_conv_release(c);
    LG_FAIL(LG_ERR_NOMEM, "PSF convolution: out of memory for a %d x %d FFT", c->nfft, c->nfft);
  }
  /* FFTW_ESTIMATE: no timing, so every rank picks the same algorithm and gets the same bits */
  c->fwd = fftw_plan_dft_r2c_2d(c->nfft, c->nfft, c->real, c->spec, FFTW_ESTIMATE);
  c->bwd = fftw_plan_dft_c2r_2d(c->nfft, c->nfft, c->spec, c->real, FFTW_ESTIMATE);
  if (c->fwd == NULL || c->bwd == NULL) {
    lg_psf_conv_release(c);
    LG_FAIL(LG_ERR_INTERNAL, "PSF convolution: FFTW could not plan a %d x %d transform", c->nfft, c->nfft);
  }
  return LG_OK;
}

lg_err lg_psf_conv_set_kernel(lg_psf_conv *c, const lg_psf_kernel *k) {
  LG_CHECK(k->size >= 1 && k->size % 2 == 1 && k->k != NULL, LG_ERR_RANGE, "PSF kernel side %d: need an odd side >= 1",
           k->size);
  const int maxs = 2 * c->npix - 1;
  const int ks = k->size < maxs ? k->size : maxs, off = (k->size - ks) / 2;
  if (ks != c->ksize || (ks > 1 && c->real == NULL)) LG_CALL(lg_psf_conv_plan(c, ks));
  if (ks == 1) return LG_OK;
  LG_CHECK(c->real != NULL && c->kspec != NULL, LG_ERR_INTERNAL, "PSF convolution: buffers missing after planning");
  const int n = c->nfft;
  const size_t nc = (size_t)n * (size_t)(n / 2 + 1);
  memset(c->real, 0, sizeof *c->real * (size_t)n * (size_t)n);
  for (int ky = 0; ky < ks; ky++)
    for (int kx = 0; kx < ks; kx++) c->real[(size_t)ky * n + kx] = k->k[(size_t)(ky + off) * k->size + kx + off];
  fftw_execute_dft_r2c(c->fwd, c->real, c->kspec);
  const double scale = 1.0 / ((double)n * (double)n); /* FFTW's c2r(r2c(x)) = N^2 x */
  for (size_t i = 0; i < nc; i++) c->kspec[i] *= scale;
  return LG_OK;
}

lg_err lg_psf_conv_create(int npix, const lg_psf_kernel *k, lg_psf_conv **out) {
  *out = NULL;
  LG_CHECK(npix >= 1, LG_ERR_RANGE, "PSF convolution: npix = %d, need >= 1", npix);
  lg_psf_conv *c = calloc(1, sizeof *c);
  LG_CHECK(c != NULL, LG_ERR_NOMEM, "PSF convolution: out of memory");
  c->npix = npix;
  c->ksize = 0;
  const lg_err e = lg_psf_conv_set_kernel(c, k);
  if (e != LG_OK) {
    lg_psf_conv_destroy(c);
    LG_CALL(e);
  }
  *out = c;
  return LG_OK;
}

lg_err lg_psf_conv_apply(lg_psf_conv *c, const double *in, double *out) {
  const int np = c->npix;
  if (c->ksize == 1) {
    if (out != in) memmove(out, in, sizeof *out * (size_t)np * (size_t)np);
    return LG_OK;
  }
  const int n = c->nfft, h = (c->ksize - 1) / 2;
  const size_t nc = (size_t)n * (size_t)(n / 2 + 1);
  memset(c->real, 0, sizeof *c->real * (size_t)n * (size_t)n);
  for (int iy = 0; iy < np; iy++) memcpy(c->real + (size_t)iy * n, in + (size_t)iy * np, sizeof *in * (size_t)np);
  fftw_execute(c->fwd);
  fftw_complex *LG_RESTRICT s = c->spec;
  const fftw_complex *LG_RESTRICT ks = c->kspec;
  for (size_t i = 0; i < nc; i++) s[i] *= ks[i];
  fftw_execute(c->bwd);
  /* full linear convolution index i + h holds the output centred like the input */
  for (int iy = 0; iy < np; iy++)
    memcpy(out + (size_t)iy * np, c->real + (size_t)(iy + h) * n + h, sizeof *out * (size_t)np);
  return LG_OK;
}

int lg_psf_conv_fft_size(const lg_psf_conv *c) { return c->nfft; }

void lg_psf_conv_destroy(lg_psf_conv *c) {
  if (c == NULL) return;
  lg_psf_conv_release(c);
  free(c);
}
