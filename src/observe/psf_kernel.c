/* Analytic PSF kernels on the pixel grid (Gaussian, Moffat): pure functions, no FFTW. The kernel file
 * reader and the FFT convolution are in observe/psf.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/consts.h"
#include "observe/psf.h"

#define LG_PSF_MAX_SIDE 4097

static const char *const lg_psf_names[LG_PSF_KIND_COUNT] = {"none", "gaussian", "moffat", "pixel"};

const char *lg_psf_kind_name(int kind) {
  return kind >= 0 && kind < LG_PSF_KIND_COUNT ? lg_psf_names[kind] : "unknown";
}

int lg_psf_kind_find(const char *name) {
  for (int k = 0; k < LG_PSF_KIND_COUNT; k++)
    if (strcmp(lg_psf_names[k], name) == 0) return k;
  return -1;
}

void lg_psf_kernel_free(lg_psf_kernel *k) {
  free(k->k);
  k->k = NULL;
  k->size = 0;
}

/* Samples profile(r^2 / scale^2) at the cell centres of a (2h+1)^2 kernel, h = ceil(radius / pitch),
 * and normalises the sum to 1. */
static lg_err lg_psf_kernel_sample(double radius_arcsec, double pitch, double scale, double beta, int moffat,
                                   lg_psf_kernel *out) {
  const double hr = ceil(radius_arcsec / pitch - 1e-9);
  LG_CHECK(hr >= 0.0 && 2.0 * hr + 1.0 <= LG_PSF_MAX_SIDE, LG_ERR_RANGE,
           "PSF kernel of radius %g arcsec at %g arcsec/cell would have side %.0f > %d", radius_arcsec, pitch,
           2.0 * hr + 1.0, LG_PSF_MAX_SIDE);
  const int h = (int)hr, size = 2 * h + 1;
  double *k = malloc(sizeof *k * (size_t)size * (size_t)size);
  LG_CHECK(k != NULL, LG_ERR_NOMEM, "PSF kernel of side %d: out of memory", size);
  double sum = 0.0;
  const double inv = pitch / scale;
  for (int ky = 0; ky < size; ky++)
    for (int kx = 0; kx < size; kx++) {
      const double dx = (kx - h) * inv, dy = (ky - h) * inv, u = dx * dx + dy * dy;
      /* Gaussian exp(-r^2 / 2 sigma^2); Moffat (1 + r^2/alpha^2)^-beta (normalisation cancels) */
      const double v = moffat ? pow(1.0 + u, -beta) : exp(-0.5 * u);
      k[ky * size + kx] = v;
      sum += v;
    }
  for (int i = 0; i < size * size; i++) k[i] /= sum;
  out->size = size;
  out->k = k;
  return LG_OK;
}

lg_err lg_psf_kernel_gaussian(double fwhm, double pitch, double radius_fwhm, lg_psf_kernel *out) {
  LG_CHECK(fwhm > 0.0 && isfinite(fwhm), LG_ERR_RANGE, "Gaussian PSF FWHM = %g arcsec: need > 0", fwhm);
  LG_CHECK(pitch > 0.0 && isfinite(pitch), LG_ERR_RANGE, "PSF kernel pitch = %g arcsec: need > 0", pitch);
  if (radius_fwhm <= 0.0) radius_fwhm = 3.0;
  const double sigma = fwhm / (2.0 * sqrt(2.0 * LG_LN2)); /* FWHM = 2 sqrt(2 ln 2) sigma */
  LG_CALL(lg_psf_kernel_sample(radius_fwhm * fwhm, pitch, sigma, 0.0, 0, out));
  return LG_OK;
}

lg_err lg_psf_kernel_moffat(double fwhm, double beta, double pitch, double radius_fwhm, lg_psf_kernel *out) {
  LG_CHECK(fwhm > 0.0 && isfinite(fwhm), LG_ERR_RANGE, "Moffat PSF FWHM = %g arcsec: need > 0", fwhm);
  LG_CHECK(beta > 1.0 && isfinite(beta), LG_ERR_RANGE, "Moffat PSF beta = %g: need > 1 (finite flux)", beta);
  LG_CHECK(pitch > 0.0 && isfinite(pitch), LG_ERR_RANGE, "PSF kernel pitch = %g arcsec: need > 0", pitch);
  if (radius_fwhm <= 0.0) radius_fwhm = 6.0;
  /* Trujillo et al. 2001 eq. 4: FWHM = 2 alpha sqrt(2^(1/beta) - 1) */
  const double alpha = fwhm / (2.0 * sqrt(pow(2.0, 1.0 / beta) - 1.0));
  LG_CALL(lg_psf_kernel_sample(radius_fwhm * fwhm, pitch, alpha, beta, 1, out));
  return LG_OK;
}
