/* Per-image loops of the ray tracing of observe/render.h (CPU): pure functions of their arguments,
 * called by observe/observe.c for each sample, and by the tests. A row of sub-pixels at a time: the
 * deflection by one SIMD loop per lens component (the kind resolved once per row, as the CPU backend
 * does), then the light by one SIMD loop per light component, so that libmvec's vector atan, atanh,
 * exp and log do the work. Each pixel gets exactly the sums of lg_render_pixel_lensed and
 * lg_render_pixel_light (same terms, same order); only the vector math may differ from scalar libm
 * in the last bits (core/vmath.h). */
#include "core/vmath.h" /* before the physics headers */

#include "observe/render.h"

/* x86-64: each row loop is built for AVX-512, AVX2 + FMA and the baseline; the loader picks the clone
 * the CPU supports. Bit-identical across ranks on machines of one kind (backends/cpu_backend.c). */
#if LG_HAVE_LIBMVEC
#define LG_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LG_CLONES
#endif
#if defined(__GNUC__)
#define LG_FLATTEN __attribute__((flatten)) /* the evaluator inlined, or its loop stays scalar */
#else
#define LG_FLATTEN
#endif

/* Row chunk: the row buffers live on the stack (7 x 256 doubles). */
#define LG_RENDER_CHUNK 256

/* One function per lens kind: (ax, ay)[i] += that component's deflection at (x[i], y). psi and the
 * Hessian the evaluator also computes are dead and dropped by the compiler. */
#define LG_DEFLECT_ROW(KIND, FN)                                                                                       \
  LG_CLONES LG_FLATTEN static void lg_deflect_row_##FN(const double *p, int n, const double *LG_RESTRICT x, double y,  \
                                                       double *LG_RESTRICT ax, double *LG_RESTRICT ay) {               \
    _Pragma("omp simd") for (int i = 0; i < n; i++) {                                                                  \
      lg_lens_point r = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};                                                                \
      FN(p, x[i], y, &r);                                                                                              \
      ax[i] += r.alpha_x;                                                                                              \
      ay[i] += r.alpha_y;                                                                                              \
    }                                                                                                                  \
  }
LG_PROFILE_EVALUATORS(LG_DEFLECT_ROW)
#undef LG_DEFLECT_ROW

/* Adds component c's deflection at (x[i], y), i < n. */
static void lg_deflect_row(const lg_component *c, int n, const double *x, double y, double *ax, double *ay) {
#define LG_DEFLECT_CASE(KIND, FN)                                                                                      \
  case KIND:                                                                                                           \
    lg_deflect_row_##FN(c->p, n, x, y, ax, ay);                                                                        \
    break;
  switch (c->kind) {
    LG_PROFILE_EVALUATORS(LG_DEFLECT_CASE)
    default:
      break; /* kinds are validated when the scenario is built */
  }
#undef LG_DEFLECT_CASE
}

/* lg_light_sersic_sb (observe/light.h), the same operations, with its early return for R = 0 made a
 * select so that gcc vectorises the loop (a call under a branch is not if-converted).
 * tests/observe/test_render.c checks the two agree. */
LG_CLONES static void lg_sersic_row(const double *p, int n, const double *LG_RESTRICT bx, const double *LG_RESTRICT by,
                                    double *LG_RESTRICT sb) {
  const double x0 = p[LG_LSERSIC_X], y0 = p[LG_LSERSIC_Y], q = p[LG_LSERSIC_Q], c = p[LG_LSERSIC_COS];
  const double s = p[LG_LSERSIC_SIN], inv_reff2 = p[LG_LSERSIC_INV_REFF2], i0 = p[LG_LSERSIC_I0];
  const double bn = p[LG_LSERSIC_BN], half_inv_n = p[LG_LSERSIC_HALF_INV_N];
#pragma omp simd
  for (int i = 0; i < n; i++) {
    const double r2 = lg_light_r2(bx[i], by[i], x0, y0, q, c, s) * inv_reff2;
    const int centre = !(r2 > 0.0);
    const double v = i0 * exp(-bn * exp(half_inv_n * log(centre ? 1.0 : r2)));
    sb[i] += centre ? i0 : v;
  }
}

