/* Source placement and the finder's interface: lg_source_place draws positions of the asked
 * multiplicity (checked by finding their images), is a pure function of its deviates, samples the
 * region uniformly (the share of quads among strongly lensed draws of an SIE + shear equals the area
 * of its tangential caustic over that of its cut, within 4 sigma), and refuses a lens without such a
 * region. lg_find_images: a subcritical lens (sheet + shear) has one image at A^-1 beta; no lens maps
 * beta to itself; max_img truncates to the earliest arrivals; bad options are refused. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lens_samples.h"
#include "lensing/critical.h"
#include "lensing/images.h"
#include "lensing/placement.h"
#include "lg_test.h"

static lg_lens_context *no_ctx = NULL;

static void sie_shear(lg_component *c) {
  const double u_sie[5] = {0.03, -0.02, 1.1, 0.7, 25.0}, u_shear[2] = {0.04, 0.02};
  c[0] = lgt_make("sie", u_sie, no_ctx);
  c[1] = lgt_make("shear", u_shear, no_ctx);
}

static void test_place(lg_critical *cc) {
  lg_component c[2];
  sie_shear(c);
  LG_TEST_OK(lg_critical_curves(c, 2, NULL, NULL, cc));
  static const int wants[3] = {2, 4, LG_MULT_ANY};
  for (int w = 0; w < 3; w++)
    for (int k = 0; k < 50; k++) {
      lgt_rng r = {1000u + 7u * (unsigned)k}, r2 = r;
      double bx, by, bx2, by2;
      int tries = 0;
      LG_TEST_OK(lg_source_place(cc, wants[w], lgt_u01, &r, 1000, &bx, &by, &tries));
      LG_TEST_OK(lg_source_place(cc, wants[w], lgt_u01, &r2, 1000, &bx2, &by2, NULL));
      LG_TEST_CHECK(bx == bx2 && by == by2, "placement is not a function of its deviates");
      LG_TEST_CHECK(tries >= 1 && r.s == 1000u + 7u * (unsigned)k + 2u * (unsigned)tries * 0x9e3779b97f4a7c15ULL,
                    "placement used %d tries but not two deviates each", tries);
      lg_image im[8];
      int n = 0;
      LG_TEST_OK(lg_find_images(c, 2, bx, by, NULL, im, 8, &n));
      if (lg_caustic_distance(cc, bx, by) < 1e-6) continue; /* the polygon and the caustic may differ */
      LG_TEST_CHECK(wants[w] == LG_MULT_ANY ? n >= 2 : n == wants[w], "asked %d images, found %d", wants[w], n);
    }

  /* uniformity: P(quad | strongly lensed) = area(tangential caustic) / area(cut) (no naked cusp here) */
  double a_tan = 0.0, a_cut = 0.0;
  for (int i = 0; i < cc->n_curves; i++) {
    if (cc->curve[i].kind == LG_CURVE_TANGENTIAL) a_tan = fabs(cc->curve[i].caustic_area);
    if (cc->curve[i].kind == LG_CURVE_CUT) a_cut = fabs(cc->curve[i].caustic_area);
  }
  lgt_rng r = {42u};
  const int n_draw = 4000;
  int n_quad = 0;
  for (int k = 0; k < n_draw; k++) {
    double bx, by;
    int nb;
    LG_TEST_OK(lg_source_place(cc, LG_MULT_ANY, lgt_u01, &r, 1000, &bx, &by, NULL));
    lg_source_multiplicity(cc, bx, by, NULL, &nb);
    n_quad += nb == 4;
  }
  const double p = a_tan / a_cut, got = (double)n_quad / n_draw, sigma = sqrt(p * (1 - p) / n_draw);
  printf("quads among strongly lensed draws: %.4f, caustic area ratio %.4f (sigma %.4f)\n", got, p, sigma);
  LG_TEST_CHECK(fabs(got - p) < 4 * sigma, "quad share %.4f, want %.4f +- %.4f", got, p, 4 * sigma);

  /* no region: quads of an SIS (its tangential caustic is a point), anything of a subcritical lens */
  const double u_sis[3] = {0.0, 0.0, 1.0};
  const lg_component sis = lgt_make("sis", u_sis, no_ctx);
  LG_TEST_OK(lg_critical_curves(&sis, 1, NULL, NULL, cc));
  double bx, by;
  LG_TEST_CHECK(lg_source_place(cc, 4, lgt_u01, &r, 100, &bx, &by, NULL) == LG_ERR_RANGE, "SIS quads placed");
  lg_err_clear();
  LG_TEST_OK(lg_source_place(cc, 2, lgt_u01, &r, 100, &bx, &by, NULL));
  LG_TEST_CHECK(hypot(bx, by) < 1.0, "SIS double at |beta| = %g >= theta_E", hypot(bx, by));
  const double u_sheet[1] = {0.3};
  const lg_component sheet = lgt_make("sheet", u_sheet, no_ctx);
  LG_TEST_OK(lg_critical_curves(&sheet, 1, NULL, NULL, cc));
  LG_TEST_CHECK(lg_source_place(cc, LG_MULT_ANY, lgt_u01, &r, 100, &bx, &by, NULL) == LG_ERR_RANGE,
                "placed a source behind a subcritical lens");
  lg_err_clear();
}

