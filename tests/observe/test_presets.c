/* Instrument presets (observe/presets.h): every preset loads and passes its own check, the cited
 * numbers are the ones in the table, unknown names and bad overrides are refused with messages
 * naming the field, and the noise model of a preset has the expected sky level. */
#include <math.h>
#include <string.h>

#include "lg_test.h"
#include "observe/noise.h"
#include "observe/presets.h"

static void test_all_load(void) {
  const int n = lg_instrument_preset_count();
  LG_TEST_CHECK(n == 6, "%d presets, want 6", n);
  for (int i = 0; i < n; i++) {
    const char *name = lg_instrument_preset_name(i);
    lg_instrument in;
    LG_TEST_OK(lg_instrument_preset(name, &in));
    LG_TEST_OK(lg_instrument_check(&in));
    LG_TEST_CHECK(strcmp(in.name, name) == 0, "preset %s has name %s", name, in.name);
    if (strcmp(name, "none") == 0) {
      LG_TEST_CHECK(in.noise == LG_NOISE_NONE && in.psf.kind == LG_PSF_NONE, "preset none has noise or PSF");
      continue;
    }
    LG_TEST_CHECK(in.pixel_arcsec > 0.02 && in.pixel_arcsec < 0.3, "%s: pixel %g", name, in.pixel_arcsec);
    LG_TEST_CHECK(in.psf.fwhm_arcsec > 0.5 * in.pixel_arcsec && in.psf.fwhm_arcsec < 1.5, "%s: FWHM %g", name,
                  in.psf.fwhm_arcsec);
    LG_TEST_CHECK(in.zero_point_mag > 23.0 && in.zero_point_mag < 29.0, "%s: zero point %g", name, in.zero_point_mag);
    LG_TEST_CHECK(in.sky_mag_arcsec2 > 19.0 && in.sky_mag_arcsec2 < 23.5, "%s: sky %g", name, in.sky_mag_arcsec2);
    LG_TEST_CHECK(in.exposure_s * in.n_exposures >= 500.0, "%s: total exposure %g s", name,
                  in.exposure_s * in.n_exposures);
    LG_TEST_CHECK(in.noise == LG_NOISE_POISSON_GAUSS && in.sky_subtract == 1, "%s: noise defaults", name);
  }
  LG_TEST_CHECK(lg_instrument_preset_name(n) == NULL, "preset name past the end");
}

static void test_values(void) {
  lg_instrument in;
  LG_TEST_OK(lg_instrument_preset("hst_wfc3_f160w", &in));
  LG_TEST_CHECK(in.pixel_arcsec == 0.08 && in.zero_point_mag == 25.9463 && in.exposure_s == 5400.0 &&
                    in.psf.kind == LG_PSF_GAUSSIAN,
                "hst_wfc3_f160w numbers changed");
  /* sky: 10^(-0.4 (22.3 - 25.9463)) e-/s/arcsec^2 x 0.08^2 = 0.18445 e-/s per pixel */
  lg_noise_model m;
  LG_TEST_OK(lg_noise_model_init(&m, &in, in.pixel_arcsec));
  LG_TEST_CLOSE(m.sky_e_s, pow(10.0, -0.4 * (22.3 - 25.9463)) * 0.0064, 1e-14, 0.0);
  LG_TEST_CLOSE(m.t_s, 5400.0, 0.0, 0.0);
  LG_TEST_CLOSE(m.read_var_e2, 144.0 + 2.5 * 2.5 / 12.0, 1e-15, 0.0);
  LG_TEST_OK(lg_instrument_preset("lsst_i", &in));
  LG_TEST_CHECK(in.psf.kind == LG_PSF_MOFFAT && in.n_exposures == 460 && in.zero_point_mag == 27.79,
                "lsst_i numbers changed");
  LG_TEST_OK(lg_instrument_preset("euclid_vis", &in));
  LG_TEST_CHECK(in.pixel_arcsec == 0.101 && in.n_exposures == 4, "euclid_vis numbers changed");
  LG_TEST_OK(lg_instrument_preset("jwst_f115w", &in));
  LG_TEST_CHECK(in.pixel_arcsec == 0.031 && in.psf.fwhm_arcsec == 0.040, "jwst_f115w numbers changed");
  LG_TEST_OK(lg_instrument_preset("des_i", &in));
  LG_TEST_CHECK(in.pixel_arcsec == 0.263 && in.psf.fwhm_arcsec == 0.88, "des_i numbers changed");
}

static void expect_option_error(const lg_instrument *in, const char *phrase) {
  lg_err_clear();
  const lg_err e = lg_instrument_check(in);
  LG_TEST_CHECK(e == LG_ERR_OPTION && strstr(lg_err_message(), phrase), "want LG_ERR_OPTION saying '%s', got %d: %s",
                phrase, (int)e, lg_err_message());
  lg_err_clear();
}

static void test_errors(void) {
  lg_instrument in;
  lg_err_clear();
  LG_TEST_CHECK(lg_instrument_preset("hubble", &in) == LG_ERR_OPTION && strstr(lg_err_message(), "'hubble' unknown") &&
                    strstr(lg_err_message(), "euclid_vis, lsst_i"),
                "unknown preset: %s", lg_err_message());
  lg_err_clear();
  LG_TEST_OK(lg_instrument_preset("euclid_vis", &in));
  lg_instrument b = in;
  b.exposure_s = 0.0;
  expect_option_error(&b, "exposure time 0 s");
  b = in;
  b.n_exposures = 0;
  expect_option_error(&b, "number of exposures 0");
  b = in;
  b.read_noise_e = -1.0;
  expect_option_error(&b, "read noise -1");
  b = in;
  b.psf.kind = LG_PSF_MOFFAT;
  b.psf.moffat_beta = 0.9;
  expect_option_error(&b, "Moffat beta 0.9");
  b = in;
  b.psf.kind = LG_PSF_PIXEL;
  expect_option_error(&b, "kernel file");
  b = in;
  b.psf.fwhm_arcsec = 0.0;
  expect_option_error(&b, "PSF FWHM 0");
  b = in;
  b.noise = 5;
  expect_option_error(&b, "noise mode 5");
  b = in;
  b.zero_point_mag = NAN;
  expect_option_error(&b, "zero point");
  LG_TEST_CHECK(lg_noise_mode_find("poisson") == LG_NOISE_POISSON_GAUSS && lg_noise_mode_find("none") == 0 &&
                    lg_noise_mode_find("x") == -1 && strcmp(lg_noise_mode_name(1), "poisson") == 0,
                "noise mode names");
  LG_TEST_CHECK(lg_psf_kind_find("moffat") == LG_PSF_MOFFAT && lg_psf_kind_find("airy") == -1 &&
                    strcmp(lg_psf_kind_name(LG_PSF_PIXEL), "pixel") == 0,
                "PSF kind names");
}

int main(void) {
  test_all_load();
  test_values();
  test_errors();
  return lg_test_report("test_obs_presets");
}