LG_CLONES static void lg_gauss_row(const double *p, int n, const double *LG_RESTRICT bx, const double *LG_RESTRICT by,
                                   double *LG_RESTRICT sb) {
#pragma omp simd
  for (int i = 0; i < n; i++) sb[i] += lg_light_gauss_sb(p, bx[i], by[i]);
}

/* sb[i] += surface brightness of light component c at (bx[i], by[i]), i < n: SIMD loops for the
 * analytic kinds, the per-point dispatcher of observe/light.h for the others. */
static void lg_light_row(const lg_light *c, int n, const double *bx, const double *by, double *sb) {
  switch (c->kind) {
    case LG_LIGHT_SERSIC:
      lg_sersic_row(c->p, n, bx, by, sb);
      break;
    case LG_LIGHT_GAUSS:
      lg_gauss_row(c->p, n, bx, by, sb);
      break;
    default:
      for (int i = 0; i < n; i++) sb[i] += lg_light_component_sb(c, bx[i], by[i]);
      break;
  }
}

lg_err lg_render_check_grid(const lg_grid *g) {
  LG_CHECK(g->npix >= 1, LG_ERR_RANGE, "grid npix = %d: need >= 1", g->npix);
  LG_CHECK(g->fov_arcsec > 0.0, LG_ERR_RANGE, "grid fov = %g arcsec: need > 0", g->fov_arcsec);
  LG_CHECK(g->supersample >= 1, LG_ERR_RANGE, "grid supersample = %d: need >= 1", g->supersample);
  return LG_OK;
}

/* out = light of src[0..n_src) seen through lens[0..n_lens) (none: unlensed), flux per pixel of g.
 * Per pixel: the sum over sub-pixels (j, i) in that order of the sum over light components of the
 * surface brightness at beta = theta - alpha, times pixel^2 / S^2, as lg_render_pixel_lensed. */
static void lg_render_rows(const lg_grid *g, const lg_component *lens, int n_lens, const lg_light *src, int n_src,
                           double *out) {
  const int n = g->npix, s = g->supersample;
  const double pixel = g->fov_arcsec / (double)n;
  double xs[LG_RENDER_CHUNK], ax[LG_RENDER_CHUNK], ay[LG_RENDER_CHUNK], bx[LG_RENDER_CHUNK], by[LG_RENDER_CHUNK];
  double sb[LG_RENDER_CHUNK], sum[LG_RENDER_CHUNK];
  for (int iy = 0; iy < n; iy++) {
    const double y = lg_grid_coord(g, iy);
    for (int x0 = 0; x0 < n; x0 += LG_RENDER_CHUNK) {
      const int m = n - x0 < LG_RENDER_CHUNK ? n - x0 : LG_RENDER_CHUNK;
      for (int i = 0; i < m; i++) sum[i] = 0.0;
      for (int j = 0; j < s; j++) {
        const double ys = y + lg_render_subpixel(j, s) * pixel;
        for (int k = 0; k < s; k++) {
          const double off = lg_render_subpixel(k, s) * pixel;
          for (int i = 0; i < m; i++) {
            xs[i] = lg_grid_coord(g, x0 + i) + off;
            ax[i] = ay[i] = sb[i] = 0.0;
          }
          for (int c = 0; c < n_lens; c++) lg_deflect_row(&lens[c], m, xs, ys, ax, ay);
          for (int i = 0; i < m; i++) { /* lens equation beta = theta - alpha */
            bx[i] = xs[i] - ax[i];
            by[i] = ys - ay[i];
          }
          for (int c = 0; c < n_src; c++) lg_light_row(&src[c], m, bx, by, sb);
          for (int i = 0; i < m; i++) sum[i] += sb[i];
        }
      }
      for (int i = 0; i < m; i++) out[(long)iy * n + x0 + i] = sum[i] * (pixel * pixel) / (double)(s * s);
    }
  }
}

lg_err lg_render_lensed(const lg_grid *g, const lg_component *lens, int n_lens, const lg_light *src, int n_src,
                        double *out) {
  LG_CALL(lg_render_check_grid(g));
  lg_render_rows(g, lens, n_lens, src, n_src, out);
  return LG_OK;
}

lg_err lg_render_light(const lg_grid *g, const lg_light *c, int nc, double *out) {
  LG_CALL(lg_render_check_grid(g));
  lg_render_rows(g, NULL, 0, c, nc, out);
  return LG_OK;
}
