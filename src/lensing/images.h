/* Point images of a point source: every solution theta of the lens equation beta = theta - alpha(theta)
 * for a lens given as a list of components, with its magnification, type and arrival time. Called
 * per sample by the scenario (host code); no allocation, thread-safe, deterministic.
 *
 * Algorithm. The image plane is covered by a square box (automatic: box_factor * theta_E beyond the
 * lens centres and the source, see lg_lens_frame) cut into n_grid^2 cells, and by a log-polar patch
 * about every lens centre (radii rho = 1e-7 box half-size to 1.5 base cells, ratio 2 per ring, n_polar
 * cells in angle), which replaces the Cartesian cells that hold a centre. Cell corners are mapped to
 * the source plane (residual r = theta - alpha(theta) - beta). A cell is dropped unless the source
 * lies within the bounding box of its mapped corners widened by its own size on each side. A kept cell
 * is split in four (quadtree, max_level levels at most) when it straddles a critical curve (det A
 * changes sign), when one is within about half a cell (|det A| small against its variation), when its
 * mapped triangles are folded (orientation unlike det A), while below min_level, and when the source
 * lies outside both mapped triangles but within four times the bend of the map (the centre's residual
 * against the corners' mean) of them; beyond that bend margin the cell is dropped. In a leaf, each
 * mapped triangle holding the source seeds a damped Newton iteration on the lens equation (Jacobian A
 * = I - Hessian, trust region), as do the corners of a leaf that straddles a critical curve (fold pairs
 * closer than a cell). Roots with |r| <= tol are merged when closer than their Newton error (never
 * across parities, so a fold pair stays two).
 *
 * Completeness check (index theorem). The winding number W of beta(theta) - beta along the box edge
 * equals the sum of the parities sign(det A) of the images inside plus, for each centre, the winding
 * w_c along its circle of radius rho (1 about an isothermal or point-mass centre whose cut encloses
 * the source, 0 about a smooth centre). The finder checks sum(parity) = W - sum w_c and W = 1 (an
 * unbounded lens map has degree 1), and on failure searches again with a grid twice as fine, two more
 * levels, one more forced level and a box twice as large if W was wrong (max_retries times);
 * lg_image_stats says whether it passed. A missed pair of opposite parity escapes this check.
 *
 * Limits. (1) Images within rho of a lens centre are not searched (w_c accounts for them): the central
 * image of a cusp steeper than ~r^-0.9 lies there. (2) A pair of opposite parity closer together than
 * the finest cell (2 half_size / (n_grid 2^max_level), ~1e-4 theta_E by default) can be missed
 * together: a source within ~1e-8 theta_E of a fold caustic. (3) The automatic box assumes images lie
 * within box_factor theta_E (+ the source offset) of the centres: true for galaxy lenses with
 * |shear| < ~0.5; pass half_size otherwise. (4) At most LG_IMAGES_CAP images per source; polar patches
 * about the first LG_FRAME_MAX_CENTRES centres only (a small singular satellite beyond them is seen by
 * the Cartesian cells alone).
 * Measured (tests/lensing/test_images_complete.c, tools/bench/bench_images.c): no miss in 10^4 SIE +
 * shear, NFW + shear and SIE + NFW + shear systems against their caustics, none against a 64-cell,
 * 16-level search for sources 1e-7 theta_E from caustics, EPL, satellites and subhalos; about 1.1e3
 * lens evaluations per SIE + shear system. */
#ifndef LG_LENSING_IMAGES_H
#define LG_LENSING_IMAGES_H

#include "core/err.h"
#include "physics/lens.h"

#define LG_IMAGES_CAP 64 /* images one search keeps */
#define LG_IMAGES_MAX_GRID 512

typedef enum { LG_IMAGE_MIN = 1, LG_IMAGE_SADDLE = 2, LG_IMAGE_MAX = 3 } lg_image_type;

typedef struct {
  double x, y;    /* arcsec */
  double mu;      /* signed magnification 1 / det A */
  int type;       /* lg_image_type, from the eigenvalues 1 - kappa -+ gamma of A (the Fermat Hessian) */
  double fermat;  /* Fermat potential |theta - beta|^2 / 2 - psi, arcsec^2 (psi's zero is the profiles') */
  double t_days;  /* fermat * days_per_arcsec2: arrival time up to a constant */
  double dt_days; /* t_days minus that of the first image (images are sorted by arrival time) */
  double resid;   /* |beta(theta) - beta|, arcsec */
} lg_image;

typedef struct {
  double half_size;        /* > 0: the box is [box_x -+ half_size] x [box_y -+ half_size]; 0: automatic */
  double box_x, box_y;     /* used when half_size > 0 */
  double box_factor;       /* automatic box: theta_E multiples beyond the centres and source (3) */
  int n_grid;              /* base cells per box side (16) */
  int max_level;           /* quadtree levels below a base cell (12) */
  int min_level;           /* levels always added where the source is near a cell's image (1) */
  int n_polar;             /* angular cells of each log-polar patch (12) */
  double tol;              /* accepted |beta(theta) - beta|, arcsec (1e-10) */
  double days_per_arcsec2; /* lg_cosmo_days_per_arcsec2(z_l, z_s); 0 leaves t_days, dt_days 0 */
  int max_retries;         /* finer searches after a failed index check (2) */
} lg_image_search;

typedef struct {
  int n_found;                    /* images found (*n_img is min(n_found, max_img)) */
  int parity_found;               /* sum over images of sign(det A) */
  int parity_expected;            /* W(box) - sum over centres of w_c */
  int winding_box;                /* W(box) */
  int complete;                   /* 1: the index check passed (and W(box) = 1) */
  int n_tries;                    /* searches run (1 + retries) */
  long n_evals;                   /* lens evaluations, all tries */
  double half_size, box_x, box_y; /* the box of the last try */
} lg_image_stats;

/* Defaults in parentheses above. */
void lg_image_search_default(lg_image_search *o);

/* The images of a point source at (beta_x, beta_y) arcsec: sorted by arrival time, the first
 * min(found, max_img) into out, their count into *n_img. opts NULL means the defaults. Fails only on
 * bad arguments (LG_ERR_RANGE) or a lens without a finite search region (lg_lens_frame_init); an
 * incomplete search is reported by lg_find_images_stats, not as an error. */
lg_err lg_find_images(const lg_component *comps, int n, double beta_x, double beta_y, const lg_image_search *opts,
                      lg_image *out, int max_img, int *n_img);
/* The same, with the diagnostics of the search (stats may be NULL). */
lg_err lg_find_images_stats(const lg_component *comps, int n, double beta_x, double beta_y, const lg_image_search *opts,
                            lg_image *out, int max_img, int *n_img, lg_image_stats *stats);

#endif
