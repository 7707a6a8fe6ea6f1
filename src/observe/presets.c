/* Instrument presets: published pixel scales, PSFs, exposures, zero points, sky levels and detector
 * noise for common lensing surveys, each number with its source; and the check of an instrument
 * struct after the run layer has applied its -obs_* overrides. Called once, before any work. */
#include "observe/presets.h"

#include <math.h>
#include <string.h>

/* Moffat index of a Kolmogorov-turbulence seeing disc (Trujillo et al. 2001, MNRAS 328, 977, sec. 4):
 * used for the ground-based presets. */
#define LG_BETA_KOLMOGOROV 4.765
/* Expected counts above which the Poisson deviate is drawn as a normal one (observe/noise.h). */
#define LG_NORMAL_ABOVE 1e4

static const lg_instrument lg_presets[] = {
    /* HST WFC3/IR F160W, drizzled images as in TDLMC / H0LiCOW lens modelling. */
    {.name = "hst_wfc3_f160w",
     .pixel_arcsec = 0.08, /* drizzled output scale (native 0.13"): lenstronomy ObservationConfig/HST.py */
     .psf = {.kind = LG_PSF_GAUSSIAN, .fwhm_arcsec = 0.151}, /* IR PSF FWHM at 1.6 um, WFC3 Instrument Handbook sec. 7.6
                                                                (Windhorst et al. 2011, ApJS 193, 27): ~0.15" */
     .exposure_s = 5400.0,                                   /* two orbits of science time: lenstronomy HST.py */
     .n_exposures = 1,
     .zero_point_mag = 25.9463, /* AB, 1 e-/s, infinite aperture: STScI WFC3/IR photometric zero points
                                   (post-2012-03-06 table), as used by TDLMC */
     .sky_mag_arcsec2 = 22.3,   /* zodiacal + earthshine at 1.6 um: lenstronomy HST.py */
     .read_noise_e = 12.0,      /* ~12 e- for a 16-read MULTIACCUM ramp (CDS ~20 e-): WFC3 IHB sec. 5.7.4 */
     .gain_e_adu = 2.5,         /* WFC3 IHB IR channel; lenstronomy HST.py */
     .noise = LG_NOISE_POISSON_GAUSS,
     .sky_subtract = 1,
     .normal_above = LG_NORMAL_ABOVE},
    /* Euclid VIS, Wide Survey depth. */
    {.name = "euclid_vis",
     .pixel_arcsec = 0.101, /* VIS pixel scale: Cropper et al. 2016 (SPIE 9904, 99040Q); lenstronomy Euclid.py */
     .psf = {.kind = LG_PSF_GAUSSIAN, .fwhm_arcsec = 0.16}, /* VIS PSF FWHM: lenstronomy Euclid.py (Red Book,
                                                               Laureijs et al. 2011, requires < 0.18") */
     .exposure_s = 565.0, /* one of four dithered exposures per field: Scaramella et al. 2022 (A&A 662, A112) */
     .n_exposures = 4,
     .zero_point_mag = 24.0,   /* lenstronomy Euclid.py */
     .sky_mag_arcsec2 = 22.35, /* lenstronomy Euclid.py */
     .read_noise_e = 4.2,      /* lenstronomy Euclid.py (Cropper et al. 2016) */
     .gain_e_adu = 3.1,        /* lenstronomy Euclid.py */
     .noise = LG_NOISE_POISSON_GAUSS,
     .sky_subtract = 1,
     .normal_above = LG_NORMAL_ABOVE},
    /* Rubin LSST i band, 10-year coadd. */
    {.name = "lsst_i",
     .pixel_arcsec = 0.2, /* LSSTCam: Ivezic et al. 2019 (ApJ 873, 111) */
     .psf = {.kind = LG_PSF_MOFFAT,
             .fwhm_arcsec = 0.71, /* median delivered seeing in i: lenstronomy LSST.py (Ivezic et al. 2019) */
             .moffat_beta = LG_BETA_KOLMOGOROV},
     .exposure_s = 15.0, /* one snap; 2 snaps per visit, 230 visits in 10 years: lenstronomy LSST.py */
     .n_exposures = 460,
     .zero_point_mag = 27.79,  /* lenstronomy LSST.py (SMTN-002 throughputs) */
     .sky_mag_arcsec2 = 20.48, /* dark-sky i: lenstronomy LSST.py (Ivezic et al. 2019 table 2) */
     .read_noise_e = 10.0,     /* upper bound of the LSSTCam requirement: lenstronomy LSST.py */
     .gain_e_adu = 2.3,        /* lenstronomy LSST.py */
     .noise = LG_NOISE_POISSON_GAUSS,
     .sky_subtract = 1,
     .normal_above = LG_NORMAL_ABOVE},
    /* JWST NIRCam short-wavelength F115W, one hour. */
    {.name = "jwst_f115w",
     .pixel_arcsec = 0.031, /* SW channel pixel: JDox "NIRCam Detector Overview" */
     .psf = {.kind = LG_PSF_GAUSSIAN,
             .fwhm_arcsec = 0.040}, /* empirical F115W PSF FWHM: JDox "NIRCam Point Spread Functions" (a
                                       pixel kernel from STPSF is more faithful: psf kind pixel) */
     .exposure_s = 3600.0,          /* lenstronomy ObservationConfig/JWST.py convention */
     .n_exposures = 1,
     .zero_point_mag = 27.57,  /* NIRCam pre-flight ABMAG zero point of F115W, 27.568 (JADES/forcepho tables;
                                  the same table gives 27.997 for F200W, lenstronomy's 28.00 from JDox NRC_ZPs) */
     .sky_mag_arcsec2 = 22.22, /* ~0.2 MJy/sr at 1.15 um (low zodiacal ~0.1 plus 0.112 MJy/sr scattered light at
                                  1 um, STScI JWST sensitivity notes; Rigby et al. 2023, PASP 135, 048002);
                                  1 MJy/sr = 20.472 AB mag/arcsec^2 */
     .read_noise_e = 15.77,    /* SW CDS read noise: lenstronomy JWST.py (JDox NIRCam Detector Performance) */
     .gain_e_adu = 2.05,       /* SW gain: lenstronomy JWST.py (JDox NIRCam Detector Performance) */
     .noise = LG_NOISE_POISSON_GAUSS,
     .sky_subtract = 1,
     .normal_above = LG_NORMAL_ABOVE},
    /* Dark Energy Survey i band, wide-survey depth (10 tilings). */
    {.name = "des_i",
     .pixel_arcsec = 0.263, /* DECam: Flaugher et al. 2015 (AJ 150, 150) */
     .psf = {.kind = LG_PSF_MOFFAT,
             .fwhm_arcsec = 0.88, /* median i-band PSF FWHM of DES DR1: Abbott et al. 2018 (ApJS 239, 18) */
             .moffat_beta = LG_BETA_KOLMOGOROV},
     .exposure_s = 90.0, /* DES wide exposure, 10 tilings: Abbott et al. 2018; lenstronomy DES.py */
     .n_exposures = 10,
     .zero_point_mag = 26.75,  /* lenstronomy DES.py */
     .sky_mag_arcsec2 = 19.89, /* lenstronomy DES.py */
     .read_noise_e = 7.0,      /* DECam CCDs ~7 e-: Flaugher et al. 2015; lenstronomy DES.py */
     .gain_e_adu = 4.0,        /* DECam ~4 e-/ADU: Flaugher et al. 2015; lenstronomy DES.py */
     .noise = LG_NOISE_POISSON_GAUSS,
     .sky_subtract = 1,
     .normal_above = LG_NORMAL_ABOVE},
    /* No instrument: noiseless, no PSF, zero point 0 (flux = 10^(-0.4 mag)); pixel scale from the grid. */
    {.name = "none",
     .pixel_arcsec = 0.0,
     .psf = {.kind = LG_PSF_NONE},
     .exposure_s = 1.0,
     .n_exposures = 1,
     .zero_point_mag = 0.0,
     .sky_mag_arcsec2 = 99.0,
     .read_noise_e = 0.0,
     .gain_e_adu = 0.0,
     .noise = LG_NOISE_NONE,
     .sky_subtract = 1,
     .normal_above = LG_NORMAL_ABOVE},
};

