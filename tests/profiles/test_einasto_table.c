/* The CPU backend's Einasto tables (backends/cpu_einasto.h) against the quadrature they interpolate
 * (lg_einasto_eval): every product at random points, alpha over [0.1, 1] and X = R / r_-2 from 1e-5
 * to X_max, the pixels outside a table taking the quadrature as the backend's rows do; and a node's
 * coefficients independent of the range a table covers (the data set stays bit-identical). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/cpu_einasto.h"
#include "lg_test.h"
#include "prof_check.h"

/* A prepared einasto component (as lg_prepare_einasto lays it out) with r_-2 = r2 arcsec and
 * k_2 = k2, centred at (x0, y0). */
static lg_component make_ein(double al, double r2, double k2, double x0, double y0) {
  const double a = 3.0 / al, lga = lgamma(a);
  /* m_tot = 4 k_2 r_-2^2 e^(2/al) (al/2)^(3/al) Gamma(3/al) / al */
  const double mtot = 4.0 * k2 * r2 * r2 * exp(2.0 / al + a * log(0.5 * al) + lga - log(al));
  double lo = 1.0, hi = 2.0;
  while (2.0 / al * (pow(hi, al) - 1.0) - 4.0 * log(hi) < 50.0) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const double mid = 0.5 * (lo + hi);
    if (2.0 / al * (pow(mid, al) - 1.0) - 4.0 * log(mid) < 50.0)
      lo = mid;
    else
      hi = mid;
  }
  const double p[8] = {x0, y0, r2, al, mtot, k2, hi, lga};
  return pc_component(LG_PROFILE_EINASTO, p, 8);
}

static double urand(unsigned long long *st) {
  *st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(*st >> 11) * 0x1.0p-53;
}

static void test_accuracy(void) {
  pc_tally tk, ta, tp, tg, tgr, tm, tmr;
  pc_tally_init(&tk, "table kappa, relative (floor 1e-14 |gamma|)", 2e-7);
  pc_tally_init(&ta, "table alpha, relative to |alpha|", 2e-7);
  pc_tally_init(&tp, "table psi, relative", 2e-7);
  pc_tally_init(&tg, "table gamma1,2, relative to max(|gamma|, kappa)", 2e-7);
  pc_tally_init(&tgr, "table gamma1,2, relative to |gamma| (|gamma| > kappa/10)", 1e-6);
  pc_tally_init(&tm, "table 1/mu, relative to max(|1/mu|, s)", 2e-7);
  pc_tally_init(&tmr, "table 1/mu, relative (|1/mu| > s/10)", 1e-6);
  enum { NCOMP = 64, NPT = 3000 };
  unsigned long long st = 12345;
  long served = 0, total = 0;
  double worst_x[6] = {0}, worst_al[6] = {0};
  int nodes_max = 0;
  for (int k = 0; k < NCOMP; k++) {
    const double al = k == 0 ? 0.1 : k == 1 ? 1.0 : 0.1 + 0.9 * urand(&st);
    const double r2 = exp(log(0.1) + urand(&st) * log(300.0)), k2 = exp(log(0.05) + urand(&st) * log(40.0));
    const lg_component c = make_ein(al, r2, k2, 0.3 * urand(&st), -0.2 * urand(&st));
    const double *p = c.p, xmax = p[LG_EINASTO_XMAX];
    const int n = lg_einasto_table_size(p, 1e-5 * r2, xmax * r2);
    double *coef = malloc((size_t)(n > 0 ? n : 1) * LG_EINASTO_TAB_COEFS * sizeof *coef);
    LG_TEST_CHECK(coef != NULL, "out of memory");
    if (!coef) return;
    lg_einasto_table t;
    LG_TEST_OK(lg_einasto_table_build(p, 1e-5 * r2, xmax * r2, coef, &t));
    if (n > nodes_max) nodes_max = n;
    for (int i = 0; i < NPT; i++, total++) {
      const double X = exp(log(1e-5) + urand(&st) * log(xmax / 1e-5)), phi = 2.0 * LG_PI * urand(&st);
      const double x = p[LG_EINASTO_X] + X * r2 * cos(phi), y = p[LG_EINASTO_Y] + X * r2 * sin(phi);
      double dx, dy, r;
      const double Xc = lg_einasto_table_x(p, x, y, &dx, &dy, &r);
      if (!(Xc >= t.x_lo && Xc <= t.x_hi)) continue; /* the quadrature itself, as in the rows */
      served++;
      lg_lens_point got = {0}, want = {0};
      lg_einasto_table_eval(&t, p, x, y, &got);
      lg_einasto_eval(p, x, y, &want);
      const double kg = pc_kappa(&got), kw = pc_kappa(&want);
      const double g1g = 0.5 * (got.f_xx - got.f_yy), g1w = 0.5 * (want.f_xx - want.f_yy);
      const double gw = hypot(g1w, want.f_xy), amag = hypot(want.alpha_x, want.alpha_y);
      const double dg = (1.0 - got.f_xx) * (1.0 - got.f_yy) - got.f_xy * got.f_xy;
      const double dw = (1.0 - want.f_xx) * (1.0 - want.f_yy) - want.f_xy * want.f_xy;
      /* kappa = (f_xx + f_yy) / 2 is known to an ulp of gamma. 1/mu = det A = (1 - kappa)^2 - |gamma|^2
       * moves by s = (|1 - kappa| + |gamma|)(kappa + |gamma|) times a relative change of kappa and
       * gamma: near a critical curve (det A -> 0) no evaluation, the quadrature included, has a
       * relative accuracy, so the error is measured against max(|det A|, s), and relative to det A
       * away from the curves. */
      const double sens = (fabs(1.0 - kw) + gw) * (kw + gw);
      const double e[6] = {
          pc_tally_add(&tk, kg, kw, 1e-14 * gw, k),
          fmax(pc_tally_add(&ta, got.alpha_x, want.alpha_x, amag, k),
               pc_tally_add(&ta, got.alpha_y, want.alpha_y, amag, k)),
          pc_tally_add(&tp, got.psi, want.psi, 0.0, k),
          fmax(pc_tally_add(&tg, g1g, g1w, fmax(gw, kw), k), pc_tally_add(&tg, got.f_xy, want.f_xy, fmax(gw, kw), k)),
          gw > 0.1 * kw ? fmax(pc_tally_add(&tgr, g1g, g1w, gw, k), pc_tally_add(&tgr, got.f_xy, want.f_xy, gw, k))
                        : 0.0,
          fmax(pc_tally_add(&tm, dg, dw, sens, k), fabs(dw) > 0.1 * sens ? pc_tally_add(&tmr, dg, dw, 0.0, k) : 0.0)};
      static double worst[6];
      for (int q = 0; q < 6; q++)
        if (e[q] > worst[q]) {
          worst[q] = e[q];
          worst_x[q] = Xc;
          worst_al[q] = al;
        }
    }
    free(coef);
  }
  printf("einasto tables: %d components, alpha 0.1..1, %ld of %ld random points (X 1e-5..X_max) served by "
         "a table, at most %d intervals\n",
         NCOMP, served, total, nodes_max);
  pc_tally_print(&tk);
  pc_tally_print(&ta);
  pc_tally_print(&tp);
  pc_tally_print(&tg);
  pc_tally_print(&tgr);
  pc_tally_print(&tm);
  pc_tally_print(&tmr);
  const char *names[6] = {"kappa", "alpha", "psi", "gamma", "gamma/|gamma|", "1/mu"};
  for (int q = 0; q < 6; q++) printf("  worst %-14s at X %.3g, alpha %.3f\n", names[q], worst_x[q], worst_al[q]);
  LG_TEST_CHECK(served > total / 2, "only %ld of %ld points served by a table", served, total);
}

