/* Noise model set-up from an instrument, and the loop that adds noise to one image (observe/noise.h).
 * Called per sample by observe/observe.c; pure functions of (seed, sample, pixel). */
#include "observe/noise.h"

#include <stdatomic.h>

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

/* F(m, m) and p(m, m) of the central Poisson path (lg_noise_mode_cdf, lg_noise_dpois), cached per
 * integer m < LG_NOISE_CACHE_M: each entry is a pure function of m, filled on first use by the same
 * functions lg_noise_pixel calls, so a value is the same bits cached or not, in any order. Shared by
 * every noise model of the process (static storage, nothing to free); ready flags are atomic so
 * that concurrent callers at worst compute an entry twice, to the same bits. m >= LG_NOISE_CACHE_M
 * (normal_above raised above 1e4) is computed per pixel. */
#define LG_NOISE_CACHE_M 10000
static double lg_noise_cache_pm[LG_NOISE_CACHE_M], lg_noise_cache_fm[LG_NOISE_CACHE_M];
static atomic_uchar lg_noise_cache_ready[LG_NOISE_CACHE_M];

static void lg_noise_mode_values(double m, double *pm, double *fm) {
  const long i = (long)m;
  if (i < LG_NOISE_CACHE_M && atomic_load_explicit(&lg_noise_cache_ready[i], memory_order_acquire)) {
    *pm = lg_noise_cache_pm[i];
    *fm = lg_noise_cache_fm[i];
    return;
  }
  *pm = lg_noise_dpois(m, m);
  *fm = lg_noise_mode_cdf(m, *pm);
  if (i < LG_NOISE_CACHE_M) {
    lg_noise_cache_pm[i] = *pm;
    lg_noise_cache_fm[i] = *fm;
    atomic_store_explicit(&lg_noise_cache_ready[i], 1, memory_order_release);
  }
}

/* lg_noise_mode_cdf_at for LG_NOISE_LANES pixels at once: + - * / only, so each lane's f and p are
 * bit-identical to the scalar call's; idle lanes carry harmless values (m = 10, d = 0). */
LG_CLONES static void lg_noise_start_lanes(const double *m, const double *d, const double *pm, const double *fm,
                                           double *f, double *p) {
#pragma omp simd
  for (int l = 0; l < LG_NOISE_LANES; l++) f[l] = lg_noise_mode_cdf_at(m[l], d[l], pm[l], fm[l], &p[l]);
}

/* Pixels in groups of LG_NOISE_LANES: the Philox words, the Poisson means and which pixels take the
 * central path of lg_noise_poisson_inv with F(m, m), p(m, m) from the cache, then the quadrature of
 * those together in SIMD lanes, then each pixel's walk and read noise as lg_noise_pixel does. Every
 * value equals lg_noise_pixel's bit for bit (tests/observe/test_noise.c). */
void lg_noise_apply(const lg_noise_model *m, uint64_t seed, uint64_t sample, const double *clean, double *out, long n) {
  if (m->mode == LG_NOISE_NONE) {
    for (long p = 0; p < n; p++) out[p] = clean[p];
    return;
  }
  for (long p0 = 0; p0 < n; p0 += LG_NOISE_LANES) {
    const int nl = n - p0 < LG_NOISE_LANES ? (int)(n - p0) : LG_NOISE_LANES;
    double lam[LG_NOISE_LANES], u1[LG_NOISE_LANES], u2[LG_NOISE_LANES], k[LG_NOISE_LANES], d[LG_NOISE_LANES];
    double pm[LG_NOISE_LANES], fm[LG_NOISE_LANES], f[LG_NOISE_LANES], pk[LG_NOISE_LANES];
    int central[LG_NOISE_LANES];
    for (int l = 0; l < LG_NOISE_LANES; l++) {
      central[l] = 0;
      lam[l] = u1[l] = u2[l] = d[l] = pm[l] = fm[l] = 0.0;
      k[l] = 10.0;
      if (l >= nl) continue;
      uint32_t w[4];
      lg_rng_block(seed, sample, LG_STREAM_NOISE, (uint32_t)(p0 + l), w);
      u1[l] = lg_u01(w[0], w[1]);
      u2[l] = lg_u01(w[2], w[3]);
      lam[l] = lg_noise_lambda(m, clean[p0 + l]);
      /* lg_noise_poisson: exact inversion below normal_above; its central path from the mode */
      central[l] = lam[l] < m->normal_above && lg_noise_poisson_central(lam[l], u1[l]);
      if (central[l]) {
        k[l] = floor(lam[l]);
        d[l] = lam[l] - k[l];
        lg_noise_mode_values(k[l], &pm[l], &fm[l]);
      }
    }
    lg_noise_start_lanes(k, d, pm, fm, f, pk);
    for (int l = 0; l < nl; l++) {
      const double count = central[l] ? lg_noise_poisson_walk(lam[l], u1[l], k[l], pk[l], f[l])
                                      : lg_noise_poisson(lam[l], u1[l], m->normal_above);
      out[p0 + l] = lg_noise_finish(m, count, u2[l]);
    }
  }
}
