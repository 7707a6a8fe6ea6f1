/* PSF kernels and FFTW convolution (observe/psf.h): kernel shapes (half maximum at FWHM/2, second
 * moment), flux conservation, a delta gives the kernel with no wrap-around at the edges, a Gaussian
 * source through a Gaussian PSF gives the widened Gaussian, kernel cropping and replacement, and
 * .npy kernel files good and bad. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_test.h"
#include "observe/psf.h"

#define SQRT8LN2 2.3548200450309493820 /* FWHM / sigma */

static double kernel_at(const lg_psf_kernel *k, int dx, int dy) {
  const int h = (k->size - 1) / 2;
  return k->k[(h + dy) * k->size + h + dx];
}

static void test_kernels(void) {
  lg_psf_kernel k;
  /* FWHM = 4 pixels: the sample 2 pixels off centre is exactly half the centre one */
  LG_TEST_OK(lg_psf_kernel_gaussian(0.4, 0.1, 0.0, &k));
  LG_TEST_CHECK(k.size == 2 * 12 + 1, "Gaussian kernel side %d, want 25 (3 FWHM)", k.size);
  LG_TEST_CLOSE(kernel_at(&k, 2, 0) / kernel_at(&k, 0, 0), 0.5, 1e-14, 0.0);
  LG_TEST_CLOSE(kernel_at(&k, 0, -2) / kernel_at(&k, 0, 0), 0.5, 1e-14, 0.0);
  lg_psf_kernel_free(&k);
  LG_TEST_OK(lg_psf_kernel_moffat(0.4, 2.5, 0.1, 0.0, &k));
  LG_TEST_CLOSE(kernel_at(&k, -2, 0) / kernel_at(&k, 0, 0), 0.5, 1e-14, 0.0);
  double sum = 0.0;
  for (int i = 0; i < k.size * k.size; i++) sum += k.k[i];
  LG_TEST_CLOSE(sum, 1.0, 1e-14, 0.0);
  lg_psf_kernel_free(&k);
  /* second moment of the sampled Gaussian against sigma^2, by FWHM in pixels */
  const double fwhms[4] = {1.0, 1.5, 2.0, 3.0};
  for (int f = 0; f < 4; f++) {
    LG_TEST_OK(lg_psf_kernel_gaussian(fwhms[f], 1.0, 0.0, &k));
    double m2 = 0.0;
    const int h = (k.size - 1) / 2;
    for (int y = 0; y < k.size; y++)
      for (int x = 0; x < k.size; x++) m2 += k.k[y * k.size + x] * (double)((x - h) * (x - h));
    const double s = fwhms[f] / SQRT8LN2, rel = m2 / (s * s) - 1.0;
    printf("Gaussian kernel, FWHM %.1f px: <x^2> / sigma^2 - 1 = %+.2e\n", fwhms[f], rel);
    /* observe/psf.h: sample at FWHM >= 2 cells (S >= 2 pixels / FWHM) */
    LG_TEST_CHECK(fabs(rel) < (fwhms[f] >= 3.0   ? 1e-10
                               : fwhms[f] >= 2.0 ? 1e-4
                               : fwhms[f] >= 1.5 ? 0.02
                                                 : 0.5),
                  "second moment off by %.3g", rel);
    lg_psf_kernel_free(&k);
  }
  lg_err_clear();
  LG_TEST_CHECK(lg_psf_kernel_moffat(0.4, 1.0, 0.1, 0.0, &k) == LG_ERR_RANGE, "Moffat beta 1 accepted");
  LG_TEST_CHECK(lg_psf_kernel_gaussian(-1.0, 0.1, 0.0, &k) == LG_ERR_RANGE, "negative FWHM accepted");
  LG_TEST_CHECK(lg_psf_kernel_gaussian(100.0, 0.001, 0.0, &k) == LG_ERR_RANGE, "huge kernel accepted");
  lg_err_clear();
}