/* A node's polynomial coefficients do not depend on the distance range asked for (the nodes sit at
 * s = k / NODES): two tables over different ranges agree bit for bit where they overlap. */
static void test_nodes_fixed(void) {
  const lg_component c = make_ein(0.23, 2.7, 0.4, 0.0, 0.0);
  const double *p = c.p;
  const int na = lg_einasto_table_size(p, 0.01, 20.0), nb = lg_einasto_table_size(p, 0.3, 5.0);
  double *ca = malloc((size_t)na * LG_EINASTO_TAB_COEFS * sizeof *ca);
  double *cb = malloc((size_t)nb * LG_EINASTO_TAB_COEFS * sizeof *cb);
  LG_TEST_CHECK(ca && cb && nb > 0 && na > nb, "table sizes %d, %d", na, nb);
  if (ca && cb && nb > 0 && na > nb) {
    lg_einasto_table ta, tb;
    LG_TEST_OK(lg_einasto_table_build(p, 0.01, 20.0, ca, &ta));
    LG_TEST_OK(lg_einasto_table_build(p, 0.3, 5.0, cb, &tb));
    const double off = (tb.s0 - ta.s0) * LG_EINASTO_TAB_NODES;
    LG_TEST_CHECK(off == floor(off) && off > 0, "table b starts %g intervals into table a", off);
    const int j0 = (int)off;
    LG_TEST_CHECK(!memcmp(ca + (size_t)j0 * LG_EINASTO_TAB_COEFS, cb, (size_t)nb * LG_EINASTO_TAB_COEFS * sizeof *cb),
                  "the overlapping intervals of two tables differ");
    /* a range entirely below LG_EINASTO_TAB_XMIN has no table */
    LG_TEST_CHECK(lg_einasto_table_size(p, 0.0, 0.5 * LG_EINASTO_TAB_XMIN * 2.7) == 0, "a table below X_min");
  }
  free(ca);
  free(cb);
}

int main(void) {
  test_accuracy();
  test_nodes_fixed();
  return lg_test_report("test_einasto_table");
}
