/* The CPU backend's Sersic path (backends/cpu_sersic.h) against lg_sersic_eval: the table of P(2n, w)
 * against the incomplete gamma it interpolates; every product of rows of pixels run in blocks as the
 * backend's sersic rows run them (n over [0.5, 8], q over [0.05, 1], r_eff over [0.05, 10] arcsec,
 * distances 1e-4 to 100 r_eff); and a node's coefficients independent of the range a table covers. */
#include "core/vmath.h" /* first, as in cpu_backend.c: the blocks' loops call libmvec's vector exp/log */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "backends/cpu_sersic.h"
#include "lg_test.h"
#include "prof_check.h"

static double urand(unsigned long long *st) {
  *st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(*st >> 11) * 0x1.0p-53;
}

static lg_component make_sersic(double keff, double re, double n, double q, double phi, double x0, double y0) {
  const double p[8] = {x0, y0, keff, re, n, lg_sersic_bn(n), q, phi};
  return pc_component(LG_PROFILE_SERSIC, p, 8);
}

/* A table over r_min .. r_max of component p, its coefficients in *coef (freed by the caller). */
static int build(const double *p, double r_min, double r_max, double **coef, lg_sersic_table *t) {
  const int n = lg_sersic_table_size(p, r_min, r_max);
  *coef = malloc((size_t)(n > 0 ? n : 1) * LG_SERSIC_TAB_COEFS * sizeof **coef);
  LG_TEST_CHECK(*coef != NULL && n > 0, "table of %d intervals", n);
  if (*coef == NULL || n <= 0) return 0;
  LG_TEST_OK(lg_sersic_table_build(p, r_min, r_max, *coef, t));
  return 1;
}

/* P(a, w) from the table (as the potential's nodes read it) against lg_gammainc_p, over every w a
 * table covers, the series below it and P = 1 above it, for a from 1 to 16. */
static void test_p(void) {
  pc_tally tp;
  pc_tally_init(&tp, "P(2n, w) from table / series, relative", 5e-11);
  unsigned long long st = 7;
  const double ns[6] = {0.5, 0.7, 1.0, 2.5, 4.0, 8.0};
  for (int k = 0; k < 6; k++) {
    const lg_component c = make_sersic(0.3, 1.0, ns[k], 0.6, 0.0, 0.0, 0.0);
    const double *p = c.p, a = 2.0 * ns[k], lga = lgamma(a);
    double *coef;
    lg_sersic_table t;
    if (!build(p, 0.0, 1e6, &coef, &t)) continue;
    for (int i = 0; i < 20000; i++) {
      const double s = log(1e-8) + urand(&st) * (t.s_one + 1.0 - log(1e-8)), w = exp(s);
      /* a node's view of w: tt = s - ln b_n, u den = (w / b_n)^2n r_eff^2 / q (r_eff = 1), e^(b_n - w) */
      const double tt = s - t.lbn, ud = exp(2.0 * ns[k] * tt) / p[LG_SERSIC_Q], ekw = exp(p[LG_SERSIC_BN] - w);
      pc_tally_add(&tp, lg_sersic_table_p(&t, tt, ud, ekw, w), lg_gammainc_p(a, w, lga), 0.0, k);
    }
    free(coef);
  }
  pc_tally_print(&tp);
}

/* Runs the pixels (x[i], y), i < m, through the blocks as lg_row_sersic_table does (runs of one
 * split class, blocks of at most LG_SERSIC_BLOCK) into out[i]. */
static void run_row(const lg_sersic_table *t, const double *x, double y, int m, lg_lens_point *out) {
  static lg_sersic_block bk;
  int cls[LG_SERSIC_BLOCK];
  for (int i = 0; i < m; i++) {
    double xp, yp;
    cls[i] = lg_sersic_split(lg_sersic_frame(t, x[i], y, &xp, &yp));
  }
  for (int i0 = 0, i1; i0 < m; i0 = i1) {
    for (i1 = i0 + 1; i1 < m && cls[i1] == cls[i0]; i1++) continue;
    lg_sersic_block_run(t, x + i0, y, i1 - i0, cls[i0], &bk);
    for (int i = i0; i < i1; i++) {
      out[i] = (lg_lens_point){0};
      lg_sersic_block_add(t, &bk, i - i0, &out[i]);
    }
  }
}