static void test_conserve_and_delta(void) {
  const int np = 48;
  const size_t n = (size_t)np * np;
  double *in = calloc(n, sizeof *in), *out = malloc(sizeof *out * n);
  lg_psf_kernel k;
  LG_TEST_OK(lg_psf_kernel_moffat(0.35, 3.0, 0.1, 0.0, &k)); /* side 43: FFT >= 90 */
  lg_psf_conv *c = NULL;
  LG_TEST_OK(lg_psf_conv_create(np, &k, &c));
  const int nf = lg_psf_conv_fft_size(c);
  int r = nf;
  for (int f = 2; f <= 7; f++)
    while (r % f == 0) r /= f;
  LG_TEST_CHECK(nf >= np + k.size - 1 && r == 1, "FFT size %d for npix %d, kernel %d", nf, np, k.size);
  /* flux: a compact source far enough from the edges that no flux leaves the field */
  double fin = 0.0;
  for (int y = 0; y < np; y++)
    for (int x = 0; x < np; x++) {
      const double dx = x - 23.3, dy = y - 24.6;
      in[y * np + x] = exp(-0.5 * (dx * dx + dy * dy) / 1.2) * (1.0 + 0.3 * sin(x * 1.7));
      fin += in[y * np + x];
    }
  /* with a Gaussian (truncated at 3 FWHM: nothing leaves a 48 px field from the centre) */
  lg_psf_kernel kg;
  LG_TEST_OK(lg_psf_kernel_gaussian(0.35, 0.1, 0.0, &kg));
  LG_TEST_OK(lg_psf_conv_set_kernel(c, &kg));
  LG_TEST_OK(lg_psf_conv_apply(c, in, out));
  double fout = 0.0;
  for (size_t i = 0; i < n; i++) fout += out[i];
  printf("Gaussian PSF: flux out / in - 1 = %+.2e\n", fout / fin - 1.0);
  LG_TEST_CLOSE(fout, fin, 1e-12, 0.0);
  /* in place gives the same bits */
  double *cp = malloc(sizeof *cp * n);
  memcpy(cp, in, sizeof *cp * n);
  LG_TEST_OK(lg_psf_conv_apply(c, cp, cp));
  LG_TEST_CHECK(memcmp(cp, out, sizeof *cp * n) == 0, "in-place convolution differs");
  /* back to the Moffat (another size: new plans); its wings leave the field, so check the delta */
  LG_TEST_OK(lg_psf_conv_set_kernel(c, &k));
  memset(in, 0, sizeof *in * n);
  in[0] = 1.0; /* delta in the corner pixel (0, 0) */
  LG_TEST_OK(lg_psf_conv_apply(c, in, out));
  const int h = (k.size - 1) / 2;
  double emax = 0.0, far = 0.0;
  for (int y = 0; y < np; y++)
    for (int x = 0; x < np; x++) {
      const double want = (x <= h && y <= h) ? k.k[(h + y) * k.size + h + x] : 0.0;
      const double d = fabs(out[y * np + x] - want);
      if (d > emax) emax = d;
      if (x > h || y > h) far = fmax(far, fabs(out[y * np + x]));
    }
  printf("delta in the corner: max |out - kernel| = %.2e; beyond the kernel (wrap-around) max %.2e\n", emax, far);
  LG_TEST_CHECK(emax < 1e-16 && far < 1e-16, "delta: kernel error %.3g, wrap-around %.3g", emax, far);
  /* a delta at the centre of an 11 px image gives the central 11 x 11 of the kernel */
  lg_psf_conv *c11 = NULL;
  LG_TEST_OK(lg_psf_conv_create(11, &k, &c11));
  double d11[121] = {0}, o11[121];
  d11[5 * 11 + 5] = 1.0;
  LG_TEST_OK(lg_psf_conv_apply(c11, d11, o11));
  emax = 0.0;
  for (int y = 0; y < 11; y++)
    for (int x = 0; x < 11; x++) emax = fmax(emax, fabs(o11[y * 11 + x] - kernel_at(&k, x - 5, y - 5)));
  LG_TEST_CHECK(emax < 1e-16, "cropped kernel (43 -> 21 for npix 11): error %.3g", emax);
  lg_psf_conv_destroy(c11);
  /* identity kernel copies */
  lg_psf_kernel id;
  lg_psf_spec none = {.kind = LG_PSF_NONE};
  LG_TEST_OK(lg_psf_kernel_make(&none, 0.1, 1, &id, NULL));
  LG_TEST_OK(lg_psf_conv_set_kernel(c, &id));
  LG_TEST_OK(lg_psf_conv_apply(c, cp, out));
  LG_TEST_CHECK(memcmp(cp, out, sizeof *cp * n) == 0 && lg_psf_conv_fft_size(c) == 1, "identity kernel");
  lg_psf_kernel_free(&id);
  lg_psf_conv_destroy(c);
  lg_psf_kernel_free(&k);
  lg_psf_kernel_free(&kg);
  free(in);
  free(out);
  free(cp);
}

