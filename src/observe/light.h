/* Surface brightness of source and lens light: elliptical Sersic and elliptical Gaussian, as plain
 * old data components {kind, p[]} evaluated per point. LG_HD, so the CPU renderer (observe/render.c)
 * and CUDA kernels share these formulas.
 *
 * Conventions (DESIGN.md): positions in arcsec from the grid centre; q = minor/major axis ratio; phi
 * the major-axis angle counter-clockwise from +x; radii on the intermediate axis
 * R = sqrt(q x'^2 + y'^2 / q), x' along the major axis, like the mass profiles. An isophote R is an
 * ellipse of semi-axes R/sqrt(q) and R sqrt(q), area pi R^2 whatever q: total fluxes do not depend on q.
 *
 * A third kind, `pixel`, interpolates an image read from a file (observe/pixsrc.h).
 *
 * Units: surface brightness in flux units per arcsec^2. The amplitude parameter is the apparent total
 * magnitude `mag` (AB), turned into a total flux F = 10^(-0.4 (mag - zp)) with the observation's zero
 * point zp (the magnitude of a source giving 1 e-/s): then flux is in e-/s and surface brightness in
 * e-/s/arcsec^2. With zp = 0, F = 10^(-0.4 mag) in arbitrary units. */
#ifndef LG_LIGHT_H
#define LG_LIGHT_H

#include <math.h>

#include "core/hd.h"
#include "physics/profiles/gammainc.h"

#define LG_LIGHT_MAX_PARAMS 10

/* Order is the order of the light table (observe/light.c); append, never reorder. */
typedef enum { LG_LIGHT_SERSIC = 0, LG_LIGHT_GAUSS, LG_LIGHT_PIXEL, LG_LIGHT_COUNT } lg_light_kind;

/* One light component, derived from the user's parameters by lg_light_prepare. */
typedef struct {
  int kind;
  int reserved;
  double p[LG_LIGHT_MAX_PARAMS];
} lg_light;

/* Sersic (1968): I(R) = I_eff exp(-b_n ((R / r_eff)^(1/n) - 1)) = I_0 exp(-b_n (R^2/r_eff^2)^(1/2n)),
 * I_0 = I_eff e^(b_n). b_n solves P(2n, b_n) = 1/2 so that r_eff encloses half the total flux
 * (Ciotti & Bertin 1999, A&A 352, 447, eq. 4). Total flux (Graham & Driver 2005, PASA 22, 118, eq. 4):
 *   F = 2 pi n I_eff r_eff^2 e^(b_n) b_n^(-2n) Gamma(2n). */
enum {
  LG_LSERSIC_X = 0,
  LG_LSERSIC_Y,
  LG_LSERSIC_I0,         /* central intensity I_0, flux / arcsec^2 */
  LG_LSERSIC_INV_REFF2,  /* 1 / r_eff^2, arcsec^-2 */
  LG_LSERSIC_HALF_INV_N, /* 1 / (2n) */
  LG_LSERSIC_BN,
  LG_LSERSIC_Q,
  LG_LSERSIC_COS, /* cos phi */
  LG_LSERSIC_SIN  /* sin phi */
};

/* Elliptical Gaussian: I(R) = F / (2 pi sigma^2) exp(-R^2 / (2 sigma^2)), total flux F. */
enum {
  LG_LGAUSS_X = 0,
  LG_LGAUSS_Y,
  LG_LGAUSS_I0,        /* F / (2 pi sigma^2) */
  LG_LGAUSS_INV_2SIG2, /* 1 / (2 sigma^2) */
  LG_LGAUSS_Q,
  LG_LGAUSS_COS,
  LG_LGAUSS_SIN
};

/* Pixelised light (observe/pixsrc.h): image IMAGE of the registry entry SLOT, centred at (x, y),
 * rotated by phi, one source pixel = 1 / INV_PIX arcsec, surface brightness AMP x the interpolated
 * sample value (AMP = F / (sum of the image's samples x pixel area), so the total flux is F). */
enum {
  LG_LPIXEL_X = 0,
  LG_LPIXEL_Y,
  LG_LPIXEL_AMP,     /* flux / arcsec^2 per unit sample value */
  LG_LPIXEL_INV_PIX, /* 1 / (source pixel side), arcsec^-1 */
  LG_LPIXEL_COS,
  LG_LPIXEL_SIN,
  LG_LPIXEL_SLOT, /* registry slot (an integer) */
  LG_LPIXEL_IMAGE /* image of the stack (an integer) */
};

#if defined(__CUDACC__)
LG_HD double lg_light_pixel_sb(const double *p, double x, double y) {
  (void)p;
  (void)x;
  (void)y;
#if defined(__CUDA_ARCH__)
  __trap(); /* never reached: images are rendered on the host */
#endif
  return 0.0;
}
#else
/* observe/pixsrc.c: the registry lives on the host. */
double lg_light_pixel_sb_host(const double *p, double x, double y);

LG_HD double lg_light_pixel_sb(const double *p, double x, double y) { return lg_light_pixel_sb_host(p, x, y); }
#endif

