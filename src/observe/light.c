/* The light table and each light kind's preparation: user parameters (arcsec, degrees, AB magnitude)
 * -> the per-point parameters that observe/light.h evaluates. Called when a scenario is built. */
#include "observe/light_info.h"

#include <math.h>
#include <string.h>

#include "core/consts.h"
#include "observe/pixsrc.h"

#define LG_LPOS_X                                                                                                      \
  { "x", "arcsec", -1000.0, 1000.0, "uniform:-0.2,0.2", "centre x from the grid centre" }
#define LG_LPOS_Y                                                                                                      \
  { "y", "arcsec", -1000.0, 1000.0, "uniform:-0.2,0.2", "centre y from the grid centre" }
#define LG_LMAG                                                                                                        \
  { "mag", "mag", -10.0, 40.0, "uniform:21,24", "apparent total AB magnitude" }
#define LG_LQ                                                                                                          \
  { "q", "", 0.05, 1.0, "uniform:0.5,1.0", "minor/major axis ratio" }
#define LG_LPHI                                                                                                        \
  { "phi", "deg", -360.0, 360.0, "uniform:0,180", "major-axis angle, counter-clockwise from +x" }

static const lg_light_info lg_light_table[LG_LIGHT_COUNT] = {
    [LG_LIGHT_SERSIC] = {"sersic",
                         "elliptical Sersic light, I = I_eff exp(-b_n ((R/r_eff)^(1/n) - 1)), R = sqrt(q x'^2 + "
                         "y'^2/q); r_eff encloses half the flux",
                         7,
                         {LG_LPOS_X,
                          LG_LPOS_Y,
                          LG_LMAG,
                          {"r_eff", "arcsec", 1e-4, 100.0, "loguniform:0.1,0.6",
                           "half-light radius (intermediate axis)"},
                          {"n", "", 0.2, 10.0, "uniform:0.5,4", "Sersic index"},
                          LG_LQ,
                          LG_LPHI}},
    [LG_LIGHT_GAUSS] = {"gauss",
                        "elliptical Gaussian light, I = F/(2 pi sigma^2) exp(-R^2/(2 sigma^2)), R = sqrt(q x'^2 + "
                        "y'^2/q)",
                        6,
                        {LG_LPOS_X,
                         LG_LPOS_Y,
                         LG_LMAG,
                         {"sigma", "arcsec", 1e-4, 100.0, "loguniform:0.05,0.3", "Gaussian width (intermediate axis)"},
                         LG_LQ,
                         LG_LPHI}},
    [LG_LIGHT_PIXEL] = {"pixel",
                        "an image read from a file (-<group>_<instance>_file, _pixel, _interp), interpolated; "
                        "its flux scaled to mag; a stack [K, ny, nx] gives one image per sample",
                        6,
                        {LG_LPOS_X,
                         LG_LPOS_Y,
                         LG_LMAG,
                         {"zoom", "", 1e-3, 1e3, "1", "factor on the source pixel size (-src_<instance>_pixel)"},
                         {"phi", "deg", -360.0, 360.0, "uniform:0,360",
                          "rotation of the image's x axis, counter-clockwise from +x"},
                         {"pick", "", 0.0, 1.0, "uniform:0,1", "image floor(pick K) of a K-image stack (last if 1)"}}},
};

const lg_light_info *lg_light_get(int kind) {
  if (kind < 0 || kind >= LG_LIGHT_COUNT) return NULL;
  return &lg_light_table[kind];
}

int lg_light_find(const char *name) {
  for (int k = 0; k < LG_LIGHT_COUNT; k++)
    if (strcmp(lg_light_table[k].name, name) == 0) return k;
  return -1;
}

double lg_mag_to_flux(double mag, double zp_mag) { return pow(10.0, -0.4 * (mag - zp_mag)); }

lg_err lg_light_prepare(int kind, const double *u, double zp_mag, lg_light *out) {
  return lg_light_prepare_slot(kind, u, zp_mag, -1, out);
}

/* Pixel kind: the image of the registry entry at slot (observe/pixsrc.h), flux normalised. */
static lg_err lg_light_prepare_pixel(const double *u, double flux, int slot, lg_light *out) {
  const lg_pixsrc *src = lg_pixsrc_get(slot);
  LG_CHECK(src != NULL, LG_ERR_OPTION, "light pixel: no image loaded for light component %d (its _file option)", slot);
  int image = (int)floor(u[5] * (double)src->n_images);
  if (image >= src->n_images) image = src->n_images - 1; /* pick = 1 */
  const double pix = src->pixel_arcsec * u[3], phi = u[4] * LG_PI / 180.0;
  out->p[LG_LPIXEL_X] = u[0];
  out->p[LG_LPIXEL_Y] = u[1];
  out->p[LG_LPIXEL_AMP] = flux / (src->sum[image] * pix * pix);
  out->p[LG_LPIXEL_INV_PIX] = 1.0 / pix;
  out->p[LG_LPIXEL_COS] = cos(phi);
  out->p[LG_LPIXEL_SIN] = sin(phi);
  out->p[LG_LPIXEL_SLOT] = slot;
  out->p[LG_LPIXEL_IMAGE] = image;
  return LG_OK;
}

