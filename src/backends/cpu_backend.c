/* The CPU backend: per sample, image row and sub-pixel offset, one SIMD loop over the row's pixels
 * per lens component, with the profile's kind fixed outside the loop so the compiler vectorises the
 * profile's formula across pixels (libm's vector variants through core/vmath.h). The lens sums live
 * in double rows between components; at S = 1 the last component's loop turns them into the float
 * products and stores those straight into the output, otherwise SIMD loops add the products to
 * sub-pixel sums and store their mean. The arithmetic per pixel is that of backends/pixel.h (components added
 * in order, sub-pixels averaged in the same order), so the CUDA backend computes the same formulas.
 * Deterministic: no threads, no reductions across pixels. */
#include "core/vmath.h" /* before the physics headers */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "backends/cpu_einasto.h"
#include "backends/cpu_sersic.h"
#include "backends/cpu_tables.h"
#include "backends/pixel.h"

/* x86-64: every pixel loop is built three times, for AVX-512 (x86-64-v4: 8 doubles per vector,
 * libmvec's _ZGVeN8v_ variants), for AVX2+FMA (x86-64-v3: 4 doubles) and for the baseline (SSE2),
 * and the loader picks the clone the CPU supports (ifunc). A data set is then bit-identical across
 * ranks on machines of one kind; across kinds libmvec's variants may differ in the last bits. FMA is
 * never contracted in (-std=c11 implies -ffp-contract=off). */
#if LG_HAVE_LIBMVEC
#define LG_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LG_CLONES
#endif

/* Every call inside a row function inlined (libm's aside): the evaluator must be inlined for its
 * pixel loop to vectorise, and gcc's own limits (per function and per file, the three clones of
 * every kind counting) otherwise leave some kinds' evaluators as calls, which ones depending on
 * what else the file holds. */
#if defined(__GNUC__)
#define LG_FLATTEN __attribute__((flatten))
#else
#define LG_FLATTEN
#endif

/* One row of the lens (summed over components) and of the products (summed over sub-pixels).
 * Zeroed once when allocated, so a first sub-pixel can select 0 instead of the previous row's value
 * without reading indeterminate memory, and nothing is cleared per row. */
typedef struct {
  double *x;                               /* sub-pixel x of each pixel of the row */
  double *psi, *ax, *ay, *fxx, *fxy, *fyy; /* lens sum at the current sub-pixel offset */
  double *p[LG_PX_COUNT];                  /* products summed over the sub-pixels (S > 1) */
  unsigned char *cls;                      /* each pixel's formula class (NFW family) */
  float *scratch;                          /* LG_PX_COUNT float rows: where unrequested products go */
  double *block;
} lg_rows;

static lg_err lg_rows_alloc(lg_rows *r, int n) {
  const int arrays = 7 + LG_PX_COUNT;
  /* the scratch floats, then the class bytes after the doubles, in the same block */
  r->block = calloc(
      (size_t)arrays * (size_t)n * sizeof(double) + (size_t)LG_PX_COUNT * (size_t)n * sizeof(float) + (size_t)n, 1);
  LG_CHECK(r->block != NULL, LG_ERR_NOMEM, "cannot allocate row buffers for %d pixels", n);
  double *b = r->block;
  r->scratch = (float *)(b + (size_t)arrays * (size_t)n);
  r->cls = (unsigned char *)(r->scratch + (size_t)LG_PX_COUNT * (size_t)n);
  r->x = b;
  r->psi = b + 1 * (size_t)n;
  r->ax = b + 2 * (size_t)n;
  r->ay = b + 3 * (size_t)n;
  r->fxx = b + 4 * (size_t)n;
  r->fxy = b + 5 * (size_t)n;
  r->fyy = b + 6 * (size_t)n;
  for (int k = 0; k < LG_PX_COUNT; k++) r->p[k] = b + (size_t)(7 + k) * (size_t)n;
  return LG_OK;
}

/* Where the last component of a lens stores its pixels at S = 1: the float products themselves,
 * so the lens sums skip the round trip through the double rows (6 doubles written and read back per
 * pixel). Every pointer is valid: a product not requested goes to a scratch row. */
