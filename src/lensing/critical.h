/* Critical curves (det A = 0) and caustics of a lens, their areas, the Einstein radius of the
 * tangential critical curve, and the image multiplicity of a source position read off the caustics.
 * Called per sample by the scenario (host code), with work arrays kept by the caller.
 *
 * Algorithm. det A is sampled on an n_grid^2 grid over a box (automatic: box_factor theta_E about
 * the centres, see lg_lens_frame) and, about each lens centre, on a log-polar grid (radii 1e-7 of the
 * box half-size to three grid cells, n_polar_r x n_polar_phi cells) that resolves radial critical
 * curves and small loops the box grid cannot; a patch whose det A keeps one sign on every fourth
 * node is skipped. Marching squares (saddle cells split by the centre value) gives crossing points on
 * cell edges, linked into polylines (closed loops, or open ones that leave the box); a loop of the box
 * grid that lies within a polar patch is dropped for the patch's, and an open polyline of a patch is
 * dropped for the box grid's. Each polyline is resampled to n_pts points evenly spaced in arc length
 * and every point is moved onto det A = 0 along the chord normal by the secant method (to 1e-13 of
 * the box). The caustic is the map beta = theta - alpha of those points. A curve is tangential when
 * the vanishing eigenvalue of A is 1 - kappa - gamma, radial when it is 1 - kappa + gamma (majority of
 * its points). About a singular centre (isothermal, point mass: alpha has no limit there) the image
 * of a circle of radius 1e-7 of the box is stored as a cut (pseudo-caustic) when alpha varies around
 * it by more than 1e-3 theta_E; a cut larger than 1e3 boxes (point mass) is only counted.
 *
 * Limits. A critical curve through a singular centre (an SIE off the centre of an NFW halo where the
 * halo's convergence plus shear exceeds 1; a singular satellite on the main critical curve) makes the
 * cut ill-defined: n_degenerate counts such centres, and lg_source_multiplicity is then unreliable
 * (count images with lg_find_images, which is not affected). Curves passing near a singular centre
 * are resolved only as well as the polar patch allows (singular SIS satellites within ~0.5 theta_E of
 * the main critical curve: curve counts and areas off by up to 1e-2 in tests). Loops smaller than
 * the grid spacing away from the centres are missed; polar patches are made about at most
 * LG_FRAME_MAX_CENTRES centres. Open curves (leaving the box) carry no area. The areas: curves by the
 * shoelace formula with circular-arc corrections, caustics by the shoelace formula Richardson-
 * extrapolated from n_pts and n_pts / 2 points (both O(h^4) in the spacing h).
 * Measured: theta_E of SIS, SIE (any q) and point mass to 5e-10; against a 160-cell grid with
 * 1024 points, SIE + shear, NFW + shear and SIE in an NFW halo agree in curve counts, theta_E to 1e-8
 * and caustic areas to 1e-5; about 3.8e3 lens evaluations per SIE + shear lens (n_pts 256). */
#ifndef LG_LENSING_CRITICAL_H
#define LG_LENSING_CRITICAL_H

#include "core/err.h"
#include "physics/lens.h"

#define LG_CRIT_MAX_CURVES 8
#define LG_CRIT_MAX_PTS 1024

typedef enum { LG_CURVE_TANGENTIAL = 1, LG_CURVE_RADIAL = 2, LG_CURVE_CUT = 3 } lg_curve_kind;

typedef struct {
  int kind;            /* lg_curve_kind */
  int closed;          /* 1: a loop; 0: leaves the box (no area, not used for multiplicities) */
  int n;               /* points stored */
  int parity_in;       /* sign of det A just inside the loop (for a cut: about its centre) */
  int type_in;         /* lg_image_type of an image just inside (1 min, 2 saddle, 3 max) */
  int parent;          /* index of the smallest stored loop that encloses this one, -1 if none */
  double area;         /* signed area enclosed by the critical curve, arcsec^2 (0 if open; ~0 for a cut) */
  double caustic_area; /* signed area of the caustic (net, by winding), arcsec^2 */
  double x[LG_CRIT_MAX_PTS], y[LG_CRIT_MAX_PTS];   /* critical curve (image plane), arcsec */
  double bx[LG_CRIT_MAX_PTS], by[LG_CRIT_MAX_PTS]; /* caustic (source plane), arcsec */
} lg_curve;

