/* The per-sample observer (observe/observe.h): a Gaussian source through an undersampled Gaussian PSF
 * (JWST F115W-like, FWHM 1.3 px) at S = 4 gives the pixel-integrated widened Gaussian; without a PSF
 * the pipeline equals the grid's S x S render; an SIE + shear lens with a Sersic source and lens
 * light: bit-identical images when regenerated, noise only in `image`, consistent derived numbers;
 * an oversampled .npy kernel at an intermediate pitch; bad combinations refused. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_test.h"
#include "observe/light_info.h"
#include "observe/derived.h"
#include "observe/observe.h"
#include "observe/render.h"
#include "physics/profiles.h"

#define SQRT8LN2 2.3548200450309493820

static double pix1d(int i, int n, double pixel, double c, double s) {
  const double x0 = (i - 0.5 * (n - 1) - 0.5) * pixel, x1 = x0 + pixel;
  return 0.5 * (erf((x1 - c) / (s * sqrt(2.0))) - erf((x0 - c) / (s * sqrt(2.0))));
}

static void test_gaussian_through_psf(void) {
  lg_instrument in;
  LG_TEST_OK(lg_instrument_preset("jwst_f115w", &in));
  in.noise = LG_NOISE_NONE;
  const int np = 48;
  const double pixel = in.pixel_arcsec, ss = 0.05, sp = in.psf.fwhm_arcsec / SQRT8LN2;
  lg_grid g = {np, np * pixel, 4};
  lg_observe_opts opts = {.mu_supersample = 0, .snr_k_sigma = 1.0};
  lg_observer o;
  LG_TEST_OK(lg_observer_init(&o, &g, &in, &opts));
  const double u[6] = {0.021, -0.013, 24.0, ss, 1.0, 0.0};
  lg_light src;
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_GAUSS, u, in.zero_point_mag, &src));
  lg_scene sc = {NULL, 0, &src, 1, NULL, 0};
  double *img = malloc(sizeof *img * np * np);
  lg_observe_products out = {.image_noiseless = img};
  LG_TEST_OK(lg_observer_sample(&o, &sc, 1, 0, &out, NULL));
  const double st = sqrt(ss * ss + sp * sp), flux = lg_light_total_flux(&src);
  /* (a) the PSF step: the sub-pixel samples of G(ss) through P are the sub-pixel samples of the widened
   * G(st), then both are summed per pixel alike: compare with the widened source rendered at S = 4 */
  const double uw[6] = {0.021, -0.013, 24.0, st, 1.0, 0.0};
  lg_light wide;
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_GAUSS, uw, in.zero_point_mag, &wide));
  double *ref = malloc(sizeof *ref * np * np);
  LG_TEST_OK(lg_render_light(&g, &wide, 1, ref));
  double emax = 0.0, eint = 0.0, peak = 0.0, sum = 0.0, cx = 0.0, cy = 0.0;
  for (int y = 0; y < np; y++)
    for (int x = 0; x < np; x++) {
      const double v = img[y * np + x];
      const double exact = flux * pix1d(x, np, pixel, 0.021, st) * pix1d(y, np, pixel, -0.013, st);
      emax = fmax(emax, fabs(v - ref[y * np + x]));
      eint = fmax(eint, fabs(v - exact));
      peak = fmax(peak, exact);
      sum += v;
      cx += v * lg_grid_coord(&g, x);
      cy += v * lg_grid_coord(&g, y);
    }
  cx /= sum;
  cy /= sum;
  printf("Gaussian source (1.6 px) + Gaussian PSF (FWHM 1.3 px), S = 4: max |image - widened Gaussian at S = 4| / "
         "peak = %.2e; vs the exact pixel integral %.2e (the S = 4 midpoint rule); flux / F - 1 = %+.1e; centroid "
         "off by (%.1e, %.1e) arcsec\n",
         emax / peak, eint / peak, sum / flux - 1.0, cx - 0.021, cy + 0.013);
  LG_TEST_CHECK(emax / peak < 1e-9, "PSF step: widened Gaussian off by %.3g of the peak", emax / peak);
  LG_TEST_CHECK(eint / peak < 3e-3, "pixel integral off by %.3g of the peak", eint / peak);
  LG_TEST_CLOSE(sum, flux, 1e-12, 0.0);
  LG_TEST_CHECK(fabs(cx - 0.021) < 1e-12 && fabs(cy + 0.013) < 1e-12, "centroid moved");
  free(ref);
  lg_observer_free(&o);
  /* at S = 1 the kernel is sampled at 1.3 cells per FWHM: visibly wrong, as observe/psf.h warns */
  g.supersample = 1;
  LG_TEST_OK(lg_observer_init(&o, &g, &in, &opts));
  LG_TEST_OK(lg_observer_sample(&o, &sc, 1, 0, &out, NULL));
  double e1 = 0.0;
  for (int y = 0; y < np; y++)
    for (int x = 0; x < np; x++)
      e1 = fmax(e1, fabs(img[y * np + x] - flux * pix1d(x, np, pixel, 0.021, st) * pix1d(y, np, pixel, -0.013, st)));
  printf("  same at S = 1: max error / peak = %.2e\n", e1 / peak);
  lg_observer_free(&o);
  free(img);
}