typedef struct {
  float *kappa, *a1, *a2, *psi, *g1, *g2, *mu;
} lg_sink;

/* The float products of lens sums r at pixel i (kappa, gamma and mu as lg_pixel_products has them). */
static inline void lg_sink_store(const lg_sink *o, int i, const lg_lens_point *r) {
  o->kappa[i] = (float)lg_point_kappa(r);
  o->a1[i] = (float)r->alpha_x;
  o->a2[i] = (float)r->alpha_y;
  o->psi[i] = (float)r->psi;
  o->g1[i] = (float)lg_point_gamma1(r);
  o->g2[i] = (float)lg_point_gamma2(r);
  o->mu[i] = (float)lg_point_magnification(r);
}

/* A lens's sums at row pixel i, and the zero a lens's first component starts from (as
 * lg_lens_eval does). */
#define LG_SUMS_ROW                                                                                                    \
  { psi[i], ax[i], ay[i], fxx[i], fxy[i], fyy[i] }
#define LG_SUMS_ZERO                                                                                                   \
  { 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }
#define LG_SUMS_TO_ROW                                                                                                 \
  do {                                                                                                                 \
    psi[i] = r.psi;                                                                                                    \
    ax[i] = r.alpha_x;                                                                                                 \
    ay[i] = r.alpha_y;                                                                                                 \
    fxx[i] = r.f_xx;                                                                                                   \
    fxy[i] = r.f_xy;                                                                                                   \
    fyy[i] = r.f_yy;                                                                                                   \
  } while (0)
#define LG_SUMS_TO_SINK lg_sink_store(&so, i, &r)
#define LG_PIXEL_LOOP_1(I0, I1, START, BODY, STORE)                                                                    \
  _Pragma("omp simd") for (int i = (I0); i < (I1); i++) {                                                              \
    lg_lens_point r = START;                                                                                           \
    BODY;                                                                                                              \
    STORE;                                                                                                             \
  }

/* The pixel loop of a row function over I0 <= i < I1: r starts from 0 (first: a lens's first
 * component) or from the row's sums, BODY adds the component at pixel i to r, and r goes to the
 * sink o (the last component at S = 1) or back to the row. One loop per case, so none branches per
 * pixel and a first component reads no row (a one-component lens at S = 1 touches no row at all).
 * Needs psi, ax, ay, fxx, fxy, fyy (the row), first and o in scope. */
#define LG_PIXEL_LOOP(I0, I1, BODY)                                                                                    \
  do {                                                                                                                 \
    const lg_sink so = o != NULL ? *o : (lg_sink){0};                                                                  \
    if (first && o != NULL) {                                                                                          \
      LG_PIXEL_LOOP_1(I0, I1, LG_SUMS_ZERO, BODY, LG_SUMS_TO_SINK)                                                     \
    } else if (first) {                                                                                                \
      LG_PIXEL_LOOP_1(I0, I1, LG_SUMS_ZERO, BODY, LG_SUMS_TO_ROW)                                                      \
    } else if (o != NULL) {                                                                                            \
      LG_PIXEL_LOOP_1(I0, I1, LG_SUMS_ROW, BODY, LG_SUMS_TO_SINK)                                                      \
    } else {                                                                                                           \
      LG_PIXEL_LOOP_1(I0, I1, LG_SUMS_ROW, BODY, LG_SUMS_TO_ROW)                                                       \
    }                                                                                                                  \
  } while (0)

/* The kinds whose rows lg_row_component sends to a row function of their own (below); their
 * generic row functions fold away to nothing (kind is a constant there). */
static inline int lg_kind_has_own_row(int kind) {
  return kind == LG_PROFILE_EINASTO || kind == LG_PROFILE_EPL || kind == LG_PROFILE_NFW || kind == LG_PROFILE_TNFW ||
         kind == LG_PROFILE_HERNQUIST || kind == LG_PROFILE_BURKERT || kind == LG_PROFILE_SERSIC;
}

