/* The CPU backend's Sersic path: lg_sersic_eval's quadrature (physics/profiles/sersic.h: the same
 * panels, nodes and sums) run for a block of pixels in step, each pair of nodes one SIMD loop over
 * the block, with the regularized incomplete gamma P(2n, w) of the potential's integrand read from a
 * per-component table. Built by backends/cpu_sersic.c, used by backends/cpu_backend.c's sersic
 * rows; the CUDA backend and the scalar pixel path keep lg_sersic_eval. */
#ifndef LG_CPU_SERSIC_H
#define LG_CPU_SERSIC_H

#include <math.h>

#include "core/err.h"
#include "physics/profiles/sersic.h"

/* The table interpolates f(s) = ln P(a, w) + ln Gamma(a + 1) - a s, s = ln w, a = 2n: P divided by
 * its small-w limit w^a / Gamma(a + 1) (A&S 6.5.29), so f -> 0 as w -> 0 and f -> ln Gamma(a + 1) - a s
 * as P -> 1, with the transition near w = a, of width sqrt(a) in w. Nodes at s = k / per (k integer:
 * a node's values do not depend on the grid), per = LG_SERSIC_TAB_PER, doubled for a > 8 where the
 * transition is narrower; per interval the quintic Hermite polynomial in (s - s_k) per through the
 * values, first and second derivatives (exact: dP/dw = w^(a-1) e^-w / Gamma(a)). Relative error in
 * P below 2e-11 over 1 <= a <= 16 (tests/profiles/test_sersic_table.c). */
enum { LG_SERSIC_TAB_PER = 32, LG_SERSIC_TAB_COEFS = 6 };

/* Below w = LG_SERSIC_SERIES_W the series of P (A&S 6.5.29) to w^LG_SERSIC_SERIES_K: the first term
 * left out is at most w^9 / 9! < 3e-15 of P. */
#define LG_SERSIC_SERIES_W 0.1
enum { LG_SERSIC_SERIES_K = 8 };

/* Pixels per block: the block's arrays (16 x 64 doubles) stay in L1. A block's loops run over a
 * multiple of LG_SERSIC_LANES pixels (8 doubles: an AVX-512 vector, two AVX2 ones). */
enum { LG_SERSIC_BLOCK = 64, LG_SERSIC_LANES = 8 };

/* Nodes of the panel in u on [1/2, 1] (32, a per-component constant). */
enum { LG_SERSIC_FIXED = 2 * LG_GL32_HALF };

/* What the nodes of a component share: lg_sersic_eval's per-component constants (computed by the
 * same expressions, with scalar libm), the fixed panel's nodes and factors, and the P table. */
typedef struct {
  double x0, y0, cs, sn, q, e2, keff, bn, inv2n, lq, cm, lre; /* as lg_sersic_eval; lre = ln r_eff */
  double lbn;                                                 /* ln b_n: s = ln w = ln b_n + t, w = b_n e^t */
  double pc, pcs;                                             /* w^a / Gamma(a + 1) = pc u den; pcs = pc e^-b_n */
  double ser[LG_SERSIC_SERIES_K + 1]; /* S(w) = sum_k ser[k] w^k, ser[k] = 1 / ((a+1)...(a+k)) */
  double s_ser, s_one;                /* s below which the series serves, above which P = 1 */
  double s0, per;                     /* s of the first node, nodes per unit of s */
  int n;                              /* intervals (>= 1) */
  const double *c;                    /* n x LG_SERSIC_TAB_COEFS, borrowed */
  /* the fixed panel's nodes: u, 1 / v and the factors a0 = wgt v^-1/2, ai = a0 / u cm */
  double fu[LG_SERSIC_FIXED], fiv[LG_SERSIC_FIXED], fa0[LG_SERSIC_FIXED], fai[LG_SERSIC_FIXED];
} lg_sersic_table;