/* SIE + shear, Sersic source, Sersic lens light. */
static void scene(lg_component lens[2], lg_light *src, lg_light *ll, double zp) {
  const double sie[5] = {0.02, -0.01, 1.1, 0.75, 20.0}, shear[2] = {0.03, -0.02};
  LG_TEST_OK(lg_profile_get(LG_PROFILE_SIE)->prepare(sie, NULL, &lens[0]));
  LG_TEST_OK(lg_profile_get(LG_PROFILE_SHEAR)->prepare(shear, NULL, &lens[1]));
  const double us[7] = {0.08, 0.05, 23.0, 0.2, 1.5, 0.7, 60.0}, ul[7] = {0.02, -0.01, 19.5, 0.9, 4.0, 0.8, 20.0};
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_SERSIC, us, zp, src));
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_SERSIC, ul, zp, ll));
}

static void test_lensed_sample(void) {
  lg_instrument in;
  LG_TEST_OK(lg_instrument_preset("hst_wfc3_f160w", &in));
  const int np = 64;
  const long n = (long)np * np;
  lg_grid g = {np, np * in.pixel_arcsec, 2};
  lg_observe_opts opts = {.mu_supersample = 2, .snr_k_sigma = 1.0};
  lg_observer o;
  LG_TEST_OK(lg_observer_init(&o, &g, &in, &opts));
  lg_component lens[2];
  lg_light src, ll;
  scene(lens, &src, &ll, in.zero_point_mag);
  lg_scene sc = {lens, 2, &src, 1, &ll, 1};
  double *b[8];
  for (int i = 0; i < 8; i++) b[i] = malloc(sizeof *b[i] * (size_t)n);
  lg_observe_products p1 = {b[0], b[1], b[2], b[3]}, p2 = {b[4], b[5], NULL, NULL};
  lg_observe_stats s1, s2;
  LG_TEST_OK(lg_observer_sample(&o, &sc, 77, 12345, &p1, &s1));
  LG_TEST_OK(lg_observer_sample(&o, &sc, 77, 12345, &p2, &s2));
  LG_TEST_CHECK(memcmp(b[0], b[4], sizeof *b[0] * (size_t)n) == 0 && memcmp(b[1], b[5], sizeof *b[1] * (size_t)n) == 0,
                "regenerated sample differs");
  LG_TEST_CHECK(s1.snr == s2.snr && s1.magnification == s2.magnification, "regenerated stats differ");
  LG_TEST_OK(lg_observer_sample(&o, &sc, 77, 12346, &p2, NULL));
  LG_TEST_CHECK(memcmp(b[1], b[5], sizeof *b[1] * (size_t)n) == 0, "noiseless image depends on the sample index");
  long diff = 0;
  for (long i = 0; i < n; i++) diff += b[0][i] != b[4][i];
  LG_TEST_CHECK(diff > n * 9 / 10, "another sample changes only %ld of %ld noisy pixels", diff, n);
  /* noiseless = arcs + lens light through the PSF: render the lens light alone */
  lg_scene only_light = {lens, 2, NULL, 0, &ll, 1};
  LG_TEST_OK(lg_observer_sample(&o, &only_light, 77, 12345, &p2, NULL));
  double emax = 0.0, peak = 0.0;
  for (long i = 0; i < n; i++) {
    emax = fmax(emax, fabs(b[1][i] - b[2][i] - b[5][i]));
    peak = fmax(peak, b[1][i]);
  }
  LG_TEST_CHECK(emax <= 1e-14 * peak, "noiseless != arcs + lens light: %.3g", emax / peak);
  /* magnification: the image's own S, a higher S, and lg_observe_magnification agree */
  double *work = malloc(sizeof *work * (size_t)n), mu8 = 0.0;
  LG_TEST_OK(lg_observe_magnification(&g, 8, lens, 2, &src, 1, work, &mu8, NULL, NULL));
  printf("SIE + shear, Sersic source: mu(S = 2) = %.5f, mu(S = 8) = %.5f; flux unlensed %.4f (analytic %.4f) e-/s; "
         "arc SNR %.1f over %ld pixels\n",
         s1.magnification, mu8, s1.flux_unlensed, lg_light_total_flux(&src), s1.snr, s1.snr_npix);
  LG_TEST_CHECK(s1.magnification > 2.0 && fabs(s1.magnification / mu8 - 1.0) < 1e-2, "mu %.6g vs %.6g at S = 8",
                s1.magnification, mu8);
  LG_TEST_CLOSE(s1.flux_unlensed, lg_light_total_flux(&src), 5e-3, 0.0); /* S = 2 at an n = 1.5 cusp */
  double su = 0.0;
  for (long i = 0; i < n; i++) su += b[3][i];
  LG_TEST_CLOSE(su, s1.flux_unlensed, 1e-12, 0.0); /* the unlensed product at the same S */
  LG_TEST_CHECK(s1.snr > 10.0 && s1.snr_npix > 20, "arc SNR %.3g over %ld pixels", s1.snr, s1.snr_npix);
  /* the noise of `image` has the model's variance where there is only sky (corners: no arcs, faint light) */
  lg_observer_free(&o);
  /* mode none: image == noiseless; mu_supersample 0: NaN */
  in.noise = LG_NOISE_NONE;
  opts.mu_supersample = 0;
  LG_TEST_OK(lg_observer_init(&o, &g, &in, &opts));
  LG_TEST_OK(lg_observer_sample(&o, &sc, 77, 12345, &p1, &s1));
  LG_TEST_CHECK(memcmp(b[0], b[1], sizeof *b[0] * (size_t)n) == 0, "noise none: image != noiseless");
  LG_TEST_CHECK(isnan(s1.magnification), "magnification computed although off");
  lg_observer_free(&o);
  /* no PSF: the pipeline (sub-pixels summed) equals the grid's S x S render */
  in.psf.kind = LG_PSF_NONE;
  LG_TEST_OK(lg_observer_init(&o, &g, &in, &opts));
  lg_scene no_light = {lens, 2, &src, 1, NULL, 0};
  LG_TEST_OK(lg_observer_sample(&o, &no_light, 77, 12345, &p1, NULL));
  LG_TEST_OK(lg_render_lensed(&g, lens, 2, &src, 1, work));
  emax = 0.0;
  peak = 0.0;
  for (long i = 0; i < n; i++) {
    emax = fmax(emax, fabs(b[1][i] - work[i]));
    peak = fmax(peak, work[i]);
  }
  LG_TEST_CHECK(emax <= 1e-13 * peak, "no PSF: pipeline differs from lg_render_lensed by %.3g", emax / peak);
  lg_observer_free(&o);
  free(work);
  for (int i = 0; i < 8; i++) free(b[i]);
}

