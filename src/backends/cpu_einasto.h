/* The CPU backend's Einasto path: per component, the spherical Einasto's kappa, m = alpha R and psi
 * tabulated in s = ln X, X = R / r_-2, from lg_einasto_eval's own quadrature (physics/profiles/einasto.h)
 * and interpolated per pixel. Built by backends/cpu_einasto.c, used by backends/cpu_backend.c's
 * einasto rows; the CUDA backend and the scalar pixel path keep the quadrature. */
#ifndef LG_CPU_EINASTO_H
#define LG_CPU_EINASTO_H

#include <math.h>

#include "core/err.h"
#include "physics/profiles/einasto.h"

/* Nodes at s = k / LG_EINASTO_TAB_NODES (k integer: a node's values do not depend on the grid), and
 * per interval between two nodes the coefficients of three polynomials in u = (s - s_k) * NODES:
 * ln kappa + (2/alpha) X^alpha (cubic Hermite, 4), ln m and ln psi (quintic Hermite, 6 each). */
enum { LG_EINASTO_TAB_NODES = 8, LG_EINASTO_TAB_COEFS = 16 };

/* Below X = LG_EINASTO_TAB_XMIN the table stops and the quadrature takes the pixels there: a disc
 * of radius 1e-3 r_-2 holds at most a few pixels for any r_-2 up to a few hundred pixels, while each
 * e-fold of table costs 8 quadratures. */
#define LG_EINASTO_TAB_XMIN 1e-3

typedef struct {
  int n;             /* intervals; 0: no pixel uses the table */
  double s0;         /* s of the first node */
  double x_lo, x_hi; /* X the table serves: exp(s0) <= X <= exp(s0 + n / NODES) */
  double al, ta;     /* alpha, 2 / alpha */
  const double *c;   /* n x LG_EINASTO_TAB_COEFS, borrowed */
} lg_einasto_table;

/* Intervals of the table for component p (an einasto component) over distances r_min..r_max
 * (arcsec) from its centre; 0 when no distance in that range is served by a table. */
int lg_einasto_table_size(const double *p, double r_min, double r_max);

/* Fills coef (lg_einasto_table_size(...) x LG_EINASTO_TAB_COEFS doubles) and t for the same
 * arguments. Fails with LG_ERR_RANGE if a node's quadrature gives a non-positive or non-finite value. */
lg_err lg_einasto_table_build(const double *p, double r_min, double r_max, double *coef, lg_einasto_table *t);

/* X = R / r_-2 of (x, y), and (dx, dy, r) as lg_einasto_eval computes them: the row decides with
 * this X whether a pixel takes the table (x_lo <= X <= x_hi) or the quadrature. */
static inline double lg_einasto_table_x(const double *p, double x, double y, double *dx, double *dy, double *r) {
  *dx = x - p[LG_EINASTO_X];
  *dy = y - p[LG_EINASTO_Y];
  *r = lg_radius(dx, dy);
  return *r / p[LG_EINASTO_R2];
}

/* lg_einasto_eval from the table t of component p, for x_lo <= X <= x_hi (outside, the end
 * intervals' polynomials are extrapolated). Branch-free but for the clamps: a SIMD loop over pixels. */
static inline void lg_einasto_table_eval(const lg_einasto_table *t, const double *p, double x, double y,
                                         lg_lens_point *out) {
  double dx, dy, r;
  const double X = lg_einasto_table_x(p, x, y, &dx, &dy, &r);
  const double s = log(X);
  double u = (s - t->s0) * (double)LG_EINASTO_TAB_NODES;
  int j = (int)u;
  j = j < 0 ? 0 : j;
  j = j > t->n - 1 ? t->n - 1 : j;
  u -= (double)j;
  const double *c = t->c;
  const int b = j * LG_EINASTO_TAB_COEFS; /* an int index: SIMD gathers */
  const double g = c[b] + u * (c[b + 1] + u * (c[b + 2] + u * c[b + 3]));
  const double lm = c[b + 4] + u * (c[b + 5] + u * (c[b + 6] + u * (c[b + 7] + u * (c[b + 8] + u * c[b + 9]))));
  const double lp = c[b + 10] + u * (c[b + 11] + u * (c[b + 12] + u * (c[b + 13] + u * (c[b + 14] + u * c[b + 15]))));
  const double kappa = exp(g - t->ta * exp(t->al * s)); /* the table holds ln kappa + (2/alpha) X^alpha */
  lg_radial_add(dx, dy, r, exp(lp), exp(lm) / r, kappa, out);
}

#endif
