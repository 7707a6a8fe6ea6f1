/* The instrument and observing conditions of an image: pixel scale, PSF, exposure, zero point, sky,
 * detector noise, and named presets for common surveys. A plain struct: the run layer starts from a
 * preset (-obs_instrument NAME) and overrides any field from its -obs_* options, then calls
 * lg_instrument_check once before any work. */
#ifndef LG_PRESETS_H
#define LG_PRESETS_H

#include "core/err.h"
#include "observe/psf.h"

typedef enum { LG_NOISE_NONE = 0, LG_NOISE_POISSON_GAUSS, LG_NOISE_MODE_COUNT } lg_noise_mode;

typedef struct {
  char name[32];          /* preset name, or "custom" */
  double pixel_arcsec;    /* pixel scale (the grid's fov / npix should equal it) */
  lg_psf_spec psf;        /* kind, FWHM, Moffat beta, kernel file */
  double exposure_s;      /* one exposure, s */
  int n_exposures;        /* exposures combined into the image */
  double zero_point_mag;  /* AB magnitude of a source giving 1 e-/s */
  double sky_mag_arcsec2; /* sky surface brightness, AB mag / arcsec^2 */
  double read_noise_e;    /* read noise per pixel per exposure, e- (rms) */
  double gain_e_adu;      /* e- per ADU: adds digitisation noise gain^2/12 per exposure */
  int noise;              /* lg_noise_mode */
  int sky_subtract;       /* 1: the image has the mean sky removed (default); 0: sky left in */
  double normal_above;    /* expected counts (e-) above which the Poisson draw is a normal deviate */
} lg_instrument;

/* Number of presets and the name of preset i (for -help). */
int lg_instrument_preset_count(void);
const char *lg_instrument_preset_name(int i);
/* Fills out with preset `name` (hst_wfc3_f160w, euclid_vis, lsst_i, jwst_f115w, des_i, or "none": a
 * noiseless, PSF-free observation with zero point 0); LG_ERR_OPTION naming the known presets if the
 * name is unknown. */
lg_err lg_instrument_preset(const char *name, lg_instrument *out);
/* Checks every field (positive exposure, n_exposures >= 1, finite magnitudes, read noise and gain
 * >= 0, known PSF and noise kinds, FWHM > 0 for analytic PSFs, Moffat beta > 1, a kernel path for
 * pixel PSFs): LG_ERR_OPTION naming the field, its value and what is allowed. */
lg_err lg_instrument_check(const lg_instrument *in);

const char *lg_noise_mode_name(int mode);
int lg_noise_mode_find(const char *name); /* "none", "poisson" -> mode, or -1 */

#endif