/* A Gaussian kernel sampled at pixel/2 written as .npy (kernel_oversample 2), used at S = 4 (binned
 * to the kernel's pitch first) against the analytic PSF at S = 2 (the same kernel). */
static void test_npy_oversampled(void) {
  const double fwhm = 0.2, pixel = 0.08;
  lg_psf_kernel k;
  LG_TEST_OK(lg_psf_kernel_gaussian(fwhm, pixel / 2.0, 0.0, &k));
  FILE *f = fopen("obs_observer_k2.npy", "wb");
  char dict[128];
  const int dl =
      snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", k.size, k.size);
  int hl = dl + 1;
  while ((10 + hl) % 64) hl++;
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  fputc(hl & 255, f);
  fputc(hl >> 8, f);
  fwrite(dict, 1, (size_t)dl, f);
  for (int i = dl; i + 1 < hl; i++) fputc(' ', f);
  fputc('\n', f);
  fwrite(k.k, sizeof *k.k, (size_t)k.size * (size_t)k.size, f);
  fclose(f);
  lg_psf_kernel_free(&k);

  lg_instrument in;
  LG_TEST_OK(lg_instrument_preset("hst_wfc3_f160w", &in));
  in.noise = LG_NOISE_NONE;
  in.psf.fwhm_arcsec = fwhm;
  const int np = 40;
  const long n = (long)np * np;
  lg_grid g2 = {np, np * pixel, 2}, g4 = {np, np * pixel, 4};
  lg_observe_opts opts = {0, 1.0};
  const double u[6] = {0.03, 0.01, 22.0, 0.1, 0.8, 30.0};
  lg_light src;
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_GAUSS, u, in.zero_point_mag, &src));
  lg_scene sc = {NULL, 0, &src, 1, NULL, 0};
  double *a = malloc(sizeof *a * (size_t)n), *b = malloc(sizeof *b * (size_t)n);
  lg_observer o;
  LG_TEST_OK(lg_observer_init(&o, &g2, &in, &opts));
  LG_TEST_OK(lg_observer_sample(&o, &sc, 1, 0, &(lg_observe_products){.image_noiseless = a}, NULL));
  lg_observer_free(&o);
  in.psf.kind = LG_PSF_PIXEL;
  in.psf.kernel_oversample = 2;
  snprintf(in.psf.kernel_path, sizeof in.psf.kernel_path, "obs_observer_k2.npy");
  LG_TEST_OK(lg_observer_init(&o, &g4, &in, &opts));
  LG_TEST_CHECK(o.psf_cells == 2 && o.mid != NULL, "npy kernel at pitch 1/2 with S = 4: r = %d", o.psf_cells);
  LG_TEST_OK(lg_observer_sample(&o, &sc, 1, 0, &(lg_observe_products){.image_noiseless = b}, NULL));
  lg_observer_free(&o);
  /* S = 4 vs S = 2 differ by the midpoint rule's O(S^-2) (~5e-3 of the peak here); a misplaced
   * sub-pixel in the binning would shift the image by >= 1/4 pixel: the centroids tell */
  double emax = 0.0, peak = 0.0, fa = 0.0, fb = 0.0, ca = 0.0, cb = 0.0;
  for (long i = 0; i < n; i++) {
    emax = fmax(emax, fabs(a[i] - b[i]));
    peak = fmax(peak, a[i]);
    fa += a[i];
    fb += b[i];
    ca += a[i] * (lg_grid_coord(&g2, (int)(i % np)) + 3.0 * lg_grid_coord(&g2, (int)(i / np)));
    cb += b[i] * (lg_grid_coord(&g2, (int)(i % np)) + 3.0 * lg_grid_coord(&g2, (int)(i / np)));
  }
  printf(".npy kernel (2 cells/px) at S = 4 vs analytic at S = 2: max diff / peak = %.2e, centroids differ by "
         "%.1e arcsec\n",
         emax / peak, fabs(ca / fa - cb / fb));
  LG_TEST_CHECK(emax / peak < 1e-2, "oversampled .npy kernel path differs by %.3g", emax / peak);
  LG_TEST_CLOSE(fb, fa, 1e-12, 0.0);
  LG_TEST_CHECK(fabs(ca / fa - cb / fb) < 1e-12, "oversampled .npy kernel path moves the image");
  /* S = 3 is not a multiple of 2 */
  lg_grid g3 = {np, np * pixel, 3};
  lg_err_clear();
  LG_TEST_CHECK(lg_observer_init(&o, &g3, &in, &opts) == LG_ERR_OPTION && strstr(lg_err_message(), "multiple"),
                "S = 3 with a 2-cell kernel: %s", lg_err_message());
  lg_err_clear();
  remove("obs_observer_k2.npy");
  free(a);
  free(b);
}

int main(void) {
  test_gaussian_through_psf();
  test_lensed_sample();
  test_npy_oversampled();
  return lg_test_report("test_obs_observer");
}
