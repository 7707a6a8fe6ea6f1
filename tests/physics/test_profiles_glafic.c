/* SIE and external shear + convergence against glafic 2.1.15 (refs/glafic/): the 64 x 64 maps
 * (maps/NAME.npy) and the point values at z_s = 1, 2, 3 (points/NAME.json), with glafic's conventions
 * translated (position angles from +y, q = 1 - e, sigma -> theta_E, pert's fiducial z_s). The
 * lens parameters are read from glafic's own input files (inputs/NAME.input). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/consts.h"
#include "lg_test.h"
#include "npy_read.h"
#include "phys_check.h"
#include "physics/cosmology.h"
#include "physics/lens_eval.h"
#include "physics/profiles.h"
#include "refs_json.h"

#define RTOL 1e-8 /* glafic's sie and pert are good to ~1e-9 (refs/glafic/README.md) */
/* glafic's "singular" SIE behaves as a non-singular one with core s = 1e-10 arcsec: against ours its
 * psi is lower by theta_E s (1 + ln(r/s)) (2.6e-9 at r = 1"), its alpha by theta_E s / r and its
 * shear by ~theta_E s / r^2 (the circular cored isothermal sphere's expansions in s/r), while kappa
 * (which changes by ~s^2/r^3) agrees to 2e-13. Ours agrees with lenstronomy's analytic SIE (EPL,
 * gamma = 2) to 1e-15 down to r = 0.003" (test_profiles_refs), so these deviations are glafic's
 * core; they are allowed for, each to its own size, times CORE_FACTOR for the ellipticity (q = 0.7)
 * that the circular estimates leave out. */
#define GLAFIC_SIE_CORE 1e-10
#define CORE_FACTOR 2.0
#define NFIELD 9

/* What we use of a glafic input file: the background and the one lens line. */
typedef struct {
  double omega, lambda, weos, hubble;
  double xmin, ymin, xmax, ymax, pix;
  char lens_kind[16];
  double lens[8]; /* the 8 numbers after the kind */
} glafic_input;

static lg_err read_input(const char *path, glafic_input *in) {
  FILE *f = fopen(path, "r");
  LG_CHECK(f != NULL, LG_ERR_FILE, "%s: cannot open the glafic input (is LG_REFS_DIR right?)", path);
  memset(in, 0, sizeof *in);
  in->weos = -1.0;
  int have_lens = 0, n_bg = 0;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    char key[32];
    double v;
    if (line[0] == '#' || sscanf(line, "%31s", key) != 1) continue;
    if (strcmp(key, "lens") == 0) {
      double *p = in->lens;
      const int got = sscanf(line, "lens %15s %lf %lf %lf %lf %lf %lf %lf %lf", in->lens_kind, &p[0], &p[1], &p[2],
                             &p[3], &p[4], &p[5], &p[6], &p[7]);
      if (got != 9) {
        fclose(f);
        LG_FAIL(LG_ERR_FILE, "%s: lens line with %d fields, want kind + 8 numbers: %s", path, got, line);
      }
      have_lens++;
      continue;
    }
    if (sscanf(line, "%*s %lf", &v) != 1) continue;
    if (strcmp(key, "omega") == 0)
      in->omega = v, n_bg++;
    else if (strcmp(key, "lambda") == 0)
      in->lambda = v, n_bg++;
    else if (strcmp(key, "weos") == 0)
      in->weos = v;
    else if (strcmp(key, "hubble") == 0)
      in->hubble = v, n_bg++;
    else if (strcmp(key, "xmin") == 0)
      in->xmin = v;
    else if (strcmp(key, "ymin") == 0)
      in->ymin = v;
    else if (strcmp(key, "xmax") == 0)
      in->xmax = v;
    else if (strcmp(key, "ymax") == 0)
      in->ymax = v;
    else if (strcmp(key, "pix_ext") == 0)
      in->pix = v;
  }
  fclose(f);
  LG_CHECK(have_lens == 1, LG_ERR_FILE, "%s: %d lens lines, this test handles exactly one", path, have_lens);
  LG_CHECK(n_bg == 3, LG_ERR_FILE, "%s: omega, lambda and hubble must all be given", path);
  LG_CHECK(in->weos == -1.0, LG_ERR_FILE, "%s: weos %g; lensgen has a cosmological constant only", path, in->weos);
  return LG_OK;
}

