/* Image finder and critical curves against closed forms: the SIS (theta = beta -+ theta_E, mu = 1 -+
 * theta_E / beta, delay 2 theta_E beta) and the point mass (theta = (beta -+ sqrt(beta^2 + 4 theta_E^2))
 * / 2, mu = 1 / (1 - (theta_E / theta)^4)), to 1e-8; Einstein radii sqrt(area / pi) of the tangential
 * critical curve of SIS, SIE (the intermediate-axis ellipse q x'^2 + y'^2 / q = theta_E^2 encloses
 * pi theta_E^2) and point mass to 1e-6; multiplicities from the caustics and the cut; and the polygon
 * helpers of lensing/frame.h on shapes with known answers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/consts.h"
#include "lens_samples.h"
#include "lensing/critical.h"
#include "lensing/frame.h"
#include "lensing/images.h"
#include "lg_test.h"

#define TOL 1e-8
#define DAYS 83.2282456 /* any factor: delays are checked in days against it */

/* Finds the images and checks them against the expected ones (sorted by arrival time). */
static void check_images(const char *what, const lg_component *c, int n, double bx, double by, int n_want,
                         const double *x, const double *y, const double *mu, const int *type, const double *dt) {
  lg_image_search o;
  lg_image_search_default(&o);
  o.days_per_arcsec2 = DAYS;
  lg_image im[8];
  int ni = 0;
  lg_image_stats st;
  LG_TEST_OK(lg_find_images_stats(c, n, bx, by, &o, im, 8, &ni, &st));
  LG_TEST_CHECK(ni == n_want, "%s: %d images, want %d", what, ni, n_want);
  LG_TEST_CHECK(st.complete, "%s: index check failed (parity %d, expected %d)", what, st.parity_found,
                st.parity_expected);
  if (ni != n_want) return;
  for (int i = 0; i < ni; i++) {
    LG_TEST_CLOSE(im[i].x, x[i], 0, TOL);
    LG_TEST_CLOSE(im[i].y, y[i], 0, TOL);
    LG_TEST_CLOSE(im[i].mu, mu[i], TOL, 0);
    LG_TEST_CHECK(im[i].type == type[i], "%s: image %d type %d, want %d", what, i, im[i].type, type[i]);
    LG_TEST_CLOSE(im[i].dt_days, dt[i], TOL, TOL);
  }
}

static void test_sis(void) {
  const double te = 1.3, u[3] = {0.0, 0.0, te};
  const lg_component c = lgt_make("sis", u, NULL);
  const double dirs[3][2] = {{1, 0}, {0.6, 0.8}, {-0.28, -0.96}};
  const double betas[4] = {0.01, 0.37, 1.1, 2.5};
  for (int d = 0; d < 3; d++)
    for (int b = 0; b < 4; b++) {
      const double beta = betas[b], ex = dirs[d][0], ey = dirs[d][1];
      char what[64];
      snprintf(what, sizeof what, "SIS beta %g dir %d", beta, d);
      if (beta < te) {
        /* outer minimum first: tau = -te^2/2 -+ te beta */
        const double x[2] = {(beta + te) * ex, (beta - te) * ex}, y[2] = {(beta + te) * ey, (beta - te) * ey};
        const double mu[2] = {1.0 + te / beta, 1.0 - te / beta};
        const int type[2] = {LG_IMAGE_MIN, LG_IMAGE_SADDLE};
        const double dt[2] = {0.0, 2.0 * te * beta * DAYS};
        check_images(what, &c, 1, beta * ex, beta * ey, 2, x, y, mu, type, dt);
        /* the signed magnifications of an SIS pair sum to 2 */
        LG_TEST_CLOSE(mu[0] + mu[1], 2.0, 1e-12, 0);
      } else {
        const double x[1] = {(beta + te) * ex}, y[1] = {(beta + te) * ey}, mu[1] = {1.0 + te / beta};
        const int type[1] = {LG_IMAGE_MIN};
        const double dt[1] = {0.0};
        check_images(what, &c, 1, beta * ex, beta * ey, 1, x, y, mu, type, dt);
      }
    }
}

