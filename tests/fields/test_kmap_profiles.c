/* The Poisson solve as an independent check of lensgen's analytic profiles (physics/profiles/):
 * each profile's convergence, sampled at the pixel centres of a map (kappa = (f_xx + f_yy)/2 of its
 * own evaluator), is solved by fields/kmap.c, and the solved deflection, potential differences and
 * shear are compared with the profile's own formulas (closed forms, series and quadratures) away
 * from the centre and from the map's edges. Elliptical profiles included; every profile here has a
 * finite total mass so the map holds nearly all of it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fields/kmap.h"
#include "fields_check.h"
#include "physics/lens_eval.h"
#include "physics/profiles.h"

typedef struct {
  const char *kind;
  double user[LG_MAX_PARAMS];
  int n; /* map side: the NFW-like halos' mass reaches farther, so their maps are larger */
  double tol;
} prof_case;

/* kappa of c at (x, y): the Sersic's in closed form (its evaluator integrates alpha numerically,
 * too slow for a map; checked against it below), any other kind from its evaluator. */
static double kappa_at(const lg_component *c, double x, double y) {
  if (c->kind == LG_PROFILE_SERSIC) {
    const double *p = c->p, dx = x - p[LG_SERSIC_X], dy = y - p[LG_SERSIC_Y], q = p[LG_SERSIC_Q];
    const double xp = cos(p[LG_SERSIC_PHI]) * dx + sin(p[LG_SERSIC_PHI]) * dy;
    const double yp = -sin(p[LG_SERSIC_PHI]) * dx + cos(p[LG_SERSIC_PHI]) * dy;
    const double rr = sqrt(q * xp * xp + yp * yp / q) / p[LG_SERSIC_REFF];
    return p[LG_SERSIC_KEFF] * exp(-p[LG_SERSIC_BN] * (pow(rr, 1.0 / p[LG_SERSIC_N]) - 1.0));
  }
  lg_lens_point o;
  lg_lens_eval(c, 1, x, y, &o);
  return lg_point_kappa(&o);
}

static double uniform(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (*state >> 8) / 16777216.0;
}

int main(void) {
  lg_cosmo cosmo;
  lg_lens_context ctx;
  LG_TEST_OK(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  LG_TEST_OK(lg_lens_context_init(&ctx, &cosmo, 0.5, 2.0));
  /* pixels of 0.04"; maps of 400^2 (half-side 8", the compact Sersic) or 800^2 (16"); compared in 1" < r < 3",
   * at least 25 pixels from the centre (the O(h^2) terms of steep cusps stay below 1e-3 there) and
   * 5" from the edges (the mass the square map cuts off perturbs the field inside as r^3) */
  const double h = 0.04, rmin = 1.0, rmax = 3.0;
  static const prof_case cases[] = {
      {"sersic", {0.05, -0.03, 0.4, 0.8, 1.5, 0.7, 30.0}, 400, 1e-3},
      {"hernquist", {0.0, 0.0, 2e11, 0.6}, 800, 1e-3},
      {"ehernquist", {0.02, 0.01, 2e11, 0.6, 0.6, -20.0}, 800, 1e-3},
      {"tnfw", {0.0, 0.0, 3e12, 8.0, 2.0}, 800, 1e-3},
      {"cnfw", {0.0, 0.0, 1e11, 10.0, 0.3}, 800, 1e-3},
  };
  const int ncases = (int)(sizeof cases / sizeof cases[0]);
  double *kappa = malloc((size_t)800 * 800 * sizeof *kappa);
  unsigned rng = 2024u;
  for (int ci = 0; ci < ncases; ci++) {
    const prof_case *pc = &cases[ci];
    const int n = pc->n;
    lg_component c;
    LG_TEST_OK(lg_profile_get(lg_profile_find(pc->kind))->prepare(pc->user, &ctx, &c));
    if (c.kind == LG_PROFILE_SERSIC)
      for (int q = 0; q < 20; q++) {
        const double x = 4.0 * uniform(&rng) - 2.0, y = 4.0 * uniform(&rng) - 2.0;
        lg_lens_point o;
        lg_lens_eval(&c, 1, x, y, &o);
        LG_TEST_CLOSE(kappa_at(&c, x, y), lg_point_kappa(&o), 1e-9, 1e-12);
      }
    /* pixel means over 2 x 2 sub-pixels: the cusps' mass is then right to O(h^2) */
    for (int j = 0; j < n; j++)
      for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int b = 0; b < 2; b++)
          for (int a = 0; a < 2; a++)
            sum += kappa_at(&c, (i - 0.5 * (n - 1) + 0.5 * a - 0.25) * h, (j - 0.5 * (n - 1) + 0.5 * b - 0.25) * h);
        kappa[(size_t)j * n + i] = 0.25 * sum;
      }
    lg_kmap k;
    LG_TEST_OK(lg_kmap_solve(kappa, n, n, h, &k));
    /* psi is compared as differences to its value at a reference point (each profile fixes its own
     * constant); errors relative to |alpha| (its largest value here), |alpha| * rmax, and the
     * largest |kappa| + |gamma| at the compared points */
    const double x0 = pc->user[0], y0 = pc->user[1];
    lg_lens_point ref_m = {0, 0, 0, 0, 0, 0}, ref_p;
    lg_kmap_add(&k, x0 + 1.0, y0, 1.0, &ref_m);
    lg_lens_eval(&c, 1, x0 + 1.0, y0, &ref_p);
    double pts[600][2], amax = 0.0, hmax = 0.0;
    for (int q = 0; q < 600; q++) {
      const double r = rmin + (rmax - rmin) * uniform(&rng), phi = 6.283185307179586 * uniform(&rng);
      pts[q][0] = x0 + r * cos(phi);
      pts[q][1] = y0 + r * sin(phi);
      lg_lens_point e;
      lg_lens_eval(&c, 1, pts[q][0], pts[q][1], &e);
      amax = fmax(amax, hypot(e.alpha_x, e.alpha_y));
      hmax = fmax(hmax, fabs(lg_point_kappa(&e)) + hypot(lg_point_gamma1(&e), lg_point_gamma2(&e)));
    }
    char la[128], lp[128], lgm[128];
    snprintf(la, sizeof la, "%-10s alpha (FFT of its kappa vs its own alpha)", pc->kind);
    snprintf(lp, sizeof lp, "%-10s psi(x) - psi(ref)", pc->kind);
    snprintf(lgm, sizeof lgm, "%-10s gamma1, gamma2", pc->kind);
    fc_tally ta = fc_tally_make(la, pc->tol), tp = fc_tally_make(lp, pc->tol), tg = fc_tally_make(lgm, pc->tol);
    for (int q = 0; q < 600; q++) {
      lg_lens_point m = {0, 0, 0, 0, 0, 0}, e;
      lg_kmap_add(&k, pts[q][0], pts[q][1], 1.0, &m);
      lg_lens_eval(&c, 1, pts[q][0], pts[q][1], &e);
      fc_add(&ta, m.alpha_x, e.alpha_x, amax);
      fc_add(&ta, m.alpha_y, e.alpha_y, amax);
      fc_add(&tp, m.psi - ref_m.psi, e.psi - ref_p.psi, amax * rmax);
      fc_add(&tg, lg_point_gamma1(&m), lg_point_gamma1(&e), hmax);
      fc_add(&tg, lg_point_gamma2(&m), lg_point_gamma2(&e), hmax);
    }
    fc_report(&ta);
    fc_report(&tp);
    fc_report(&tg);
    lg_kmap_free(&k);
  }
  free(kappa);
  return lg_test_report("test_kmap_profiles");
}