/* One function per kind: its pixel loop is a SIMD loop over that kind's evaluator alone. One
 * function holding every kind's loop exhausts gcc's inlining budget before the later kinds, whose
 * evaluators then stay calls and their loops scalar (tools/bench/results.md, per-profile bench).
 * The first component of a lens starts its sums from 0, as lg_lens_eval does. */
#define LG_ROW_FN(KIND, FN)                                                                                            \
  LG_CLONES LG_FLATTEN static void lg_row_##FN(const double *LG_RESTRICT p, int n, double y, int first, lg_rows *R,    \
                                               const lg_sink *o) {                                                     \
    const double *LG_RESTRICT x = R->x;                                                                                \
    double *LG_RESTRICT psi = R->psi, *LG_RESTRICT ax = R->ax, *LG_RESTRICT ay = R->ay;                                \
    double *LG_RESTRICT fxx = R->fxx, *LG_RESTRICT fxy = R->fxy, *LG_RESTRICT fyy = R->fyy;                            \
    if (lg_kind_has_own_row(KIND)) return; /* never called: no loop compiled */                                        \
    LG_PIXEL_LOOP(0, n, FN(p, x[i], y, &r));                                                                           \
  }
LG_PROFILE_EVALUATORS(LG_ROW_FN)
#undef LG_ROW_FN

/* epl: its series (epl.h) has one trip count per component, so instead of a loop per pixel the row
 * runs it for a block of pixels in step, term by term (same terms, same order as lg_epl_eval), each
 * term one SIMD loop over the block (its arrays stay in L1). */
enum { LG_EPL_BLOCK = 64 };

static inline void lg_epl_block(const double *p, int i0, int m, double y, int first, int terms, lg_rows *R,
                                const lg_sink *o) {
  const double *LG_RESTRICT x = R->x + i0;
  double *LG_RESTRICT psi = R->psi, *LG_RESTRICT ax = R->ax, *LG_RESTRICT ay = R->ay;
  double *LG_RESTRICT fxx = R->fxx, *LG_RESTRICT fxy = R->fxy, *LG_RESTRICT fyy = R->fyy;
  const double q = p[LG_EPL_Q], t = p[LG_EPL_T];
  const double f = (1.0 - q) / (1.0 + q);
  double dx[LG_EPL_BLOCK], dy[LG_EPL_BLOCK], xp[LG_EPL_BLOCK], yp[LG_EPL_BLOCK], rr[LG_EPL_BLOCK];
  double c2[LG_EPL_BLOCK], s2[LG_EPL_BLOCK], wr[LG_EPL_BLOCK], wi[LG_EPL_BLOCK], sr[LG_EPL_BLOCK], si[LG_EPL_BLOCK];
#pragma omp simd
  for (int i = 0; i < m; i++) {
    double c1, s1;
    lg_epl_angle(p, x[i], y, &dx[i], &dy[i], &xp[i], &yp[i], &rr[i], &c1, &s1);
    c2[i] = c1 * c1 - s1 * s1;
    s2[i] = 2.0 * c1 * s1;
    wr[i] = sr[i] = c1;
    wi[i] = si[i] = s1;
  }
  for (int n = 1; n < terms; n++) {
    const double fac = lg_epl_ratio(f, t, n);
#pragma omp simd
    for (int i = 0; i < m; i++) {
      const double nr = fac * (c2[i] * wr[i] - s2[i] * wi[i]), ni = fac * (s2[i] * wr[i] + c2[i] * wi[i]);
      wr[i] = nr;
      wi[i] = ni;
      sr[i] += nr;
      si[i] += ni;
    }
  }
  /* i runs over the row, j = i - i0 over the block */
  LG_PIXEL_LOOP(i0, i0 + m, const int j = i - i0; lg_epl_add(p, dx[j], dy[j], xp[j], yp[j], rr[j], sr[j], si[j], &r));
}

