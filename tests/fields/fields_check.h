/* Shared by the tests of tests/fields/: the worst error of many compared values against one
 * tolerance, and Gauss-Legendre rules for reference quadratures. Header-only; include after lg_test.h. */
#ifndef LG_FIELDS_CHECK_H
#define LG_FIELDS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lg_test.h"

#define FC_PI 3.14159265358979323846

typedef struct {
  const char *name;
  double tol, max_err;
  int n, fails;
} fc_tally;

static inline fc_tally fc_tally_make(const char *name, double tol) {
  fc_tally t = {name, tol, 0.0, 0, 0};
  return t;
}

/* err = |got - want| / scale; NaN fails. */
static inline void fc_add(fc_tally *t, double got, double want, double scale) {
  const double err = fabs(got - want) / scale;
  t->n++;
  if (!(err <= t->max_err) || err != err) t->max_err = err;
  if (!(err <= t->tol) && t->fails++ < 3)
    fprintf(stderr, "  %s: got %.15g want %.15g (err %.3g > tol %.3g)\n", t->name, got, want, err, t->tol);
}

/* Prints the tally and counts it as one check. */
static inline void fc_report(const fc_tally *t) {
  printf("  %-58s max err %9.3g (tol %8.2g) over %6d%s\n", t->name, t->max_err, t->tol, t->n,
         t->fails ? "  <-- FAIL" : "");
  LG_TEST_CHECK(t->fails == 0 && t->n > 0, "%s: %d of %d values beyond %g (worst %g)", t->name, t->fails, t->n, t->tol,
                t->max_err);
}

/* Gauss-Legendre nodes and weights of order n on [-1, 1] (Newton on P_n from the Chebyshev guess). */
static inline void fc_gauss_legendre(int n, double *x, double *w) {
  for (int i = 0; i < n; i++) {
    double z = cos(FC_PI * (i + 0.75) / (n + 0.5)), dp = 1.0;
    for (int it = 0; it < 100; it++) {
      double p0 = 1.0, p1 = z;
      for (int k = 2; k <= n; k++) {
        const double p2 = ((2.0 * k - 1.0) * z * p1 - (k - 1.0) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = n * (z * p1 - p0) / (z * z - 1.0);
      const double dz = p1 / dp;
      z -= dz;
      if (fabs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2.0 / ((1.0 - z * z) * dp * dp);
  }
}

#endif
