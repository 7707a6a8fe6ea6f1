/* Pixelised light (observe/pixsrc.h, the `pixel` light kind): the interpolant passes through the
 * samples; orientation and rotation follow the documented geometry; the total flux of a rendered
 * image equals the drawn magnitude's flux (bicubic and bilinear); `pick` chooses the image of a
 * stack; a Gaussian sampled into a file and ray traced through an SIS matches the analytic Gaussian
 * light rendered the same way; bad inputs are refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lg_test.h"
#include "observe/light_info.h"
#include "observe/pixsrc.h"
#include "observe/render.h"
#include "physics/profiles/sis.h"

/* A deterministic positive pseudo-random value in [0.1, 1.1). */
static double lg_hash01(int i) {
  unsigned x = (unsigned)i * 2654435761u + 12345u;
  x ^= x >> 13;
  x *= 0x5bd1e995u;
  x ^= x >> 15;
  return 0.1 + (double)(x % 100000u) / 100000.0;
}

static void install(int slot, const double *v, int k, int ny, int nx, double pixel, int interp) {
  lg_pixsrc s;
  LG_TEST_OK(lg_pixsrc_init(&s, "test", v, k, ny, nx, pixel, interp));
  LG_TEST_OK(lg_pixsrc_install(slot, &s));
}

static void test_interpolating(void) {
  enum { NX = 9, NY = 7 };
  double v[NX * NY];
  for (int i = 0; i < NX * NY; i++) v[i] = lg_hash01(i);
  for (int interp = 0; interp < LG_PIXSRC_INTERP_COUNT; interp++) {
    install(0, v, 1, NY, NX, 0.1, interp);
    const lg_pixsrc *s = lg_pixsrc_get(0);
    double emax = 0.0;
    for (int iy = 0; iy < NY; iy++)
      for (int ix = 0; ix < NX; ix++)
        emax = fmax(emax, fabs(lg_pixsrc_value(s, 0, ix - 0.5 * (NX - 1), iy - 0.5 * (NY - 1)) - v[iy * NX + ix]));
    LG_TEST_CHECK(emax < 1e-15, "%s: the interpolant misses a sample by %.3g", lg_pixsrc_interp_name(interp), emax);
    /* beyond the support: 0 */
    LG_TEST_CHECK(lg_pixsrc_value(s, 0, 0.5 * NX + 1.6, 0.0) == 0.0 && lg_pixsrc_value(s, 0, NAN, 0.0) == 0.0,
                  "value outside the image");
  }
  lg_pixsrc_uninstall_all();
}

/* A single bright sample at [iy = 3][ix = 4] of a 5 x 5 image: its sky position for phi = 0 and 90. */
static void test_orientation(void) {
  double v[25] = {0};
  v[3 * 5 + 4] = 1.0;
  install(2, v, 1, 5, 5, 0.1, LG_PIXSRC_BICUBIC);
  /* x, y, mag, zoom, phi, pick */
  const double u0[6] = {0.5, -0.2, 25.0, 1.0, 0.0, 0.0}, u90[6] = {0.5, -0.2, 25.0, 1.0, 90.0, 0.0};
  lg_light c0, c90;
  LG_TEST_OK(lg_light_prepare_slot(LG_LIGHT_PIXEL, u0, 25.0, 2, &c0));
  LG_TEST_OK(lg_light_prepare_slot(LG_LIGHT_PIXEL, u90, 25.0, 2, &c90));
  const double amp = c0.p[LG_LPIXEL_AMP];
  LG_TEST_CLOSE(amp, 1.0 / (0.1 * 0.1), 1e-14, 0.0); /* F = 1 over one sample of 0.01 arcsec^2 */
  /* sample (4, 3) is (+2, +1) source pixels from the centre: phi = 0 puts it at (0.7, -0.1) */
  LG_TEST_CLOSE(lg_light_component_sb(&c0, 0.7, -0.1), amp, 1e-12, 0.0);
  LG_TEST_CLOSE(lg_light_component_sb(&c0, 0.4, 0.0), 0.0, 0.0, 1e-12 * amp);
  /* phi = 90: the image's x axis along +y, its y axis along -x: (-1, +2) x 0.1 -> (0.4, 0.0) */
  LG_TEST_CLOSE(lg_light_component_sb(&c90, 0.4, 0.0), amp, 1e-12, 0.0);
  LG_TEST_CLOSE(lg_light_component_sb(&c90, 0.7, -0.1), 0.0, 0.0, 1e-12 * amp);
  lg_pixsrc_uninstall_all();
}

