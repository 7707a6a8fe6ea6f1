/* Per-sample quantities derived from the rendered images: the total magnification of the source
 * and the signal-to-noise ratio of the lensed arcs. Pure functions, called by observe/observe.c. */
#ifndef LG_DERIVED_H
#define LG_DERIVED_H

#include "backends/backend.h"
#include "core/err.h"
#include "observe/light.h"
#include "observe/noise.h"
#include "physics/lens.h"

/* Total magnification mu = F_lensed / F_unlensed, both the sums over the field of view of the
 * noiseless, PSF-free images rendered on g with `supersample` sub-pixels per axis (a larger S than
 * the image's makes mu converge: the error falls as S^-2 away from caustics). work holds npix^2
 * doubles. flux_lensed, flux_unlensed may be NULL. Both sums cover the field of view only: a source
 * or image that spills over the edge biases mu (lg_light_total_flux_sum gives the exact F_unlensed). */
lg_err lg_observe_magnification(const lg_grid *g, int supersample, const lg_component *lens, int n_lens,
                                const lg_light *src, int n_src, double *work, double *mu, double *flux_lensed,
                                double *flux_unlensed);

/* Arc signal-to-noise ratio (in the spirit of Collett 2015, ApJ 811, 20, sec. 2.6): with S_i the
 * noiseless lensed-source flux of pixel i after the PSF (e-/s), L_i the other light there (lens light
 * after the PSF, or none when other = NULL) and sigma_i = lg_noise_sigma(m, S_i + L_i) the expected
 * noise, the pixels M = {i : S_i > k_sigma sigma_i} form the arc and
 *     SNR = sum_M S_i / sqrt(sum_M sigma_i^2)
 * (the optimal-aperture SNR of the arc's total flux). 0 when M is empty. Computed from the model's
 * numbers whatever its mode, so noiseless data sets carry it too. n_used (may be NULL) gets |M|. */
double lg_observe_arc_snr(const lg_noise_model *m, const double *src, const double *other, long n, double k_sigma,
                          long *n_used);

#endif