typedef struct {
  int n_curves;                   /* stored: tangential (largest first), radial, then cuts */
  int n_dropped;                  /* curves found beyond LG_CRIT_MAX_CURVES */
  int n_infinite_cuts;            /* singular centres whose cut is at infinity (point masses) */
  int infinite_cut_images;        /* images those add to every source: -sum of det A's sign about them */
  int n_degenerate;               /* singular centres a critical curve runs through: multiplicities unreliable */
  double theta_e;                 /* sqrt(|area| / pi) of the largest closed tangential curve; 0 if none */
  double caustic_area;            /* |caustic_area| of that curve; 0 if none */
  double half_size, box_x, box_y; /* the box used */
  long n_evals;                   /* lens evaluations */
  lg_curve curve[LG_CRIT_MAX_CURVES];
} lg_critical;

typedef struct {
  double half_size; /* > 0: box [box_x -+ half_size] x [box_y -+ half_size]; 0: automatic */
  double box_x, box_y;
  double box_factor; /* automatic box: theta_E multiples about the centres (2.5) */
  int n_grid;        /* grid cells per box side (48) */
  int n_pts;         /* points per stored curve, 8..LG_CRIT_MAX_PTS (256) */
  int n_polar_r;     /* log-polar patch cells in radius, 0: no patches (48) */
  int n_polar_phi;   /* log-polar patch cells in angle (32) */
} lg_critical_opts;

void lg_critical_opts_default(lg_critical_opts *o);

/* Work arrays of lg_critical_curves, kept between calls by one thread (they grow to the largest grid
 * asked for): init leaves it empty, free releases it. */
typedef struct {
  double *det;
  int *nb;
  unsigned char *seen;
  double *px, *py;
  size_t cap_nodes, cap_edges;
  lg_curve *spare;
} lg_critical_work;

void lg_critical_work_init(lg_critical_work *w);
void lg_critical_work_free(lg_critical_work *w);

/* Critical curves and caustics of comps[0..n) into *out (a large struct: allocate it). opts NULL
 * means the defaults; work NULL means arrays allocated and freed in the call (slower: pass one per
 * thread). LG_ERR_RANGE for bad options or a lens without a finite region (lg_lens_frame_init),
 * LG_ERR_NOMEM. A lens that is nowhere critical gives no curves. */
lg_err lg_critical_curves(const lg_component *comps, int n, const lg_critical_opts *opts, lg_critical_work *work,
                          lg_critical *out);

/* Image counts of a source at (bx, by) from the closed curves and cuts of cc, by the degree of the
 * lens map on each region the critical curves bound (Schneider, Ehlers & Falco 1992, ch. 5):
 *   n_total = 1 + infinite_cut_images + sum_C 2 s_C W_C - sum_S s_S W_S,
 * C the critical loops, W_C the winding number about the source of the caustic traced as C is
 * traced counter-clockwise, s_C = parity_in; S the cuts (image of a counter-clockwise circle about a
 * singular centre) and s_S the sign of det A about the centre. This is 1 + 2 per fold caustic and 1
 * per cut enclosing the source for nested simple caustics, and stays right when a radial loop encloses
 * an isothermal centre (an SIE in an NFW halo). n_bright = n_total minus the maxima, which lie in the
 * loops with type_in = 3: W_C minus the windings of the loops and cuts directly inside, each.
 * Either output may be NULL. */
void lg_source_multiplicity(const lg_critical *cc, double bx, double by, int *n_total, int *n_bright);

/* Distance from (bx, by) to the nearest stored caustic or cut polyline (INFINITY if none). */
double lg_caustic_distance(const lg_critical *cc, double bx, double by);

#endif
