/* Inverse-CDF draws fed by the Philox stream: sample mean and variance of 1e5 draws per prior
 * within 5 standard errors of the analytic moments, choice frequencies by chi-square, support
 * respected; and the accuracy of Phi^-1 (normal.h) against high-precision reference quantiles and
 * its own CDF. */
#include <stdint.h>

#include "lg_test.h"
#include "sampling/normal.h"
#include "sampling/prior.h"
#include "sampling/rng.h"

#define NDRAW 100000
#define SEED 0x5eed1e5u

/* Raw moments E[X^k], k = 1..4, of a prior, from the textbook formulas. */
typedef struct {
  double m[5];
} moments;

/* Standard normal truncated to [alpha, beta]: E[Z^k] = (k-1) E[Z^(k-2)] + (alpha^(k-1) phi(alpha)
 * - beta^(k-1) phi(beta)) / Z (integration by parts; e.g. Johnson, Kotz & Balakrishnan, Continuous
 * Univariate Distributions vol. 1, ch. 13), Z = Phi(beta) - Phi(alpha) from the accurate tail. */
static moments truncnormal_moments(double mu, double sigma, double a, double b) {
  const double al = (a - mu) / sigma, be = (b - mu) / sigma;
  const double z =
      al > 0 ? lg_normal_sf(al) - lg_normal_sf(be) : lg_normal_cdf(be) - lg_normal_cdf(al);
  double s[5];
  s[0] = 1;
  s[1] = (lg_normal_pdf(al) - lg_normal_pdf(be)) / z;
  for (int k = 2; k <= 4; k++)
    s[k] = (k - 1) * s[k - 2] +
           (pow(al, k - 1) * lg_normal_pdf(al) - pow(be, k - 1) * lg_normal_pdf(be)) / z;
  moments r = {{1, 0, 0, 0, 0}};
  /* X = mu + sigma Z: binomial expansion */
  const double binom[5][5] = {{1}, {1, 1}, {1, 2, 1}, {1, 3, 3, 1}, {1, 4, 6, 4, 1}};
  for (int k = 1; k <= 4; k++)
    for (int j = 0; j <= k; j++) r.m[k] += binom[k][j] * pow(mu, k - j) * pow(sigma, j) * s[j];
  return r;
}

static moments analytic(const lg_prior *p) {
  const double *v = p->v;
  moments r = {{1, 0, 0, 0, 0}};
  switch (p->kind) {
  case LG_PRIOR_UNIFORM: /* E[X^k] = (b^(k+1) - a^(k+1)) / ((k+1)(b-a)) */
    for (int k = 1; k <= 4; k++)
      r.m[k] = (pow(v[1], k + 1) - pow(v[0], k + 1)) / ((k + 1) * (v[1] - v[0]));
    break;
  case LG_PRIOR_LOGUNIFORM: /* density 1/(x ln(b/a)): E[X^k] = (b^k - a^k) / (k ln(b/a)) */
    for (int k = 1; k <= 4; k++) r.m[k] = (pow(v[1], k) - pow(v[0], k)) / (k * log(v[1] / v[0]));
    break;
  case LG_PRIOR_NORMAL: {
    const double m = v[0], s2 = v[1] * v[1];
    r.m[1] = m;
    r.m[2] = m * m + s2;
    r.m[3] = m * m * m + 3 * m * s2;
    r.m[4] = m * m * m * m + 6 * m * m * s2 + 3 * s2 * s2;
    break;
  }
  case LG_PRIOR_TRUNCNORMAL: return truncnormal_moments(v[0], v[1], v[2], v[3]);
  default: break;
  }
  return r;
}