/* The rendered flux of an unlensed, rotated, zoomed stack image equals 10^(-0.4 (mag - zp)). */
static void test_flux(void) {
  enum { NX = 20, NY = 16, K = 3 };
  static double v[K * NX * NY];
  for (int i = 0; i < K * NX * NY; i++) v[i] = lg_hash01(i) * (1.0 + (i / (NX * NY)));
  const int npix = 64;
  double *img = malloc(sizeof *img * (size_t)(npix * npix));
  for (int interp = 0; interp < LG_PIXSRC_INTERP_COUNT; interp++) {
    install(1, v, K, NY, NX, 0.05, interp);
    const double u[6] = {0.11, -0.07, 20.0, 1.3, 37.0, 0.5};
    lg_light c;
    LG_TEST_OK(lg_light_prepare_slot(LG_LIGHT_PIXEL, u, 25.0, 1, &c));
    LG_TEST_CHECK(c.p[LG_LPIXEL_IMAGE] == 1.0, "pick 0.5 of 3 images chose %g", c.p[LG_LPIXEL_IMAGE]);
    LG_TEST_CLOSE(lg_light_total_flux(&c), 100.0, 1e-13, 0.0);
    lg_grid g = {npix, 4.0, 16};
    LG_TEST_OK(lg_render_light(&g, &c, 1, img));
    double f = 0.0;
    for (int i = 0; i < npix * npix; i++) f += img[i];
    printf("%s, 20 x 16 source pixels of 0.065\" at 37 deg, 64 px S = 16: flux / F - 1 = %+.2e\n",
           lg_pixsrc_interp_name(interp), f / 100.0 - 1.0);
    LG_TEST_CLOSE(f, 100.0, 1e-6, 0.0);
  }
  /* pick: 0 -> first image, 1 -> last; each normalised to the same flux */
  const double picks[4] = {0.0, 0.34, 0.9999, 1.0};
  const int want[4] = {0, 1, 2, 2};
  for (int k = 0; k < 4; k++) {
    const double u[6] = {0.0, 0.0, 22.5, 1.0, 0.0, picks[k]};
    lg_light c;
    LG_TEST_OK(lg_light_prepare_slot(LG_LIGHT_PIXEL, u, 25.0, 1, &c));
    LG_TEST_CHECK((int)c.p[LG_LPIXEL_IMAGE] == want[k], "pick %g chose image %g, want %d", picks[k],
                  c.p[LG_LPIXEL_IMAGE], want[k]);
    LG_TEST_CLOSE(lg_light_total_flux(&c), 10.0, 1e-13, 0.0);
  }
  lg_pixsrc_uninstall_all();
  free(img);
}

/* A Gaussian light sampled on 0.01" source pixels, ray traced through an SIS, against the analytic
 * Gaussian light rendered the same way: the pixelised source is right to its interpolation error. */
