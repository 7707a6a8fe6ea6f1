/* Functions shared by the projections of the NFW family (tnfw.h, cnfw.h, hernquist.h, burkert.h):
 * the NFW function F(u) and cancellation-free combinations of it. With v = 1 - u^2,
 *   F(u) = acosh(1/u) / sqrt(v) (u < 1),  acos(1/u) / sqrt(-v) (u > 1),  F(1) = 1
 * (Bartelmann 1996; Golse & Kneib 2002, eq. 12), and the antiderivatives used in this project
 *   d/du [(u^2 - 1) F(u)] = u F(u) + 1/u,    d/du Q(u) = F(u) / u,
 *   Q(u) = -acosh^2(1/u) / 2 (u < 1),  acos^2(1/u) / 2 (u >= 1),
 * which follow from F'(u) = (1 - u^2 F) / (u (u^2 - 1)).
 * Each function has a form _c(u, c) taking u's class c (nfw.h, lg_nfw_class) instead of testing u.
 * All are written with the subexpressions of nfw.h's lg_nfw_functions_c (v = (1 - u)(1 + u),
 * s = sqrt(v) or sqrt(-v), ln u, log1p(s), log1p(-w), w = u^2 / (2 (1 + s)), ln(u/2) for u >= 1),
 * so a profile that calls several of them at one pixel computes each logarithm once. */
#ifndef LG_PROFILE_NFW_FAMILY_H
#define LG_PROFILE_NFW_FAMILY_H

#include <math.h>

#include "core/consts.h"
#include "physics/profiles/nfw.h"

/* F(u), by its series sum_k v^k / (2k + 1) near u = 1 where both closed forms are 0/0. */
LG_HD double lg_nfwf_F_c(double u, int c) {
  const double v = (1.0 - u) * (1.0 + u);
  if (!(c == LG_NFW_LO || c == LG_NFW_HI)) {
    double f, k;
    lg_nfw_series(v, &f, &k);
    return f;
  }
  if (c == LG_NFW_LO) {
    const double s = sqrt(v);
    return (log1p(s) - log(u)) * (1.0 / s); /* acosh(1/u) / s, as lg_nfw_functions_c has it */
  }
  const double s = sqrt(-v);
  return atan(s) / s;
}

/* g1(u) = (1 - u^2) F(u) + ln(u / 2): O(u^2 ln u) at small u, where the two terms cancel; for u < 1
 * rewritten as -u^2 acosh(1/u) / (1 + s) + log1p(-u^2 / (2 (1 + s))), s = sqrt(1 - u^2). */
LG_HD double lg_nfwf_g1_c(double u, int c) {
  const double v = (1.0 - u) * (1.0 + u);
  if (lg_nfw_class_lo(c)) {
    const double s = sqrt(v);
    const double ach = log1p(s) - log(u);
    return -u * u * ach * lg_nfw_i1s(s) + log1p(-lg_nfw_w(u, s));
  }
  const double s = sqrt(-v);
  return log(0.5 * u) - s * atan(s);
}

/* Q(u), the antiderivative of F(u)/u above (Q(u) + ln^2(u/2)/2 is half the NFW potential h(u)). */
LG_HD double lg_nfwf_Q_c(double u, int c) {
  const double v = (1.0 - u) * (1.0 + u);
  if (lg_nfw_class_lo(c)) {
    const double ach = log1p(sqrt(v)) - log(u);
    return -0.5 * ach * ach;
  }
  const double at = atan(sqrt(-v));
  return 0.5 * at * at;
}

/* R(u) = -(ln^2(u/2) + 2 Q(u)), i.e. minus the NFW potential function h(u) = ln^2(u/2) - acosh^2(1/u)
 * of nfw.h, free of the cancellation of its two ln^2 terms at small u: with l = ln(u/2) and
 * acosh(1/u) = -l - d, d = -log1p(-u^2 / (2 (1 + sqrt(1 - u^2)))) = O(u^2), R = 2 l d + d^2 (u < 1);
 * R = -(ln^2(u/2) + acos^2(1/u)) for u >= 1. */
LG_HD double lg_nfwf_R_c(double u, int c) {
  const double v = (1.0 - u) * (1.0 + u);
  if (lg_nfw_class_lo(c)) {
    const double s = sqrt(v);
    const double l = log(u) - LG_LN2; /* < -ln 2: no cancellation */
    const double d = -log1p(-lg_nfw_w(u, s));
    return d * (2.0 * l + d);
  }
  const double l = log(0.5 * u), at = atan(sqrt(-v));
  return -(l * l + at * at);
}

/* The same in the class of u found here (c = lg_nfw_class(u) in the functions above, whose tests,
 * u < 1 and |1 - u^2| < 0.02, it encodes). */
LG_HD double lg_nfwf_F(double u) { return lg_nfwf_F_c(u, lg_nfw_class(u)); }
LG_HD double lg_nfwf_g1(double u) { return lg_nfwf_g1_c(u, lg_nfw_class(u)); }
LG_HD double lg_nfwf_Q(double u) { return lg_nfwf_Q_c(u, lg_nfw_class(u)); }
LG_HD double lg_nfwf_R(double u) { return lg_nfwf_R_c(u, lg_nfw_class(u)); }

#endif
