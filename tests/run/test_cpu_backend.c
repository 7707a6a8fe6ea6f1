/* The CPU backend's vectorised per-kind row loops (libmvec math, AVX2/AVX-512 clones where the CPU has them)
 * against the scalar per-pixel path of backends/pixel.h that the CUDA backend also runs: every
 * product of every profile kind, in three scale variants that reach every formula class, with and
 * without supersampling, agrees to float rounding. This is what lets
 * the CPU backend change its loop structure without changing what a data set holds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "backends/pixel.h"
#include "lg_test.h"
#include "physics/profiles.h"
#include "physics/profiles/nfw.h"

/* Scale variants: the NFW family's rows split pixels by formula class (x = r/r_s below 1, near 1,
 * above 1; cnfw also by x/beta), so each kind is rendered with scale radii from well outside the
 * field (x < 1 everywhere) to ~0.3" (x up to ~12): m200 1e13/1e11/1e10 Msun with c200 6/10/20 give
 * r_s ~ 11", 1.4", 0.3" at z = 0.5. */
#define LG_VARIANTS 3
static const double var_m200[LG_VARIANTS] = {1e13, 1e11, 1e10}, var_c200[LG_VARIANTS] = {6.0, 10.0, 20.0};
static const double var_rs[LG_VARIANTS] = {4.0, 1.3, 0.3}, var_tau[LG_VARIANTS] = {40.0, 5.0, 1.5};
static const double var_beta[LG_VARIANTS] = {0.05, 0.3, 0.9}, var_gamma[LG_VARIANTS] = {1.6, 2.1, 2.5};
static const double var_q[LG_VARIANTS] = {0.95, 0.7, 0.25};

/* One component of kind k with plausible user parameters (variant v), prepared at (0.5, 2). */
static void make_component(int k, int var, const lg_lens_context *ctx, lg_component *c) {
  const lg_profile_info *info = lg_profile_get(k);
  double u[LG_MAX_PARAMS];
  for (int j = 0; j < info->n_params; j++) {
    const char *name = info->param[j].name;
    double v = 0.5 * (info->param[j].lo + info->param[j].hi);
    if (!strcmp(name, "x"))
      v = 0.13;
    else if (!strcmp(name, "y"))
      v = -0.07;
    else if (!strcmp(name, "theta_e"))
      v = 1.1;
    else if (!strcmp(name, "q"))
      v = var_q[var];
    else if (!strcmp(name, "phi"))
      v = 30.0;
    else if (!strcmp(name, "mass"))
      v = 1e11;
    else if (!strcmp(name, "m200"))
      v = var_m200[var];
    else if (!strcmp(name, "c200"))
      v = var_c200[var];
    else if (!strcmp(name, "gamma"))
      v = var_gamma[var];
    else if (!strcmp(name, "gamma1"))
      v = 0.03;
    else if (!strcmp(name, "gamma2"))
      v = -0.02;
    else if (!strcmp(name, "kappa"))
      v = 0.05;
    else if (!strcmp(name, "rs") || !strcmp(name, "r_eff"))
      v = var_rs[var];
    else if (!strcmp(name, "n"))
      v = 2.5;
    else if (!strcmp(name, "kappa_eff"))
      v = 0.3;
    else if (!strcmp(name, "tau"))
      v = var_tau[var];
    else if (!strcmp(name, "beta"))
      v = var_beta[var];
    else if (!strcmp(name, "alpha"))
      v = 0.2;
    if (v < info->param[j].lo) v = info->param[j].lo;
    if (v > info->param[j].hi) v = info->param[j].hi;
    u[j] = v;
  }
  LG_TEST_OK(info->prepare(u, ctx, c));
}

/* Pixels of the nfw sample seen in each formula class (lg_nfw_class), over all calls of compare. */
static long nfw_class_count[LG_NFW_CLASSES];

/* Renders one sample per kind (variant var, each followed by an external shear) on grid g with the
 * backend, and compares every product with the scalar pixel path. */
/* How each sample's lens is laid out: the kind then a shear, the kind alone, a shear then the kind
 * (the backend runs a lens's first component, a later one, its last one at S = 1 and a lone one
 * through different loops: each kind is checked in each place), and one sample more, a lens of no
 * components. */
