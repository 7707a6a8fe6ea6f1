/* Noise (observe/noise.h): the Poisson inversion is exact (every u lands in its CDF step), the
 * counts have the Poisson law (chi-square), image means and variances match Poisson + Gaussian
 * within a few standard errors in both the exact and the normal regimes, and the noise of a sample
 * is a pure function of (seed, sample, pixel): bit-identical when regenerated, whatever the image
 * size, different for another sample or seed. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg_test.h"
#include "observe/noise.h"

/* F[k] = P(X <= k) for Poisson(lambda), k = 0..kmax, summed from 0 in long double, pmf in logs. */
static long double *cdf_table(double lambda, int kmax) {
  long double *f = malloc(sizeof *f * (size_t)(kmax + 1)), s = 0.0L;
  for (int j = 0; j <= kmax; j++) {
    s += expl((long double)j * logl(lambda) - lambda - lgammal(j + 1.0L));
    f[j] = s;
  }
  return f;
}

static void test_inversion(void) {
  const double lams[7] = {0.003, 0.8, 3.7, 9.99, 150.5, 2345.6, 9876.5};
  int bad = 0;
  for (int l = 0; l < 7; l++) {
    const int kmax = (int)(lams[l] + 20.0 * sqrt(lams[l]) + 60.0);
    long double *f = cdf_table(lams[l], kmax);
    for (int i = 0; i <= 406; i++) {
      double u = (i + 0.5) / 401.0;
      /* the extremes lg_u01 can return, and both sides of the 1e-10 switch to the tail walks */
      const double ext[6] = {0x1p-54, 1e-14, 0.99e-10, 1.01e-10, 1.0 - 0x1p-53, 1.0 - 1e-12};
      if (i >= 401) u = ext[i - 401];
      const double k = lg_noise_poisson_inv(lams[l], u);
      const int ki = (int)k;
      const long double hi = ki <= kmax ? f[ki] : 1.0L, lo = ki > 0 && ki - 1 <= kmax ? f[ki - 1] : 0.0L;
      /* F(k - 1) < u <= F(k), to the rounding of the summed CDF (relative in the lower tail) */
      const long double tol = 1e-13L * (long double)u + 1e-18L;
      if (!(lo < (long double)u + tol && (long double)u <= hi + tol)) {
        if (bad++ < 5)
          fprintf(stderr, "lambda %g u %.17g: k = %g, F(k-1) = %.17Lg, F(k) = %.17Lg\n", lams[l], u, k, lo, hi);
      }
    }
    free(f);
  }
  LG_TEST_CHECK(bad == 0, "%d inversions outside their CDF step", bad);
  LG_TEST_CHECK(lg_noise_poisson_inv(0.0, 0.7) == 0.0 && lg_noise_poisson_inv(NAN, 0.7) == 0.0, "lambda 0 or NaN");
  /* the pmf (Loader) against the log form, where the latter is still accurate */
  LG_TEST_CLOSE(lg_noise_dpois(3.0, 2.5), exp(3.0 * log(2.5) - 2.5 - lgamma(4.0)), 1e-14, 0.0);
  LG_TEST_CLOSE(lg_noise_dpois(120.0, 100.0), expl(120.0L * logl(100.0L) - 100.0L - lgammal(121.0L)), 1e-13, 0.0);
}

static lg_noise_model model(double t, double sky, double rn, double gain, int nexp) {
  lg_noise_model m;
  m.mode = LG_NOISE_POISSON_GAUSS;
  m.t_s = t * nexp;
  m.sky_e_s = sky;
  m.read_var_e2 = nexp * (rn * rn + gain * gain / 12.0);
  m.normal_above = 1e4;
  m.sky_subtract = 1;
  return m;
}

