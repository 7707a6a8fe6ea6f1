/* Benchmark of the observation layer (built, not run by ctest): images per second for an SIE + shear
 * lens, a Sersic source, 64 x 64 pixels, S = 2, a Gaussian PSF and noise (the hst_wfc3_f160w preset),
 * with the time per stage; and the PSF convolution (copy in, r2c, multiply, c2r, copy out) against
 * FFTW's bare r2c + c2r execute on the same padded sizes.
 * Usage: bench_observe [n_images (default 2000)] */
#include <complex.h>
#include <fftw3.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/timer.h"
#include "observe/light_info.h"
#include "observe/observe.h"
#include "observe/render.h"
#include "physics/profiles.h"

static double now(void) { return lg_time_now(); }

static int check(lg_err e) {
  if (e != LG_OK) lg_err_print(stderr);
  return e != LG_OK;
}

int main(int argc, char **argv) {
  const int nimg = argc > 1 ? atoi(argv[1]) : 2000;
  lg_instrument in;
  if (check(lg_instrument_preset("hst_wfc3_f160w", &in))) return 1;
  const int np = 64, s = 2;
  const lg_grid g = {np, np * in.pixel_arcsec, s};
  const lg_observe_opts opts = {.mu_supersample = s, .snr_k_sigma = 1.0};
  lg_observer o;
  if (check(lg_observer_init(&o, &g, &in, &opts))) return 1;
  const double sie[5] = {0.02, -0.01, 1.1, 0.75, 20.0}, shear[2] = {0.03, -0.02};
  lg_component lens[2];
  lg_profile_get(LG_PROFILE_SIE)->prepare(sie, NULL, &lens[0]);
  lg_profile_get(LG_PROFILE_SHEAR)->prepare(shear, NULL, &lens[1]);
  const long n = (long)np * np;
  double *img = malloc(sizeof *img * n), *clean = malloc(sizeof *clean * n), *arcs = malloc(sizeof *arcs * n);
  lg_observe_products out = {img, clean, arcs, NULL};
  lg_observe_stats st;
  double checksum = 0.0;
  const double t0 = now();
  for (int i = 0; i < nimg; i++) {
    const double us[7] = {0.1 * sin(i), 0.1 * cos(1.3 * i), 23.0, 0.2, 1.0 + 3.0 * (i % 7) / 7.0, 0.7, 10.0 * (i % 36)};
    lg_light src;
    if (check(lg_light_prepare(LG_LIGHT_SERSIC, us, in.zero_point_mag, &src))) return 1;
    const lg_scene sc = {lens, 2, &src, 1, NULL, 0};
    if (check(lg_observer_sample(&o, &sc, 2024, (uint64_t)i, &out, &st))) return 1;
    checksum += img[n / 2] + st.snr;
  }
  const double t_all = now() - t0;
  printf("observer: %d images of %d x %d, S = %d, SIE + shear, Sersic source, Gaussian PSF (FWHM %.3g\", kernel %d^2 "
         "at pixel/%d, FFT %d^2), noise, mu and SNR: %.1f images/s (%.3f ms each; checksum %.6g)\n",
         nimg, np, np, s, in.psf.fwhm_arcsec, o.kernel.size, o.psf_cells, lg_psf_conv_fft_size(o.conv), nimg / t_all,
         1e3 * t_all / nimg, checksum);

  /* stages */
  const int reps = nimg;
  const double us[7] = {0.05, 0.02, 23.0, 0.2, 2.0, 0.7, 10.0};
  lg_light src;
  lg_light_prepare(LG_LIGHT_SERSIC, us, in.zero_point_mag, &src);
  double t = now();
  for (int i = 0; i < reps; i++) lg_render_lensed(&o.fine, lens, 2, &src, 1, o.fine_src);
  const double t_render = (now() - t) / reps;
  t = now();
  for (int i = 0; i < reps; i++) lg_render_light(&o.fine, &src, 1, o.fine_light);
  const double t_unlensed = (now() - t) / reps;
  t = now();
  for (int i = 0; i < reps; i++) lg_psf_conv_apply(o.conv, o.fine_src, o.fine_light);
  const double t_conv = (now() - t) / reps;
  t = now();
  for (int i = 0; i < reps; i++) lg_noise_apply(&o.noise, 2024, (uint64_t)i, clean, img, n);
  const double t_noise = (now() - t) / reps;
  printf("stages per image: ray tracing %d^2 sub-pixels %.3f ms, unlensed source (for mu) %.3f ms, PSF "
         "convolution %.3f ms, noise %.3f ms\n",
         o.fine.npix, 1e3 * t_render, 1e3 * t_unlensed, 1e3 * t_conv, 1e3 * t_noise);
  lg_observer_free(&o);

  /* convolution vs bare FFTW on the same padded size */
  printf("PSF convolution vs FFTW execute (r2c + c2r, FFTW_ESTIMATE, same N):\n");
  const int sides[4] = {64, 128, 256, 512};
  for (int k = 0; k < 4; k++) {
    const int side = sides[k];
    lg_psf_kernel kern;
    lg_psf_kernel_gaussian(in.psf.fwhm_arcsec, in.pixel_arcsec / s, 0.0, &kern);
    lg_psf_conv *c;
    if (check(lg_psf_conv_create(side, &kern, &c))) return 1;
    const int nf = lg_psf_conv_fft_size(c);
    double *a = malloc(sizeof *a * side * side);
    for (long i = 0; i < (long)side * side; i++) a[i] = (double)(i % 13);
    const int r = side <= 128 ? 2000 : side <= 256 ? 400 : 100;
    t = now();
    for (int i = 0; i < r; i++) lg_psf_conv_apply(c, a, a);
    const double tc = (now() - t) / r;
    double *re = fftw_malloc(sizeof *re * nf * nf);
    fftw_complex *sp = fftw_malloc(sizeof *sp * nf * (nf / 2 + 1));
    fftw_plan f = fftw_plan_dft_r2c_2d(nf, nf, re, sp, FFTW_ESTIMATE);
    fftw_plan b = fftw_plan_dft_c2r_2d(nf, nf, sp, re, FFTW_ESTIMATE);
    for (long i = 0; i < (long)nf * nf; i++) re[i] = 0.0;
    t = now();
    for (int i = 0; i < r; i++) {
      fftw_execute(f);
      fftw_execute(b);
    }
    const double tf = (now() - t) / r;
    printf("  image %4d^2, kernel %2d^2, FFT %4d^2: convolution %8.1f us, bare FFTW %8.1f us (ratio %.2f)\n", side,
           kern.size, nf, 1e6 * tc, 1e6 * tf, tc / tf);
    fftw_destroy_plan(f);
    fftw_destroy_plan(b);
    fftw_free(re);
    fftw_free(sp);
    free(a);
    lg_psf_conv_destroy(c);
    lg_psf_kernel_free(&kern);
  }
  free(img);
  free(clean);
  free(arcs);
  return 0;
}