enum { LG_LAYOUT_KIND_SHEAR, LG_LAYOUT_KIND, LG_LAYOUT_SHEAR_KIND, LG_LAYOUTS };
static const char *const layout_name[LG_LAYOUTS] = {"kind + shear", "kind alone", "shear + kind"};

static void compare(lg_backend *be, const lg_lens_context *ctx, const lg_grid g, int var, int layout) {
  const long np = (long)g.npix * g.npix;
  const int ns = LG_PROFILE_COUNT + 1; /* the last sample has no components */
  lg_component comps[2 * LG_PROFILE_COUNT];
  int offset[LG_PROFILE_COUNT + 2];
  int nc = 0;
  for (int k = 0; k < LG_PROFILE_COUNT; k++) {
    offset[k] = nc;
    lg_component kind, shear;
    make_component(k, var, ctx, &kind);
    const double sh[2] = {0.02, 0.01};
    LG_TEST_OK(lg_profile_get(LG_PROFILE_SHEAR)->prepare(sh, ctx, &shear));
    if (layout == LG_LAYOUT_SHEAR_KIND) comps[nc++] = shear;
    comps[nc++] = kind;
    if (layout == LG_LAYOUT_KIND_SHEAR) comps[nc++] = shear;
  }
  offset[LG_PROFILE_COUNT] = offset[LG_PROFILE_COUNT + 1] = nc;
  lg_product_buffers out;
  memset(&out, 0, sizeof out);
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    out.buf[p] = calloc((size_t)ns * lg_product_get(p)->planes * np, sizeof(float));
    out.mask |= 1u << p;
  }
  lg_batch batch = {ns, offset, comps};
  LG_TEST_OK(be->render(be, &g, &batch, &out));
  const double pixel = g.fov_arcsec / g.npix;
  printf("variant %d, %d px, S = %d, %s:", var, g.npix, g.supersample, layout_name[layout]);
  for (int k = 0; k < ns; k++) {
    const int kc = offset[k + 1] - offset[k], ki = layout == LG_LAYOUT_SHEAR_KIND ? offset[k] + 1 : offset[k];
    double worst = 0.0;
    for (int iy = 0; iy < g.npix; iy++)
      for (int ix = 0; ix < g.npix; ix++) {
        double v[LG_PX_COUNT];
        lg_pixel_products(&comps[offset[k]], kc, lg_grid_coord(&g, ix), lg_grid_coord(&g, iy), pixel, g.supersample, v);
        const long p = (long)iy * g.npix + ix;
        if (k == LG_PROFILE_NFW && g.supersample == 1 && layout == LG_LAYOUT_KIND_SHEAR) {
          const double *c = comps[ki].p;
          const double u =
              hypot(lg_grid_coord(&g, ix) - c[LG_NFW_X], lg_grid_coord(&g, iy) - c[LG_NFW_Y]) / c[LG_NFW_RS];
          nfw_class_count[lg_nfw_class(u)]++;
        }
        const float got[LG_PX_COUNT] = {
            out.buf[LG_PRODUCT_KAPPA][k * np + p],           out.buf[LG_PRODUCT_ALPHA][2 * k * np + p],
            out.buf[LG_PRODUCT_ALPHA][(2 * k + 1) * np + p], out.buf[LG_PRODUCT_PSI][k * np + p],
            out.buf[LG_PRODUCT_GAMMA][2 * k * np + p],       out.buf[LG_PRODUCT_GAMMA][(2 * k + 1) * np + p],
            out.buf[LG_PRODUCT_MAGNIFICATION][k * np + p]};
        for (int q = 0; q < LG_PX_COUNT; q++) {
          /* magnification compared through 1/mu: near a critical curve mu amplifies ulps */
          double a = q == LG_PX_MU ? 1.0 / got[q] : got[q], b = q == LG_PX_MU ? 1.0 / v[q] : v[q];
          double err = fabs(a - b) / fmax(fabs(b), 1e-3);
          if (err > worst) worst = err;
        }
      }
    const char *name = k < LG_PROFILE_COUNT ? lg_profile_get(k)->name : "(empty lens)";
    LG_TEST_CHECK(worst < 1e-6,
                  "%s (variant %d, %d px, S = %d, %s): vectorised CPU rows differ from the scalar pixel "
                  "path by %.3g",
                  name, var, g.npix, g.supersample, layout_name[layout], worst);
    printf(" %s %.1e", name, worst);
  }
  printf("\n");
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) free(out.buf[p]);
}