/* Draws NDRAW values of spec from (SEED, i, PARAMS, index) and compares mean and variance. */
static void check_moments(const char *spec, uint32_t index) {
  lg_prior p;
  double lo, hi, sum = 0, sum2 = 0;
  long outside = 0;
  LG_TEST_OK(lg_prior_parse("-test", spec, &p));
  lg_prior_support(&p, &lo, &hi);
  const moments m = analytic(&p);
  const double mean = m.m[1];
  const double var = m.m[2] - mean * mean;
  const double mu4 = m.m[4] - 4 * m.m[3] * mean + 6 * m.m[2] * mean * mean - 3 * pow(mean, 4);
  /* shift by the analytic mean so the sums do not cancel */
  for (uint64_t i = 0; i < NDRAW; i++) {
    const double x = lg_prior_draw(&p, lg_rng_uniform(SEED, i, LG_STREAM_PARAMS, index));
    outside += !(x >= lo && x <= hi);
    sum += x - mean;
    sum2 += (x - mean) * (x - mean);
  }
  const double d = sum / NDRAW;
  const double svar = (sum2 - NDRAW * d * d) / (NDRAW - 1);
  const double zmean = d / sqrt(var / NDRAW);
  const double zvar = (svar - var) / sqrt((mu4 - var * var) / NDRAW);
  printf("%-28s mean %-12.6g (analytic %-12.6g) z = %+5.2f   var %-12.6g (analytic %-12.6g) z = "
         "%+5.2f\n",
         spec, mean + d, mean, zmean, svar, var, zvar);
  LG_TEST_CHECK(outside == 0, "%s: %ld draws outside [%g, %g]", spec, outside, lo, hi);
  LG_TEST_CHECK(fabs(zmean) < 5, "%s: mean off by %.2f standard errors", spec, zmean);
  LG_TEST_CHECK(fabs(zvar) < 5, "%s: variance off by %.2f standard errors", spec, zvar);
}

static void check_choice(const char *spec, uint32_t index, double crit) {
  lg_prior p;
  long count[LG_PRIOR_MAX_CHOICES] = {0};
  LG_TEST_OK(lg_prior_parse("-test", spec, &p));
  for (uint64_t i = 0; i < NDRAW; i++) {
    const double x = lg_prior_draw(&p, lg_rng_uniform(SEED, i, LG_STREAM_PARAMS, index));
    int k = 0;
    while (k < p.n && p.v[k] != x) k++;
    LG_TEST_CHECK(k < p.n, "%s drew %g, not one of the values", spec, x);
    if (k < p.n) count[k]++;
  }
  double chi2 = 0;
  const double want = (double)NDRAW / p.n;
  for (int k = 0; k < p.n; k++) chi2 += (count[k] - want) * (count[k] - want) / want;
  printf("%-28s chi2 = %.2f over %d dof (limit %.1f, p = 1e-4)\n", spec, chi2, p.n - 1, crit);
  LG_TEST_CHECK(chi2 < crit, "%s: chi2 = %g over %d dof", spec, chi2, p.n - 1);
}

/* Phi^-1 at p (as a double) to 20 digits: root of log(erfc(-x/sqrt2)/2) = log(p), bisected with
 * mpmath at 80 digits for this test; the first two are the familiar 0.975 and 1e-10 values. */
static const double ref_quantile[][2] = {
    {0.975, 1.9599639845400538556},    {1e-10, -6.3613409024040561991},
    {0.025, -1.9599639845400542118},   {0.75, 0.6744897501960817432},
    {0.9, 1.2815515655446005935},      {0.1, -1.2815515655446004353},
    {0.02425, -1.9729610513118848376}, {1e-3, -3.0902323061678135354},
    {1e-20, -9.2623400897984075796},   {1e-50, -14.933337534788488981},
    {1e-100, -21.273453560965324294},  {1e-200, -30.205594179579643063},
    {1e-300, -37.047096299361199237},  {0.9999999999999999, 8.2095361516013868556},
    {0x1p-53, -8.2095361516013868556}, {0x1p-54, -8.2923610758135955382},
};

