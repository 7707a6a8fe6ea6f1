/* The standard normal distribution for inverse-CDF sampling: pdf, CDF and upper tail through erfc
 * (relative accuracy kept in both tails) and the quantile Phi^-1. Used by sampling/prior.c and by
 * kernels that turn Philox uniforms into Gaussian deviates (LG_HD: C11 and CUDA C++). */
#ifndef LG_NORMAL_H
#define LG_NORMAL_H

#include <math.h>

#include "core/hd.h"

#define LG_NORMAL_SQRT1_2 0.70710678118654752440     /* 1/sqrt(2) */
#define LG_NORMAL_SQRT2PI 2.50662827463100050242     /* sqrt(2 pi) */
#define LG_NORMAL_INV_SQRT2PI 0.39894228040143267794 /* 1/sqrt(2 pi) */

/* phi(x) = exp(-x^2/2) / sqrt(2 pi). */
LG_HD double lg_normal_pdf(double x) { return LG_NORMAL_INV_SQRT2PI * exp(-0.5 * x * x); }

/* Phi(x) = P(Z <= x) = erfc(-x/sqrt 2)/2: relatively accurate for x -> -inf (down to ~1e-308). */
LG_HD double lg_normal_cdf(double x) { return 0.5 * erfc(-x * LG_NORMAL_SQRT1_2); }

/* Q(x) = P(Z > x) = 1 - Phi(x) = erfc(x/sqrt 2)/2: relatively accurate for x -> +inf. */
LG_HD double lg_normal_sf(double x) { return 0.5 * erfc(x * LG_NORMAL_SQRT1_2); }

/* Phi^-1(p) for 0 < p <= 1/2 (the lower half; lg_normal_quantile maps p > 1/2 onto it).
 * Start: P. J. Acklam's rational minimax approximation ("An algorithm for computing the inverse
 * normal cumulative distribution function", web note, home.online.no/~pjacklam/notes/invnorm,
 * relative error < 1.15e-9), two regions split at
 * p = 0.02425. Then one Halley step on Phi(x) - p (as Acklam recommends), which triples the number
 * of correct digits: the result is then limited by the residual, computed without cancellation:
 *   p < 1/4 : e = erfc(-x/sqrt2)/2 - p        (erfc is relatively accurate in the tail)
 *   p >= 1/4: e = erf(x/sqrt2)/2 + (1/2 - p)  (1/2 - p is exact here, erf relatively accurate at 0)
 * The Halley correction u = e / phi(x) is formed as (e s) s sqrt(2 pi), s = exp(x^2/4), so that it
 * neither overflows nor underflows down to p ~ 1e-308 (x ~ -37.5). */
LG_HD double lg_normal_quantile_lower(double p) {
  /* Acklam, central region coefficients */
  const double a0 = -3.969683028665376e+01, a1 = 2.209460984245205e+02, a2 = -2.759285104469687e+02,
               a3 = 1.383577518672690e+02, a4 = -3.066479806614716e+01, a5 = 2.506628277459239e+00;
  const double b0 = -5.447609879822406e+01, b1 = 1.615858368580409e+02, b2 = -1.556989798598866e+02,
               b3 = 6.680131188771972e+01, b4 = -1.328068155288572e+01;
  /* Acklam, tail region coefficients */
  const double c0 = -7.784894002430293e-03, c1 = -3.223964580411365e-01,
               c2 = -2.400758277161838e+00, c3 = -2.549732539343734e+00, c4 = 4.374664141464968e+00,
               c5 = 2.938163982698783e+00;
  const double d0 = 7.784695709041462e-03, d1 = 3.224671290700398e-01, d2 = 2.445134137142996e+00,
               d3 = 3.754408661907416e+00;
  double x;
  if (p < 0.02425) {
    const double q = sqrt(-2.0 * log(p));
    x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
        ((((d0 * q + d1) * q + d2) * q + d3) * q + 1.0);
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q /
        (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1.0);
  }
  const double e = p < 0.25 ? 0.5 * erfc(-x * LG_NORMAL_SQRT1_2) - p
                            : 0.5 * erf(x * LG_NORMAL_SQRT1_2) + (0.5 - p);
  const double s = exp(0.25 * x * x);
  const double u = (e * s) * s * LG_NORMAL_SQRT2PI;
  /* Halley: x <- x - u / (1 + x u / 2), u = (Phi(x) - p) / phi(x) (Acklam, refinement) */
  return x - u / (1.0 + 0.5 * x * u);
}

/* Phi^-1(p): the x with Phi(x) = p, for p in (0,1); -inf at 0, +inf at 1, NaN outside [0,1].
 * Relative accuracy ~1e-15 for p in [1e-300, 1 - 1e-16] (tests/sampling/test_prior_moments.c).
 * Odd symmetry is exact: for p > 1/2, 1 - p is exact and Phi^-1(p) = -Phi^-1(1 - p). */
LG_HD double lg_normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    if (p == 0.0) return -INFINITY;
    if (p == 1.0) return INFINITY;
    return NAN;
  }
  return p > 0.5 ? -lg_normal_quantile_lower(1.0 - p) : lg_normal_quantile_lower(p);
}

#endif
