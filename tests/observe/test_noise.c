/* Noise (observe/noise.h): the Poisson inversion is exact (every u lands in its CDF step), the
 * start of its central path, F(floor(lambda)) by a cached F(m, m) and quadrature, equals the series
 * summed at lambda to < 5e-15 (the series' own rounding) and gives the same counts as it did, the counts have the
 * Poisson law (chi-square), image means and variances match Poisson + Gaussian within a few standard errors in both the
 * exact and the normal regimes, and the noise of a sample is a pure function of (seed, sample, pixel): bit-identical
 * when regenerated, whatever the image size, different for another sample or seed. */
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

/* The central path as it was before F(m) moved to the cache + quadrature (commit 4348137): the series
 * summed at lambda itself and the pmf at lambda; the reference for the two tests below. */
static void old_start(double lambda, double *k, double *p, double *f) {
  *k = floor(lambda);
  *p = lg_noise_dpois(*k, lambda);
  *f = 1.0 - *p * (lambda / (*k + 1.0)) * lg_noise_poisson_series(lambda, *k);
}

static double old_poisson_inv(double lambda, double u) {
  if (!(lambda < 1e4) || !lg_noise_poisson_central(lambda, u)) return lg_noise_poisson_inv(lambda, u);
  double k, p, f;
  old_start(lambda, &k, &p, &f);
  return lg_noise_poisson_walk(lambda, u, k, p, f);
}

/* P(X <= kk) by the old start and the pmf recurrence. */
static double old_cdf(double lambda, double kk) {
  double k, p, f;
  old_start(lambda, &k, &p, &f);
  for (; k > kk; k -= 1.0) {
    f -= p;
    p *= k / lambda;
  }
  for (; k < kk;) {
    k += 1.0;
    p *= lambda / k;
    f += p;
  }
  return f;
}

/* lambda in [10, 1e4): log-uniform, uniform, and just above or below an integer (d = 0, 2^-40, 1 - 2^-40). */
static double test_lambda(long i, double a) {
  switch (i % 4) {
    case 0:
      return 10.0 * pow(1e3, a);
    case 1:
      return 10.0 + (1e4 - 10.0) * a;
    case 2:
      return floor(10.0 + (1e4 - 11.0) * a) + (i % 8 == 2 ? 0.0 : 0x1p-40);
    default:
      return floor(10.0 + (1e4 - 11.0) * a) + 1.0 - 0x1p-40;
  }
}

/* P(X <= k), k = floor(lambda) >= 10, to ~1e-16: the series of lg_noise_poisson_series summed in long
 * double (the double sum's rounding reaches 2.5e-15 at lambda ~ 1e4), the pmf by lg_noise_dpois (~2e-16). */
static double ref_cdf(double lambda) {
  const long double k = floorl(lambda), x = lambda;
  long double t = 1.0L, sum = 1.0L;
  for (long double j = k + 2.0L; t > 1e-22L * sum; j += 1.0L) {
    t *= x / j;
    sum += t;
  }
  return (double)(1.0L - (long double)lg_noise_dpois((double)k, lambda) * (x / (k + 1.0L)) * sum);
}

/* F(m, lambda) by cache value + quadrature against the series summed at lambda (the old start) and
 * against ref_cdf, and p(m, lambda) = p(m, m) exp(...) against lg_noise_dpois(m, lambda), over 4e5
 * lambdas and at every m in [10, 1e4) with d = 0, 2^-40, 1/2, 1 - 2^-40. */