/* Mean and variance of the noisy image of a flat field, against the model. */
static void check_moments(const char *what, lg_noise_model m, double clean, long n, uint64_t sample) {
  double *in = malloc(sizeof *in * (size_t)n), *out = malloc(sizeof *out * (size_t)n);
  for (long i = 0; i < n; i++) in[i] = clean;
  lg_noise_apply(&m, 42, sample, in, out, n);
  double mean = 0.0, var = 0.0;
  for (long i = 0; i < n; i++) mean += out[i];
  mean /= (double)n;
  for (long i = 0; i < n; i++) var += (out[i] - mean) * (out[i] - mean);
  var /= (double)(n - 1);
  /* in counts: lambda = (S + B) T, variance lambda + read (+ 1/12 of rounding in the normal regime) */
  const double lam = (clean + m.sky_e_s) * m.t_s, t2 = m.t_s * m.t_s;
  const double v = lam + m.read_var_e2 + (lam >= m.normal_above ? 1.0 / 12.0 : 0.0);
  const double want_mean = clean + (m.sky_subtract ? 0.0 : m.sky_e_s);
  const double se_mean = sqrt(v / (double)n) / m.t_s;
  /* var of the sample variance: (mu4 - v^2)/n, mu4 = 3 v^2 + kappa4, kappa4 = lambda (Poisson) */
  const double se_var = sqrt((2.0 * v * v + lam) / (double)n) / t2;
  const double zm = (mean - want_mean) / se_mean, zv = (var - v / t2) / se_var;
  printf("%-34s lambda %9.3g: mean z = %+5.2f, variance z = %+5.2f (var/model - 1 = %+.1e)\n", what, lam, zm, zv,
         var / (v / t2) - 1.0);
  LG_TEST_CHECK(fabs(zm) < 5.0 && fabs(zv) < 5.0, "%s: mean %.3g sigma, variance %.3g sigma off", what, zm, zv);
  LG_TEST_CLOSE(lg_noise_sigma(&m, clean) * lg_noise_sigma(&m, clean) * t2, lam + m.read_var_e2, 1e-12, 0.0);
  free(in);
  free(out);
}

static void test_moments(void) {
  const long n = 1L << 20;
  check_moments("exact, faint, read noise", model(100.0, 0.002, 3.0, 2.0, 1), 0.003, n, 1);
  check_moments("exact, 37 counts, 4 exposures", model(25.0, 0.2, 5.0, 2.5, 4), 0.17, n, 2);
  check_moments("exact, near the threshold", model(1000.0, 5.0, 10.0, 4.0, 1), 4.4, n, 3);
  check_moments("normal, above the threshold", model(1000.0, 5.0, 10.0, 4.0, 10), 0.5, n, 4);
  check_moments("normal, 1e6 counts", model(5400.0, 180.0, 12.0, 2.5, 1), 5.0, n, 5);
  lg_noise_model m = model(300.0, 0.5, 4.0, 3.0, 2);
  m.sky_subtract = 0;
  check_moments("sky left in", m, 0.25, n, 6);
}

/* chi-square of the count histogram of Poisson(3.7) against the pmf (no read noise, no sky). */
static void test_chi2(void) {
  const long n = 1L << 20;
  const double lam = 3.7;
  lg_noise_model m = model(1.0, 0.0, 0.0, 0.0, 1);
  m.sky_subtract = 0;
  double *in = malloc(sizeof *in * (size_t)n), *out = malloc(sizeof *out * (size_t)n);
  for (long i = 0; i < n; i++) in[i] = lam;
  lg_noise_apply(&m, 20240601, 3, in, out, n);
  enum { NB = 14 }; /* counts 0..12 and >= 13 */
  double hist[NB] = {0};
  int integer = 1;
  for (long i = 0; i < n; i++) {
    integer &= out[i] == floor(out[i]);
    const int k = out[i] < NB - 1 ? (int)out[i] : NB - 1;
    hist[k] += 1.0;
  }
  double chi2 = 0.0, tail = 1.0;
  for (int k = 0; k < NB; k++) {
    const double p = k < NB - 1 ? exp(k * log(lam) - lam - lgamma(k + 1.0)) : tail;
    if (k < NB - 1) tail -= p;
    chi2 += (hist[k] - n * p) * (hist[k] - n * p) / (n * p);
  }
  printf("Poisson(3.7), 2^20 pixels: chi^2 = %.1f for %d degrees of freedom (P(chi^2 > 40) = 1.4e-4)\n", chi2, NB - 1);
  LG_TEST_CHECK(integer, "pure Poisson counts are not integers");
  LG_TEST_CHECK(chi2 < 40.0, "chi^2 %.1f for 13 degrees of freedom", chi2);
  free(in);
  free(out);
}