/* One lens of several tabled components (einasto, sersic, einasto of another variant, a shear), whose
 * tables share one coefficient buffer (cpu_tables.c), against the scalar pixel path. */
static void compare_tabled(lg_backend *be, const lg_lens_context *ctx) {
  const lg_grid g = {24, 5.4, 1};
  const long np = (long)g.npix * g.npix;
  lg_component comps[4];
  make_component(LG_PROFILE_EINASTO, 0, ctx, &comps[0]);
  make_component(LG_PROFILE_SERSIC, 1, ctx, &comps[1]);
  make_component(LG_PROFILE_EINASTO, 2, ctx, &comps[2]);
  make_component(LG_PROFILE_SHEAR, 0, ctx, &comps[3]);
  int offset[2] = {0, 4};
  lg_product_buffers out;
  memset(&out, 0, sizeof out);
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    out.buf[p] = calloc((size_t)lg_product_get(p)->planes * np, sizeof(float));
    out.mask |= 1u << p;
  }
  const lg_batch batch = {1, offset, comps};
  LG_TEST_OK(be->render(be, &g, &batch, &out));
  double worst = 0.0;
  for (int iy = 0; iy < g.npix; iy++)
    for (int ix = 0; ix < g.npix; ix++) {
      double v[LG_PX_COUNT];
      lg_pixel_products(comps, 4, lg_grid_coord(&g, ix), lg_grid_coord(&g, iy), g.fov_arcsec / g.npix, 1, v);
      const long p = (long)iy * g.npix + ix;
      const float got[LG_PX_COUNT] = {out.buf[LG_PRODUCT_KAPPA][p],        out.buf[LG_PRODUCT_ALPHA][p],
                                      out.buf[LG_PRODUCT_ALPHA][np + p],   out.buf[LG_PRODUCT_PSI][p],
                                      out.buf[LG_PRODUCT_GAMMA][p],        out.buf[LG_PRODUCT_GAMMA][np + p],
                                      out.buf[LG_PRODUCT_MAGNIFICATION][p]};
      for (int q = 0; q < LG_PX_COUNT; q++) {
        double a = q == LG_PX_MU ? 1.0 / got[q] : got[q], b = q == LG_PX_MU ? 1.0 / v[q] : v[q];
        worst = fmax(worst, fabs(a - b) / fmax(fabs(b), 1e-3));
      }
    }
  LG_TEST_CHECK(worst < 1e-6, "einasto + sersic + einasto + shear: CPU rows differ from the pixel path by %.3g", worst);
  printf("einasto + sersic + einasto + shear in one lens: %.1e\n", worst);
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) free(out.buf[p]);
}

int main(void) {
  lg_cosmo cosmo;
  lg_lens_context ctx;
  LG_TEST_OK(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  LG_TEST_OK(lg_lens_context_init(&ctx, &cosmo, 0.5, 2.0));
  lg_backend *be = NULL;
  LG_TEST_OK(lg_backend_cpu_create(&be));
  /* supersampled (the sub-pixel loop), and a denser point-sampled grid that puts pixels within a
   * few hundredths of x = 1 (the series band of the NFW family) for every variant */
  const lg_grid grids[2] = {{27, 5.4, 2}, {96, 5.4, 1}};
  for (int var = 0; var < LG_VARIANTS; var++)
    for (int gi = 0; gi < 2; gi++)
      for (int layout = 0; layout < LG_LAYOUTS; layout++) compare(be, &ctx, grids[gi], var, layout);
  compare_tabled(be, &ctx);
  be->destroy(be);
  /* the variants reach every formula class, the series band near x = 1 included */
  printf("nfw pixels per formula class (x < 1, x > 1, series below 1, series above 1):");
  for (int c = 0; c < LG_NFW_CLASSES; c++) {
    printf(" %ld", nfw_class_count[c]);
    LG_TEST_CHECK(nfw_class_count[c] > 0, "no nfw pixel in formula class %d: the variants miss a branch", c);
  }
  printf("\n");
  return lg_test_report("test_cpu_backend");
}
