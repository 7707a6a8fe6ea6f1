/* Detector noise of an observed image: Poisson noise of source + sky electrons, Gaussian read noise
 * (plus digitisation), optional sky subtraction; output in e-/s per pixel. Every random number is a
 * function of (seed, sample, LG_STREAM_NOISE, pixel) through Philox (sampling/rng.h), so an image is
 * bit-identical whichever rank, batch or thread makes it. Per-pixel functions are LG_HD (CUDA shares
 * them); observe/noise.c holds the model set-up and the loop over an image.
 *
 * Model, for a pixel of noiseless flux S (e-/s; observe/render.h), sky B (e-/s per pixel), total
 * exposure T = t_exp n_exp, read noise r (e- per exposure) and gain g (e-/ADU):
 *   N  = Poisson((S + B) T) + sqrt(n_exp (r^2 + g^2/12)) z,   z ~ N(0, 1)
 *   image = (N - B T) / T  (sky subtracted, the default: mean 0 where there is no source), or N / T.
 * g^2/12 is the variance of rounding each exposure to whole ADU (a uniform error of one ADU width;
 * Newberry 1991, PASP 103, 122). Expected variance of the image: ((S + B) T + n_exp (r^2 + g^2/12)) / T^2.
 *
 * Random numbers: pixel p = iy * npix + ix uses Philox block p of (seed, sample, LG_STREAM_NOISE): its
 * uniform u1 = lg_u01(w0, w1) draws the Poisson count, u2 = lg_u01(w2, w3) the read noise by
 * z = Phi^-1(u2). Blocks npix^2 and above are free for later uses of the noise stream (e.g. more
 * bands: band b at blocks b npix^2 + p).
 * Poisson counts with mean lambda below normal_above (default 1e4) are exact (to ~2e-15 in
 * probability): inversion of the CDF with u1 (one uniform per pixel, so draws never shift), searched
 * from the mode m = floor(lambda) with the recurrence p(k+1) = p(k) lambda / (k+1) (Devroye 1986,
 * "Non-Uniform Random Variate Generation", sec. X.3.3). The start F(m) = P(X <= m) = Q(m + 1, lambda)
 * (the regularized upper incomplete gamma function; Abramowitz & Stegun 26.4.21) costs O(1): at
 * lambda = m it depends on the integer m alone (a series, A&S 6.5.29, ~9 sqrt(m) terms, that
 * observe/noise.c caches per m), and dF/dlambda = -p(m, lambda) (the derivative of
 * sum_{k<=m} e^-lambda lambda^k / k! telescopes) carries it to lambda = m + d, 0 <= d < 1, by 6-point
 * Gauss-Legendre quadrature (A&S 25.4.30, nodes and weights A&S Table 25.4) of
 * p(m, m + t) = p(m, m) exp(m ln(1 + t/m) - t); details at lg_noise_poisson_inv. Cost per pixel with
 * the cache: 7 polynomial evaluations (SIMD lanes) and a walk of ~0.8 sqrt(lambda) steps, ~110 ns in
 * the image benchmark (tools/bench/results.md); lg_noise_pixel, without a cache, still sums the series
 * at m: O(sqrt(lambda)), ~0.3 us at lambda = 1e3. Above the threshold,
 * N = floor(lambda + sqrt(lambda) Phi^-1(u1) + 1/2): its neglected skewness 1/sqrt(lambda) is < 1%. */
#ifndef LG_NOISE_H
#define LG_NOISE_H

#include <math.h>
#include <stdint.h>

#include "core/err.h"
#include "core/hd.h"
#include "observe/presets.h"
#include "sampling/normal.h"
#include "sampling/rng.h"

typedef struct {
  int mode;            /* lg_noise_mode: LG_NOISE_NONE returns the image unchanged */
  double t_s;          /* total exposure T = exposure_s * n_exposures, s */
  double sky_e_s;      /* sky per pixel B, e-/s */
  double read_var_e2;  /* n_exp (r^2 + g^2/12), e-^2 */
  double normal_above; /* expected counts above which the Poisson draw is normal */
  int sky_subtract;    /* 1: subtract B T */
} lg_noise_model;

/* The model of instrument in (already checked) for pixels of pixel_arcsec:
 * B = 10^(-0.4 (sky_mag - zp)) pixel^2 e-/s. LG_ERR_RANGE if pixel_arcsec <= 0. */
lg_err lg_noise_model_init(lg_noise_model *m, const lg_instrument *in, double pixel_arcsec);