static void test_against_analytic(void) {
  enum { NS = 121 };
  const double ug[6] = {0.08, 0.03, 21.0, 0.12, 0.7, 30.0}; /* x, y, mag, sigma, q, phi */
  lg_light gauss;
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_GAUSS, ug, 25.0, &gauss));
  static double v[NS * NS];
  const double h = 0.01;
  for (int iy = 0; iy < NS; iy++)
    for (int ix = 0; ix < NS; ix++)
      v[iy * NS + ix] = lg_light_component_sb(&gauss, ug[0] + (ix - 60) * h, ug[1] + (iy - 60) * h);
  install(0, v, 1, NS, NS, h, LG_PIXSRC_BICUBIC);
  const double up[6] = {ug[0], ug[1], 21.0, 1.0, 0.0, 0.0};
  lg_light pix;
  LG_TEST_OK(lg_light_prepare_slot(LG_LIGHT_PIXEL, up, 25.0, 0, &pix));
  lg_component lens;
  memset(&lens, 0, sizeof lens);
  lens.kind = LG_PROFILE_SIS;
  lens.p[LG_SIS_TE] = 1.0;
  const int npix = 48;
  double *a = malloc(sizeof *a * (size_t)(npix * npix)), *b = malloc(sizeof *b * (size_t)(npix * npix));
  lg_grid g = {npix, 3.2, 4};
  LG_TEST_OK(lg_render_lensed(&g, &lens, 1, &gauss, 1, a));
  LG_TEST_OK(lg_render_lensed(&g, &lens, 1, &pix, 1, b));
  double peak = 0.0, emax = 0.0, fa = 0.0, fb = 0.0;
  for (int i = 0; i < npix * npix; i++) {
    peak = fmax(peak, a[i]);
    emax = fmax(emax, fabs(a[i] - b[i]));
    fa += a[i];
    fb += b[i];
  }
  printf("Gaussian sigma 0.12\" as 121^2 samples of 0.01\" through an SIS: max |pixel - analytic| / peak = %.2e, "
         "flux ratio - 1 = %+.2e\n",
         emax / peak, fb / fa - 1.0);
  LG_TEST_CHECK(emax < 1e-4 * peak, "pixelised Gaussian differs by %.3g of the peak", emax / peak);
  LG_TEST_CLOSE(fb, fa, 2e-5, 0.0);
  free(a);
  free(b);
  lg_pixsrc_uninstall_all();
}

static void test_errors(void) {
  double v[4] = {1.0, -1.0, 0.5, -0.5};
  lg_pixsrc s;
  LG_TEST_CHECK(lg_pixsrc_init(&s, "zero.npy", v, 1, 2, 2, 0.1, LG_PIXSRC_BICUBIC) == LG_ERR_FILE &&
                    strstr(lg_err_message(), "zero.npy") && strstr(lg_err_message(), "positive total"),
                "a zero-sum image accepted: %s", lg_err_message());
  LG_TEST_CHECK(lg_pixsrc_init(&s, "x", v, 1, 2, 2, 0.0, LG_PIXSRC_BICUBIC) == LG_ERR_OPTION, "pixel 0 accepted");
  const double u[6] = {0.0, 0.0, 22.0, 1.0, 0.0, 0.5};
  lg_light c;
  LG_TEST_CHECK(lg_light_prepare(LG_LIGHT_PIXEL, u, 25.0, &c) == LG_ERR_OPTION, "a pixel light without an image");
  LG_TEST_CHECK(lg_light_prepare_slot(LG_LIGHT_PIXEL, u, 25.0, 3, &c) == LG_ERR_OPTION, "empty slot accepted");
  const double bad[6] = {0.0, 0.0, 22.0, 1.0, 0.0, 1.5};
  double w[4] = {1, 1, 1, 1};
  install(3, w, 1, 2, 2, 0.1, LG_PIXSRC_BILINEAR);
  LG_TEST_CHECK(lg_light_prepare_slot(LG_LIGHT_PIXEL, bad, 25.0, 3, &c) == LG_ERR_RANGE, "pick 1.5 accepted");
  LG_TEST_CHECK(lg_pixsrc_interp_find("bicubic") == LG_PIXSRC_BICUBIC && lg_pixsrc_interp_find("cubic") == -1,
                "interpolation names");
  lg_pixsrc_uninstall_all();
  LG_TEST_CHECK(lg_pixsrc_get(3) == NULL, "registry not emptied");
}

int main(void) {
  test_interpolating();
  test_orientation();
  test_flux();
  test_against_analytic();
  test_errors();
  return lg_test_report("test_pixsrc");
}
