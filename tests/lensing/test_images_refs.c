/* Point images of SIE + external shear against two other codes (shared/refs, README there):
 * lenstronomy 1.14.2 (refs/lenstronomy/refs_public.json, point_images: six sources with 1, 2 or 4
 * images) and glafic 2.1.15 (refs/glafic/findimg_sie_shear.json: a quad). Positions to 1e-7 arcsec,
 * signed magnifications to 1e-5 relative, delays relative to the first image to 1e-4 days. Delays use
 * our days-per-arcsec^2 factor, itself checked against each reference's. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/consts.h"
#include "lens_samples.h"
#include "lensing/images.h"
#include "lg_test.h"
#include "physics/cosmology.h"
#include "refs_json.h"

#define POS_TOL 1e-7
#define MU_RTOL 1e-5
#define DT_TOL 1e-4
#define MAXI 8

typedef struct {
  int n;
  double x[MAXI], y[MAXI], mu[MAXI], dt[MAXI];
} ref_images;

/* Ours against a reference set (any order: matched by position). */
static void compare(const char *what, const lg_component *c, int nc, double bx, double by, double days,
                    const ref_images *ref) {
  lg_image_search o;
  lg_image_search_default(&o);
  o.days_per_arcsec2 = days;
  lg_image im[MAXI];
  int n = 0;
  lg_image_stats st;
  LG_TEST_OK(lg_find_images_stats(c, nc, bx, by, &o, im, MAXI, &n, &st));
  LG_TEST_CHECK(n == ref->n, "%s: %d images, the reference has %d", what, n, ref->n);
  LG_TEST_CHECK(st.complete, "%s: index check failed", what);
  double dpos = 0, dmu = 0, ddt = 0;
  for (int i = 0; i < ref->n && n == ref->n; i++) {
    int best = 0;
    for (int j = 1; j < n; j++)
      if (hypot(im[j].x - ref->x[i], im[j].y - ref->y[i]) < hypot(im[best].x - ref->x[i], im[best].y - ref->y[i]))
        best = j;
    const lg_image *m = &im[best];
    LG_TEST_CLOSE(m->x, ref->x[i], 0, POS_TOL);
    LG_TEST_CLOSE(m->y, ref->y[i], 0, POS_TOL);
    LG_TEST_CLOSE(m->mu, ref->mu[i], MU_RTOL, 0);
    LG_TEST_CLOSE(m->dt_days, ref->dt[i], 0, DT_TOL);
    dpos = fmax(dpos, hypot(m->x - ref->x[i], m->y - ref->y[i]));
    dmu = fmax(dmu, fabs(m->mu / ref->mu[i] - 1));
    ddt = fmax(ddt, fabs(m->dt_days - ref->dt[i]));
  }
  printf("%s: %d images, max |dpos| %.2e arcsec, max |dmu/mu| %.2e, max |ddt| %.2e days\n", what, n, dpos, dmu, ddt);
}