#define LG_NPRESETS ((int)(sizeof lg_presets / sizeof lg_presets[0]))

int lg_instrument_preset_count(void) { return LG_NPRESETS; }

const char *lg_instrument_preset_name(int i) { return i >= 0 && i < LG_NPRESETS ? lg_presets[i].name : NULL; }

lg_err lg_instrument_preset(const char *name, lg_instrument *out) {
  for (int i = 0; i < LG_NPRESETS; i++)
    if (strcmp(lg_presets[i].name, name) == 0) {
      *out = lg_presets[i];
      return LG_OK;
    }
  char known[256] = "";
  for (int i = 0; i < LG_NPRESETS; i++)
    if (strlen(known) + strlen(lg_presets[i].name) + 3 < sizeof known) {
      if (i) strcat(known, ", ");
      strcat(known, lg_presets[i].name);
    }
  LG_FAIL(LG_ERR_OPTION, "instrument preset '%s' unknown; known presets: %s", name, known);
}

static const char *const lg_noise_names[LG_NOISE_MODE_COUNT] = {"none", "poisson"};

const char *lg_noise_mode_name(int mode) {
  return mode >= 0 && mode < LG_NOISE_MODE_COUNT ? lg_noise_names[mode] : "unknown";
}

int lg_noise_mode_find(const char *name) {
  for (int k = 0; k < LG_NOISE_MODE_COUNT; k++)
    if (strcmp(lg_noise_names[k], name) == 0) return k;
  return -1;
}