/* R^2 = q x'^2 + y'^2 / q of (x, y) about centre (x0, y0), major axis at angle (c, s) = (cos, sin). */
LG_HD double lg_light_r2(double x, double y, double x0, double y0, double q, double c, double s) {
  const double dx = x - x0, dy = y - y0;
  const double xp = c * dx + s * dy, yp = -s * dx + c * dy;
  return q * xp * xp + yp * yp / q;
}

/* b_n with P(2n, b_n) = 1/2 (P the regularized lower incomplete gamma function), for n >= 0.05.
 * The median of Gamma(a) lies in (0, a) (it is below the mean a; Chen & Rubin 1986, Stat. Prob. Lett.
 * 4, 281), so [0, 2n] brackets the root; Newton steps on f(b) = P(2n, b) - 1/2 (f' = b^(a-1) e^-b /
 * Gamma(a)) that leave the bracket are replaced by bisection. Start: the asymptotic series of Ciotti &
 * Bertin 1999 (eq. 18) for n > 0.36, the polynomial fit of MacArthur, Courteau & Holtzman 2003 (ApJ
 * 582, 689, eq. A2) below. Converges to |db| < 1e-15 b (f is smooth and increasing), so b_n is exact
 * to ~1e-14 relative: b_1 = 1.678346990016661, b_4 = 7.669249442763764. */
LG_HD double lg_light_sersic_bn(double n) {
  const double a = 2.0 * n, lga = lgamma(a);
  double b;
  if (n > 0.36) {
    b = 2.0 * n - 1.0 / 3.0 + 4.0 / (405.0 * n) + 46.0 / (25515.0 * n * n) + 131.0 / (1148175.0 * n * n * n) -
        2194697.0 / (30690717750.0 * n * n * n * n);
  } else {
    b = 0.01945 + n * (-0.8902 + n * (10.95 + n * (-19.67 + n * 13.43)));
  }
  double lo = 0.0, hi = a;
  if (!(b > lo && b < hi)) b = 0.5 * (lo + hi);
  for (int k = 0; k < 200; k++) {
    const double f = lg_gammainc_p(a, b, lga) - 0.5;
    if (f > 0.0)
      hi = b;
    else
      lo = b;
    const double d = exp((a - 1.0) * log(b) - b - lga);
    double nb = b - f / d;
    if (!(nb > lo && nb < hi)) nb = 0.5 * (lo + hi); /* also catches d = 0 or NaN */
    const double step = fabs(nb - b);
    b = nb;
    if (step <= 1e-15 * b || hi - lo <= 1e-15 * b) break;
  }
  return b;
}

/* The Sersic total flux per unit I_eff r_eff^2: 2 pi n e^b b^(-2n) Gamma(2n) (Graham & Driver 2005
 * eq. 4), computed in logarithms so that large n neither overflows nor underflows. */
LG_HD double lg_light_sersic_flux_factor(double n, double bn) {
  return 2.0 * 3.14159265358979323846 * n * exp(bn - 2.0 * n * log(bn) + lgamma(2.0 * n));
}

LG_HD double lg_light_sersic_sb(const double *p, double x, double y) {
  const double r2 =
      lg_light_r2(x, y, p[LG_LSERSIC_X], p[LG_LSERSIC_Y], p[LG_LSERSIC_Q], p[LG_LSERSIC_COS], p[LG_LSERSIC_SIN]) *
      p[LG_LSERSIC_INV_REFF2];
  if (!(r2 > 0.0)) return p[LG_LSERSIC_I0];
  /* (R / r_eff)^(1/n) = exp(log(R^2 / r_eff^2) / (2n)) */
  return p[LG_LSERSIC_I0] * exp(-p[LG_LSERSIC_BN] * exp(p[LG_LSERSIC_HALF_INV_N] * log(r2)));
}

LG_HD double lg_light_gauss_sb(const double *p, double x, double y) {
  const double r2 =
      lg_light_r2(x, y, p[LG_LGAUSS_X], p[LG_LGAUSS_Y], p[LG_LGAUSS_Q], p[LG_LGAUSS_COS], p[LG_LGAUSS_SIN]);
  return p[LG_LGAUSS_I0] * exp(-r2 * p[LG_LGAUSS_INV_2SIG2]);
}

/* Surface brightness of one component at (x, y), flux / arcsec^2. */
LG_HD double lg_light_component_sb(const lg_light *c, double x, double y) {
  switch (c->kind) {
    case LG_LIGHT_SERSIC:
      return lg_light_sersic_sb(c->p, x, y);
    case LG_LIGHT_GAUSS:
      return lg_light_gauss_sb(c->p, x, y);
    case LG_LIGHT_PIXEL:
      return lg_light_pixel_sb(c->p, x, y);
    default:
      return 0.0; /* kinds are validated by lg_light_prepare */
  }
}

/* The sum of n components at (x, y). */
LG_HD double lg_light_sb(const lg_light *comps, int n, double x, double y) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += lg_light_component_sb(&comps[i], x, y);
  return s;
}

#endif
