/* The CPU backend's vectorised per-kind row loops (libmvec math, AVX2 clone where the CPU has it)
 * against the scalar per-pixel path of backends/pixel.h that the CUDA backend also runs: every
 * product of every profile kind, with supersampling, agrees to float rounding. This is what lets
 * the CPU backend change its loop structure without changing what a data set holds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "backends/pixel.h"
#include "lg_test.h"
#include "physics/profiles.h"

/* One component of kind k with plausible user parameters, prepared at (0.5, 2). */
static void make_component(int k, const lg_lens_context *ctx, lg_component *c) {
  const lg_profile_info *info = lg_profile_get(k);
  double u[LG_MAX_PARAMS];
  for (int j = 0; j < info->n_params; j++) {
    const char *name = info->param[j].name;
    double v = 0.5 * (info->param[j].lo + info->param[j].hi);
    if (!strcmp(name, "x")) v = 0.13;
    else if (!strcmp(name, "y")) v = -0.07;
    else if (!strcmp(name, "theta_e")) v = 1.1;
    else if (!strcmp(name, "q")) v = 0.7;
    else if (!strcmp(name, "phi")) v = 30.0;
    else if (!strcmp(name, "mass")) v = 1e11;
    else if (!strcmp(name, "m200")) v = 1e13;
    else if (!strcmp(name, "c200")) v = 6.0;
    else if (!strcmp(name, "gamma")) v = 2.1;
    else if (!strcmp(name, "gamma1")) v = 0.03;
    else if (!strcmp(name, "gamma2")) v = -0.02;
    else if (!strcmp(name, "kappa")) v = 0.05;
    else if (!strcmp(name, "rs") || !strcmp(name, "r_eff")) v = 1.3;
    else if (!strcmp(name, "n")) v = 2.5;
    else if (!strcmp(name, "kappa_eff")) v = 0.3;
    else if (!strcmp(name, "tau")) v = 5.0;
    else if (!strcmp(name, "beta")) v = 0.3;
    else if (!strcmp(name, "alpha")) v = 0.2;
    if (v < info->param[j].lo) v = info->param[j].lo;
    if (v > info->param[j].hi) v = info->param[j].hi;
    u[j] = v;
  }
  LG_TEST_OK(info->prepare(u, ctx, c));
}

int main(void) {
  lg_cosmo cosmo;
  lg_lens_context ctx;
  LG_TEST_OK(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  LG_TEST_OK(lg_lens_context_init(&ctx, &cosmo, 0.5, 2.0));
  const lg_grid g = {27, 5.4, 2};
  const long np = (long)g.npix * g.npix;
  lg_backend *be = NULL;
  LG_TEST_OK(lg_backend_cpu_create(&be));
  /* one sample per kind, each with an external shear after it (a two-component sum) */
  const int ns = LG_PROFILE_COUNT;
  lg_component comps[2 * LG_PROFILE_COUNT];
  int offset[LG_PROFILE_COUNT + 1];
  for (int k = 0; k < ns; k++) {
    make_component(k, &ctx, &comps[2 * k]);
    const double sh[2] = {0.02, 0.01};
    LG_TEST_OK(lg_profile_get(LG_PROFILE_SHEAR)->prepare(sh, &ctx, &comps[2 * k + 1]));
    offset[k] = 2 * k;
  }
  offset[ns] = 2 * ns;
  lg_product_buffers out;
  memset(&out, 0, sizeof out);
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    out.buf[p] = calloc((size_t)ns * lg_product_get(p)->planes * np, sizeof(float));
    out.mask |= 1u << p;
  }
  lg_batch batch = {ns, offset, comps};
  LG_TEST_OK(be->render(be, &g, &batch, &out));
  const double pixel = g.fov_arcsec / g.npix;
  for (int k = 0; k < ns; k++) {
    double worst = 0.0;
    for (int iy = 0; iy < g.npix; iy++)
      for (int ix = 0; ix < g.npix; ix++) {
        double v[LG_PX_COUNT];
        lg_pixel_products(&comps[2 * k], 2, lg_grid_coord(&g, ix), lg_grid_coord(&g, iy), pixel, g.supersample, v);
        const long p = (long)iy * g.npix + ix;
        const float got[LG_PX_COUNT] = {
            out.buf[LG_PRODUCT_KAPPA][k * np + p],         out.buf[LG_PRODUCT_ALPHA][2 * k * np + p],
            out.buf[LG_PRODUCT_ALPHA][(2 * k + 1) * np + p], out.buf[LG_PRODUCT_PSI][k * np + p],
            out.buf[LG_PRODUCT_GAMMA][2 * k * np + p],     out.buf[LG_PRODUCT_GAMMA][(2 * k + 1) * np + p],
            out.buf[LG_PRODUCT_MAGNIFICATION][k * np + p]};
        for (int q = 0; q < LG_PX_COUNT; q++) {
          /* magnification compared through 1/mu: near a critical curve mu amplifies ulps */
          double a = q == LG_PX_MU ? 1.0 / got[q] : got[q], b = q == LG_PX_MU ? 1.0 / v[q] : v[q];
          double err = fabs(a - b) / fmax(fabs(b), 1e-3);
          if (err > worst) worst = err;
        }
      }
    LG_TEST_CHECK(worst < 1e-6, "%s: vectorised CPU rows differ from the scalar pixel path by %.3g",
                  lg_profile_get(k)->name, worst);
    printf("  %-11s max rel diff %.2e\n", lg_profile_get(k)->name, worst);
  }
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) free(out.buf[p]);
  be->destroy(be);
  return lg_test_report("test_cpu_backend");
}