static void test_accuracy(void) {
  pc_tally ta, tp, th;
  pc_tally_init(&ta, "alpha, relative to |alpha|", 1e-8);
  pc_tally_init(&tp, "psi, relative", 1e-8);
  pc_tally_init(&th, "Hessian, relative to max(|H_ij|, kappa)", 1e-7);
  enum { NCOMP = 96, NROW = 24, M = LG_SERSIC_BLOCK };
  unsigned long long st = 2024;
  long total = 0;
  int nodes_max = 0, id = 0;
  double worst[3] = {0}, worst_n[3] = {0}, worst_q[3] = {0}, worst_r[3] = {0};
  for (int k = 0; k < NCOMP; k++, id++) {
    /* both ends of n and q, then uniform draws; r_eff log-uniform */
    const double n = k == 0 || k == 2 ? 0.5 : k == 1 || k == 3 ? 8.0 : 0.5 + 7.5 * urand(&st);
    const double q = k == 0 || k == 1 ? 0.05 : k == 2 || k == 3 ? 1.0 : 0.05 + 0.95 * urand(&st);
    const double re = exp(log(0.05) + urand(&st) * log(200.0)), keff = 0.05 + urand(&st);
    const double x0 = 0.3 * urand(&st) - 0.1, y0 = 0.2 * urand(&st) - 0.1, phi = 2.0 * LG_PI * urand(&st);
    const lg_component c = make_sersic(keff, re, n, q, phi, x0, y0);
    const double *p = c.p;
    /* the grid a render would see: every point lies within 1e-4 .. 100 r_eff of the centre */
    double *coef;
    lg_sersic_table t;
    if (!build(p, 1e-4 * re, 100.0 * re, &coef, &t)) continue;
    if (t.n > nodes_max) nodes_max = t.n;
    for (int row = 0; row < NROW; row++) {
      /* a row at height dy from the centre, its pixels at distances spread log-uniformly */
      double x[M];
      lg_lens_point got[M];
      const double d = exp(log(1e-4) + urand(&st) * log(1e6)) * re;
      const double dy = d * (2.0 * urand(&st) - 1.0), y = y0 + dy;
      for (int i = 0; i < M; i++) {
        const double r = exp(log(1e-4) + (log(1e6) * (i + urand(&st))) / M) * re;
        const double dx2 = r * r - dy * dy;
        x[i] = x0 + (i % 2 ? 1.0 : -1.0) * (dx2 > 0.0 ? sqrt(dx2) : 0.1 * r * urand(&st));
      }
      run_row(&t, x, y, M, got);
      for (int i = 0; i < M; i++, total++) {
        lg_lens_point want = {0};
        lg_sersic_eval(p, x[i], y, &want);
        const double amag = hypot(want.alpha_x, want.alpha_y), kw = pc_kappa(&want);
        const double hs = fmax(fmax(fabs(want.f_xx), fabs(want.f_yy)), fmax(fabs(want.f_xy), kw));
        const double e[3] = {fmax(pc_tally_add(&ta, got[i].alpha_x, want.alpha_x, amag, id),
                                  pc_tally_add(&ta, got[i].alpha_y, want.alpha_y, amag, id)),
                             pc_tally_add(&tp, got[i].psi, want.psi, 0.0, id),
                             fmax(fmax(pc_tally_add(&th, got[i].f_xx, want.f_xx, hs, id),
                                       pc_tally_add(&th, got[i].f_yy, want.f_yy, hs, id)),
                                  pc_tally_add(&th, got[i].f_xy, want.f_xy, hs, id))};
        for (int j = 0; j < 3; j++)
          if (e[j] > worst[j]) {
            worst[j] = e[j];
            worst_n[j] = n;
            worst_q[j] = q;
            worst_r[j] = hypot(x[i] - x0, dy) / re;
          }
      }
    }
    free(coef);
  }
  printf("sersic blocks vs lg_sersic_eval: %d components (n 0.5..8, q 0.05..1, r_eff 0.05..10), %ld points at "
         "1e-4..100 r_eff, tables of at most %d intervals\n",
         NCOMP, total, nodes_max);
  pc_tally_print(&ta);
  pc_tally_print(&tp);
  pc_tally_print(&th);
  const char *names[3] = {"alpha", "psi", "Hessian"};
  for (int j = 0; j < 3; j++)
    printf("  worst %-8s at n %.3f, q %.3f, R / r_eff %.3g\n", names[j], worst_n[j], worst_q[j], worst_r[j]);
}

/* A node's coefficients do not depend on the distance range asked for (the nodes sit at s = k / per):
 * two tables over different ranges agree bit for bit where they overlap; a grid away from the
 * centre of a large-n component starts its table above the series' range. */
static void test_nodes_fixed(void) {
  const lg_component c = make_sersic(0.4, 1.3, 8.0, 0.7, 0.2, 0.0, 0.0);
  const double *p = c.p;
  double *ca = NULL, *cb = NULL;
  lg_sersic_table ta, tb;
  if (build(p, 0.0, 40.0, &ca, &ta) && build(p, 1.0, 3.0, &cb, &tb)) {
    const double off = (tb.s0 - ta.s0) * ta.per;
    LG_TEST_CHECK(ta.per == tb.per && off == floor(off) && off >= 0 && tb.n < ta.n, "table b at %g of a", off);
    const int j0 = (int)off;
    LG_TEST_CHECK(j0 + tb.n <= ta.n && !memcmp(ca + (size_t)j0 * LG_SERSIC_TAB_COEFS, cb,
                                               (size_t)tb.n * LG_SERSIC_TAB_COEFS * sizeof *cb),
                  "the overlapping intervals of two tables differ");
    LG_TEST_CHECK(ta.s0 <= ta.s_ser && tb.s0 > tb.s_ser, "table starts %g, %g (series below %g)", ta.s0, tb.s0,
                  ta.s_ser);
  }
  free(ca);
  free(cb);
  /* parameters outside the profile's domain are refused */
  const lg_component bad = make_sersic(0.4, 1.3, 3.1, 0.0, 0.2, 0.0, 0.0);
  lg_sersic_table t;
  double one[LG_SERSIC_TAB_COEFS];
  LG_TEST_CHECK(lg_sersic_table_build(bad.p, 0.0, 1.0, one, &t) == LG_ERR_RANGE, "q = 0 accepted");
}

int main(void) {
  test_p();
  test_accuracy();
  test_nodes_fixed();
  return lg_test_report("test_sersic_table");
}