static void test_mode_cdf(void) {
  double max_df = 0.0, max_dp = 0.0, at_f = 0.0, at_p = 0.0, err_new = 0.0, err_old = 0.0;
  long count = 0;
  for (long i = 0; i < 400000 + 4 * 9990; i++) {
    double lambda;
    if (i < 400000) {
      uint32_t w[4];
      lg_rng_block(7, 1, 0, (uint32_t)i, w);
      lambda = test_lambda(i, lg_u01(w[0], w[1]));
    } else {
      const long j = i - 400000;
      const double d[4] = {0.0, 0x1p-40, 0.5, 1.0 - 0x1p-40};
      lambda = 10.0 + (double)(j / 4) + d[j % 4];
    }
    double k, p0, f0, p1;
    old_start(lambda, &k, &p0, &f0);
    const double pm = lg_noise_dpois(k, k);
    const double f1 = lg_noise_mode_cdf_at(k, lambda - k, pm, lg_noise_mode_cdf(k, pm), &p1);
    const double df = fabs(f1 - f0), dp = fabs(p1 - p0) / p0;
    if (df > max_df) max_df = df, at_f = lambda;
    if (dp > max_dp) max_dp = dp, at_p = lambda;
    if (i % 16 == 0) { /* against the long-double sum */
      const double f = ref_cdf(lambda);
      err_new = fmax(err_new, fabs(f1 - f));
      err_old = fmax(err_old, fabs(f0 - f));
    }
    count++;
  }
  printf("F(floor(lambda), lambda), %ld lambdas in [10, 1e4): |quadrature - series| max %.3g (lambda %.17g); "
         "error against a long-double sum (every 16th): quadrature %.3g, series %.3g; "
         "p(floor(lambda), lambda) max relative diff %.3g (lambda %.17g)\n",
         count, max_df, at_f, err_new, err_old, max_dp, at_p);
  /* both carry the rounding of the double series (at m, at lambda): up to ~2.5e-15 each near 1e4 */
  LG_TEST_CHECK(max_df < 5e-15, "F by quadrature differs from the series by %.3g at lambda %.17g", max_df, at_f);
  LG_TEST_CHECK(err_new <= err_old && err_new < 3e-15, "F by quadrature off by %.3g, the series by %.3g", err_new,
                err_old);
  LG_TEST_CHECK(max_dp < 1e-14, "p(m, lambda) differs from lg_noise_dpois by %.3g relative at %.17g", max_dp, at_p);
}

/* Counts of lg_noise_apply (the cached, SIMD path) equal the old inversion for 2^21 (lambda, u1)
 * pairs, lambda in [10, 1e4), but where u1 lies within 1e-14 of a CDF step (F differs by < 1e-15). */
static void test_draws_match_old(void) {
  const long n = 1L << 21;
  lg_noise_model m = model(1.0, 0.0, 0.0, 0.0, 1); /* no sky, no read noise, T = 1: out = count */
  m.sky_subtract = 0;
  double *in = malloc(sizeof *in * n), *out = malloc(sizeof *out * n);
  for (long i = 0; i < n; i++) {
    uint32_t w[4];
    lg_rng_block(11, 2, 0, (uint32_t)i, w);
    in[i] = test_lambda(i, lg_u01(w[0], w[1]));
  }
  lg_noise_apply(&m, 31337, 5, in, out, n);
  long differ = 0, near_step = 0;
  double gap_max = 0.0;
  for (long i = 0; i < n; i++) {
    uint32_t w[4];
    lg_rng_block(31337, 5, LG_STREAM_NOISE, (uint32_t)i, w);
    const double u = lg_u01(w[0], w[1]), k_old = old_poisson_inv(in[i], u);
    if (out[i] == k_old) continue;
    const double gap = fabs(u - old_cdf(in[i], fmin(out[i], k_old)));
    differ++;
    near_step += gap < 1e-14;
    if (gap > gap_max) gap_max = gap;
    if (differ <= 5)
      fprintf(stderr, "lambda %.17g u %.17g: count %g, old %g, |u - F| %.3g\n", in[i], u, out[i], k_old, gap);
  }
  printf("%ld (lambda, u) pairs: %ld counts differ from the old inversion, %ld of them with u within 1e-14 of a CDF "
         "step (largest |u - F| %.3g)\n",
         n, differ, near_step, gap_max);
  LG_TEST_CHECK(differ == near_step, "%ld counts differ from the old inversion away from a CDF step",
                differ - near_step);
  free(in);
  free(out);
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
  test_mode_cdf();
  test_draws_match_old();
  test_moments();
  test_chi2();
  test_reproducible();
  return lg_test_report("test_obs_noise");
}