static void test_lenstronomy(const lg_cosmo *cosmo) {
  lg_json *root = NULL;
  LG_TEST_OK(lg_refs_json_load("lenstronomy/refs_public.json", &root));
  if (root == NULL) return;
  const lg_json *pi = NULL;
  LG_TEST_OK(lg_json_get(root, "point_images[name=sie_shear]", &pi));
  double days_ref = 0, te = 0, e1 = 0, e2 = 0, cx = 0, cy = 0, g1 = 0, g2 = 0, zl = 0, zs = 0;
  LG_TEST_OK(lg_json_number(root, "cosmology.rows[1].days_per_arcsec2_fermat", &days_ref));
  if (pi == NULL) {
    lg_json_free(root);
    return;
  }
  LG_TEST_OK(lg_json_number(pi, "z_lens", &zl));
  LG_TEST_OK(lg_json_number(pi, "z_source", &zs));
  LG_TEST_OK(lg_json_number(pi, "kwargs_lens[0].theta_E", &te));
  LG_TEST_OK(lg_json_number(pi, "kwargs_lens[0].e1", &e1));
  LG_TEST_OK(lg_json_number(pi, "kwargs_lens[0].e2", &e2));
  LG_TEST_OK(lg_json_number(pi, "kwargs_lens[0].center_x", &cx));
  LG_TEST_OK(lg_json_number(pi, "kwargs_lens[0].center_y", &cy));
  LG_TEST_OK(lg_json_number(pi, "kwargs_lens[1].gamma1", &g1));
  LG_TEST_OK(lg_json_number(pi, "kwargs_lens[1].gamma2", &g2));
  const double days = lg_cosmo_days_per_arcsec2(cosmo, zl, zs);
  LG_TEST_CLOSE(days, days_ref, 1e-7, 0);
  /* lenstronomy's (e1, e2) = (1-q)/(1+q) (cos 2phi, sin 2phi) (refs/README.md) */
  const double f = hypot(e1, e2), q = (1 - f) / (1 + f), phi_deg = 0.5 * atan2(e2, e1) * 180.0 / LG_PI;
  const double u_sie[5] = {cx, cy, te, q, phi_deg}, u_shear[2] = {g1, g2};
  const lg_component comps[2] = {lgt_make("sie", u_sie, NULL), lgt_make("shear", u_shear, NULL)};
  size_t ns = 0;
  LG_TEST_OK(lg_json_array_size(pi, "sources", &ns));
  for (size_t s = 0; s < ns; s++) {
    char path[64];
    const lg_json *src = NULL;
    snprintf(path, sizeof path, "sources[%zu]", s);
    LG_TEST_OK(lg_json_get(pi, path, &src));
    if (src == NULL) continue;
    double beta[2], nimg = 0;
    ref_images ref;
    LG_TEST_OK(lg_json_numbers(src, "source", beta, 2));
    LG_TEST_OK(lg_json_number(src, "n_images", &nimg));
    ref.n = (int)nimg;
    if (ref.n < 1 || ref.n > MAXI) continue;
    LG_TEST_OK(lg_json_numbers(src, "x", ref.x, (size_t)ref.n));
    LG_TEST_OK(lg_json_numbers(src, "y", ref.y, (size_t)ref.n));
    /* lenstronomy's SIE Hessian is a finite difference (~1e-6 noise, refs/README.md); the same lens
     * as EPL with gamma = 2 has its analytic Hessian: compare with that */
    LG_TEST_OK(lg_json_numbers(src, "magnification_epl_gamma2", ref.mu, (size_t)ref.n));
    LG_TEST_OK(lg_json_numbers(src, "time_delay_days_rel_first", ref.dt, (size_t)ref.n));
    /* its delays use its own days-per-arcsec^2 factor: rescale to ours */
    for (int i = 0; i < ref.n; i++) ref.dt[i] *= days / days_ref;
    char what[96];
    snprintf(what, sizeof what, "lenstronomy SIE+shear source (%g, %g)", beta[0], beta[1]);
    compare(what, comps, 2, beta[0], beta[1], days, &ref);
    /* and the finite-difference magnifications, at the same tolerance */
    double mu_fd[MAXI];
    LG_TEST_OK(lg_json_numbers(src, "magnification", mu_fd, (size_t)ref.n));
    for (int i = 0; i < ref.n; i++) LG_TEST_CLOSE(ref.mu[i], mu_fd[i], MU_RTOL, 0);
  }
  lg_json_free(root);
}

/* glafic's findimg names its input inputs/sie_pert.input, which refs/glafic does not ship: the lens is
 * the sie lens of points/sie.json with the shear of points/pert.json (its convergence left out). The
 * kappa and gamma glafic prints at its images confirm that translation to 1e-8, checked below. */
