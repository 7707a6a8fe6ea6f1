/* Magnification and arc SNR of one sample (observe/derived.h). */
#include "observe/derived.h"

#include "observe/render.h"

lg_err lg_observe_magnification(const lg_grid *g, int supersample, const lg_component *lens, int n_lens,
                                const lg_light *src, int n_src, double *work, double *mu, double *flux_lensed,
                                double *flux_unlensed) {
  LG_CHECK(supersample >= 1, LG_ERR_RANGE, "magnification supersample %d: need >= 1", supersample);
  lg_grid hi = *g;
  hi.supersample = supersample;
  const long n = (long)g->npix * g->npix;
  double fl = 0.0, fu = 0.0;
  LG_CALL(lg_render_lensed(&hi, lens, n_lens, src, n_src, work));
  for (long i = 0; i < n; i++) fl += work[i];
  LG_CALL(lg_render_light(&hi, src, n_src, work));
  for (long i = 0; i < n; i++) fu += work[i];
  *mu = fu > 0.0 ? fl / fu : 0.0;
  if (flux_lensed) *flux_lensed = fl;
  if (flux_unlensed) *flux_unlensed = fu;
  return LG_OK;
}

double lg_observe_arc_snr(const lg_noise_model *m, const double *src, const double *other, long n, double k_sigma,
                          long *n_used) {
  double sig = 0.0, var = 0.0;
  long used = 0;
  for (long i = 0; i < n; i++) {
    const double s = src[i], sigma = lg_noise_sigma(m, s + (other ? other[i] : 0.0));
    if (s > k_sigma * sigma) {
      sig += s;
      var += sigma * sigma;
      used++;
    }
  }
  if (n_used) *n_used = used;
  return used > 0 ? sig / sqrt(var) : 0.0;
}