static void test_reproducible(void) {
  const long n = 4096;
  lg_noise_model m = model(900.0, 0.3, 6.0, 2.0, 3);
  double *in = malloc(sizeof *in * n), *a = malloc(sizeof *a * n), *b = malloc(sizeof *b * n);
  for (long i = 0; i < n; i++) in[i] = 0.01 * (double)(i % 97);
  lg_noise_apply(&m, 123456789ull, 1000000007ull, in, a, n);
  lg_noise_apply(&m, 123456789ull, 1000000007ull, in, b, n);
  LG_TEST_CHECK(memcmp(a, b, sizeof *a * n) == 0, "regenerated noise differs");
  /* one pixel alone (another rank, batch or image size) gets the same bits */
  int same = 1;
  for (long p = 0; p < n; p += 37) same &= lg_noise_pixel(&m, in[p], 123456789ull, 1000000007ull, (uint32_t)p) == a[p];
  LG_TEST_CHECK(same, "a pixel's noise depends on more than (seed, sample, pixel)");
  long diff_sample = 0, diff_seed = 0;
  lg_noise_apply(&m, 123456789ull, 1000000008ull, in, b, n);
  for (long i = 0; i < n; i++) diff_sample += a[i] != b[i];
  lg_noise_apply(&m, 123456788ull, 1000000007ull, in, b, n);
  for (long i = 0; i < n; i++) diff_seed += a[i] != b[i];
  LG_TEST_CHECK(diff_sample > n * 9 / 10 && diff_seed > n * 9 / 10,
                "only %ld / %ld pixels change with the sample, %ld "
                "with the seed",
                diff_sample, n, diff_seed);
  /* in place, and mode none returns the input */
  memcpy(b, in, sizeof *b * n);
  lg_noise_apply(&m, 123456789ull, 1000000007ull, b, b, n);
  LG_TEST_CHECK(memcmp(a, b, sizeof *a * n) == 0, "in-place noise differs");
  m.mode = LG_NOISE_NONE;
  lg_noise_apply(&m, 1, 2, in, b, n);
  LG_TEST_CHECK(memcmp(in, b, sizeof *b * n) == 0, "mode none changed the image");
  free(in);
  free(a);
  free(b);
}

/* lg_noise_apply (pixels in SIMD lanes) equals lg_noise_pixel bit for bit over every path: no source,
 * lambda < 10, the central series path at sky levels 1e2 .. 1e4, the normal path above normal_above,
 * negative and NaN input, an image size that is not a multiple of the lane count. */
static void test_lanes_match_pixels(void) {
  const long n = 20011;
  const double skies[4] = {0.001, 0.02, 0.5, 7.0}; /* lambda = 2, 40, 1e3, 1.4e4 without source */
  double *in = malloc(sizeof *in * n), *a = malloc(sizeof *a * n);
  for (int s = 0; s < 4; s++) {
    lg_noise_model m = model(1000.0, skies[s], 5.0, 2.0, 2);
    for (long i = 0; i < n; i++) in[i] = i % 101 == 0 ? -1e-17 : 1e-4 * (double)(i % 997) * (double)(i % 13);
    in[7] = NAN;
    lg_noise_apply(&m, 99, (uint64_t)s, in, a, n);
    long bad = 0;
    for (long p = 0; p < n; p++) {
      const double want = lg_noise_pixel(&m, in[p], 99, (uint64_t)s, (uint32_t)p);
      bad += memcmp(&want, &a[p], sizeof want) != 0;
    }
    LG_TEST_CHECK(bad == 0, "sky %g e-/s: %ld of %ld pixels differ between lg_noise_apply and lg_noise_pixel", skies[s],
                  bad, n);
  }
  free(in);
  free(a);
}

int main(void) {
  test_lanes_match_pixels();
  test_inversion();
  test_moments();
  test_chi2();
  test_reproducible();
  return lg_test_report("test_obs_noise");
}