static void test_finder_interface(void) {
  /* sheet + shear: theta = A^-1 beta, A = [[1 - k - g1, -g2], [-g2, 1 - k + g1]] */
  const double k = 0.3, g1 = 0.03, g2 = -0.04, u_sheet[1] = {k}, u_shear[2] = {g1, g2};
  const lg_component weak[2] = {lgt_make("sheet", u_sheet, no_ctx), lgt_make("shear", u_shear, no_ctx)};
  const double bx = 0.4, by = -0.7, a11 = 1 - k - g1, a22 = 1 - k + g1, a12 = -g2, det = a11 * a22 - a12 * a12;
  lg_image im[8];
  int n = 0;
  LG_TEST_OK(lg_find_images(weak, 2, bx, by, NULL, im, 8, &n));
  LG_TEST_CHECK(n == 1, "sheet + shear: %d images", n);
  if (n == 1) {
    LG_TEST_CLOSE(im[0].x, (a22 * bx - a12 * by) / det, 0, 1e-12);
    LG_TEST_CLOSE(im[0].y, (a11 * by - a12 * bx) / det, 0, 1e-12);
    LG_TEST_CLOSE(im[0].mu, 1 / det, 1e-12, 0);
    LG_TEST_CHECK(im[0].type == LG_IMAGE_MIN && im[0].dt_days == 0.0, "sheet + shear image type %d", im[0].type);
  }
  /* no lens */
  LG_TEST_OK(lg_find_images(NULL, 0, bx, by, NULL, im, 8, &n));
  LG_TEST_CHECK(n == 1 && fabs(im[0].x - bx) < 1e-15 && fabs(im[0].y - by) < 1e-15 && im[0].mu == 1.0,
                "no lens: %d images", n);

  /* truncation to the earliest arrivals */
  lg_component c[2];
  sie_shear(c);
  lg_image all[8], two[2];
  int n_all = 0, n_two = 0;
  lg_image_stats st;
  LG_TEST_OK(lg_find_images(c, 2, 0.05, 0.02, NULL, all, 8, &n_all));
  LG_TEST_OK(lg_find_images_stats(c, 2, 0.05, 0.02, NULL, two, 2, &n_two, &st));
  LG_TEST_CHECK(n_all == 4 && n_two == 2 && st.n_found == 4, "quad: %d images, %d kept of %d", n_all, n_two,
                st.n_found);
  for (int i = 0; i < n_two && n_all == 4; i++)
    LG_TEST_CHECK(two[i].x == all[i].x && two[i].y == all[i].y, "truncation kept image %d out of order", i);
  for (int i = 1; i < n_all; i++) LG_TEST_CHECK(all[i].fermat >= all[i - 1].fermat, "images not sorted by arrival");

  /* bad arguments */
  lg_image_search o;
  lg_image_search_default(&o);
  o.n_grid = 1;
  LG_TEST_CHECK(lg_find_images(c, 2, 0, 0, &o, all, 8, &n_all) == LG_ERR_RANGE, "n_grid 1 accepted");
  lg_err_clear();
  LG_TEST_CHECK(lg_find_images(c, 2, NAN, 0, NULL, all, 8, &n_all) == LG_ERR_RANGE, "NaN source accepted");
  lg_err_clear();
  lg_critical_opts co;
  lg_critical_opts_default(&co);
  co.n_pts = LG_CRIT_MAX_PTS + 1;
  lg_critical *cc = malloc(sizeof *cc);
  if (cc != NULL) {
    LG_TEST_CHECK(lg_critical_curves(c, 2, &co, NULL, cc) == LG_ERR_RANGE, "n_pts %d accepted", co.n_pts);
    lg_err_clear();
    free(cc);
  }
}

int main(void) {
  lg_critical *cc = malloc(sizeof *cc);
  if (cc == NULL) return 1;
  test_place(cc);
  free(cc);
  test_finder_interface();
  return lg_test_report("test_placement");
}