static void test_point_mass(void) {
  lg_component c;
  memset(&c, 0, sizeof c);
  const double te = 0.8, cx = 0.2, cy = -0.1;
  c.kind = LG_PROFILE_POINT;
  c.p[LG_POINT_X] = cx;
  c.p[LG_POINT_Y] = cy;
  c.p[LG_POINT_TE2] = te * te;
  const double betas[4] = {0.05, 0.4, 1.5, 4.0};
  for (int b = 0; b < 4; b++) {
    const double beta = betas[b], ex = 0.8, ey = -0.6;
    const double tp = 0.5 * (beta + sqrt(beta * beta + 4 * te * te)),
                 tm = 0.5 * (beta - sqrt(beta * beta + 4 * te * te));
    const double x[2] = {cx + tp * ex, cx + tm * ex}, y[2] = {cy + tp * ey, cy + tm * ey};
    const double mu[2] = {1.0 / (1.0 - pow(te / tp, 4)), 1.0 / (1.0 - pow(te / tm, 4))};
    const int type[2] = {LG_IMAGE_MIN, LG_IMAGE_SADDLE};
    /* tau = (theta - beta)^2 / 2 - te^2 ln|theta| */
    const double tau_p = 0.5 * (tp - beta) * (tp - beta) - te * te * log(fabs(tp));
    const double tau_m = 0.5 * (tm - beta) * (tm - beta) - te * te * log(fabs(tm));
    const double dt[2] = {0.0, (tau_m - tau_p) * DAYS};
    char what[64];
    snprintf(what, sizeof what, "point mass beta %g", beta);
    check_images(what, &c, 1, cx + beta * ex, cy + beta * ey, 2, x, y, mu, type, dt);
    /* mu+ + mu- = 1 for a point lens (signed) */
    LG_TEST_CLOSE(mu[0] + mu[1], 1.0, 1e-10, 0);
  }
}

/* Einstein radius from the tangential critical curve, and the curve on det A = 0. */
static void check_theta_e(const char *what, const lg_component *c, int n, double te_want, int n_cuts_want,
                          int n_inf_want) {
  lg_critical *cc = malloc(sizeof *cc);
  if (cc == NULL) return;
  LG_TEST_OK(lg_critical_curves(c, n, NULL, NULL, cc));
  LG_TEST_CLOSE(cc->theta_e, te_want, 1e-6, 0);
  int n_cuts = 0, n_tan = 0;
  for (int i = 0; i < cc->n_curves; i++) {
    const lg_curve *cv = &cc->curve[i];
    n_cuts += cv->kind == LG_CURVE_CUT;
    n_tan += cv->kind == LG_CURVE_TANGENTIAL;
    if (cv->kind == LG_CURVE_CUT) continue;
    double worst = 0.0;
    for (int k = 0; k < cv->n; k++) {
      lg_lens_point pt;
      lg_lens_eval(c, n, cv->x[k], cv->y[k], &pt);
      worst = fmax(worst, fabs(lg_point_det_jacobian(&pt)));
    }
    LG_TEST_CHECK(worst < 1e-10, "%s: curve %d has |det A| up to %.3g", what, i, worst);
  }
  LG_TEST_CHECK(n_tan == 1 && n_cuts == n_cuts_want && cc->n_infinite_cuts == n_inf_want,
                "%s: %d tangential curves (want 1), %d cuts (want %d), %d at infinity (want %d)", what, n_tan, n_cuts,
                n_cuts_want, cc->n_infinite_cuts, n_inf_want);
  printf("%s: theta_E from the critical curve %.15f (want %.15f), %ld evaluations\n", what, cc->theta_e, te_want,
         cc->n_evals);
  free(cc);
}