/* Intervals of the table of component p (a sersic component) for distances r_min..r_max (arcsec)
 * from its centre: at least 1, 0 for parameters lg_sersic_table_build refuses. */
int lg_sersic_table_size(const double *p, double r_min, double r_max);

/* Fills coef (lg_sersic_table_size(...) x LG_SERSIC_TAB_COEFS doubles) and t for the same
 * arguments. Fails with LG_ERR_RANGE if p's n, q or r_eff are outside the profile's domain or a
 * node's P is not positive and finite. */
lg_err lg_sersic_table_build(const double *p, double r_min, double r_max, double *coef, lg_sersic_table *t);

/* One block of pixels (x_i, y), in the major-axis frame, with the mode-0 panels of each pixel
 * (lg_sersic_eval: s = ln u on [s_min, s*] and [s*, ln 1/2], or [s_min, ln 1/2] alone) as e^c and
 * h (centre and half width in s: ca, ha and cb, hb) and the sums J_0, J_1, K_0, K_1, K_2, I of
 * Keeton's integrals. */
typedef struct {
  double xp[LG_SERSIC_BLOCK], yp[LG_SERSIC_BLOCK], x2[LG_SERSIC_BLOCK], y2[LG_SERSIC_BLOCK];
  double ca[LG_SERSIC_BLOCK], ha[LG_SERSIC_BLOCK], cb[LG_SERSIC_BLOCK], hb[LG_SERSIC_BLOCK];
  double j0[LG_SERSIC_BLOCK], j1[LG_SERSIC_BLOCK], k0[LG_SERSIC_BLOCK], k1[LG_SERSIC_BLOCK];
  double k2[LG_SERSIC_BLOCK], ii[LG_SERSIC_BLOCK];
} lg_sersic_block;

/* The point as lg_sersic_eval sets it up: (x', y') in the major-axis frame and ln(R0 / r_eff). */
static inline double lg_sersic_frame(const lg_sersic_table *t, double x, double y, double *xp, double *yp) {
  double dx = x - t->x0, dy = y - t->y0;
  lg_radius(&dx, &dy);
  *xp = t->cs * dx + t->sn * dy;
  *yp = -t->sn * dx + t->cs * dy;
  const double x2 = *xp * *xp, y2 = *yp * *yp, q = t->q;
  return 0.5 * log(q * (x2 + y2 / (q * q))) - t->lre;
}

/* 1 when the pixel's u range [e^s_min, 1/2] is split at s* (two mode-0 panels), as in lg_sersic_eval. */
static inline int lg_sersic_split(double lr0) {
  const double smin = -30.0 - 2.0 * (lr0 > 0.0 ? lr0 : 0.0), sstar = -2.0 * lr0, sc = -LG_LN2;
  return sstar > smin && sstar < sc;
}

/* P(2n, w) at s = ln w = ln b_n + tt, for a node with u den = ud and e^(b_n - w) = ekw. Branch-free (selects): the
 * series below s_ser, the table, 1 above s_one (where 1 - P < 2^-55 rounds away). */
static inline double lg_sersic_table_p(const lg_sersic_table *t, double tt, double ud, double ekw, double w) {
  const double s = t->lbn + tt;
  double pos = (s - t->s0) * t->per;
  pos = pos > 0.0 ? pos : 0.0; /* NaN too: out-of-table lanes stay finite (selects, not fmin: a call) */
  pos = pos < (double)t->n ? pos : (double)t->n;
  int j = (int)pos;
  j = j > t->n - 1 ? t->n - 1 : j;
  const double x = pos - (double)j;
  const double *c = t->c;
  const int b = j * LG_SERSIC_TAB_COEFS; /* an int index: SIMD gathers */
  const double f = c[b] + x * (c[b + 1] + x * (c[b + 2] + x * (c[b + 3] + x * (c[b + 4] + x * c[b + 5]))));
  const double ptab = t->pc * ud * exp(f);
  double ser = t->ser[LG_SERSIC_SERIES_K];
  for (int k = LG_SERSIC_SERIES_K - 1; k >= 0; k--) ser = t->ser[k] + w * ser;
  const double pser = t->pcs * ud * ekw * ser; /* w^a e^-w / Gamma(a + 1) S(w), A&S 6.5.29 */
  return s > t->s_one ? 1.0 : (s < t->s_ser ? pser : ptab);
}