/* D_ls / D_s for (zl, zs) */
static double dls_over_ds(const lg_cosmo *c, double zl, double zs) {
  return lg_cosmo_angular_distance(c, zl, zs) / lg_cosmo_angular_distance(c, 0, zs);
}

/* glafic's lens line at source redshift zs -> lensgen components. */
static lg_err build_lens(const glafic_input *in, const lg_cosmo *c, double zs, lg_component *comps, int *n) {
  const double *p = in->lens;
  lg_lens_context ctx;
  LG_CALL(lg_lens_context_init(&ctx, c, p[0], zs));
  if (strcmp(in->lens_kind, "sie") == 0) {
    /* sie zl sigma x y e pa rcore (unused): theta_E = 4 pi (sigma/c)^2 D_ls/D_s (radians), glafic's
     * q = 1 - e with the same intermediate-axis normalisation as ours; pa is the major axis
     * counter-clockwise from +y, ours from +x: phi = pa + 90 deg */
    LG_CHECK(p[6] == 0.0, LG_ERR_FILE, "sie with core %g: only the singular SIE is a lensgen profile", p[6]);
    const double s = p[1] / (LG_C_M_S / LG_KM_M);
    const double theta_e = 4.0 * LG_PI * s * s * dls_over_ds(c, p[0], zs) / LG_ARCSEC_RAD;
    const double u[5] = {p[2], p[3], theta_e, 1.0 - p[4], p[5] + 90.0};
    LG_CALL(lg_profile_get(lg_profile_find("sie"))->prepare(u, &ctx, &comps[0]));
    *n = 1;
    return LG_OK;
  }
  if (strcmp(in->lens_kind, "pert") == 0) {
    /* pert zl zs_fid x y gamma theta_gamma (unused) kappa: gamma and kappa are given at zs_fid and
     * scale with D_ls/D_s. The shear of a perturbing mass at position angle theta_gamma (from +y),
     * i.e. at phi = theta_gamma + 90 deg from +x, is tangential to it: gamma1 = -gamma cos 2 phi =
     * gamma cos 2 theta_gamma, gamma2 = gamma sin 2 theta_gamma (refs/glafic/README.md) */
    LG_CHECK(p[2] == 0.0 && p[3] == 0.0, LG_ERR_FILE, "pert about (%g, %g): ours is about the origin", p[2], p[3]);
    const double scale = dls_over_ds(c, p[0], zs) / dls_over_ds(c, p[0], p[1]);
    const double th = p[5] * LG_PI / 180.0;
    const double g[2] = {p[4] * scale * cos(2 * th), p[4] * scale * sin(2 * th)};
    const double k[1] = {p[7] * scale};
    LG_CALL(lg_profile_get(lg_profile_find("shear"))->prepare(g, &ctx, &comps[0]));
    LG_CALL(lg_profile_get(lg_profile_find("sheet"))->prepare(k, &ctx, &comps[1]));
    *n = 2;
    return LG_OK;
  }
  LG_FAIL(LG_ERR_FILE, "glafic lens '%s' not translated by this test", in->lens_kind);
}

/* The glafic quantities at one point, ours: alpha, psi, kappa, gamma, 1/mu. */
typedef struct {
  double ax, ay, psi, kappa, g1, g2, muinv;
} glafic_values;

static glafic_values ours_at(const lg_component *comps, int n, double x, double y) {
  lg_lens_point p;
  lg_lens_eval(comps, n, x, y, &p);
  const glafic_values v = {p.alpha_x,
                           p.alpha_y,
                           p.psi,
                           lg_point_kappa(&p),
                           lg_point_gamma1(&p),
                           lg_point_gamma2(&p),
                           lg_point_det_jacobian(&p)};
  return v;
}

typedef struct {
  lg_tally alpha, psi, kappa, gamma, muinv, mu, td;
} glafic_tallies;

