/* The Einasto tables of the CPU backend (cpu_einasto.h): per node, lg_einasto_eval's quadrature
 * (lg_einasto_integrals and the incomplete gamma, unchanged) and the s-derivatives of kappa, m and
 * psi; per interval, the Hermite polynomials through two nodes. Called once per component and render. */
#include "backends/cpu_einasto.h"

#include <math.h>

#include "core/interp.h"

/* With rho~(r) = exp((2/alpha)(1 - r^alpha)), ik = kappa / (2 k_2) = int_0^Z rho~(sqrt(X^2 + z^2)) dz,
 * Z = sqrt(X_max^2 - X^2) (einasto.h). d ik / d ln X = X d ik / dX, by Leibniz's rule at fixed z
 * (d rho~ / dr = -2 r^(alpha - 1) rho~, dr / dX = X / r) and with z = X sinh t, dz = r dt as in
 * lg_einasto_integrals (derived here):
 *   d ik / d ln X = -2 X^2 int_0^T r^(alpha - 1) rho~(r) dt - rho~(X_max) X^2 / Z,  r = X cosh t.
 * The same 48-point Gauss-Legendre rule on [0, T]. */
static double lg_einasto_dik(double X, double al, double xmax) {
  const double gx[LG_GL48_HALF] = LG_GL48_NODES, gw[LG_GL48_HALF] = LG_GL48_WEIGHTS;
  const double ta = 2.0 / al, h = 0.5 * acosh(xmax / X);
  double sum = 0.0;
  for (int i = 0; i < LG_GL48_HALF; i++) {
    for (int side = 0; side < 2; side++) {
      const double t = h * (side ? 1.0 + gx[i] : 1.0 - gx[i]);
      const double em1 = expm1(t), emt = 1.0 / (1.0 + em1);
      const double ch = 0.5 * em1 * (1.0 + emt) + emt; /* cosh t */
      const double lr = log(X * ch), ra = exp(al * lr);
      sum += gw[i] * exp(ta * (1.0 - ra)) * ra / (X * ch);
    }
  }
  const double rho_max = exp(ta * (1.0 - exp(al * log(xmax))));
  return -2.0 * X * X * h * sum - rho_max * X * X / sqrt((xmax - X) * (xmax + X));
}

/* One node: the interpolated functions and their first (d) and second (e) derivatives in s = ln X:
 * G = ln kappa + (2/alpha) X^alpha (the exponential fall-off taken out), ln m, ln psi. With
 * m = 2 int_0^R kappa R' dR' and psi' (R) = alpha = m / R for a circular lens (Schneider, Ehlers &
 * Falco 1992, eq. 8.9, 8.12): dm/ds = 2 R^2 kappa, dpsi/ds = m, d^2 m / ds^2 = 2 R^2 (2 kappa + dkappa/ds). */
typedef struct {
  double f[3], d[3], e[2];
} lg_einasto_node;

static lg_err lg_einasto_node_eval(const double *p, double s, lg_einasto_node *nd) {
  const double r2 = p[LG_EINASTO_R2], al = p[LG_EINASTO_ALPHA], mtot = p[LG_EINASTO_MTOT];
  const double k2 = p[LG_EINASTO_K2], xmax = p[LG_EINASTO_XMAX];
  const double X = exp(s), xa = exp(al * s);
  double ik, im, ip;
  lg_einasto_integrals(X, al, xmax, &ik, &im, &ip); /* as lg_einasto_eval */
  const double c = 4.0 * k2 * r2 * r2;
  const double m = mtot * lg_gammainc_p(3.0 / al, 2.0 / al * exp(al * log(X)), p[LG_EINASTO_LGA]) + c * im;
  const double psi = c * ip;
  const double dik = lg_einasto_dik(X, al, xmax);
  const double m1 = c * X * X * ik, m2 = c * X * X * (2.0 * ik + dik); /* dm/ds, d^2 m/ds^2 */
  nd->f[0] = log(2.0 * k2) + log(ik) + 2.0 / al * xa;
  nd->d[0] = dik / ik + 2.0 * xa;
  nd->f[1] = log(m);
  nd->d[1] = m1 / m;
  nd->e[0] = m2 / m - nd->d[1] * nd->d[1];
  nd->f[2] = log(psi);
  nd->d[2] = m / psi;
  nd->e[1] = m1 / psi - nd->d[2] * nd->d[2];
  int ok = ik > 0.0 && m > 0.0 && psi > 0.0;
  for (int q = 0; q < 3; q++) ok = ok && isfinite(nd->f[q]) && isfinite(nd->d[q]);
  ok = ok && isfinite(nd->e[0]) && isfinite(nd->e[1]);
  LG_CHECK(ok, LG_ERR_RANGE,
           "einasto table: quadrature at X = %g (alpha %g, X_max %g) gives kappa/2k_2 %g, m %g, psi %g", X, al, xmax,
           ik, m, psi);
  return LG_OK;
}

