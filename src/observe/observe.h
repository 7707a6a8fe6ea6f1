/* One sample's observation: ray-traced lensed source (+ optional lens light), PSF convolution, noise,
 * and the derived magnification and arc SNR. The run layer creates one lg_observer per rank from the
 * grid and the instrument (after its -obs_* overrides and lg_instrument_check), then calls
 * lg_observer_sample for each sample of its batches. Not thread-safe (one FFTW plan set inside).
 *
 * Units: every image is flux per pixel in e-/s (the light amplitudes come from AB magnitudes and the
 * instrument's zero point for 1 e-/s; observe/light_info.h). The noisy image is sky-subtracted unless
 * the instrument says otherwise (observe/noise.h). */
#ifndef LG_OBSERVE_H
#define LG_OBSERVE_H

#include <stdint.h>

#include "backends/backend.h"
#include "core/err.h"
#include "observe/light.h"
#include "observe/noise.h"
#include "observe/presets.h"
#include "observe/psf.h"
#include "physics/lens.h"

/* What one sample shows: its lens (mass), its source light and its lens light (either may be empty). */
typedef struct {
  const lg_component *lens;
  int n_lens;
  const lg_light *source;
  int n_source;
  const lg_light *lens_light; /* image-plane light of the deflector, not lensed */
  int n_lens_light;
} lg_scene;

typedef struct {
  int mu_supersample; /* sub-pixels per axis for the magnification; 0: not computed; = the grid's S
                         reuses the image's own rendering (cheapest) */
  double snr_k_sigma; /* arc pixels: lensed source above k noise sigmas (lg_observe_arc_snr); e.g. 1 */
} lg_observe_opts;

/* Output images, each npix^2 doubles [iy][ix], e-/s per pixel; any may be NULL (not produced). */
typedef struct {
  double *image;           /* observed: PSF (lensed source + lens light) + noise */
  double *image_noiseless; /* PSF (lensed source + lens light) */
  double *lensed_source;   /* PSF (lensed source) alone: the arcs, e.g. for segmentation labels */
  double *source_unlensed; /* the source without lens and PSF, on the same grid */
} lg_observe_products;

typedef struct {
  double magnification; /* F_lensed / F_unlensed over the field (lg_observe_magnification); NaN if off */
  double flux_lensed;   /* e-/s */
  double flux_unlensed; /* e-/s */
  double snr;           /* lg_observe_arc_snr */
  long snr_npix;        /* arc pixels used by the SNR */
} lg_observe_stats;

typedef struct {
  lg_grid grid;
  lg_grid fine;  /* npix S cells of the same field, 1 sample each: the grid's sub-pixels */
  int psf_cells; /* r: the PSF is applied at pitch pixel / r (S for analytic PSFs; observe/psf.h) */
  lg_instrument inst;
  lg_observe_opts opts;
  lg_noise_model noise;
  lg_psf_kernel kernel;
  lg_psf_conv *conv;             /* on (npix r)^2 images */
  double *fine_src, *fine_light; /* (npix S)^2 each */
  double *mid;                   /* (npix r)^2 when 1 < r < S, else NULL */
  double *src, *light, *work;    /* npix^2 each */
  double t_trace, t_psf, t_noise; /* seconds spent so far: ray tracing and light, PSF, noise */
} lg_observer;

/* Builds the PSF kernel and FFTW plans, the noise model and the buffers. The pixel scale is the
 * grid's (fov / npix); inst->pixel_arcsec is only the scale a preset suggests for the grid. inst must
 * have passed lg_instrument_check.
 * Images are rendered on the grid's S x S sub-pixels, convolved with the PSF at sub-pixel resolution
 * and summed per pixel (observe/psf.h): without a PSF this is exactly the grid's S x S average. */
lg_err lg_observer_init(lg_observer *o, const lg_grid *g, const lg_instrument *inst, const lg_observe_opts *opts);
/* Renders sample `sample` (its noise keyed by (seed, sample); observe/noise.h) into out; st may be NULL. */
lg_err lg_observer_sample(lg_observer *o, const lg_scene *sc, uint64_t seed, uint64_t sample,
                          const lg_observe_products *out, lg_observe_stats *st);
void lg_observer_free(lg_observer *o);

#endif