LG_CLONES LG_FLATTEN static void lg_row_epl(const double *p, int n, double y, int first, lg_rows *R, const lg_sink *o) {
  double pl[LG_MAX_PARAMS]; /* a local copy: the row stores cannot alias it (registers, not reloads) */
  memcpy(pl, p, sizeof pl);
  const int terms = lg_epl_terms(pl[LG_EPL_Q]);
  for (int i0 = 0; i0 < n; i0 += LG_EPL_BLOCK) {
    const int m = n - i0 < LG_EPL_BLOCK ? n - i0 : LG_EPL_BLOCK;
    lg_epl_block(pl, i0, m, y, first, terms, R, o);
  }
}

/* The NFW family: each formula has forms for u < 1, u > 1 and a series near u = 1 (nfw.h, classes),
 * and a loop evaluating every pixel through selects computes all of them, with the unused ones fed
 * out-of-domain arguments (NaN lanes, slow in libmvec). A disc |r| < r_s crosses a row in one
 * interval, so a row splits into a few runs of one class; each run is a SIMD loop over the form
 * of its class alone (the class a constant there, the other forms folded away). The class is that
 * of the u the evaluator itself computes, so every pixel takes the formula lg_<kind>_eval takes. */
#define LG_ROW_CLASSED_FN(NAME, CLASSES, CLASS_AT, EVAL_C)                                                             \
  static inline void lg_run_##NAME(const double *p, int i0, int i1, double y, int first, int c, lg_rows *R,            \
                                   const lg_sink *o) {                                                                 \
    const double *LG_RESTRICT x = R->x;                                                                                \
    double *LG_RESTRICT psi = R->psi, *LG_RESTRICT ax = R->ax, *LG_RESTRICT ay = R->ay;                                \
    double *LG_RESTRICT fxx = R->fxx, *LG_RESTRICT fxy = R->fxy, *LG_RESTRICT fyy = R->fyy;                            \
    LG_PIXEL_LOOP(i0, i1, EVAL_C(p, x[i], y, c, &r));                                                                  \
  }                                                                                                                    \
  LG_CLONES LG_FLATTEN static void lg_row_##NAME(const double *p, int n, double y, int first, lg_rows *R,              \
                                                 const lg_sink *o) {                                                   \
    double pl[LG_MAX_PARAMS];                                                                                          \
    memcpy(pl, p, sizeof pl);                                                                                          \
    const double *LG_RESTRICT x = R->x;                                                                                \
    unsigned char *LG_RESTRICT cls = R->cls;                                                                           \
    _Pragma("omp simd") for (int i = 0; i < n; i++) cls[i] = (unsigned char)CLASS_AT(pl, x[i], y);                     \
    for (int i0 = 0, i1; i0 < n; i0 = i1) {                                                                            \
      const int c = cls[i0];                                                                                           \
      for (i1 = i0 + 1; i1 < n && cls[i1] == c; i1++) continue;                                                        \
      switch (c) { LG_RUN_CASES##CLASSES(NAME) }                                                                       \
    }                                                                                                                  \
  }
#define LG_RUN_CASE(NAME, K)                                                                                           \
  case K:                                                                                                              \
    lg_run_##NAME(pl, i0, i1, y, first, K, R, o);                                                                      \
    break;
/* The cases of classes B .. B + 3, and of the 4 or 16 classes of a kind. */
#define LG_RUN_CASES4_AT(NAME, B)                                                                                      \
  LG_RUN_CASE(NAME, B + 0) LG_RUN_CASE(NAME, B + 1) LG_RUN_CASE(NAME, B + 2) LG_RUN_CASE(NAME, B + 3)
#define LG_RUN_CASES4(NAME) LG_RUN_CASES4_AT(NAME, 0)
#define LG_RUN_CASES16(NAME)                                                                                           \
  LG_RUN_CASES4_AT(NAME, 0) LG_RUN_CASES4_AT(NAME, 4) LG_RUN_CASES4_AT(NAME, 8) LG_RUN_CASES4_AT(NAME, 12)
LG_ROW_CLASSED_FN(nfw, 4, lg_nfw_class_at, lg_nfw_eval_c)
LG_ROW_CLASSED_FN(tnfw, 4, lg_nfw_class_at, lg_tnfw_eval_c)
LG_ROW_CLASSED_FN(hernquist, 4, lg_nfw_class_at, lg_hernquist_eval_c)
LG_ROW_CLASSED_FN(burkert, 4, lg_burkert_class_at, lg_burkert_eval_c)
LG_ROW_CLASSED_FN(cnfw_direct, 16, lg_cnfw_class_at, lg_cnfw_eval_direct_c)

/* einasto: a row splits into runs of pixels inside the component's table (cpu_einasto.h), each a
 * SIMD loop over the table's interpolant, and runs outside it (the few pixels at X < 1e-3, those
 * near X_max), which take lg_einasto_eval's quadrature as the scalar pixel path does. */
static inline void lg_run_einasto(const double *p, const lg_einasto_table *t, int i0, int i1, double y, int first,
                                  int exact, lg_rows *R, const lg_sink *o) {
  const double *LG_RESTRICT x = R->x;
  double *LG_RESTRICT psi = R->psi, *LG_RESTRICT ax = R->ax, *LG_RESTRICT ay = R->ay;
  double *LG_RESTRICT fxx = R->fxx, *LG_RESTRICT fxy = R->fxy, *LG_RESTRICT fyy = R->fyy;
  if (exact) { /* the quadrature's loops: scalar, the omp simd of LG_PIXEL_LOOP is only a hint */
    LG_PIXEL_LOOP(i0, i1, lg_einasto_eval(p, x[i], y, &r));
    return;
  }
  LG_PIXEL_LOOP(i0, i1, lg_einasto_table_eval(t, p, x[i], y, &r));
}

LG_CLONES LG_FLATTEN static void lg_row_einasto_table(const double *p, const lg_einasto_table *t, int n, double y,
                                                      int first, lg_rows *R, const lg_sink *o) {
  double pl[LG_MAX_PARAMS];
  memcpy(pl, p, sizeof pl);
  const lg_einasto_table tl = *t;
  const double *LG_RESTRICT x = R->x;
  unsigned char *LG_RESTRICT cls = R->cls;
#pragma omp simd
  for (int i = 0; i < n; i++) {
    double dx, dy, r;
    const double X = lg_einasto_table_x(pl, x[i], y, &dx, &dy, &r);
    cls[i] = (unsigned char)!(X >= tl.x_lo && X <= tl.x_hi);
  }
  for (int i0 = 0, i1; i0 < n; i0 = i1) {
    const int c = cls[i0];
    for (i1 = i0 + 1; i1 < n && cls[i1] == c; i1++) continue;
    lg_run_einasto(pl, &tl, i0, i1, y, first, c, R, o);
  }
}

/* sersic: lg_sersic_eval's quadrature for blocks of pixels in step (cpu_sersic.h), each node one
 * SIMD loop over the block, P(2n, w) from the component's table. A row splits into runs of pixels
 * with one or with two mode-0 panels (lg_sersic_split: R0 <= or > sqrt(2) r_eff), so every pixel of
 * a block runs the same nodes. */
static inline void lg_run_sersic(const lg_sersic_table *t, int i0, int m, double y, int first, int split, lg_rows *R,
                                 const lg_sink *o) {
  double *LG_RESTRICT psi = R->psi, *LG_RESTRICT ax = R->ax, *LG_RESTRICT ay = R->ay;
  double *LG_RESTRICT fxx = R->fxx, *LG_RESTRICT fxy = R->fxy, *LG_RESTRICT fyy = R->fyy;
  lg_sersic_block bk;
  lg_sersic_block_run(t, R->x + i0, y, m, split, &bk);
  /* i runs over the row, j = i - i0 over the block */
  LG_PIXEL_LOOP(i0, i0 + m, const int j = i - i0; lg_sersic_block_add(t, &bk, j, &r));
}

/* p: the component, whose constants t holds (t was built from p). */
LG_CLONES LG_FLATTEN static void lg_row_sersic_table(const double *p, const lg_sersic_table *t, int n, double y,
                                                     int first, lg_rows *R, const lg_sink *o) {
  (void)p;
  const double *LG_RESTRICT x = R->x;
  unsigned char *LG_RESTRICT cls = R->cls;
#pragma omp simd
  for (int i = 0; i < n; i++) {
    double xp, yp;
    cls[i] = (unsigned char)lg_sersic_split(lg_sersic_frame(t, x[i], y, &xp, &yp));
  }
  for (int i0 = 0, i1; i0 < n; i0 = i1) {
    const int c = cls[i0];
    for (i1 = i0 + 1; i1 < n && cls[i1] == c; i1++) continue;
    for (int b0 = i0; b0 < i1; b0 += LG_SERSIC_BLOCK) {
      const int m = i1 - b0 < LG_SERSIC_BLOCK ? i1 - b0 : LG_SERSIC_BLOCK;
      lg_run_sersic(t, b0, m, y, first, c, R, o);
    }
  }
}

/* Sets (first) or adds component c at (x[i], y), i < n, to the lens row, or (o not NULL: the last
 * component at S = 1) stores the lens's products to o: the kind is resolved once per row. et, sr:
 * c's Einasto table (einasto components only) and Sersic table (sersic components only). */
static void lg_row_component(const lg_component *c, const lg_einasto_table *et, const lg_sersic_table *sr, int n,
                             double y, int first, lg_rows *R, const lg_sink *o) {
  switch (c->kind) { /* kinds with a row function of their own */
    case LG_PROFILE_EINASTO:
      lg_row_einasto_table(c->p, et, n, y, first, R, o);
      return;
    case LG_PROFILE_SERSIC:
      lg_row_sersic_table(c->p, sr, n, y, first, R, o);
      return;
    case LG_PROFILE_EPL:
      lg_row_epl(c->p, n, y, first, R, o);
      return;
    case LG_PROFILE_NFW:
      lg_row_nfw(c->p, n, y, first, R, o);
      return;
    case LG_PROFILE_TNFW:
      lg_row_tnfw(c->p, n, y, first, R, o);
      return;
    case LG_PROFILE_HERNQUIST:
      lg_row_hernquist(c->p, n, y, first, R, o);
      return;
    case LG_PROFILE_BURKERT:
      lg_row_burkert(c->p, n, y, first, R, o);
      return;
    case LG_PROFILE_CNFW:
      if (lg_cnfw_form(c->p[LG_CNFW_BETA]) != LG_CNFW_FORM_DIRECT) break; /* b ~ 0 or ~ 1: the generic loop */
      lg_row_cnfw_direct(c->p, n, y, first, R, o);
      return;
    default:
      break;
  }
#define LG_ROW_CASE(KIND, FN)                                                                                          \
  case KIND:                                                                                                           \
    lg_row_##FN(c->p, n, y, first, R, o);                                                                              \
    break;
  switch (c->kind) {
    LG_PROFILE_EVALUATORS(LG_ROW_CASE)
    default:
      break; /* kinds are validated when the scenario is built */
  }
#undef LG_ROW_CASE
}

/* The float32 outputs of one image row (NULL: not requested); the second planes of alpha and gamma
 * are np floats after the first. */
typedef struct {
  float *kappa, *alpha, *psi, *gamma, *mu;
  long np;
} lg_out_row;

/* The sink of output row o: its planes, or R's scratch rows (n floats each) for those not requested.
 * Every store loop writes all seven planes: a product not asked for costs an L1 store, not a branch. */
static lg_sink lg_sink_of(const lg_out_row *o, const lg_rows *R, int n) {
  float *const sc = R->scratch;
  const lg_sink k = {
      o->kappa ? o->kappa : sc + (size_t)LG_PX_KAPPA * (size_t)n,
      o->alpha ? o->alpha : sc + (size_t)LG_PX_ALPHA_X * (size_t)n,
      o->alpha ? o->alpha + o->np : sc + (size_t)LG_PX_ALPHA_Y * (size_t)n,
      o->psi ? o->psi : sc + (size_t)LG_PX_PSI * (size_t)n,
      o->gamma ? o->gamma : sc + (size_t)LG_PX_GAMMA1 * (size_t)n,
      o->gamma ? o->gamma + o->np : sc + (size_t)LG_PX_GAMMA2 * (size_t)n,
      o->mu ? o->mu : sc + (size_t)LG_PX_MU * (size_t)n,
  };
  return k;
}

/* S > 1: the products of the lens row set (first sub-pixel) or added to the sub-pixel sums, in
 * lg_pixel_products' order. */
LG_CLONES static void lg_row_products(int n, int first, lg_rows *R) {
  const double *LG_RESTRICT psi = R->psi, *LG_RESTRICT ax = R->ax, *LG_RESTRICT ay = R->ay;
  const double *LG_RESTRICT fxx = R->fxx, *LG_RESTRICT fxy = R->fxy, *LG_RESTRICT fyy = R->fyy;
  double *LG_RESTRICT k = R->p[LG_PX_KAPPA], *LG_RESTRICT pax = R->p[LG_PX_ALPHA_X];
  double *LG_RESTRICT pay = R->p[LG_PX_ALPHA_Y], *LG_RESTRICT ppsi = R->p[LG_PX_PSI];
  double *LG_RESTRICT g1 = R->p[LG_PX_GAMMA1], *LG_RESTRICT g2 = R->p[LG_PX_GAMMA2];
  double *LG_RESTRICT mu = R->p[LG_PX_MU];
#pragma omp simd
  for (int i = 0; i < n; i++) {
    const lg_lens_point r = {psi[i], ax[i], ay[i], fxx[i], fxy[i], fyy[i]};
    k[i] = (first ? 0.0 : k[i]) + lg_point_kappa(&r);
    pax[i] = (first ? 0.0 : pax[i]) + r.alpha_x;
    pay[i] = (first ? 0.0 : pay[i]) + r.alpha_y;
    ppsi[i] = (first ? 0.0 : ppsi[i]) + r.psi;
    g1[i] = (first ? 0.0 : g1[i]) + lg_point_gamma1(&r);
    g2[i] = (first ? 0.0 : g2[i]) + lg_point_gamma2(&r);
    mu[i] = (first ? 0.0 : mu[i]) + lg_point_magnification(&r);
  }
}

/* S = 1, a lens of no components: every pixel's products are those of zero lens sums. */
LG_CLONES static void lg_row_store_empty(int n, const lg_sink *o) {
  const lg_sink so = *o;
#pragma omp simd
  for (int i = 0; i < n; i++) {
    const lg_lens_point r = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    lg_sink_store(&so, i, &r);
  }
}

/* S > 1: the sub-pixel sums times w = 1 / S^2 stored. */
LG_CLONES static void lg_row_store_sums(int n, double w, const lg_rows *R, const lg_sink *o) {
  const double *const *p = (const double *const *)R->p;
  const double *LG_RESTRICT k = p[LG_PX_KAPPA], *LG_RESTRICT a1 = p[LG_PX_ALPHA_X], *LG_RESTRICT a2 = p[LG_PX_ALPHA_Y];
  const double *LG_RESTRICT q = p[LG_PX_PSI], *LG_RESTRICT g1 = p[LG_PX_GAMMA1], *LG_RESTRICT g2 = p[LG_PX_GAMMA2];
  const double *LG_RESTRICT mu = p[LG_PX_MU];
  const lg_sink so = *o;
#pragma omp simd
  for (int i = 0; i < n; i++) {
    so.kappa[i] = (float)(k[i] * w);
    so.a1[i] = (float)(a1[i] * w);
    so.a2[i] = (float)(a2[i] * w);
    so.psi[i] = (float)(q[i] * w);
    so.g1[i] = (float)(g1[i] * w);
    so.g2[i] = (float)(g2[i] * w);
    so.mu[i] = (float)(mu[i] * w);
  }
}

/* x[ix] = pixel centre ix + off, for the n pixels of a row. */
static void lg_row_x(const lg_grid *g, double off, double *x) {
  for (int ix = 0; ix < g->npix; ix++) x[ix] = lg_grid_coord(g, ix) + off;
}

static lg_err lg_cpu_render(lg_backend *b, const lg_grid *g, const lg_batch *batch, lg_product_buffers *out) {
  lg_cpu_tables *tab = b->impl;
  const int n = g->npix, s = g->supersample;
  const long np = (long)n * n;
  const double pixel = g->fov_arcsec / (double)n;
  const double w = 1.0 / (double)(s * s);
  lg_rows R;
  lg_err err = LG_OK;
  LG_CALL(lg_rows_alloc(&R, n));
  if (s == 1) lg_row_x(g, 0.0, R.x); /* the same x for every row */
  for (int smp = 0; smp < batch->n; smp++) {
    const lg_component *c = batch->comps + batch->offset[smp];
    const int nc = batch->offset[smp + 1] - batch->offset[smp];
    LG_CALL_GOTO(err, done, lg_cpu_tables_build(tab, g, c, nc));
    const lg_einasto_table *et = tab->einasto; /* entry k read only when component k has that kind */
    const lg_sersic_table *sr = tab->sersic;
    float *kappa = out->buf[LG_PRODUCT_KAPPA] ? out->buf[LG_PRODUCT_KAPPA] + smp * np : NULL;
    float *alpha = out->buf[LG_PRODUCT_ALPHA] ? out->buf[LG_PRODUCT_ALPHA] + 2 * smp * np : NULL;
    float *psi = out->buf[LG_PRODUCT_PSI] ? out->buf[LG_PRODUCT_PSI] + smp * np : NULL;
    float *gamma = out->buf[LG_PRODUCT_GAMMA] ? out->buf[LG_PRODUCT_GAMMA] + 2 * smp * np : NULL;
    float *mu = out->buf[LG_PRODUCT_MAGNIFICATION] ? out->buf[LG_PRODUCT_MAGNIFICATION] + smp * np : NULL;
    if (nc == 0) memset(R.psi, 0, 6 * (size_t)n * sizeof(double)); /* a lens without components is 0 */
    for (int iy = 0; iy < n; iy++) {
      const double y = lg_grid_coord(g, iy);
      const long at = (long)iy * n;
      const lg_out_row o = {kappa ? kappa + at : NULL, alpha ? alpha + at : NULL, psi ? psi + at : NULL,
                            gamma ? gamma + at : NULL, mu ? mu + at : NULL,       np};
      const lg_sink sink = lg_sink_of(&o, &R, n);
      if (s == 1) {
        if (nc == 0) lg_row_store_empty(n, &sink);
        for (int k = 0; k < nc; k++)
          lg_row_component(&c[k], &et[k], &sr[k], n, y, k == 0, &R, k == nc - 1 ? &sink : NULL);
        continue;
      }
      for (int j = 0; j < s; j++) {
        const double ys = y + (((double)j + 0.5) / (double)s - 0.5) * pixel;
        for (int i = 0; i < s; i++) {
          lg_row_x(g, (((double)i + 0.5) / (double)s - 0.5) * pixel, R.x);
          for (int k = 0; k < nc; k++) lg_row_component(&c[k], &et[k], &sr[k], n, ys, k == 0, &R, NULL);
          lg_row_products(n, j == 0 && i == 0, &R);
        }
      }
      lg_row_store_sums(n, w, &R, &sink);
    }
  }
done:
  free(R.block);
  return err;
}

static void lg_cpu_destroy(lg_backend *b) {
  lg_cpu_tables *tab = b->impl;
  lg_cpu_tables_free(tab);
  free(tab);
  free(b);
}

lg_err lg_backend_cpu_create(lg_backend **out) {
  lg_backend *b = calloc(1, sizeof *b);
  LG_CHECK(b != NULL, LG_ERR_NOMEM, "cannot allocate the CPU backend");
  lg_cpu_tables *tab = calloc(1, sizeof *tab);
  if (tab == NULL) {
    free(b);
    LG_FAIL(LG_ERR_NOMEM, "cannot allocate the CPU backend's buffers");
  }
  b->impl = tab; /* the backend's own buffers, kept between renders: the per-component tables */
  b->name = "cpu";
  snprintf(b->device, sizeof b->device, "CPU (SIMD loops over pixels, %s)",
           LG_HAVE_LIBMVEC ? "libmvec vector math" : "scalar libm");
  b->render = lg_cpu_render;
  b->destroy = lg_cpu_destroy;
  *out = b;
  return LG_OK;
}
