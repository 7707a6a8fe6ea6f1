/* Pixelised light: images read from a file (a real galaxy cutout, a simulation, a stack of K such
 * images), interpolated at any point. One entry per light component in a host-side registry (slot =
 * the component's index among the scenario's lights), filled once per run by run/config_pixsrc.c and
 * read by the `pixel` light kind (observe/light.h), whose per-sample parameters choose the image,
 * its position, rotation, size and total flux.
 *
 * Geometry: image j of the stack is v[j][iy][ix] (C order, x along the last axis), row iy at larger
 * y, like lensgen's own maps (plt.imshow(a, origin="lower") shows it as on the sky). Sample (ix, iy)
 * sits at u = ix - (nx - 1)/2, w = iy - (ny - 1)/2 source pixels from the image centre, so the
 * centre of the array is the component's (x, y). The image's x axis points at angle phi
 * (counter-clockwise from +x) on the sky and one source pixel spans pixel_arcsec x zoom arcsec.
 *
 * Interpolation (beyond the edges the image is 0): bicubic (Keys 1981 cubic convolution, a = -1/2;
 * smooth, may undershoot below 0 next to sharp edges) or bilinear (never below the smallest
 * sample). Both keep the total flux exactly: the interpolant integrates to sum(v) x (pixel area), so
 * the flux normalisation F / (sum(v) pixel^2) gives a surface brightness whose integral is F. */
#ifndef LG_PIXSRC_H
#define LG_PIXSRC_H

#include "core/err.h"

#define LG_PIXSRC_SLOTS 8 /* = LG_MAX_LIGHTS (sampling/scenario.h) */

typedef enum { LG_PIXSRC_BICUBIC = 0, LG_PIXSRC_BILINEAR, LG_PIXSRC_INTERP_COUNT } lg_pixsrc_interp;

typedef struct {
  int n_images, nx, ny;
  double pixel_arcsec; /* source pixel side before the per-sample zoom */
  int interp;          /* lg_pixsrc_interp */
  double *v;           /* n_images * ny * nx samples */
  double *sum;         /* per image: the sum of its samples (> 0) */
  char *key;           /* the run configuration's lines for this input (file, shape, checksum) */
} lg_pixsrc;

/* Builds src from n_images images of ny x nx samples (copied), checking that each image has a
 * positive sum (its flux is normalised by it): LG_ERR_FILE naming `what` and the image otherwise. */
lg_err lg_pixsrc_init(lg_pixsrc *src, const char *what, const double *v, int n_images, int ny, int nx,
                      double pixel_arcsec, int interp);
void lg_pixsrc_free(lg_pixsrc *src);

/* Installs src (its contents are moved in; src is left empty) in the registry at slot, freeing what
 * was there. */
lg_err lg_pixsrc_install(int slot, lg_pixsrc *src);
/* The entry at slot, or NULL. */
const lg_pixsrc *lg_pixsrc_get(int slot);
/* Frees every entry. */
void lg_pixsrc_uninstall_all(void);

const char *lg_pixsrc_interp_name(int interp);
int lg_pixsrc_interp_find(const char *name); /* "bicubic", "bilinear" -> interp, or -1 */

/* Interpolated sample value of image `image` of src at (u, w) in source pixels from its centre
 * (the geometry above); 0 beyond the interpolant's support. */
double lg_pixsrc_value(const lg_pixsrc *src, int image, double u, double w);

#endif
