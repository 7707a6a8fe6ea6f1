/* Source light (observe/light.h, light_info.h): the Sersic b_n against exact values and the defining
 * equation P(2n, b_n) = 1/2; total fluxes of rendered Sersic and Gaussian light against the analytic
 * totals (Graham & Driver 2005 eq. 4); the intermediate-axis convention; the light table. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lg_test.h"
#include "observe/light_info.h"
#include "observe/render.h"
#include "physics/profiles/sersic.h"

static void test_bn(void) {
  /* n = 1/2: P(1, b) = 1 - e^-b = 1/2, b = ln 2 exactly */
  LG_TEST_CLOSE(lg_light_sersic_bn(0.5), log(2.0), 1e-15, 0.0);
  /* n = 1: P(2, b) = 1 - e^-b (1 + b) = 1/2 */
  const double b1 = lg_light_sersic_bn(1.0);
  LG_TEST_CLOSE(exp(-b1) * (1.0 + b1), 0.5, 2e-15, 0.0);
  /* mpmath 1.2 (30 digits): findroot of gammainc(2n, 0, b, regularized=True) - 1/2 */
  LG_TEST_CLOSE(b1, 1.6783469900166606535, 1e-14, 0.0);
  LG_TEST_CLOSE(lg_light_sersic_bn(4.0), 7.6692494425008039044, 1e-14, 0.0);
  LG_TEST_CLOSE(lg_light_sersic_bn(10.0), 19.667672423305667331, 1e-14, 0.0);
  LG_TEST_CLOSE(lg_light_sersic_bn(0.2), 0.14507814164343527167, 1e-13, 0.0);
  LG_TEST_CLOSE(lg_light_sersic_bn(2.5), 4.6709088827959837203, 1e-14, 0.0);
  double worst = 0.0, worst_cb = 0.0;
  for (double n = 0.2; n <= 10.0001; n += 0.05) {
    const double b = lg_light_sersic_bn(n), res = fabs(lg_gammainc_p(2.0 * n, b, lgamma(2.0 * n)) - 0.5);
    if (res > worst) worst = res;
    if (n >= 0.5) { /* the mass profile's own b_n (physics/profiles/sersic.h), solved independently */
      const double d = fabs(b / lg_sersic_bn(n) - 1.0);
      if (d > worst_cb) worst_cb = d;
    }
  }
  printf("b_n: max |P(2n, b_n) - 1/2| = %.2e over n in [0.2, 10]; max rel diff to lg_sersic_bn %.2e\n", worst,
         worst_cb);
  LG_TEST_CHECK(worst < 1e-14, "P(2n, b_n) - 1/2 up to %.3g", worst);
  LG_TEST_CHECK(worst_cb < 1e-12, "light and mass b_n differ by %.3g", worst_cb);
}

/* Renders component c on an npix grid of side fov with s sub-pixels and returns the summed flux. */
static double render_flux(const lg_light *c, int npix, double fov, int s) {
  lg_grid g = {npix, fov, s};
  double *img = malloc(sizeof *img * (size_t)npix * (size_t)npix);
  if (lg_render_light(&g, c, 1, img) != LG_OK) {
    free(img);
    return NAN;
  }
  double f = 0.0;
  for (long i = 0; i < (long)npix * npix; i++) f += img[i];
  free(img);
  return f;
}

