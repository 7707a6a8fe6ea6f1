/* The Sersic tables of the CPU backend (cpu_sersic.h): lg_sersic_eval's per-component constants and
 * fixed-panel nodes (the same expressions, scalar libm), and the table of P(2n, w): per node the
 * incomplete gamma of physics/profiles/gammainc.h and its exact s-derivatives, per interval the
 * quintic Hermite polynomial through two nodes. Called once per component and render. */
#include "backends/cpu_sersic.h"

#include <math.h>

#include "core/interp.h"

/* One node s = ln w of f(s) = ln P(a, w) + ln Gamma(a + 1) - a s (cpu_sersic.h) and its first two
 * derivatives. With d = d ln P / ds = w^a e^-w / (Gamma(a) P) (dP/dw = w^(a-1) e^-w / Gamma(a), A&S
 * 6.5.25): f' = d - a and f'' = d' = d (a - w - d). */
static lg_err lg_sersic_node_f(double a, double lga, double lga1, double s, double *f, double *d1, double *d2) {
  const double w = exp(s), P = lg_gammainc_p(a, w, lga);
  LG_CHECK(P > 0.0 && P <= 1.0, LG_ERR_RANGE, "sersic table: P(%g, %g) = %g is not in (0, 1]", a, w, P);
  const double L = log(P), d = exp(a * s - w - lga - L);
  *f = L + lga1 - a * s;
  *d1 = d - a;
  *d2 = d * (a - w - d);
  LG_CHECK(isfinite(*f) && isfinite(*d1) && isfinite(*d2), LG_ERR_RANGE,
           "sersic table: P(%g, %g) = %g gives non-finite derivatives", a, w, P);
  return LG_OK;
}

/* Nodes per unit of s: the Hermite error grows about as a^2.4 h^6 (measured), so the spacing halves
 * each time a doubles past 8 (per = 32 gives 1.4e-11 at a = 8, 64 gives 1.3e-12 at a = 16). */
static double lg_sersic_per(double a) {
  double per = (double)LG_SERSIC_TAB_PER;
  for (int k = 0; k < 8 && a > 8.0 * per / (double)LG_SERSIC_TAB_PER; k++) per *= 2.0;
  return per;
}

/* s = ln w above which P(a, w) = 1 - Q with Q < 2^-55 (1 - Q rounds to 1): from the bound
 * Gamma(a, w) <= w^(a-1) e^-w max(1, w / (w - a + 1)) for w > a - 1 (the continued fraction's first
 * convergent, A&S 6.5.31). */
static double lg_sersic_s_one(double a, double lga) {
  double w = fmax(a, 1.0) + 1.0;
  for (int k = 0; k < 100000; k++, w += 0.25) {
    const double lq = (a - 1.0) * log(w) - w - lga + log(fmax(1.0, w / (w - a + 1.0)));
    if (lq < -56.0 * LG_LN2) break;
  }
  return log(w);
}

/* The nodes k0 .. k0 + n of the table over r_min .. r_max. A node of lg_sersic_eval's quadrature at
 * u (e^s_min <= u <= 1, s_min = -30 - 2 max(ln(R0 / r_eff), 0)) and v (q^2 <= v <= 1) of a pixel at
 * distance r has (R / r_eff)^2 = q u (x'^2 + y'^2 / v) / r_eff^2 between e^-30 min(q r^2 / r_eff^2,
 * q^2) (R0^2 <= r^2 / q) and r^2 / (q r_eff^2); w = b_n (R / r_eff)^(1/n). Below s_ser the series
 * serves and above s_one P = 1: the table covers the grid's s range inside [s_ser, s_one]. */
static int lg_sersic_table_nodes(const double *p, double r_min, double r_max, double per, double s_one, int *k0) {
  const double re = p[LG_SERSIC_REFF], q = p[LG_SERSIC_Q], inv2n = 0.5 / p[LG_SERSIC_N];
  const double lbn = log(p[LG_SERSIC_BN]), s_ser = log(LG_SERSIC_SERIES_W);
  const double s_max = r_max > 0.0 ? lbn + inv2n * (2.0 * log(r_max / re) - log(q)) + 1e-6 : s_ser;
  const double s_min =
      r_min > 0.0 ? lbn + inv2n * (-30.0 + log(fmin(q * (r_min / re) * (r_min / re), q * q))) - 1e-6 : s_ser;
  double lo = fmax(s_min, s_ser), hi = fmin(s_max, s_one);
  lo = fmin(lo, s_one);
  hi = fmax(hi, lo);
  const double k_lo = floor(lo * per), k_hi = fmax(ceil(hi * per), k_lo + 1.0);
  *k0 = (int)k_lo;
  return (int)(k_hi - k_lo);
}

static lg_err lg_sersic_check(const double *p) {
  const double re = p[LG_SERSIC_REFF], n = p[LG_SERSIC_N], q = p[LG_SERSIC_Q], bn = p[LG_SERSIC_BN];
  LG_CHECK(re > 0.0 && isfinite(re) && n > 0.0 && n <= 64.0 && q > 0.0 && q <= 1.0 && bn > 0.0 && isfinite(bn),
           LG_ERR_RANGE, "sersic table: r_eff %g, n %g, q %g, b_n %g outside r_eff > 0, 0 < n <= 64, 0 < q <= 1", re, n,
           q, bn);
  return LG_OK;
}