/* The sums of Keeton's integrals at one pixel, in registers while a loop adds a pair of nodes. */
typedef struct {
  double j0, j1, k0, k1, k2, ii;
} lg_sersic_sums;

/* lg_sersic_node at u, 1 / v = iv, for a pixel at x'^2 = x2, y'^2 = y2: the same operations but for
 * the node's factors a0 = wgt v^-1/2 and ai = a0 / u cm, given (they differ from lg_sersic_node's in
 * the last bit at most), and P(2n, w) from the table. */
static inline void lg_sersic_node_add(const lg_sersic_table *t, double x2, double y2, double u, double iv, double a0,
                                      double ai, lg_sersic_sums *s) {
  const double den = x2 + y2 * iv; /* xi^2 / u */
  const double ud = u * den;
  const double tt = (log(ud) + t->lq) * t->inv2n;
  const double w = t->bn * exp(tt); /* b (sqrt(q) xi / r_eff)^(1/n) */
  const double ekw = exp(t->bn - w);
  const double kap = t->keff * ekw;
  const double ukp = -kap * w * t->inv2n / den; /* u d kappa / d xi^2 */
  const double a1 = a0 * iv, a2 = a1 * iv;
  s->j0 += a0 * kap;
  s->j1 += a1 * kap;
  s->k0 += a0 * ukp;
  s->k1 += a1 * ukp;
  s->k2 += a2 * ukp;
  s->ii += ai * lg_sersic_table_p(t, tt, ud, ekw, w);
}

static inline lg_sersic_sums lg_sersic_sums_of(const lg_sersic_block *bk, int i) {
  const lg_sersic_sums s = {bk->j0[i], bk->j1[i], bk->k0[i], bk->k1[i], bk->k2[i], bk->ii[i]};
  return s;
}

static inline void lg_sersic_sums_put(lg_sersic_block *bk, int i, const lg_sersic_sums *s) {
  bk->j0[i] = s->j0;
  bk->j1[i] = s->j1;
  bk->k0[i] = s->k0;
  bk->k1[i] = s->k1;
  bk->k2[i] = s->k2;
  bk->ii[i] = s->ii;
}

/* Sets up the m <= LG_SERSIC_BLOCK pixels (x[i], y) of a block, all with (split = 1) or all without
 * (split = 0) the split of the mode-0 range (lg_sersic_split), and runs every node of
 * lg_sersic_eval's panels over them in its order, a pair of nodes x_k, -x_k per SIMD loop over the
 * block. */