static void tallies_init(glafic_tallies *t, const char *what) {
  char l[96];
  snprintf(l, sizeof l, "%s alpha", what);
  lg_tally_init(&t->alpha, l, RTOL);
  snprintf(l, sizeof l, "%s psi", what);
  lg_tally_init(&t->psi, l, RTOL);
  snprintf(l, sizeof l, "%s kappa", what);
  lg_tally_init(&t->kappa, l, RTOL);
  snprintf(l, sizeof l, "%s gamma1, gamma2", what);
  lg_tally_init(&t->gamma, l, RTOL);
  snprintf(l, sizeof l, "%s 1/mu", what);
  lg_tally_init(&t->muinv, l, RTOL);
  snprintf(l, sizeof l, "%s mu (|mu| <= 100)", what);
  lg_tally_init(&t->mu, l, RTOL);
  snprintf(l, sizeof l, "%s time delay (days)", what);
  lg_tally_init(&t->td, l, RTOL);
}

/* Compares ours (o) with glafic's (g) at distance r from the lens centre; tes = theta_E s of
 * glafic's core (0 for lenses without one). Scales: |alpha| for alpha; max(|psi|, |alpha| r) for psi
 * (psi = 0 at the centre in both codes); the largest of |kappa|, |gamma| for kappa and gamma;
 * (1 - kappa)^2 + |gamma|^2, the terms whose difference 1/mu is, for 1/mu and mu. Each is widened
 * by the core's effect on that quantity (GLAFIC_SIE_CORE), converted to the tally's relative
 * tolerance. Returns the allowance on 1/mu, for the caller's mu comparison. */
static double compare_values(glafic_tallies *t, const glafic_values *o, const glafic_values *g, double r, double tes0,
                             int idx) {
  const double tes = CORE_FACTOR * tes0;
  const double amag = hypot(g->ax, g->ay);
  const double core_a = tes / r, core_psi = tes > 0 ? tes * (1.0 + fabs(log(r / GLAFIC_SIE_CORE))) : 0.0;
  const double core_h = 2.0 * tes / (r * r);
  lg_tally_add(&t->alpha, o->ax, g->ax, amag + core_a / RTOL, idx);
  lg_tally_add(&t->alpha, o->ay, g->ay, amag + core_a / RTOL, idx);
  lg_tally_add(&t->psi, o->psi, g->psi, amag * r + core_psi / RTOL, idx);
  const double gmag = hypot(g->g1, g->g2), hnorm = fmax(fabs(g->kappa), gmag);
  lg_tally_add(&t->kappa, o->kappa, g->kappa, hnorm + core_h / RTOL, idx);
  lg_tally_add(&t->gamma, o->g1, g->g1, hnorm + core_h / RTOL, idx);
  lg_tally_add(&t->gamma, o->g2, g->g2, hnorm + core_h / RTOL, idx);
  /* 1/mu = (1 - kappa)^2 - gamma^2: first-order change 2 (|1 - kappa| + |gamma|) core_h */
  const double core_det = 2.0 * (fabs(1 - g->kappa) + gmag) * core_h;
  lg_tally_add(&t->muinv, o->muinv, g->muinv, (1 - g->kappa) * (1 - g->kappa) + gmag * gmag + core_det / RTOL, idx);
  return core_det;
}