int lg_sersic_table_size(const double *p, double r_min, double r_max) {
  if (lg_sersic_check(p) != LG_OK) return 0;
  const double a = 2.0 * p[LG_SERSIC_N];
  int k0;
  return lg_sersic_table_nodes(p, r_min, r_max, lg_sersic_per(a), lg_sersic_s_one(a, lgamma(a)), &k0);
}

/* lg_sersic_eval's u panel on [1/2, 1] (lg_sersic_panel, mode 1 in ln v or mode 2 in u), whose nodes
 * do not depend on the pixel: u, v and the node's factors, by the same expressions. */
static void lg_sersic_fixed_nodes(lg_sersic_table *t) {
  const double gx[LG_GL32_HALF] = LG_GL32_NODES, gw[LG_GL32_HALF] = LG_GL32_WEIGHTS;
  const double e2 = t->e2, q = t->q;
  const int mode = e2 > 0.1;
  const double lo = mode ? 2.0 * log(q) : 0.5, hi = mode ? log1p(-0.5 * e2) : 1.0;
  const double h = 0.5 * (hi - lo), c = 0.5 * (hi + lo);
  for (int i = 0, k = 0; i < LG_GL32_HALF; i++) {
    for (int side = 0; side < 2; side++, k++) {
      const double z = c + (side ? h : -h) * gx[i];
      const double w = gw[i] * h;
      double u, v, wgt;
      if (mode) {
        v = exp(z);
        u = -expm1(z) / e2;
        wgt = w * v / e2;
      } else {
        u = z;
        v = 1.0 - e2 * z;
        wgt = w;
      }
      const double iv = 1.0 / v, isv = sqrt(iv), a0 = wgt * isv;
      t->fu[k] = u;
      t->fiv[k] = iv;
      t->fa0[k] = a0;
      t->fai[k] = a0 / u * t->cm;
    }
  }
}

lg_err lg_sersic_table_build(const double *p, double r_min, double r_max, double *coef, lg_sersic_table *t) {
  LG_CALL(lg_sersic_check(p));
  const double keff = p[LG_SERSIC_KEFF], re = p[LG_SERSIC_REFF], n = p[LG_SERSIC_N], bn = p[LG_SERSIC_BN];
  const double q = p[LG_SERSIC_Q], a = 2.0 * n, lga = lgamma(a), lga1 = lgamma(a + 1.0);
  /* lg_sersic_eval's constants */
  t->x0 = p[LG_SERSIC_X];
  t->y0 = p[LG_SERSIC_Y];
  t->cs = cos(p[LG_SERSIC_PHI]);
  t->sn = sin(p[LG_SERSIC_PHI]);
  t->q = q;
  t->e2 = (1.0 - q) * (1.0 + q);
  t->keff = keff;
  t->bn = bn;
  t->inv2n = 0.5 / n;
  t->lq = log(q / (re * re));
  t->cm = 2.0 * keff * re * re * n * exp(bn - a * log(bn) + lga) / q;
  t->lre = log(re);
  /* w^a / Gamma(a + 1) = b_n^a (q u den / r_eff^2)^(a / 2n) / Gamma(a + 1), a / 2n = 1 */
  t->lbn = log(bn);
  t->pc = exp(a * t->lbn + log(q) - 2.0 * t->lre - lga1);
  t->pcs = exp(a * t->lbn + log(q) - 2.0 * t->lre - lga1 - bn);
  t->ser[0] = 1.0; /* A&S 6.5.29: gamma(a, w) = w^a e^-w Gamma(a) sum_k w^k / Gamma(a + k + 1) */
  for (int k = 1; k <= LG_SERSIC_SERIES_K; k++) t->ser[k] = t->ser[k - 1] / (a + (double)k);
  t->s_ser = log(LG_SERSIC_SERIES_W);
  t->s_one = lg_sersic_s_one(a, lga);
  lg_sersic_fixed_nodes(t);
  /* the table */
  const double per = lg_sersic_per(a), h = 1.0 / per;
  int k0 = 0;
  const int nt = lg_sersic_table_nodes(p, r_min, r_max, per, t->s_one, &k0);
  t->per = per;
  t->s0 = (double)k0 * h;
  t->n = nt;
  t->c = coef;
  double f0, v0, e0, f1, v1, e1;
  LG_CALL(lg_sersic_node_f(a, lga, lga1, t->s0, &f0, &v0, &e0));
  for (int j = 0; j < nt; j++) {
    LG_CALL(lg_sersic_node_f(a, lga, lga1, (double)(k0 + j + 1) * h, &f1, &v1, &e1));
    /* quintic Hermite in x = (s - s_j) / h: values, derivatives times h, second derivatives times h^2 */
    lg_quintic_hermite(f0, f1, v0 * h, v1 * h, e0 * h * h, e1 * h * h, coef + (size_t)j * LG_SERSIC_TAB_COEFS);
    f0 = f1;
    v0 = v1;
    e0 = e1;
  }
  return LG_OK;
}