static void test_glafic(const lg_cosmo *cosmo) {
  lg_json *fi = NULL, *sie = NULL, *pert = NULL;
  LG_TEST_OK(lg_refs_json_load("glafic/findimg_sie_shear.json", &fi));
  LG_TEST_OK(lg_refs_json_load("glafic/points/sie.json", &sie));
  LG_TEST_OK(lg_refs_json_load("glafic/points/pert.json", &pert));
  if (fi == NULL || sie == NULL || pert == NULL) goto done;
  double ls[9], lp[9], zs = 0, xs = 0, ys = 0, nimg = 0;
  for (int k = 1; k <= 8; k++) {
    char p[32];
    snprintf(p, sizeof p, "lenses[0][%d]", k);
    LG_TEST_OK(lg_json_number(sie, p, &ls[k]));
    LG_TEST_OK(lg_json_number(pert, p, &lp[k]));
  }
  LG_TEST_OK(lg_json_number(fi, "sources[0].zs", &zs));
  LG_TEST_OK(lg_json_number(fi, "sources[0].xs", &xs));
  LG_TEST_OK(lg_json_number(fi, "sources[0].ys", &ys));
  LG_TEST_OK(lg_json_number(fi, "sources[0].n_img", &nimg));
  {
    /* sie zl sigma x y e pa rcore: theta_E = 4 pi (sigma/c)^2 D_ls/D_s; q = 1 - e; pa from +y */
    const double zl = ls[1], s = ls[2] / (LG_C_M_S / LG_KM_M);
    const double dls_ds = lg_cosmo_angular_distance(cosmo, zl, zs) / lg_cosmo_angular_distance(cosmo, 0, zs);
    const double te = 4.0 * LG_PI * s * s * dls_ds / LG_ARCSEC_RAD;
    const double u_sie[5] = {ls[3], ls[4], te, 1.0 - ls[5], ls[6] + 90.0};
    /* pert zl zs_fid x y gamma theta_gamma . kappa: gamma1 = gamma cos 2 theta_gamma, gamma2 =
     * gamma sin 2 theta_gamma, scaled by D_ls/D_s relative to zs_fid */
    const double scale =
        dls_ds / (lg_cosmo_angular_distance(cosmo, lp[1], lp[2]) / lg_cosmo_angular_distance(cosmo, 0, lp[2]));
    const double th = lp[6] * LG_PI / 180.0;
    const double u_shear[2] = {lp[5] * scale * cos(2 * th), lp[5] * scale * sin(2 * th)};
    const lg_component comps[2] = {lgt_make("sie", u_sie, NULL), lgt_make("shear", u_shear, NULL)};
    const double days = lg_cosmo_days_per_arcsec2(cosmo, zl, zs);
    LG_TEST_CLOSE(days, 83.2282456, 1e-8, 0); /* glafic's factor (refs/glafic/README.md) */
    ref_images ref;
    ref.n = (int)nimg;
    if (ref.n < 1 || ref.n > MAXI) goto done;
    double tmin = INFINITY;
    for (int i = 0; i < ref.n; i++) {
      char p[64];
      double kap, gam1, gam2;
      snprintf(p, sizeof p, "sources[0].images[%d].x", i);
      LG_TEST_OK(lg_json_number(fi, p, &ref.x[i]));
      snprintf(p, sizeof p, "sources[0].images[%d].y", i);
      LG_TEST_OK(lg_json_number(fi, p, &ref.y[i]));
      snprintf(p, sizeof p, "sources[0].images[%d].mu", i);
      LG_TEST_OK(lg_json_number(fi, p, &ref.mu[i]));
      snprintf(p, sizeof p, "sources[0].images[%d].td_day", i);
      LG_TEST_OK(lg_json_number(fi, p, &ref.dt[i]));
      snprintf(p, sizeof p, "sources[0].images[%d].kappa", i);
      LG_TEST_OK(lg_json_number(fi, p, &kap));
      snprintf(p, sizeof p, "sources[0].images[%d].gamma1", i);
      LG_TEST_OK(lg_json_number(fi, p, &gam1));
      snprintf(p, sizeof p, "sources[0].images[%d].gamma2", i);
      LG_TEST_OK(lg_json_number(fi, p, &gam2));
      lg_lens_point pt;
      lg_lens_eval(comps, 2, ref.x[i], ref.y[i], &pt);
      LG_TEST_CLOSE(lg_point_kappa(&pt), kap, 1e-8, 0);
      LG_TEST_CLOSE(lg_point_gamma1(&pt), gam1, 1e-8, 1e-10);
      LG_TEST_CLOSE(lg_point_gamma2(&pt), gam2, 1e-8, 1e-10);
      tmin = fmin(tmin, ref.dt[i]);
    }
    for (int i = 0; i < ref.n; i++) ref.dt[i] -= tmin; /* glafic's td_day is relative to the earliest */
    char what[96];
    snprintf(what, sizeof what, "glafic SIE+pert source (%g, %g)", xs, ys);
    compare(what, comps, 2, xs, ys, days, &ref);
  }
done:
  lg_json_free(fi);
  lg_json_free(sie);
  lg_json_free(pert);
}

int main(void) {
  lg_cosmo cosmo;
  LG_TEST_OK(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  test_lenstronomy(&cosmo);
  test_glafic(&cosmo);
  return lg_test_report("test_images_refs");
}