/* out[p] = noisy image (e-/s) of clean[p], p = 0..n-1 the pixel index iy*npix + ix; out may be clean. */
void lg_noise_apply(const lg_noise_model *m, uint64_t seed, uint64_t sample, const double *clean, double *out, long n);

/* Stirling's error stirlerr(n) = ln n! - (n + 1/2) ln n + n - ln sqrt(2 pi), n >= 1 (integer), and
 * the deviance term bd0(x, m) = x ln(x/m) + m - x, both without cancellation (Loader 2000, "Fast and
 * accurate computation of binomial probabilities"; the method of R's dpois): the Poisson pmf
 * p(k) = exp(-stirlerr(k) - bd0(k, lambda)) / sqrt(2 pi k) keeps ~1e-15 relative accuracy where
 * exp(k ln lambda - lambda - lgamma(k + 1)) loses 1e-12 for lambda ~ 1e4. */
LG_HD double lg_noise_stirlerr(double n) {
  if (n <= 15.0) return lgamma(n + 1.0) - (n + 0.5) * log(n) + n - 0.91893853320467274178; /* ln sqrt(2 pi) */
  const double nn = n * n; /* asymptotic series 1/12n - 1/360n^3 + 1/1260n^5 - 1/1680n^7 + 1/1188n^9 */
  return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - 1.0 / 1188 / nn) / nn) / nn) / nn) / n;
}

LG_HD double lg_noise_bd0(double x, double m) {
  if (fabs(x - m) < 0.1 * (x + m)) {
    const double v = (x - m) / (x + m);
    double s = (x - m) * v, ej = 2.0 * x * v;
    for (int j = 1; j < 1000; j++) { /* x ln(x/m) + m - x = (x - m) v + 2 x sum_j v^(2j+1) / (2j+1) */
      ej *= v * v;
      const double s1 = s + ej / (double)(2 * j + 1);
      if (s1 == s) break;
      s = s1;
    }
    return s;
  }
  return x * log(x / m) + m - x;
}

/* P(X = k) for X ~ Poisson(lambda), k >= 0 an integer, lambda > 0. */
LG_HD double lg_noise_dpois(double k, double lambda) {
  if (k == 0.0) return exp(-lambda);
  return exp(-lg_noise_stirlerr(k) - lg_noise_bd0(k, lambda)) / sqrt(2.0 * 3.14159265358979323846 * k);
}

/* The series for P(X <= k), k an integer, lambda >= 10 (lg_noise_poisson_inv sums it at lambda = k = floor of
 * its lambda; lg_noise_mode_cdf): sum_n lambda^n / ((k+2) ... (k+1+n))
 * (A&S 6.5.29 with the Poisson pmf p_x(a) as prefactor), so that P(X <= k) = 1 - p(k) lambda / (k+1) sum.
 * Four terms per division: t4 = t0 lambda^4 / (d1 d2 d3 d4), then t3 = t4 d4 / lambda, t2 = t3 d3 /
 * lambda, t1 = t2 d2 / lambda. */
LG_HD double lg_noise_poisson_series(double lambda, double k) {
  const double il = 1.0 / lambda, l4 = (lambda * lambda) * (lambda * lambda);
  double t0 = 1.0, sum = 1.0;
  for (double j = k + 2.0; j < k + 2.0 + 40.0 * sqrt(lambda) + 100.0; j += 4.0) {
    const double t4 = t0 * (l4 / ((j * (j + 1.0)) * ((j + 2.0) * (j + 3.0)))); /* the division is off the chain */
    const double t3 = t4 * (j + 3.0) * il, t2 = t3 * (j + 2.0) * il, t1 = t2 * (j + 1.0) * il;
    sum += (t1 + t2) + (t3 + t4);
    t0 = t4;
    if (t4 < 1e-17 * sum) break;
  }
  return sum;
}

/* The last step of lg_noise_poisson_inv: from k with pmf p = p(k) and CDF f = P(X <= k), the smallest
 * k with P(X <= k) >= u, by the pmf recurrence p(k+1) = p(k) lambda / (k+1). */
LG_HD double lg_noise_poisson_walk(double lambda, double u, double k, double p, double f) {
  if (u <= f) {
    while (k > 0.0) { /* down while P(X <= k - 1) = f - p(k) still >= u */
      const double fd = f - p;
      if (fd < u) break;
      f = fd;
      p *= k / lambda;
      k -= 1.0;
    }
  } else {
    while (f < u) {
      k += 1.0;
      p *= lambda / k;
      f += p;
    }
  }
  return k;
}