static void test_sersic_flux(void) {
  /* x, y, mag, r_eff, n, q, phi; zp 25 -> F = 10^(-0.4 (20 - 25)) = 100 e-/s */
  /* The error is that of the sub-pixel midpoint rule at the central cusp of I(R) (a kink for n = 1,
   * R^(1/n) for n > 1), not the field: beyond the field's inscribed ellipse the missing flux is
   * Q(2n, b_n (W sqrt(q) / r_eff)^(1/n)) < 3e-4 for the n = 4 case, < 1e-8 for the others. */
  const struct {
    double n, fov_reff, tol;
    int npix, s;
  } cases[] = {{0.5, 30.0, 1e-12, 128, 2},
               {1.0, 60.0, 2e-5, 200, 8},
               {2.0, 80.0, 2e-5, 200, 16},
               {4.0, 160.0, 3e-3, 200, 16},
               {4.0, 160.0, 5e-2, 200, 4}};
  for (int k = 0; k < 5; k++) {
    const double u[7] = {0.013, -0.021, 20.0, 0.1, cases[k].n, 0.6, 27.0};
    lg_light c;
    LG_TEST_OK(lg_light_prepare(LG_LIGHT_SERSIC, u, 25.0, &c));
    const double want = 100.0;
    LG_TEST_CLOSE(lg_light_total_flux(&c), want, 1e-13, 0.0);
    const double got = render_flux(&c, cases[k].npix, cases[k].fov_reff * 0.1, cases[k].s);
    printf("Sersic n = %.1f: rendered flux / analytic - 1 = %+.2e (fov %.0f r_eff, %d px, S = %d)\n", cases[k].n,
           got / want - 1.0, cases[k].fov_reff, cases[k].npix, cases[k].s);
    LG_TEST_CLOSE(got, want, cases[k].tol, 0.0);
  }
  /* surface brightness at R = r_eff is I_eff = I_0 e^-b, on the major axis x' = r_eff / sqrt(q) */
  const double u[7] = {0.3, 0.2, 20.0, 0.25, 2.5, 0.5, 40.0};
  lg_light c;
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_SERSIC, u, 25.0, &c));
  const double ph = 40.0 * 3.14159265358979323846 / 180.0, a = 0.25 / sqrt(0.5);
  const double ieff = c.p[LG_LSERSIC_I0] * exp(-c.p[LG_LSERSIC_BN]);
  LG_TEST_CLOSE(lg_light_component_sb(&c, 0.3 + a * cos(ph), 0.2 + a * sin(ph)), ieff, 1e-13, 0.0);
  /* and on the minor axis at y' = r_eff sqrt(q) */
  const double bm = 0.25 * sqrt(0.5);
  LG_TEST_CLOSE(lg_light_component_sb(&c, 0.3 - bm * sin(ph), 0.2 + bm * cos(ph)), ieff, 1e-13, 0.0);
}

static void test_gauss_flux(void) {
  const double u[6] = {-0.05, 0.04, 22.5, 0.2, 0.45, -63.0}; /* x y mag sigma q phi */
  lg_light c;
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_GAUSS, u, 25.0, &c));
  const double want = pow(10.0, 1.0);
  LG_TEST_CLOSE(lg_light_total_flux(&c), want, 1e-13, 0.0);
  const double got = render_flux(&c, 128, 6.0, 2);
  printf("Gaussian: rendered flux / analytic - 1 = %+.2e\n", got / want - 1.0);
  LG_TEST_CLOSE(got, want, 1e-12, 0.0);
  /* flux does not depend on q (intermediate-axis convention) */
  const double u2[6] = {-0.05, 0.04, 22.5, 0.2, 0.1, -63.0};
  LG_TEST_OK(lg_light_prepare(LG_LIGHT_GAUSS, u2, 25.0, &c));
  LG_TEST_CLOSE(render_flux(&c, 256, 8.0, 2), want, 1e-10, 0.0);
}

static void test_table(void) {
  LG_TEST_CHECK(lg_light_find("sersic") == LG_LIGHT_SERSIC && lg_light_find("gauss") == LG_LIGHT_GAUSS &&
                    lg_light_find("nope") == -1,
                "lg_light_find");
  for (int k = 0; k < LG_LIGHT_COUNT; k++) {
    const lg_light_info *in = lg_light_get(k);
    LG_TEST_CHECK(in && in->n_params <= LG_LIGHT_MAX_USER && strcmp(in->param[2].name, "mag") == 0,
                  "light %d: table row", k);
  }
  LG_TEST_CHECK(lg_light_get(LG_LIGHT_COUNT) == NULL, "lg_light_get out of range");
  const double bad[7] = {0, 0, 20, 0.1, 0.1, 0.8, 0}; /* n = 0.1 below 0.2 */
  lg_light c;
  lg_err_clear();
  LG_TEST_CHECK(lg_light_prepare(LG_LIGHT_SERSIC, bad, 25.0, &c) == LG_ERR_RANGE &&
                    strstr(lg_err_message(), "n = 0.1") != NULL,
                "bad n: %s", lg_err_message());
  lg_err_clear();
  LG_TEST_CHECK(lg_light_prepare(7, bad, 25.0, &c) == LG_ERR_RANGE, "bad kind accepted");
  lg_err_clear();
  LG_TEST_CLOSE(lg_mag_to_flux(25.0, 25.0), 1.0, 1e-15, 0.0);
  LG_TEST_CLOSE(lg_mag_to_flux(20.0, 25.0), 100.0, 1e-14, 0.0);
}

int main(void) {
  test_bn();
  test_sersic_flux();
  test_gauss_flux();
  test_table();
  return lg_test_report("test_obs_light");
}