static void test_einstein_radii(void) {
  const double u_sis[3] = {0.1, -0.05, 1.2};
  const lg_component sis = lgt_make("sis", u_sis, NULL);
  check_theta_e("SIS", &sis, 1, 1.2, 1, 0);
  const double u_sie[5] = {-0.2, 0.1, 0.9, 0.45, 33.0};
  const lg_component sie = lgt_make("sie", u_sie, NULL);
  check_theta_e("SIE q 0.45", &sie, 1, 0.9, 1, 0);
  lg_component pm;
  memset(&pm, 0, sizeof pm);
  pm.kind = LG_PROFILE_POINT;
  pm.p[LG_POINT_TE2] = 0.7 * 0.7;
  check_theta_e("point mass", &pm, 1, 0.7, 0, 1);

  /* multiplicities: SIS doubles inside its cut (radius theta_E), point mass always doubles */
  lg_critical *cc = malloc(sizeof *cc);
  if (cc == NULL) return;
  LG_TEST_OK(lg_critical_curves(&sis, 1, NULL, NULL, cc));
  int nt, nb;
  lg_source_multiplicity(cc, 0.1 + 0.5, -0.05, &nt, &nb);
  LG_TEST_CHECK(nt == 2 && nb == 2, "SIS inside the cut: %d, %d images, want 2", nt, nb);
  lg_source_multiplicity(cc, 0.1 + 1.3, -0.05, &nt, &nb);
  LG_TEST_CHECK(nt == 1 && nb == 1, "SIS outside the cut: %d, %d images, want 1", nt, nb);
  LG_TEST_OK(lg_critical_curves(&pm, 1, NULL, NULL, cc));
  lg_source_multiplicity(cc, 5.0, 3.0, &nt, &nb);
  LG_TEST_CHECK(nt == 2 && nb == 2, "point mass: %d, %d images, want 2", nt, nb);
  /* a subcritical lens (sheet + shear, det A = 0.49 - 0.0025) has no curves. (An NFW is never
   * subcritical: its mean convergence diverges like ln(1/r) at the centre.) */
  const double u_sheet[1] = {0.3}, u_shear[2] = {0.03, -0.04};
  const lg_component weak[2] = {lgt_make("sheet", u_sheet, NULL), lgt_make("shear", u_shear, NULL)};
  LG_TEST_OK(lg_critical_curves(weak, 2, NULL, NULL, cc));
  LG_TEST_CHECK(cc->n_curves == 0 && cc->theta_e == 0.0, "subcritical NFW: %d curves, theta_E %g", cc->n_curves,
                cc->theta_e);
  free(cc);
}

static void test_geometry(void) {
  /* unit square counter-clockwise, and a circle sampled at 64 points */
  const double sx[4] = {0, 1, 1, 0}, sy[4] = {0, 0, 1, 1};
  LG_TEST_CLOSE(lg_polygon_area(sx, sy, 4), 1.0, 1e-15, 0);
  LG_TEST_CHECK(lg_polygon_winding(sx, sy, 4, 0.5, 0.5) == 1, "square winding about its centre");
  LG_TEST_CHECK(lg_polygon_winding(sx, sy, 4, 1.5, 0.5) == 0, "square winding outside");
  const double rx[4] = {0, 0, 1, 1}, ry[4] = {0, 1, 1, 0}; /* clockwise */
  LG_TEST_CHECK(lg_polygon_winding(rx, ry, 4, 0.5, 0.5) == -1, "clockwise square winding");
  LG_TEST_CLOSE(lg_polyline_distance(sx, sy, 4, 1, 0.5, 0.25), 0.25, 1e-15, 0);
  LG_TEST_CLOSE(lg_polyline_distance(sx, sy, 4, 1, -0.5, 0.5), 0.5, 1e-15, 0);
  LG_TEST_CLOSE(lg_polyline_distance(sx, sy, 4, 0, -0.5, 0.5), sqrt(0.5), 1e-15, 0); /* open: no closing edge */
  double cx[64], cy[64];
  for (int k = 0; k < 64; k++) {
    cx[k] = 2.0 + 1.5 * cos(2 * LG_PI * k / 64);
    cy[k] = -1.0 + 1.5 * sin(2 * LG_PI * k / 64);
  }
  LG_TEST_CLOSE(lg_curve_area(cx, cy, 64), LG_PI * 2.25, 1e-13, 0);
  /* an ellipse of axis ratio 0.35: the arc corrections take the shoelace's 1/n^2 error to ~1/n^4 */
  const double exact = LG_PI * 1.7 * 0.6;
  double err_poly[2], err_curve[2];
  for (int m = 0; m < 2; m++) {
    const int np = 64 << m;
    double ex[128], ey[128];
    for (int k = 0; k < np; k++) {
      ex[k] = 1.7 * cos(2 * LG_PI * k / np);
      ey[k] = 0.6 * sin(2 * LG_PI * k / np);
    }
    err_poly[m] = fabs(lg_polygon_area(ex, ey, np) / exact - 1);
    err_curve[m] = fabs(lg_curve_area(ex, ey, np) / exact - 1);
  }
  printf("ellipse area relative errors, 64 and 128 points: shoelace %.2e %.2e, arc-corrected %.2e %.2e\n", err_poly[0],
         err_poly[1], err_curve[0], err_curve[1]);
  LG_TEST_CHECK(err_curve[0] < 2e-5 && err_curve[1] < err_curve[0] / 10 && err_poly[1] > err_poly[0] / 5,
                "ellipse area errors: shoelace %.3g %.3g, corrected %.3g %.3g", err_poly[0], err_poly[1], err_curve[0],
                err_curve[1]);
}

int main(void) {
  test_geometry();
  test_sis();
  test_point_mass();
  test_einstein_radii();
  return lg_test_report("test_images_analytic");
}