static void test_quantile(void) {
  double worst_ref = 0, worst_trip = 0;
  for (int i = 0; i < (int)(sizeof ref_quantile / sizeof ref_quantile[0]); i++) {
    const double x = lg_normal_quantile(ref_quantile[i][0]);
    const double rel = fabs(x - ref_quantile[i][1]) / fabs(ref_quantile[i][1]);
    if (rel > worst_ref) worst_ref = rel;
    LG_TEST_CHECK(rel < 1e-14, "Phi^-1(%.17g) = %.17g, want %.17g (rel err %.2e)",
                  ref_quantile[i][0], x, ref_quantile[i][1], rel);
  }
  LG_TEST_CHECK(lg_normal_quantile(0.5) == 0.0, "Phi^-1(1/2) = %g", lg_normal_quantile(0.5));
  LG_TEST_CHECK(isinf(lg_normal_quantile(0.0)) && isinf(lg_normal_quantile(1.0)) &&
                    isnan(lg_normal_quantile(-0.1)) && isnan(lg_normal_quantile(1.5)),
                "Phi^-1 at and beyond the ends");
  /* round trip over p = 10^(-k/8) down to 1e-300 and over 1 - p: the residual Phi(x) - p (or
   * Q(x) - (1 - p) in the upper half, where 1 - p is exact) divided by phi(x) is the error of x */
  for (int k = 1; k <= 2400; k++) {
    const double p = pow(10.0, -k / 8.0);
    const double x = lg_normal_quantile(p);
    const double dx = (lg_normal_cdf(x) - p) / lg_normal_pdf(x);
    const double rel = fabs(dx / x);
    if (rel > worst_trip) worst_trip = rel;
    LG_TEST_CHECK(rel < 1e-14, "round trip at p = %.17g: x = %.17g, rel err %.2e", p, x, rel);
    if (p < 0.5 && p > 1e-16) {
      const double xu = lg_normal_quantile(1.0 - p);
      const double dxu = -(lg_normal_sf(xu) - (1.0 - (1.0 - p))) / lg_normal_pdf(xu);
      const double relu = fabs(dxu / xu);
      if (relu > worst_trip) worst_trip = relu;
      LG_TEST_CHECK(relu < 1e-14, "round trip at 1 - %.17g: x = %.17g, rel err %.2e", p, xu, relu);
    }
  }
  /* near the centre x is tiny: relative accuracy must survive (erf residual, exact 1/2 - p), and
   * the odd symmetry is exact wherever 1 - p is (k <= 53) */
  for (int k = 4; k <= 54; k++) {
    const double p = 0.5 - ldexp(1.0, -k);
    const double x = lg_normal_quantile(p);
    const double rel = fabs((0.5 * erf(x / sqrt(2.0)) + ldexp(1.0, -k)) / lg_normal_pdf(x) / x);
    if (rel > worst_trip) worst_trip = rel;
    LG_TEST_CHECK(rel < 1e-14, "centre p = 1/2 - 2^-%d: rel err %.2e", k, rel);
    if (k <= 53)
      LG_TEST_CHECK(lg_normal_quantile(1.0 - p) == -x,
                    "Phi^-1(1/2 + 2^-%d) != -Phi^-1(1/2 - 2^-%d)", k, k);
  }
  /* CDF against mpmath values (60 digits), both tails */
  LG_TEST_CLOSE(lg_normal_cdf(-1.0), 0.15865525393145705141, 1e-15, 0);
  LG_TEST_CLOSE(lg_normal_cdf(-10.0), 7.619853024160526066e-24, 1e-14, 0);
  LG_TEST_CLOSE(lg_normal_cdf(-37.0), 5.7255712225245768227e-300, 1e-13, 0);
  LG_TEST_CLOSE(lg_normal_sf(5.0), 2.8665157187919391167e-7, 1e-14, 0);
  LG_TEST_CLOSE(lg_normal_cdf(0.5), 0.69146246127401310364, 1e-15, 0);
  printf("Phi^-1: worst relative error vs references %.2e, worst round-trip error %.2e\n",
         worst_ref, worst_trip);
}

int main(void) {
  test_quantile();
  check_moments("uniform:-2,5", 0);
  check_moments("loguniform:0.1,10", 1);
  check_moments("loguniform:1e11,1e13", 2);
  check_moments("normal:1.5,0.3", 3);
  check_moments("truncnormal:1,2,-1,4", 4);
  check_moments("truncnormal:0,1,3,10", 5);
  check_moments("truncnormal:0,1,-10,-3", 6);
  check_moments("truncnormal:0.8,0.1,0.3,1", 7);
  check_moments("truncnormal:0,1,6,7", 8);
  check_choice("choice:1,2,3,5", 9, 21.1);
  check_choice("choice:0.5,1.5,2.5,3.5,4.5", 10, 23.5);
  return lg_test_report("test_prior_moments");
}
