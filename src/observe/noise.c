/* Noise model set-up from an instrument, and the loop that adds noise to one image (observe/noise.h).
 * Called per sample by observe/observe.c; pure functions of (seed, sample, pixel). */
#include "observe/noise.h"

lg_err lg_noise_model_init(lg_noise_model *m, const lg_instrument *in, double pixel_arcsec) {
  LG_CHECK(pixel_arcsec > 0.0 && isfinite(pixel_arcsec), LG_ERR_RANGE, "noise model: pixel scale %g arcsec: need > 0",
           pixel_arcsec);
  m->mode = in->noise;
  m->t_s = in->exposure_s * (double)in->n_exposures;
  /* sky mag/arcsec^2 -> e-/s/arcsec^2 with the zero point (1 e-/s), times the pixel area */
  m->sky_e_s = pow(10.0, -0.4 * (in->sky_mag_arcsec2 - in->zero_point_mag)) * pixel_arcsec * pixel_arcsec;
  m->read_var_e2 =
      (double)in->n_exposures * (in->read_noise_e * in->read_noise_e + in->gain_e_adu * in->gain_e_adu / 12.0);
  m->normal_above = in->normal_above;
  m->sky_subtract = in->sky_subtract;
  return LG_OK;
}

/* x86-64: the lane loop below is built for AVX-512, AVX2 and the baseline (8, 4, 2 doubles per
 * vector). It holds only + - * / and comparisons, exact in every ISA: the clones give the same bits. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define LG_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LG_CLONES
#endif

#define LG_NOISE_LANES 8

/* lg_noise_poisson_series for the lanes l < LG_NOISE_LANES with active[l] != 0, all at once: the
 * same operations lane by lane (a lane stops adding where the scalar loop breaks), so each sum is
 * bit-identical to the scalar one; the pixels' series are independent, so they fill a SIMD vector. */
LG_CLONES static void lg_noise_series_lanes(const double *lam, const double *k, const long *active, double *sum) {
  double t0[LG_NOISE_LANES], j[LG_NOISE_LANES], jend[LG_NOISE_LANES], il[LG_NOISE_LANES], l4[LG_NOISE_LANES];
  long on[LG_NOISE_LANES];
  for (int l = 0; l < LG_NOISE_LANES; l++) {
    const double x = active[l] ? lam[l] : 10.0; /* idle lanes compute on a harmless value */
    il[l] = 1.0 / x;
    l4[l] = (x * x) * (x * x);
    t0[l] = sum[l] = 1.0;
    j[l] = (active[l] ? k[l] : 10.0) + 2.0;
    jend[l] = (active[l] ? k[l] : 10.0) + 2.0 + 40.0 * sqrt(x) + 100.0;
    on[l] = active[l] != 0;
  }
  for (;;) {
#pragma omp simd
    for (int l = 0; l < LG_NOISE_LANES; l++) {
      const long a = on[l] && j[l] < jend[l];
      const double jj = j[l];
      const double t4 = t0[l] * (l4[l] / ((jj * (jj + 1.0)) * ((jj + 2.0) * (jj + 3.0))));
      const double t3 = t4 * (jj + 3.0) * il[l], t2 = t3 * (jj + 2.0) * il[l], t1 = t2 * (jj + 1.0) * il[l];
      const double s1 = sum[l] + ((t1 + t2) + (t3 + t4));
      sum[l] = a ? s1 : sum[l];
      t0[l] = a ? t4 : t0[l];
      j[l] = jj + 4.0;
      on[l] = a && !(t4 < 1e-17 * s1);
    }
    long any = 0;
    for (int l = 0; l < LG_NOISE_LANES; l++) any |= on[l];
    if (!any) break;
  }
}

/* Pixels in groups of LG_NOISE_LANES: the Philox words, the Poisson means and which pixels take the
 * central path of lg_noise_poisson_inv, then the series of those together, then each pixel's pmf,
 * walk and read noise as lg_noise_pixel does. Every value equals lg_noise_pixel's bit for bit
 * (tests/observe/test_noise.c); the series, most of the cost at sky levels of ~1e3 counts, runs in
 * SIMD lanes. */
void lg_noise_apply(const lg_noise_model *m, uint64_t seed, uint64_t sample, const double *clean, double *out, long n) {
  if (m->mode == LG_NOISE_NONE) {
    for (long p = 0; p < n; p++) out[p] = clean[p];
    return;
  }
  for (long p0 = 0; p0 < n; p0 += LG_NOISE_LANES) {
    const int nl = n - p0 < LG_NOISE_LANES ? (int)(n - p0) : LG_NOISE_LANES;
    double lam[LG_NOISE_LANES], u1[LG_NOISE_LANES], u2[LG_NOISE_LANES], k[LG_NOISE_LANES], sum[LG_NOISE_LANES];
    long central[LG_NOISE_LANES];
    for (int l = 0; l < LG_NOISE_LANES; l++) {
      central[l] = 0;
      lam[l] = k[l] = u1[l] = u2[l] = 0.0;
      if (l >= nl) continue;
      uint32_t w[4];
      lg_rng_block(seed, sample, LG_STREAM_NOISE, (uint32_t)(p0 + l), w);
      u1[l] = lg_u01(w[0], w[1]);
      u2[l] = lg_u01(w[2], w[3]);
      lam[l] = lg_noise_lambda(m, clean[p0 + l]);
      /* lg_noise_poisson: exact inversion below normal_above; its central path from the mode */
      central[l] = lam[l] < m->normal_above && lg_noise_poisson_central(lam[l], u1[l]);
      if (central[l]) k[l] = floor(lam[l]);
    }
    lg_noise_series_lanes(lam, k, central, sum);
    for (int l = 0; l < nl; l++) {
      double count;
      if (central[l]) { /* the rest of lg_noise_poisson_inv's central path */
        const double p = lg_noise_dpois(k[l], lam[l]);
        const double f = 1.0 - p * (lam[l] / (k[l] + 1.0)) * sum[l];
        count = lg_noise_poisson_walk(lam[l], u1[l], k[l], p, f);
      } else {
        count = lg_noise_poisson(lam[l], u1[l], m->normal_above);
      }
      out[p0 + l] = lg_noise_finish(m, count, u2[l]);
    }
  }
}
