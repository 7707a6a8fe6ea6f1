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

void lg_noise_apply(const lg_noise_model *m, uint64_t seed, uint64_t sample, const double *clean, double *out, long n) {
  for (long p = 0; p < n; p++) out[p] = lg_noise_pixel(m, clean[p], seed, sample, (uint32_t)p);
}
