/* Regularized lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a), for the enclosed
 * masses of the Einasto (3D) and Sersic (2D) profiles and for the Sersic b_n. LG_HD: no globals,
 * bounded loops, so the CUDA kernels evaluate it per pixel like the CPU. */
#ifndef LG_PROFILE_GAMMAINC_H
#define LG_PROFILE_GAMMAINC_H

#include <math.h>

#include "core/hd.h"

/* P(a, x) for a > 0, x >= 0, with lga = lgamma(a) supplied by the caller (it is a per-component
 * constant). For x < a + 1 the series gamma(a, x) = x^a e^-x sum_n x^n / (a (a+1) ... (a+n))
 * (Abramowitz & Stegun 6.5.29); otherwise Q = 1 - P from Legendre's continued fraction (A&S 6.5.31)
 * evaluated with the modified Lentz method (Press et al., Numerical Recipes, 3rd ed., sec. 6.2).
 * Relative accuracy about 1e-15 in both branches. */
LG_HD double lg_gammainc_p(double a, double x, double lga) {
  if (!(x > 0.0)) return 0.0;
  const double pre = exp(a * log(x) - x - lga); /* x^a e^-x / Gamma(a) */
  if (x < a + 1.0) {
    double ap = a, del = 1.0 / a, sum = del;
    for (int n = 0; n < 2000; n++) {
      ap += 1.0;
      del *= x / ap;
      sum += del;
      if (del < sum * 1e-17) break;
    }
    return sum * pre;
  }
  const double tiny = 1e-300;
  double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 2000; i++) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (fabs(del - 1.0) < 1e-16) break;
  }
  return 1.0 - pre * h;
}

#endif