/* F(m, m) = P(X <= m) for X ~ Poisson(m), m >= 10 an integer, from pm = lg_noise_dpois(m, m): the
 * series of lg_noise_poisson_inv at lambda = m. A function of m alone (observe/noise.c caches it). */
LG_HD double lg_noise_mode_cdf(double m, double pm) {
  return 1.0 - pm * (m / (m + 1.0)) * lg_noise_poisson_series(m, m); /* p(m + 1) = p(m) m / (m + 1) */
}

/* p(m, m + t) / p(m, m) = exp(m ln(1 + t/m) - t) for m >= 10, 0 <= t <= 1, to ~1e-16 relative, in
 * + - * / only (the same bits in every SIMD lane and ISA). ln(1 + x) = 2 atanh(v), v = t / (2m + t),
 * so m ln(1 + t/m) - t = -t v + 2 m v^3 (1/3 + v^2/5 + ...) (the -t v exact, no cancellation); v < 1/21
 * and the series stops at v^15 (the next term < 1e-20). Then |h| <= t^2 / 2m <= 0.05 and exp(h) is
 * its Taylor polynomial to h^9 (the rest < 3e-20). */
LG_HD double lg_noise_mode_ratio(double m, double t) {
  const double v = t / (2.0 * m + t), w = v * v;
  const double s = 1.0 / 3 + w * (1.0 / 5 + w * (1.0 / 7 + w * (1.0 / 9 + w * (1.0 / 11 + w * (1.0 / 13 + w / 15)))));
  const double h = 2.0 * m * v * w * s - t * v;
  return 1.0 +
         h * (1.0 + h * (1.0 / 2 +
                         h * (1.0 / 6 +
                              h * (1.0 / 24 +
                                   h * (1.0 / 120 +
                                        h * (1.0 / 720 +
                                             h * (1.0 / 5040 + h * (1.0 / 40320 + h / 362880)))))))); /* exp(h), 1/n! */
}

/* F(m, m + d) = P(X <= m) for X ~ Poisson(m + d), m >= 10 an integer, 0 <= d < 1, from pm = p(m, m) and
 * fm = F(m, m); *p = p(m, m + d) for the walk. F(m, m + d) = F(m, m) - int_0^d p(m, m + t) dt by
 * 6-point Gauss-Legendre (A&S 25.4.30, nodes and weights A&S Table 25.4): the integrand is smooth on the
 * scale sqrt(m) >= 3, and the rule is right to 1e-17 relative at m = 10, d -> 1 (5 points: 3e-15). */
LG_HD double lg_noise_mode_cdf_at(double m, double d, double pm, double fm, double *p) {
  const double x1 = 0.932469514203152027812, x2 = 0.661209386466264513661, x3 = 0.238619186083196908631;
  const double w1 = 0.171324492379170345040, w2 = 0.360761573048138607570, w3 = 0.467913934572691047390;
  const double c = 0.5 * d; /* nodes t = c (1 -+ x_i) */
  const double g1 = lg_noise_mode_ratio(m, c - c * x1) + lg_noise_mode_ratio(m, c + c * x1);
  const double g2 = lg_noise_mode_ratio(m, c - c * x2) + lg_noise_mode_ratio(m, c + c * x2);
  const double g3 = lg_noise_mode_ratio(m, c - c * x3) + lg_noise_mode_ratio(m, c + c * x3);
  *p = pm * lg_noise_mode_ratio(m, d);
  return fm - pm * (c * ((w1 * g1 + w3 * g3) + w2 * g2));
}

/* Whether lg_noise_poisson_inv(lambda, u) takes its central path from the mode (lambda >= 10, u not
 * extreme): observe/noise.c batches exactly these. */
LG_HD int lg_noise_poisson_central(double lambda, double u) {
  return lambda >= 10.0 && !(u < 1e-10) && !(1.0 - u < 1e-10);
}

/* The smallest k with P(X <= k) >= u for X ~ Poisson(lambda) (exact inversion, see above).
 * Central u: from the mode m = floor(lambda), with F(m, m) = 1 - P(m + 1, m) and the series
 * P(a, x) = p_x(a) sum_n x^n / ((a+1) ... (a+n)) (lg_noise_poisson_series at x = m; lg_noise_mode_cdf),
 * carried to F(m, lambda) by quadrature (lg_noise_mode_cdf_at), then the pmf recurrence
 * (lg_noise_poisson_walk): F is right to 1.6e-15 absolute (the rounding of the double series at m ~ 1e4;
 * the series summed at lambda itself, as before, is off by up to 3.6e-15 and differs by < 5e-15: the
 * same counts for 2^21 pairs; tests/observe/test_noise.c). observe/noise.c takes F(m, m) and p(m, m) from a cache.
 * Extreme u (u < 1e-10 or 1 - u < 1e-10, one pixel in 5e9) walks from far in the tail instead, summing the tail from
 * its small end, so that the count stays exact where F itself is below 1e-15. */
