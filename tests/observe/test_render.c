/* Ray tracing (observe/render.h): a Sersic source lensed by an SIS converges with the supersampling
 * S towards a high-S render; the total magnification of a compact source behind an SIS equals the
 * source-averaged point magnification 2 theta_E / |beta| (Schneider, Ehlers & Falco 1992, sec. 8.1.4);
 * an empty lens reproduces the unlensed image; the row loops of observe/render.c give the per-pixel
 * sums of render.h (to vector-libm rounding), across row chunks, and the Sersic centre exactly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lg_test.h"
#include "observe/derived.h"
#include "observe/light_info.h"
#include "observe/render.h"
#include "physics/profiles.h"
#include "physics/profiles/sis.h"

static lg_component sis(double te) {
  lg_component c;
  memset(&c, 0, sizeof c);
  c.kind = LG_PROFILE_SIS;
  c.p[LG_SIS_X] = 0.0;
  c.p[LG_SIS_Y] = 0.0;
  c.p[LG_SIS_TE] = te;
  return c;
}

static void test_convergence(void) {
  const int npix = 64;
  const long n = (long)npix * npix;
  lg_component lens = sis(1.0);
  const double u[7] = {0.12, 0.05, 20.0, 0.15, 1.0, 0.7, 30.0};
  lg_light src;
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_SERSIC, u, 25.0, &src));
  double *ref = malloc(sizeof *ref * (size_t)n), *img = malloc(sizeof *img * (size_t)n);
  lg_grid g = {npix, 4.0, 32};
  LG_TEST_OK(lg_render_lensed(&g, &lens, 1, &src, 1, ref));
  double peak = 0.0, fref = 0.0;
  for (long i = 0; i < n; i++) {
    if (ref[i] > peak) peak = ref[i];
    fref += ref[i];
  }
  double prev = INFINITY;
  const int ss[4] = {1, 2, 4, 8};
  double err[4];
  for (int k = 0; k < 4; k++) {
    g.supersample = ss[k];
    LG_TEST_OK(lg_render_lensed(&g, &lens, 1, &src, 1, img));
    double emax = 0.0, f = 0.0;
    for (long i = 0; i < n; i++) {
      const double d = fabs(img[i] - ref[i]);
      if (d > emax) emax = d;
      f += img[i];
    }
    err[k] = emax / peak;
    printf("SIS + Sersic n=1, 64 px: S = %d: max |I - I(S=32)| / peak = %.2e, flux / flux(S=32) - 1 = %+.2e\n", ss[k],
           err[k], f / fref - 1.0);
    LG_TEST_CHECK(err[k] < prev, "error does not fall with S: %.3g at S = %d after %.3g", err[k], ss[k], prev);
    prev = err[k];
  }
  /* second-order midpoint rule: S 2 -> 8 should gain well over a factor 4 */
  LG_TEST_CHECK(err[3] < err[1] / 6.0 && err[3] < 3e-3, "S = 8 error %.3g vs S = 2 %.3g", err[3], err[1]);
  /* no lens: lensed == unlensed, bit for bit */
  g.supersample = 2;
  LG_TEST_OK(lg_render_lensed(&g, NULL, 0, &src, 1, img));
  LG_TEST_OK(lg_render_light(&g, &src, 1, ref));
  LG_TEST_CHECK(memcmp(img, ref, sizeof *img * (size_t)n) == 0, "empty lens differs from the unlensed source");
  free(ref);
  free(img);
}

/* mu of a circular Gaussian source (width s, centre at beta0 on the x axis, wholly inside the
 * Einstein ring) behind an SIS: the Gaussian average of 2 theta_E / |beta| by a 2D midpoint sum. */
static double mu_gauss_sis(double te, double beta0, double s) {
  const int m = 801;
  const double h = 12.0 * s / (m - 1);
  double num = 0.0, den = 0.0;
  for (int j = 0; j < m; j++)
    for (int i = 0; i < m; i++) {
      const double dx = -6.0 * s + i * h, dy = -6.0 * s + j * h;
      const double w = exp(-0.5 * (dx * dx + dy * dy) / (s * s));
      num += w * 2.0 * te / hypot(beta0 + dx, dy);
      den += w;
    }
  return num / den;
}

