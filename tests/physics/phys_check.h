/* Tallies for the physics tests: each compares many values against a tolerance, counts one check per
 * value in lg_test.h's counters, prints the first few failures with their index, and reports the
 * largest error seen, so a passing run still shows how close the agreement is. Include after
 * lg_test.h, in one translation unit per test. */
#ifndef LG_PHYS_CHECK_H
#define LG_PHYS_CHECK_H

#include <math.h>
#include <stdio.h>

#include "lg_test.h"

#define LG_TALLY_MAX_PRINT 5

typedef struct {
  char name[96];
  double tol;
  double max_err;
  int worst; /* index of the largest error (-1 before any value) */
  int n, fails;
} lg_tally;

static inline void lg_tally_init(lg_tally *t, const char *name, double tol) {
  *t = (lg_tally){.tol = tol, .max_err = 0.0, .worst = -1, .n = 0, .fails = 0};
  snprintf(t->name, sizeof t->name, "%s", name);
}

/* err = |got - want| / max(|want|, floor): relative error, measured against floor where want is
 * smaller (floor is the natural scale of the quantity at that point, e.g. |alpha| for a component
 * of alpha). A NaN anywhere fails. */
static inline double lg_tally_add(lg_tally *t, double got, double want, double floor, int index) {
  const double scale = fmax(fabs(want), floor);
  const double err = fabs(got - want) / scale;
  lg_test_checks++;
  t->n++;
  if (!(err <= t->tol)) { /* NaN-safe */
    lg_test_failures++;
    if (t->fails++ < LG_TALLY_MAX_PRINT)
      fprintf(stderr, "FAIL %s [%d]: got %.17g want %.17g (err %.3g > tol %.3g, scale %.3g)\n", t->name, index, got,
              want, err, t->tol, scale);
  }
  if (!(err <= t->max_err)) {
    t->max_err = err;
    t->worst = index;
  }
  return err;
}

static inline void lg_tally_print(const lg_tally *t) {
  printf("  %-40s max err %9.3g (tol %8.2g) at %3d over %3d%s\n", t->name, t->max_err, t->tol, t->worst, t->n,
         t->fails ? "  <-- FAIL" : "");
  if (t->fails > LG_TALLY_MAX_PRINT)
    fprintf(stderr, "  %s: %d more failures not shown\n", t->name, t->fails - LG_TALLY_MAX_PRINT);
}

#endif
