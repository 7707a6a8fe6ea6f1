/* Where a lens is, for the searches of lensing/: the centres of its components, an Einstein-like
 * angular scale and the small geometric helpers (winding numbers, polygon areas) that the image
 * finder, the critical curves and the source placement share. Host code, no allocation. */
#ifndef LG_LENSING_FRAME_H
#define LG_LENSING_FRAME_H

#include "core/err.h"
#include "physics/lens.h"

/* Centres beyond this many are not given their own log-polar patch (see images.h, critical.h). */
#define LG_FRAME_MAX_CENTRES 16

typedef struct {
  int n_centres;                   /* distinct centres of the centred components (not shear, sheet) */
  double cx[LG_FRAME_MAX_CENTRES]; /* arcsec */
  double cy[LG_FRAME_MAX_CENTRES];
  double ref_x, ref_y;           /* first centre (the origin if none): where theta_e is measured */
  double theta_e;                /* Einstein-like scale, arcsec; 0 if the lens is nowhere critical */
  double lo_x, hi_x, lo_y, hi_y; /* bounding box of the centres (ref if none) */
} lg_lens_frame;

/* Fills f for the lens comps[0..n). theta_e is the radius about ref where the mean convergence
 * kbar(r) = <alpha . r_hat>_phi / r (an 8-angle average, which cancels an external shear exactly)
 * falls to 1, found by halving r from 1e4 arcsec and bisecting to 1e-4 relative; 0 when kbar < 1
 * down to 1e-5 arcsec. LG_ERR_RANGE if kbar >= 1 at 1e4 arcsec (a convergence sheet with kappa >= 1):
 * no finite search box exists. */
lg_err lg_lens_frame_init(const lg_component *comps, int n, lg_lens_frame *f);

/* 1 if component kind k has a centre at p[0], p[1] (every kind but shear and sheet). */
int lg_component_has_centre(int kind);

/* Winding number of the closed polygon (x[i], y[i]), i = 0..n-1, about (px, py) (sign: counter-
 * clockwise positive); 0 for n < 3. */
int lg_polygon_winding(const double *x, const double *y, int n, double px, double py);
/* Signed (shoelace) area of the closed polygon, counter-clockwise positive. */
double lg_polygon_area(const double *x, const double *y, int n);
/* Signed area enclosed by a smooth closed curve through the n points: the shoelace area plus, per
 * chord, the circular segment of the curvature estimated from the circles through its neighbours
 * (error O(h^4) in the point spacing h instead of the shoelace's O(h^2)). */
double lg_curve_area(const double *x, const double *y, int n);
/* Distance from (px, py) to the polyline (closed: the last point joins the first). */
double lg_polyline_distance(const double *x, const double *y, int n, int closed, double px, double py);

#endif