static void test_map(const char *name, const lg_cosmo *c, const glafic_input *in) {
  char rel[128], path[4096];
  lg_npy a = {0};
  snprintf(rel, sizeof rel, "glafic/maps/%s.npy", name);
  if (lg_refs_path(rel, path, sizeof path) != LG_OK || lg_npy_load(path, &a) != LG_OK) {
    LG_TEST_CHECK(0, "%s", lg_err_message());
    lg_err_clear();
    return;
  }
  const int nx = (int)lround((in->xmax - in->xmin) / in->pix), ny = (int)lround((in->ymax - in->ymin) / in->pix);
  LG_TEST_CHECK(a.ndim == 3 && a.shape[0] == NFIELD && (int)a.shape[1] == ny && (int)a.shape[2] == nx,
                "%s: map shape (%zu, %zu, %zu), want (9, %d, %d)", path, a.shape[0], a.shape[1], a.shape[2], ny, nx);
  if (!(a.ndim == 3 && a.shape[0] == NFIELD && (int)a.shape[1] == ny && (int)a.shape[2] == nx)) {
    lg_npy_free(&a);
    return;
  }
  lg_component comps[2];
  int n = 0;
  LG_TEST_OK(build_lens(in, c, 2.0, comps, &n)); /* the maps are at z_s = 2 (README) */
  if (n == 0) {
    lg_npy_free(&a);
    return;
  }
  const double cx = strcmp(in->lens_kind, "sie") == 0 ? in->lens[2] : 0.0;
  const double cy = strcmp(in->lens_kind, "sie") == 0 ? in->lens[3] : 0.0;
  const double tes = strcmp(in->lens_kind, "sie") == 0 ? comps[0].p[LG_SIE_TE] * GLAFIC_SIE_CORE : 0.0;
  char what[64];
  snprintf(what, sizeof what, "map %s", name);
  glafic_tallies t;
  tallies_init(&t, what);
  lg_tally t_grid;
  snprintf(what, sizeof what, "map %s pixel centres", name);
  lg_tally_init(&t_grid, what, 1e-15);
  const size_t plane = (size_t)nx * ny;
  int skipped = 0;
  for (int j = 0; j < ny; j++) {
    for (int i = 0; i < nx; i++) {
      const size_t k = (size_t)j * nx + i;
      const double *m = a.data;
      const double x = m[0 * plane + k], y = m[1 * plane + k];
      /* glafic's pixel centres: x_i = xmin + pix (i + 1/2), indexed [field][j (y)][i (x)] */
      lg_tally_add(&t_grid, x, in->xmin + in->pix * (i + 0.5), 1.0, (int)k);
      lg_tally_add(&t_grid, y, in->ymin + in->pix * (j + 0.5), 1.0, (int)k);
      const double r = hypot(x - cx, y - cy);
      if (r < 1e-6) { /* the singular centre, if a pixel falls on it (none does in these maps) */
        skipped++;
        continue;
      }
      const glafic_values g = {m[2 * plane + k], m[3 * plane + k], m[4 * plane + k], m[5 * plane + k],
                               m[6 * plane + k], m[7 * plane + k], m[8 * plane + k]};
      const glafic_values o = ours_at(comps, n, x, y);
      compare_values(&t, &o, &g, r, tes, (int)k);
    }
  }
  printf("%s (%d x %d pixels, %d skipped at the centre):\n", name, nx, ny, skipped);
  lg_tally_print(&t_grid);
  lg_tally_print(&t.alpha);
  lg_tally_print(&t.psi);
  lg_tally_print(&t.kappa);
  lg_tally_print(&t.gamma);
  lg_tally_print(&t.muinv);
  lg_npy_free(&a);
}

/* points/<name>.json: 10 positions x z_s in {1, 2, 3}, with time delays
 * dt = days_per_arcsec2 (|theta - beta|^2 / 2 - psi), theta - beta = alpha. */
