/* A minimal assertion kit for lensgen's C tests: each failed check prints file:line and the values,
 * and the test's exit status is the number of failures (0 = pass). */
#ifndef LG_TEST_H
#define LG_TEST_H

#include <math.h>
#include <stdio.h>

static int lg_test_failures = 0;
static int lg_test_checks = 0;

#define LG_TEST_CHECK(cond, ...)                                                                   \
  do {                                                                                             \
    lg_test_checks++;                                                                              \
    if (!(cond)) {                                                                                 \
      lg_test_failures++;                                                                          \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);                    \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fprintf(stderr, "\n");                                                                       \
    }                                                                                              \
  } while (0)

/* |got - want| <= rtol * |want| + atol */
#define LG_TEST_CLOSE(got, want, rtol, atol)                                                       \
  do {                                                                                             \
    double lg_g_ = (double)(got), lg_w_ = (double)(want);                                          \
    LG_TEST_CHECK(fabs(lg_g_ - lg_w_) <= (rtol) * fabs(lg_w_) + (atol),                            \
                  "%s = %.17g, want %.17g (rel err %.3g)", #got, lg_g_, lg_w_,                      \
                  lg_w_ != 0 ? fabs(lg_g_ - lg_w_) / fabs(lg_w_) : fabs(lg_g_));                    \
  } while (0)

#define LG_TEST_OK(expr)                                                                           \
  do {                                                                                             \
    lg_err lg_e_ = (expr);                                                                         \
    LG_TEST_CHECK(lg_e_ == LG_OK, "%s returned %d: %s", #expr, (int)lg_e_, lg_err_message());      \
  } while (0)

static inline int lg_test_report(const char *name) {
  printf("%s: %d checks, %d failed\n", name, lg_test_checks, lg_test_failures);
  return lg_test_failures != 0;
}

#endif
