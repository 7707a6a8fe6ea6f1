/* The pixelised-light registry and its interpolation (observe/pixsrc.h), and the host evaluator of
 * the `pixel` light kind (observe/light.h). No MPI, no files: run/config_pixsrc.c reads the input. */
#include "observe/pixsrc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/interp.h"
#include "observe/light.h"

static const char *const lg_interp_names[LG_PIXSRC_INTERP_COUNT] = {"bicubic", "bilinear"};

const char *lg_pixsrc_interp_name(int interp) {
  return interp >= 0 && interp < LG_PIXSRC_INTERP_COUNT ? lg_interp_names[interp] : "?";
}

int lg_pixsrc_interp_find(const char *name) {
  for (int i = 0; i < LG_PIXSRC_INTERP_COUNT; i++)
    if (!strcmp(name, lg_interp_names[i])) return i;
  return -1;
}

void lg_pixsrc_free(lg_pixsrc *src) {
  free(src->v);
  free(src->sum);
  free(src->key);
  memset(src, 0, sizeof *src);
}

lg_err lg_pixsrc_init(lg_pixsrc *src, const char *what, const double *v, int n_images, int ny, int nx,
                      double pixel_arcsec, int interp) {
  memset(src, 0, sizeof *src);
  LG_CHECK(n_images >= 1 && ny >= 1 && nx >= 1, LG_ERR_FILE, "%s: empty image stack (%d x %d x %d)", what, n_images, ny,
           nx);
  LG_CHECK(pixel_arcsec > 0.0 && isfinite(pixel_arcsec), LG_ERR_OPTION, "%s: source pixel %g arcsec: need > 0", what,
           pixel_arcsec);
  LG_CHECK(interp >= 0 && interp < LG_PIXSRC_INTERP_COUNT, LG_ERR_OPTION, "%s: unknown interpolation %d", what, interp);
  const size_t per = (size_t)nx * (size_t)ny, n = per * (size_t)n_images;
  src->v = malloc(n * sizeof *src->v);
  src->sum = malloc((size_t)n_images * sizeof *src->sum);
  if (!src->v || !src->sum) {
    lg_pixsrc_free(src);
    LG_FAIL(LG_ERR_NOMEM, "%s: cannot allocate %d images of %d x %d", what, n_images, ny, nx);
  }
  memcpy(src->v, v, n * sizeof *src->v);
  for (int j = 0; j < n_images; j++) {
    double s = 0.0;
    for (size_t i = 0; i < per; i++) s += v[(size_t)j * per + i];
    src->sum[j] = s;
    if (!(s > 0.0)) {
      lg_pixsrc_free(src);
      LG_FAIL(LG_ERR_FILE,
              "%s: image %d of %d has total %g; each image needs a positive total (its flux is scaled "
              "to the drawn magnitude)",
              what, j, n_images, s);
    }
  }
  src->n_images = n_images;
  src->nx = nx;
  src->ny = ny;
  src->pixel_arcsec = pixel_arcsec;
  src->interp = interp;
  return LG_OK;
}

static lg_pixsrc lg_pixsrc_registry[LG_PIXSRC_SLOTS];

lg_err lg_pixsrc_install(int slot, lg_pixsrc *src) {
  LG_CHECK(slot >= 0 && slot < LG_PIXSRC_SLOTS, LG_ERR_INTERNAL, "pixel source slot %d outside 0..%d", slot,
           LG_PIXSRC_SLOTS - 1);
  lg_pixsrc_free(&lg_pixsrc_registry[slot]);
  lg_pixsrc_registry[slot] = *src;
  memset(src, 0, sizeof *src);
  return LG_OK;
}

const lg_pixsrc *lg_pixsrc_get(int slot) {
  if (slot < 0 || slot >= LG_PIXSRC_SLOTS || !lg_pixsrc_registry[slot].v) return NULL;
  return &lg_pixsrc_registry[slot];
}

void lg_pixsrc_uninstall_all(void) {
  for (int i = 0; i < LG_PIXSRC_SLOTS; i++) lg_pixsrc_free(&lg_pixsrc_registry[i]);
}

/* Sample (ix, iy) of image im, 0 outside the array. */
static double lg_pixsrc_at(const lg_pixsrc *s, const double *im, long ix, long iy) {
  if (ix < 0 || iy < 0 || ix >= s->nx || iy >= s->ny) return 0.0;
  return im[iy * s->nx + ix];
}

double lg_pixsrc_value(const lg_pixsrc *s, int image, double u, double w) {
  /* array coordinates: sample ix at a = ix */
  const double a = u + 0.5 * (double)(s->nx - 1), b = w + 0.5 * (double)(s->ny - 1);
  if (!(a > -2.0 && b > -2.0 && a < (double)s->nx + 1.0 && b < (double)s->ny + 1.0)) return 0.0; /* NaN too */
  const double *im = s->v + (size_t)image * (size_t)s->nx * (size_t)s->ny;
  const double fa = floor(a), fb = floor(b);
  const long i0 = (long)fa, j0 = (long)fb;
  const double ta = a - fa, tb = b - fb;
  if (s->interp == LG_PIXSRC_BILINEAR)
    return (1.0 - tb) * ((1.0 - ta) * lg_pixsrc_at(s, im, i0, j0) + ta * lg_pixsrc_at(s, im, i0 + 1, j0)) +
           tb * ((1.0 - ta) * lg_pixsrc_at(s, im, i0, j0 + 1) + ta * lg_pixsrc_at(s, im, i0 + 1, j0 + 1));
  double wa[4], wb[4];
  lg_keys_weights(ta, wa);
  lg_keys_weights(tb, wb);
  double sum = 0.0;
  for (int j = 0; j < 4; j++) {
    double row = 0.0;
    for (int i = 0; i < 4; i++) row += wa[i] * lg_pixsrc_at(s, im, i0 - 1 + i, j0 - 1 + j);
    sum += wb[j] * row;
  }
  return sum;
}

double lg_light_pixel_sb_host(const double *p, double x, double y) {
  const lg_pixsrc *s = lg_pixsrc_get((int)p[LG_LPIXEL_SLOT]);
  if (!s) return 0.0; /* lg_light_prepare refuses a pixel component without its image */
  const double dx = x - p[LG_LPIXEL_X], dy = y - p[LG_LPIXEL_Y];
  const double c = p[LG_LPIXEL_COS], sn = p[LG_LPIXEL_SIN], k = p[LG_LPIXEL_INV_PIX];
  /* the sky offset in the image's frame (rotated by -phi), in source pixels */
  const double u = (c * dx + sn * dy) * k, w = (-sn * dx + c * dy) * k;
  return p[LG_LPIXEL_AMP] * lg_pixsrc_value(s, (int)p[LG_LPIXEL_IMAGE], u, w);
}