static void test_magnification(void) {
  const double te = 1.0, beta0 = 0.4, s = 0.03;
  lg_component lens = sis(te);
  const double u[6] = {beta0, 0.0, 20.0, s, 1.0, 0.0}; /* circular Gaussian source */
  lg_light src;
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_GAUSS, u, 25.0, &src));
  lg_grid g = {128, 4.0, 1};
  double *work = malloc(sizeof *work * 128 * 128);
  double mu = 0.0, fl = 0.0, fu = 0.0;
  LG_TEST_OK(lg_observe_magnification(&g, 8, &lens, 1, &src, 1, work, &mu, &fl, &fu));
  const double want = mu_gauss_sis(te, beta0, s);
  printf("SIS, Gaussian source at beta = 0.4, sigma = 0.03: mu = %.6f, expected %.6f (point: %.6f), rel err %.1e\n", mu,
         want, 2.0 * te / beta0, mu / want - 1.0);
  LG_TEST_CLOSE(mu, want, 1e-7, 0.0);
  LG_TEST_CLOSE(fu, lg_light_total_flux(&src), 1e-10, 0.0);
  free(work);
}

/* lg_render_lensed / lg_render_light against lg_render_pixel_lensed / _light pixel by pixel: SIE + shear,
 * a Sersic and a Gaussian source, S = 1 and 3, a row shorter and one longer than the 256-pixel chunk. */
static void test_rows_match_pixels(void) {
  const double sie_u[5] = {0.03, -0.02, 1.2, 0.7, 35.0}, shear_u[2] = {0.04, -0.03};
  lg_component lens[2];
  LG_TEST_OK(lg_profile_get(LG_PROFILE_SIE)->prepare(sie_u, NULL, &lens[0]));
  LG_TEST_OK(lg_profile_get(LG_PROFILE_SHEAR)->prepare(shear_u, NULL, &lens[1]));
  const double us[7] = {0.05, 0.02, 21.0, 0.3, 2.5, 0.6, 20.0}, ug[6] = {-0.1, 0.1, 22.0, 0.2, 0.8, 100.0};
  lg_light src[2];
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_SERSIC, us, 25.0, &src[0]));
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_GAUSS, ug, 25.0, &src[1]));
  const int sides[2] = {37, 301}, ss[2] = {1, 3};
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 2; b++) {
      const lg_grid g = {sides[a], 4.0, ss[b]};
      const int n = g.npix;
      const double pixel = g.fov_arcsec / n;
      double *img = malloc(sizeof *img * (size_t)n * (size_t)n), *un = malloc(sizeof *un * (size_t)n * (size_t)n);
      LG_TEST_OK(lg_render_lensed(&g, lens, 2, src, 2, img));
      LG_TEST_OK(lg_render_light(&g, src, 2, un));
      double peak = 0.0, dl = 0.0, du = 0.0;
      for (int iy = 0; iy < n; iy++)
        for (int ix = 0; ix < n; ix++) {
          const double x = lg_grid_coord(&g, ix), y = lg_grid_coord(&g, iy);
          const double rl = lg_render_pixel_lensed(lens, 2, src, 2, x, y, pixel, g.supersample);
          const double ru = lg_render_pixel_light(src, 2, x, y, pixel, g.supersample);
          const long i = (long)iy * n + ix;
          peak = fmax(peak, fmax(rl, ru));
          dl = fmax(dl, fabs(img[i] - rl));
          du = fmax(du, fabs(un[i] - ru));
        }
      /* a few ulp of vector atan, atanh, exp and log (core/vmath.h), amplified by the steep profile */
      LG_TEST_CHECK(dl <= 1e-12 * peak && du <= 1e-12 * peak,
                    "npix %d, S %d: rows vs pixels differ by %.3g (lensed), %.3g (unlensed) of the peak", n,
                    g.supersample, dl / peak, du / peak);
      free(img);
      free(un);
    }
  /* a Sersic centred on a pixel centre: R = 0 there, the centre value I_0 exactly */
  const double uc[7] = {0.0, 0.0, 21.0, 0.3, 4.0, 0.6, 20.0};
  lg_light c;
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_SERSIC, uc, 25.0, &c));
  const lg_grid g = {5, 1.0, 1};
  double img[25];
  LG_TEST_OK(lg_render_light(&g, &c, 1, img));
  LG_TEST_CHECK(img[12] == c.p[LG_LSERSIC_I0] * (0.2 * 0.2) && isfinite(img[11]) && img[11] < img[12],
                "Sersic centre pixel %.17g, expected I_0 pixel^2 = %.17g", img[12], c.p[LG_LSERSIC_I0] * (0.2 * 0.2));
}

int main(void) {
  test_rows_match_pixels();
  test_convergence();
  test_magnification();
  return lg_test_report("test_obs_render");
}