lg_err lg_light_prepare_slot(int kind, const double *u, double zp_mag, int slot, lg_light *out) {
  const lg_light_info *info = lg_light_get(kind);
  LG_CHECK(info != NULL, LG_ERR_RANGE, "light kind %d does not exist (0..%d)", kind, LG_LIGHT_COUNT - 1);
  for (int i = 0; i < info->n_params; i++) {
    const lg_param_info *pi = &info->param[i];
    LG_CHECK(u[i] >= pi->lo && u[i] <= pi->hi, LG_ERR_RANGE, "light %s: %s = %g outside the allowed range [%g, %g]",
             info->name, pi->name, u[i], pi->lo, pi->hi);
  }
  memset(out, 0, sizeof *out);
  out->kind = kind;
  const double flux = lg_mag_to_flux(u[2], zp_mag);
  if (kind == LG_LIGHT_PIXEL) return lg_light_prepare_pixel(u, flux, slot, out);
  if (kind == LG_LIGHT_SERSIC) {
    const double reff = u[3], n = u[4], phi = u[6] * LG_PI / 180.0;
    const double bn = lg_light_sersic_bn(n);
    /* F = I_eff r_eff^2 * factor; I_0 = I_eff e^(b_n) */
    const double ieff = flux / (reff * reff * lg_light_sersic_flux_factor(n, bn));
    out->p[LG_LSERSIC_X] = u[0];
    out->p[LG_LSERSIC_Y] = u[1];
    out->p[LG_LSERSIC_I0] = ieff * exp(bn);
    out->p[LG_LSERSIC_INV_REFF2] = 1.0 / (reff * reff);
    out->p[LG_LSERSIC_HALF_INV_N] = 0.5 / n;
    out->p[LG_LSERSIC_BN] = bn;
    out->p[LG_LSERSIC_Q] = u[5];
    out->p[LG_LSERSIC_COS] = cos(phi);
    out->p[LG_LSERSIC_SIN] = sin(phi);
  } else {
    const double sigma = u[3], phi = u[5] * LG_PI / 180.0;
    out->p[LG_LGAUSS_X] = u[0];
    out->p[LG_LGAUSS_Y] = u[1];
    out->p[LG_LGAUSS_I0] = flux / (2.0 * LG_PI * sigma * sigma);
    out->p[LG_LGAUSS_INV_2SIG2] = 0.5 / (sigma * sigma);
    out->p[LG_LGAUSS_Q] = u[4];
    out->p[LG_LGAUSS_COS] = cos(phi);
    out->p[LG_LGAUSS_SIN] = sin(phi);
  }
  return LG_OK;
}

/* From the per-point parameters, so that a test of it checks lg_light_prepare too. */
double lg_light_total_flux(const lg_light *c) {
  const double *p = c->p;
  switch (c->kind) {
    case LG_LIGHT_SERSIC: {
      const double n = 0.5 / p[LG_LSERSIC_HALF_INV_N], bn = p[LG_LSERSIC_BN];
      /* F = I_eff r_eff^2 2 pi n e^b b^-2n Gamma(2n), I_eff = I_0 e^-b (Graham & Driver 2005 eq. 4) */
      return p[LG_LSERSIC_I0] * exp(-bn) / p[LG_LSERSIC_INV_REFF2] * lg_light_sersic_flux_factor(n, bn);
    }
    case LG_LIGHT_GAUSS:
      return p[LG_LGAUSS_I0] * LG_PI / p[LG_LGAUSS_INV_2SIG2]; /* F = I_0 2 pi sigma^2 */
    case LG_LIGHT_PIXEL: {
      /* F = AMP sum(v) pixel^2 (observe/pixsrc.h) */
      const lg_pixsrc *src = lg_pixsrc_get((int)p[LG_LPIXEL_SLOT]);
      if (!src) return 0.0;
      return p[LG_LPIXEL_AMP] * src->sum[(int)p[LG_LPIXEL_IMAGE]] / (p[LG_LPIXEL_INV_PIX] * p[LG_LPIXEL_INV_PIX]);
    }
    default:
      return 0.0;
  }
}

double lg_light_total_flux_sum(const lg_light *c, int n) {
  double f = 0.0;
  for (int i = 0; i < n; i++) f += lg_light_total_flux(&c[i]);
  return f;
}
