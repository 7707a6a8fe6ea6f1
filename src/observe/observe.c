/* The per-sample observation pipeline (observe/observe.h): render on sub-pixels, convolve with the
 * PSF, bin to pixels, add noise, derive magnification and arc SNR. Holds the FFTW convolver, so it
 * belongs to lensgen_app with observe/psf.c. */
#include "observe/observe.h"

#include "core/timer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "observe/derived.h"
#include "observe/render.h"

void lg_observer_free(lg_observer *o) {
  lg_psf_conv_destroy(o->conv);
  lg_psf_kernel_free(&o->kernel);
  free(o->work);
  free(o->light);
  free(o->src);
  free(o->mid);
  free(o->fine_light);
  free(o->fine_src);
  o->conv = NULL;
  o->fine_src = o->fine_light = o->mid = o->src = o->light = o->work = NULL;
}

lg_err lg_observer_init(lg_observer *o, const lg_grid *g, const lg_instrument *inst, const lg_observe_opts *opts) {
  memset(o, 0, sizeof *o);
  LG_CALL(lg_render_check_grid(g));
  LG_CALL(lg_instrument_check(inst));
  LG_CHECK(opts->mu_supersample >= 0 && opts->mu_supersample <= 64, LG_ERR_OPTION,
           "magnification supersample %d: need 0 (off) .. 64", opts->mu_supersample);
  LG_CHECK(isfinite(opts->snr_k_sigma) && opts->snr_k_sigma >= 0.0, LG_ERR_OPTION,
           "arc SNR threshold %g sigma: need >= 0", opts->snr_k_sigma);
  LG_CHECK((long)g->npix * g->supersample <= 16384, LG_ERR_OPTION,
           "grid npix %d x supersample %d: more than 16384 sub-pixels per side", g->npix, g->supersample);
  o->grid = *g;
  o->fine = (lg_grid){g->npix * g->supersample, g->fov_arcsec, 1};
  o->inst = *inst;
  o->opts = *opts;
  const double pixel = g->fov_arcsec / (double)g->npix;
  LG_CALL(lg_noise_model_init(&o->noise, inst, pixel));
  lg_err e = LG_OK;
  LG_CALL_GOTO(e, fail, lg_psf_kernel_make(&inst->psf, pixel, g->supersample, &o->kernel, &o->psf_cells));
  const size_t n = (size_t)g->npix * (size_t)g->npix, nf = (size_t)o->fine.npix * (size_t)o->fine.npix;
  const size_t nm = (size_t)g->npix * (size_t)o->psf_cells * (size_t)g->npix * (size_t)o->psf_cells;
  o->fine_src = malloc(sizeof *o->fine_src * nf);
  o->fine_light = malloc(sizeof *o->fine_light * nf);
  o->src = malloc(sizeof *o->src * n);
  o->light = malloc(sizeof *o->light * n);
  o->work = malloc(sizeof *o->work * n);
  const int need_mid = o->psf_cells > 1 && o->psf_cells < g->supersample;
  if (need_mid) o->mid = malloc(sizeof *o->mid * nm);
  if (!o->fine_src || !o->fine_light || !o->src || !o->light || !o->work || (need_mid && !o->mid)) {
    e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "observer: out of memory for %d x %d images (S = %d)",
                   g->npix, g->npix, g->supersample);
    goto fail;
  }
  LG_CALL_GOTO(e, fail, lg_psf_conv_create(g->npix * o->psf_cells, &o->kernel, &o->conv));
  return LG_OK;
fail:
  lg_observer_free(o);
  return e;
}

static double lg_sum(const double *a, long n) {
  double s = 0.0;
  for (long i = 0; i < n; i++) s += a[i];
  return s;
}

/* out (npix^2) = the sub-pixel image fine (npix S)^2 through the PSF, summed per pixel. fine is
 * overwritten. */
static lg_err lg_observe_psf(lg_observer *o, double *fine, double *out) {
  const int n = o->grid.npix, s = o->grid.supersample, r = o->psf_cells;
  if (r == s) { /* convolve the sub-pixels, then sum them */
    LG_CALL(lg_psf_conv_apply(o->conv, fine, fine));
    lg_psf_bin(fine, n, s, out);
  } else if (r == 1) { /* sum the sub-pixels, then convolve the pixels */
    lg_psf_bin(fine, n, s, out);
    LG_CALL(lg_psf_conv_apply(o->conv, out, out));
  } else { /* the kernel's pitch lies in between */
    lg_psf_bin(fine, n * r, s / r, o->mid);
    LG_CALL(lg_psf_conv_apply(o->conv, o->mid, o->mid));
    lg_psf_bin(o->mid, n, r, out);
  }
  return LG_OK;
}

lg_err lg_observer_sample(lg_observer *o, const lg_scene *sc, uint64_t seed, uint64_t sample,
                          const lg_observe_products *out, lg_observe_stats *st) {
  const lg_grid *g = &o->grid;
  const long n = (long)g->npix * g->npix, nf = (long)o->fine.npix * o->fine.npix;
  const int mu_s = o->opts.mu_supersample;

  double t0 = lg_time_now();
  /* 1. the lensed source on the sub-pixels, noiseless and PSF-free (flux per sub-pixel) */
  LG_CALL(lg_render_lensed(&o->fine, sc->lens, sc->n_lens, sc->source, sc->n_source, o->fine_src));
  /* 2. magnification, before the PSF scatters flux over the edge; the unlensed source */
  double mu = NAN, fl = NAN, fu = NAN;
  if (mu_s == g->supersample) { /* the image's own sub-pixels */
    LG_CALL(lg_render_light(&o->fine, sc->source, sc->n_source, o->fine_light));
    fl = lg_sum(o->fine_src, nf);
    fu = lg_sum(o->fine_light, nf);
    mu = fu > 0.0 ? fl / fu : 0.0;
  } else if (mu_s > 0) {
    LG_CALL(lg_observe_magnification(g, mu_s, sc->lens, sc->n_lens, sc->source, sc->n_source, o->work, &mu, &fl, &fu));
  }
  if (out->source_unlensed) LG_CALL(lg_render_light(g, sc->source, sc->n_source, out->source_unlensed));
  const int has_light = sc->n_lens_light > 0;
  if (has_light) LG_CALL(lg_render_light(&o->fine, sc->lens_light, sc->n_lens_light, o->fine_light));
  double t1 = lg_time_now();
  o->t_trace += t1 - t0;
  /* 3. the PSF, on the source and on the lens light */
  LG_CALL(lg_observe_psf(o, o->fine_src, o->src));
  if (has_light) LG_CALL(lg_observe_psf(o, o->fine_light, o->light));
  double t2 = lg_time_now();
  o->t_psf += t2 - t1;
  if (out->lensed_source) memcpy(out->lensed_source, o->src, sizeof *o->src * (size_t)n);
  /* 4. the noiseless image, then the noisy one */
  double *clean = out->image_noiseless ? out->image_noiseless : o->work;
  for (long i = 0; i < n; i++) clean[i] = o->src[i] + (has_light ? o->light[i] : 0.0);
  if (out->image) lg_noise_apply(&o->noise, seed, sample, clean, out->image, n);
  o->t_noise += lg_time_now() - t2;
  if (st) {
    st->magnification = mu;
    st->flux_lensed = fl;
    st->flux_unlensed = fu;
    st->snr = lg_observe_arc_snr(&o->noise, o->src, has_light ? o->light : NULL, n, o->opts.snr_k_sigma, &st->snr_npix);
  }
  return LG_OK;
}