/* Integral of a normalised Gaussian of width s over pixel [i - 1/2, i + 1/2] about centre c. */
static double pix1d(int i, double c, double s) {
  return 0.5 * (erf((i + 0.5 - c) / (s * sqrt(2.0))) - erf((i - 0.5 - c) / (s * sqrt(2.0))));
}

static void test_gauss_gauss(void) {
  const int np = 64;
  const double cx = 31.7, cy = 30.2, ss = 1.5, sp = 2.0, st = sqrt(ss * ss + sp * sp);
  double *in = malloc(sizeof *in * np * np), *out = malloc(sizeof *out * np * np);
  for (int y = 0; y < np; y++)
    for (int x = 0; x < np; x++) in[y * np + x] = pix1d(x, cx, ss) * pix1d(y, cy, ss); /* pixel-averaged source */
  lg_psf_kernel k;
  LG_TEST_OK(lg_psf_kernel_gaussian(sp * SQRT8LN2, 1.0, 0.0, &k));
  lg_psf_conv *c = NULL;
  LG_TEST_OK(lg_psf_conv_create(np, &k, &c));
  LG_TEST_OK(lg_psf_conv_apply(c, in, out));
  double emax = 0.0, peak = 0.0;
  for (int y = 0; y < np; y++)
    for (int x = 0; x < np; x++) {
      const double want = pix1d(x, cx, st) * pix1d(y, cy, st);
      emax = fmax(emax, fabs(out[y * np + x] - want));
      peak = fmax(peak, want);
    }
  printf("Gaussian (1.5 px) through Gaussian PSF (2 px): max |out - widened Gaussian| / peak = %.2e\n", emax / peak);
  LG_TEST_CHECK(emax / peak < 1e-9, "widened Gaussian off by %.3g of the peak", emax / peak);
  lg_psf_conv_destroy(c);
  lg_psf_kernel_free(&k);
  free(in);
  free(out);
}

/* ------------------------------------------------------------------------- .npy files */

/* Writes a .npy v1.0 (v2.0 if v2) with header dict text and raw data bytes. */
static void write_npy(const char *path, const char *dict, const void *data, size_t bytes, int v2) {
  FILE *f = fopen(path, "wb");
  if (!f) return;
  const size_t pre = v2 ? 12 : 10, dl = strlen(dict);
  size_t hl = dl + 1;
  while ((pre + hl) % 64) hl++;
  fwrite("\x93NUMPY", 1, 6, f);
  fputc(v2 ? 2 : 1, f);
  fputc(0, f);
  if (v2) {
    const unsigned char l[4] = {(unsigned char)hl, (unsigned char)(hl >> 8), 0, 0};
    fwrite(l, 1, 4, f);
  } else {
    const unsigned char l[2] = {(unsigned char)hl, (unsigned char)(hl >> 8)};
    fwrite(l, 1, 2, f);
  }
  fwrite(dict, 1, dl, f);
  for (size_t i = dl; i + 1 < hl; i++) fputc(' ', f);
  fputc('\n', f);
  if (bytes) fwrite(data, 1, bytes, f);
  fclose(f);
}

static void expect_bad(const char *path, const char *phrase) {
  lg_psf_kernel k = {0, NULL};
  lg_err_clear();
  const lg_err e = lg_psf_kernel_load_npy(path, &k);
  LG_TEST_CHECK(e == LG_ERR_FILE && strstr(lg_err_message(), path) && strstr(lg_err_message(), phrase),
                "%s: want an LG_ERR_FILE naming it and saying '%s'; got %d: %s", path, phrase, (int)e,
                lg_err_message());
  LG_TEST_CHECK(k.k == NULL, "failed load left a kernel");
  lg_err_clear();
}