/* The nodes k0 .. k1 = k0 + n of the table over r_min .. r_max: the grid's X range, cut to
 * [LG_EINASTO_TAB_XMIN, X_hi]; beyond X_hi the density truncated at X_max (einasto.h) is at most
 * e^-23 of rho~(X) (ta (X_max^alpha - X_hi^alpha) = 23), so ln kappa stays smooth up to X_hi. */
static int lg_einasto_table_nodes(const double *p, double r_min, double r_max, int *k0) {
  const double r2 = p[LG_EINASTO_R2], al = p[LG_EINASTO_ALPHA], xmax = p[LG_EINASTO_XMAX];
  const double top = pow(xmax, al) - 11.5 * al;
  if (!(top > 0.0) || !(r_max > 0.0) || !(r2 > 0.0)) return 0;
  const double per = (double)LG_EINASTO_TAB_NODES;
  const double s_lo = fmax(log(fmax(r_min, 1e-300) / r2), log(LG_EINASTO_TAB_XMIN));
  const double s_hi = fmin(log(r_max / r2), log(top) / al);
  const double k_lo = fmax(floor(s_lo * per), ceil(log(LG_EINASTO_TAB_XMIN) * per));
  const double k_hi = fmin(ceil(s_hi * per), floor(log(top) / al * per));
  if (!(k_hi > k_lo) || k_hi - k_lo > 1e6) return 0;
  *k0 = (int)k_lo;
  return (int)(k_hi - k_lo);
}

int lg_einasto_table_size(const double *p, double r_min, double r_max) {
  int k0;
  return lg_einasto_table_nodes(p, r_min, r_max, &k0);
}

lg_err lg_einasto_table_build(const double *p, double r_min, double r_max, double *coef, lg_einasto_table *t) {
  int k0 = 0;
  const int n = lg_einasto_table_nodes(p, r_min, r_max, &k0);
  const double per = (double)LG_EINASTO_TAB_NODES, h = 1.0 / per;
  t->n = n;
  t->s0 = (double)k0 * h;
  t->x_lo = exp(t->s0);
  t->x_hi = exp((double)(k0 + n) * h);
  t->al = p[LG_EINASTO_ALPHA];
  t->ta = 2.0 / t->al;
  t->c = coef;
  if (n == 0) {
    t->x_lo = 1.0; /* an empty range: every pixel takes the quadrature */
    t->x_hi = 0.0;
    return LG_OK;
  }
  lg_einasto_node a, b;
  LG_CALL(lg_einasto_node_eval(p, t->s0, &a));
  for (int j = 0; j < n; j++) {
    LG_CALL(lg_einasto_node_eval(p, (double)(k0 + j + 1) * h, &b));
    double *c = coef + (size_t)j * LG_EINASTO_TAB_COEFS;
    /* cubic Hermite in u = (s - s_j) / h: values f, derivatives d h */
    const double f0 = a.f[0], f1 = b.f[0], d0 = a.d[0] * h, d1 = b.d[0] * h;
    c[0] = f0;
    c[1] = d0;
    c[2] = 3.0 * (f1 - f0) - 2.0 * d0 - d1;
    c[3] = 2.0 * (f0 - f1) + d0 + d1;
    /* quintic Hermite: values, derivatives d h, second derivatives e h^2 */
    for (int q = 1; q < 3; q++) {
      lg_quintic_hermite(a.f[q], b.f[q], a.d[q] * h, b.d[q] * h, a.e[q - 1] * h * h, b.e[q - 1] * h * h,
                         c + 4 + 6 * (q - 1));
    }
    a = b;
  }
  return LG_OK;
}