lg_err lg_instrument_check(const lg_instrument *in) {
  LG_CHECK(in->noise >= 0 && in->noise < LG_NOISE_MODE_COUNT, LG_ERR_OPTION,
           "instrument %s: noise mode %d unknown (none, poisson)", in->name, in->noise);
  LG_CHECK(isfinite(in->pixel_arcsec) && in->pixel_arcsec >= 0.0, LG_ERR_OPTION,
           "instrument %s: pixel scale %g arcsec: need >= 0 (0 = take it from the grid)", in->name, in->pixel_arcsec);
  LG_CHECK(isfinite(in->exposure_s) && in->exposure_s > 0.0, LG_ERR_OPTION,
           "instrument %s: exposure time %g s: need > 0", in->name, in->exposure_s);
  LG_CHECK(in->n_exposures >= 1, LG_ERR_OPTION, "instrument %s: number of exposures %d: need >= 1", in->name,
           in->n_exposures);
  LG_CHECK(isfinite(in->zero_point_mag), LG_ERR_OPTION, "instrument %s: zero point %g: need a finite magnitude",
           in->name, in->zero_point_mag);
  LG_CHECK(isfinite(in->sky_mag_arcsec2), LG_ERR_OPTION,
           "instrument %s: sky brightness %g mag/arcsec^2: need a finite magnitude (99 = no sky)", in->name,
           in->sky_mag_arcsec2);
  LG_CHECK(isfinite(in->read_noise_e) && in->read_noise_e >= 0.0, LG_ERR_OPTION,
           "instrument %s: read noise %g e-: need >= 0", in->name, in->read_noise_e);
  LG_CHECK(isfinite(in->gain_e_adu) && in->gain_e_adu >= 0.0, LG_ERR_OPTION,
           "instrument %s: gain %g e-/ADU: need >= 0 (0 = no digitisation noise)", in->name, in->gain_e_adu);
  LG_CHECK(in->sky_subtract == 0 || in->sky_subtract == 1, LG_ERR_OPTION, "instrument %s: sky_subtract %d: need 0 or 1",
           in->name, in->sky_subtract);
  LG_CHECK(isfinite(in->normal_above) && in->normal_above >= 100.0, LG_ERR_OPTION,
           "instrument %s: normal-approximation threshold %g counts: need >= 100", in->name, in->normal_above);
  const lg_psf_spec *p = &in->psf;
  LG_CHECK(p->kind >= 0 && p->kind < LG_PSF_KIND_COUNT, LG_ERR_OPTION,
           "instrument %s: PSF kind %d unknown (none, gaussian, moffat, pixel)", in->name, p->kind);
  if (p->kind == LG_PSF_GAUSSIAN || p->kind == LG_PSF_MOFFAT)
    LG_CHECK(isfinite(p->fwhm_arcsec) && p->fwhm_arcsec > 0.0, LG_ERR_OPTION,
             "instrument %s: PSF FWHM %g arcsec: need > 0 for a %s PSF", in->name, p->fwhm_arcsec,
             lg_psf_kind_name(p->kind));
  if (p->kind == LG_PSF_MOFFAT)
    LG_CHECK(isfinite(p->moffat_beta) && p->moffat_beta > 1.0, LG_ERR_OPTION, "instrument %s: Moffat beta %g: need > 1",
             in->name, p->moffat_beta);
  if (p->kind == LG_PSF_PIXEL)
    LG_CHECK(p->kernel_path[0] != '\0', LG_ERR_OPTION, "instrument %s: a pixel PSF needs a kernel file (.npy)",
             in->name);
  return LG_OK;
}