LG_HD double lg_noise_poisson_inv(double lambda, double u) {
  if (isnan(lambda) || lambda <= 0.0) return 0.0;
  const double w = 12.0 * sqrt(lambda) + 25.0; /* the Poisson mass beyond lambda -+ w is < 1e-30 */
  if (u < 1e-10) {                             /* lower tail: sum from k0 upwards */
    double k = floor(lambda - w);
    if (k < 0.0) k = 0.0;
    double p = lg_noise_dpois(k, lambda), f = p;
    while (f < u) {
      k += 1.0;
      p *= lambda / k;
      f += p;
    }
    return k;
  }
  if (1.0 - u < 1e-10) {      /* upper tail: T(k) = P(X > k) summed from k1 downwards */
    const double v = 1.0 - u; /* exact: u is a multiple of 2^-53 in [1/2, 1) */
    double k = ceil(lambda + w), p = lg_noise_dpois(k, lambda), t = 0.0;
    while (k > 0.0 && t + p <= v) { /* T(k - 1) = T(k) + p(k) still <= v: k - 1 also has F >= u */
      t += p;
      p *= k / lambda;
      k -= 1.0;
    }
    return k;
  }
  double k, p, f;
  if (lambda < 10.0) { /* from k = 0: at most ~40 steps */
    k = 0.0;
    p = f = exp(-lambda);
  } else {
    k = floor(lambda);
    const double pm = lg_noise_dpois(k, k);
    f = lg_noise_mode_cdf_at(k, lambda - k, pm, lg_noise_mode_cdf(k, pm), &p); /* lambda - k is exact */
  }
  return lg_noise_poisson_walk(lambda, u, k, p, f);
}

/* Poisson(lambda) from one uniform: exact below normal_above, normal above (see above). */
LG_HD double lg_noise_poisson(double lambda, double u, double normal_above) {
  if (lambda < normal_above) return lg_noise_poisson_inv(lambda, u);
  const double n = floor(lambda + sqrt(lambda) * lg_normal_quantile(u) + 0.5);
  return n > 0.0 ? n : 0.0;
}

/* Expected counts (source + sky) of a pixel of noiseless flux clean_e_s (e-/s). */
LG_HD double lg_noise_lambda(const lg_noise_model *m, double clean_e_s) {
  const double s = clean_e_s > 0.0 ? clean_e_s : 0.0; /* FFT round-off can leave -1e-17 */
  return (s + m->sky_e_s) * m->t_s;
}

/* The image value (e-/s) from the Poisson count and the read-noise uniform u2. */
LG_HD double lg_noise_finish(const lg_noise_model *m, double count, double u2) {
  const double sky = m->sky_e_s * m->t_s;
  double n = count + sqrt(m->read_var_e2) * lg_normal_quantile(u2);
  if (m->sky_subtract) n -= sky;
  return n / m->t_s;
}

/* The noisy value (e-/s) of a pixel with noiseless flux clean_e_s (e-/s), pixel index p. */
LG_HD double lg_noise_pixel(const lg_noise_model *m, double clean_e_s, uint64_t seed, uint64_t sample, uint32_t p) {
  if (m->mode == LG_NOISE_NONE) return clean_e_s;
  uint32_t w[4];
  lg_rng_block(seed, sample, LG_STREAM_NOISE, p, w);
  const double u1 = lg_u01(w[0], w[1]), u2 = lg_u01(w[2], w[3]);
  return lg_noise_finish(m, lg_noise_poisson(lg_noise_lambda(m, clean_e_s), u1, m->normal_above), u2);
}

/* Expected standard deviation (e-/s) of a pixel of noiseless flux clean_e_s, whatever the mode. */
LG_HD double lg_noise_sigma(const lg_noise_model *m, double clean_e_s) {
  const double s = clean_e_s > 0.0 ? clean_e_s : 0.0;
  return sqrt((s + m->sky_e_s) * m->t_s + m->read_var_e2) / m->t_s;
}

#endif