static void test_points(const char *name, const lg_cosmo *c, const glafic_input *in) {
  char rel[128];
  lg_json *root = NULL;
  snprintf(rel, sizeof rel, "glafic/points/%s.json", name);
  LG_TEST_OK(lg_refs_json_load(rel, &root));
  if (root == NULL) return;
  /* the lens line recorded with the points is the input file's */
  double lens[8];
  const char *kind = NULL;
  LG_TEST_OK(lg_json_string(root, "lenses[0][0]", &kind));
  LG_TEST_CHECK(kind && strcmp(kind, in->lens_kind) == 0, "%s: lens kind %s, input %s", rel, kind ? kind : "?",
                in->lens_kind);
  for (int q = 0; q < 8; q++) {
    char p[32];
    snprintf(p, sizeof p, "lenses[0][%d]", q + 1);
    LG_TEST_OK(lg_json_number(root, p, &lens[q]));
    LG_TEST_CHECK(lens[q] == in->lens[q], "%s: lens parameter %d is %g, the input file's %g", rel, q + 1, lens[q],
                  in->lens[q]);
  }
  if (strcmp(in->lens_kind, "sie") == 0) {
    /* glafic's calcein for an isothermal lens: theta_E at z_s = 2 */
    double te_glafic = 0;
    LG_TEST_OK(lg_json_number(root, "einstein_radius_arcsec.calcein_i_zs2", &te_glafic));
    lg_component comp[2];
    int n = 0;
    LG_TEST_OK(build_lens(in, c, 2.0, comp, &n));
    lg_tally t_te;
    lg_tally_init(&t_te, "sie theta_E(z_s = 2) vs glafic calcein", RTOL);
    lg_tally_add(&t_te, comp[0].p[LG_SIE_TE], te_glafic, 0, 0);
    lg_tally_print(&t_te);
  }
  size_t npts = 0;
  LG_TEST_OK(lg_json_array_size(root, "points", &npts));
  char what[64];
  snprintf(what, sizeof what, "points %s", name);
  glafic_tallies t;
  tallies_init(&t, what);
  const double cx = strcmp(in->lens_kind, "sie") == 0 ? in->lens[2] : 0.0;
  const double cy = strcmp(in->lens_kind, "sie") == 0 ? in->lens[3] : 0.0;
  for (size_t i = 0; i < npts; i++) {
    char base[32];
    snprintf(base, sizeof base, "points[%zu]", i);
    const lg_json *pt = NULL;
    LG_TEST_OK(lg_json_get(root, base, &pt));
    if (!pt) continue;
    double zs = 0, x = 0, y = 0, mu = 0, td = 0;
    glafic_values g;
    LG_TEST_OK(lg_json_number(pt, "zs", &zs));
    LG_TEST_OK(lg_json_number(pt, "x", &x));
    LG_TEST_OK(lg_json_number(pt, "y", &y));
    LG_TEST_OK(lg_json_number(pt, "alpha_x", &g.ax));
    LG_TEST_OK(lg_json_number(pt, "alpha_y", &g.ay));
    LG_TEST_OK(lg_json_number(pt, "psi", &g.psi));
    LG_TEST_OK(lg_json_number(pt, "kappa", &g.kappa));
    LG_TEST_OK(lg_json_number(pt, "gamma1", &g.g1));
    LG_TEST_OK(lg_json_number(pt, "gamma2", &g.g2));
    LG_TEST_OK(lg_json_number(pt, "muinv", &g.muinv));
    LG_TEST_OK(lg_json_number(pt, "mu", &mu));
    LG_TEST_OK(lg_json_number(pt, "td_day", &td));
    lg_component comps[2];
    int n = 0;
    LG_TEST_OK(build_lens(in, c, zs, comps, &n));
    if (n == 0) continue;
    const glafic_values o = ours_at(comps, n, x, y);
    const double r = hypot(x - cx, y - cy);
    const double tes = strcmp(in->lens_kind, "sie") == 0 ? comps[0].p[LG_SIE_TE] * GLAFIC_SIE_CORE : 0.0;
    const double core_det = compare_values(&t, &o, &g, r, tes, (int)i);
    /* mu = 1 / det: the allowance on det, relative to |det|, is the allowance on mu */
    if (fabs(mu) <= 100)
      lg_tally_add(&t.mu, 1.0 / o.muinv, mu, fabs(mu) * (1.0 + core_det / fabs(g.muinv) / RTOL), (int)i);
    const double f = lg_cosmo_days_per_arcsec2(c, in->lens[0], zs);
    const double fermat = 0.5 * (o.ax * o.ax + o.ay * o.ay) - o.psi;
    lg_tally_add(&t.td, f * fermat, td, f * (0.5 * (o.ax * o.ax + o.ay * o.ay) + fabs(o.psi)), (int)i);
  }
  printf("%s points (%zu, z_s = 1, 2, 3):\n", name, npts);
  lg_tally_print(&t.alpha);
  lg_tally_print(&t.psi);
  lg_tally_print(&t.kappa);
  lg_tally_print(&t.gamma);
  lg_tally_print(&t.muinv);
  lg_tally_print(&t.mu);
  lg_tally_print(&t.td);
  lg_json_free(root);
}

int main(void) {
  static const char *names[] = {"sie", "pert"};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    char rel[128], path[4096];
    glafic_input in;
    snprintf(rel, sizeof rel, "glafic/inputs/%s.input", names[k]);
    const lg_err e = lg_refs_path(rel, path, sizeof path) == LG_OK ? read_input(path, &in) : lg_err_code();
    LG_TEST_CHECK(e == LG_OK, "%s", lg_err_message());
    lg_err_clear();
    if (e != LG_OK) continue;
    lg_cosmo c;
    LG_TEST_OK(lg_cosmo_init(&c, 100.0 * in.hubble, in.omega, in.lambda));
    test_map(names[k], &c, &in);
    test_points(names[k], &c, &in);
  }
  return lg_test_report("test_profiles_glafic");
}