static void test_npy(void) {
  /* a 3 x 3 asymmetric kernel, sum 10 (this test assumes a little-endian host, as NumPy files) */
  const double d[9] = {0, 1, 0, 2, 4, 1, 0, 1, 1};
  char path[64];
  lg_psf_kernel k;
  snprintf(path, sizeof path, "obs_psf_f8.npy");
  write_npy(path, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", d, sizeof d, 0);
  LG_TEST_OK(lg_psf_kernel_load_npy(path, &k));
  LG_TEST_CHECK(k.size == 3 && fabs(k.k[3] - 0.2) < 1e-16 && fabs(k.k[4] - 0.4) < 1e-16, "f8 kernel read wrong");
  lg_psf_kernel_free(&k);
  /* float32, format 2.0 */
  float f[9];
  for (int i = 0; i < 9; i++) f[i] = (float)d[i];
  snprintf(path, sizeof path, "obs_psf_f4.npy");
  write_npy(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 3), }", f, sizeof f, 1);
  LG_TEST_OK(lg_psf_kernel_load_npy(path, &k));
  LG_TEST_CHECK(k.size == 3 && fabs(k.k[5] - 0.1) < 1e-8, "f4 kernel read wrong");
  lg_psf_kernel_free(&k);
  /* Fortran order: the same bytes are the transpose */
  snprintf(path, sizeof path, "obs_psf_fortran.npy");
  write_npy(path, "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 3), }", d, sizeof d, 0);
  LG_TEST_OK(lg_psf_kernel_load_npy(path, &k));
  LG_TEST_CHECK(k.size == 3 && fabs(k.k[1] - 0.2) < 1e-16 && fabs(k.k[3] - 0.1) < 1e-16, "fortran order wrong");
  lg_psf_kernel_free(&k);
  /* through lg_psf_kernel_make */
  lg_psf_spec sp = {.kind = LG_PSF_PIXEL};
  snprintf(sp.kernel_path, sizeof sp.kernel_path, "obs_psf_f8.npy");
  LG_TEST_OK(lg_psf_kernel_make(&sp, 0.1, 1, &k, NULL));
  lg_psf_kernel_free(&k);

  const double d16[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  write_npy("obs_bad_even.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 4), }", d16, sizeof d16, 0);
  expect_bad("obs_bad_even.npy", "odd side");
  write_npy("obs_bad_rect.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 5), }", d16, 120, 0);
  expect_bad("obs_bad_rect.npy", "square");
  write_npy("obs_bad_1d.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (9,), }", d, sizeof d, 0);
  expect_bad("obs_bad_1d.npy", "1-dimensional");
  write_npy("obs_bad_3d.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3, 3), }", d, sizeof d, 0);
  expect_bad("obs_bad_3d.npy", "3-dimensional");
  write_npy("obs_bad_be.npy", "{'descr': '>f8', 'fortran_order': False, 'shape': (3, 3), }", d, sizeof d, 0);
  expect_bad("obs_bad_be.npy", "dtype '>f8'");
  write_npy("obs_bad_int.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (3, 3), }", d, 36, 0);
  expect_bad("obs_bad_int.npy", "not supported");
  write_npy("obs_bad_short.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", d, 64, 0);
  expect_bad("obs_bad_short.npy", "truncated data");
  write_npy("obs_bad_long.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", d16, 80, 0);
  expect_bad("obs_bad_long.npy", "trailing data");
  const double dn[9] = {0, 1, 0, 1, NAN, 1, 0, 1, 0};
  write_npy("obs_bad_nan.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", dn, sizeof dn, 0);
  expect_bad("obs_bad_nan.npy", "NaN");
  const double dz[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  write_npy("obs_bad_zero.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", dz, sizeof dz, 0);
  expect_bad("obs_bad_zero.npy", "positive sum");
  FILE *fp = fopen("obs_bad_magic.npy", "wb");
  if (fp) {
    fputs("not a numpy file at all", fp);
    fclose(fp);
  }
  expect_bad("obs_bad_magic.npy", "magic");
  expect_bad("obs_no_such_file.npy", "cannot open");
  sp.kernel_path[0] = '\0';
  lg_err_clear();
  LG_TEST_CHECK(lg_psf_kernel_make(&sp, 0.1, 1, &k, NULL) == LG_ERR_OPTION, "pixel PSF without a file accepted");
  lg_err_clear();
  const char *made[] = {"obs_psf_f8.npy",   "obs_psf_f4.npy",    "obs_psf_fortran.npy", "obs_bad_even.npy",
                        "obs_bad_rect.npy", "obs_bad_1d.npy",    "obs_bad_3d.npy",      "obs_bad_be.npy",
                        "obs_bad_int.npy",  "obs_bad_short.npy", "obs_bad_long.npy",    "obs_bad_nan.npy",
                        "obs_bad_zero.npy", "obs_bad_magic.npy"};
  for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) remove(made[i]);
}

int main(void) {
  test_kernels();
  test_conserve_and_delta();
  test_gauss_gauss();
  test_npy();
  return lg_test_report("test_obs_psf");
}