static inline void lg_sersic_block_run(const lg_sersic_table *tab, const double *x, double y, int m, int split,
                                       lg_sersic_block *bk) {
  const double gx[LG_GL32_HALF] = LG_GL32_NODES, gw[LG_GL32_HALF] = LG_GL32_WEIGHTS;
  const lg_sersic_table tl = *tab; /* a local copy: the block's stores cannot alias it (no reloads) */
  const lg_sersic_table *t = &tl;
  /* m rounded up to whole vectors, the last pixel repeated: no scalar remainder iterations (a scalar
   * exp or log costs several times a vector lane's) */
  const int mp = (m + LG_SERSIC_LANES - 1) / LG_SERSIC_LANES * LG_SERSIC_LANES;
  double xs[LG_SERSIC_BLOCK];
  for (int i = 0; i < mp; i++) xs[i] = x[i < m ? i : m - 1];
#pragma omp simd
  for (int i = 0; i < mp; i++) {
    double xp, yp;
    const double lr0 = lg_sersic_frame(t, xs[i], y, &xp, &yp);
    bk->xp[i] = xp;
    bk->yp[i] = yp;
    bk->x2[i] = xp * xp;
    bk->y2[i] = yp * yp;
    const double smin = -30.0 - 2.0 * (lr0 > 0.0 ? lr0 : 0.0), sstar = -2.0 * lr0, sc = -LG_LN2;
    const double hi = split ? sstar : sc;
    bk->ha[i] = 0.5 * (hi - smin);
    bk->ca[i] = exp(0.5 * (hi + smin)); /* e^c: the nodes' u = e^c e^(-+h x_k) */
    bk->hb[i] = 0.5 * (sc - sstar);
    bk->cb[i] = exp(0.5 * (sc + sstar));
    bk->j0[i] = bk->j1[i] = bk->k0[i] = bk->k1[i] = bk->k2[i] = bk->ii[i] = 0.0;
  }
  /* the panels in s = ln u (lg_sersic_panel, mode 0): z = c -+ h x_k, weight w_k h u; one exp per
   * pair, u = e^c / e^(h x_k) and e^c e^(h x_k) (within 2 ulp of e^z) */
  const double cm = t->cm, e2 = t->e2;
  for (int panel = 0; panel < 1 + split; panel++) {
    const double *pc = panel ? bk->cb : bk->ca, *ph = panel ? bk->hb : bk->ha;
    for (int k = 0; k < LG_GL32_HALF; k++) {
      const double g = gx[k], wk = gw[k];
#pragma omp simd
      for (int i = 0; i < mp; i++) {
        const double h = ph[i], ec = pc[i], wh = wk * h, ep = exp(h * g);
        const double x2 = bk->x2[i], y2 = bk->y2[i];
        const double u0 = ec / ep, iv0 = 1.0 / (1.0 - e2 * u0), isv0 = sqrt(iv0);
        const double u1 = ec * ep, iv1 = 1.0 / (1.0 - e2 * u1), isv1 = sqrt(iv1);
        lg_sersic_sums s = lg_sersic_sums_of(bk, i);
        lg_sersic_node_add(t, x2, y2, u0, iv0, wh * u0 * isv0, wh * isv0 * cm, &s);
        lg_sersic_node_add(t, x2, y2, u1, iv1, wh * u1 * isv1, wh * isv1 * cm, &s);
        lg_sersic_sums_put(bk, i, &s);
      }
    }
  }
  /* the panel on u in [1/2, 1]: the table's constants */
  for (int k = 0; k < LG_SERSIC_FIXED; k += 2) {
    const double u0 = t->fu[k], iv0 = t->fiv[k], a0 = t->fa0[k], ai0 = t->fai[k];
    const double u1 = t->fu[k + 1], iv1 = t->fiv[k + 1], a1 = t->fa0[k + 1], ai1 = t->fai[k + 1];
#pragma omp simd
    for (int i = 0; i < mp; i++) {
      const double x2 = bk->x2[i], y2 = bk->y2[i];
      lg_sersic_sums s = lg_sersic_sums_of(bk, i);
      lg_sersic_node_add(t, x2, y2, u0, iv0, a0, ai0, &s);
      lg_sersic_node_add(t, x2, y2, u1, iv1, a1, ai1, &s);
      lg_sersic_sums_put(bk, i, &s);
    }
  }
}

/* Adds pixel i of a block run through lg_sersic_block_run to out, as lg_sersic_eval ends. */
static inline void lg_sersic_block_add(const lg_sersic_table *t, const lg_sersic_block *bk, int i, lg_lens_point *out) {
  lg_sersic_finish(t->q, t->cs, t->sn, bk->xp[i], bk->yp[i], bk->x2[i], bk->y2[i], bk->j0[i], bk->j1[i], bk->k0[i],
                   bk->k1[i], bk->k2[i], bk->ii[i], out);
}

#endif
