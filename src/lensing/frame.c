/* The lens frame (centres, Einstein-like scale) and polygon helpers shared by the image finder, the
 * critical curves and the source placement. */
#include "lensing/frame.h"

#include <math.h>

#include "physics/lens_eval.h"

#define SQRT1_2 0.70710678118654752440

int lg_component_has_centre(int kind) { return kind != LG_PROFILE_SHEAR && kind != LG_PROFILE_SHEET; }

/* Mean convergence inside radius r about (x0, y0): the 8-angle mean of alpha . r_hat, over r. The
 * angles k pi/4 cancel any quadrupole (external shear) term exactly. */
static double kbar(const lg_component *comps, int n, double x0, double y0, double r) {
  static const double c8[8] = {1, SQRT1_2, 0, -SQRT1_2, -1, -SQRT1_2, 0, SQRT1_2};
  static const double s8[8] = {0, SQRT1_2, 1, SQRT1_2, 0, -SQRT1_2, -1, -SQRT1_2};
  double sum = 0.0;
  for (int k = 0; k < 8; k++) {
    lg_lens_point pt;
    lg_lens_eval(comps, n, x0 + r * c8[k], y0 + r * s8[k], &pt);
    sum += pt.alpha_x * c8[k] + pt.alpha_y * s8[k];
  }
  return sum / (8.0 * r);
}

lg_err lg_lens_frame_init(const lg_component *comps, int n, lg_lens_frame *f) {
  LG_CHECK(n >= 0 && (n == 0 || comps != NULL), LG_ERR_RANGE, "lens with %d components", n);
  f->n_centres = 0;
  f->ref_x = f->ref_y = 0.0;
  int have = 0;
  for (int i = 0; i < n; i++) {
    if (!lg_component_has_centre(comps[i].kind)) continue;
    const double x = comps[i].p[0], y = comps[i].p[1];
    if (!have) {
      f->ref_x = x;
      f->ref_y = y;
      f->lo_x = f->hi_x = x;
      f->lo_y = f->hi_y = y;
      have = 1;
    }
    int dup = 0;
    for (int k = 0; k < f->n_centres; k++)
      if (fabs(f->cx[k] - x) <= 1e-12 && fabs(f->cy[k] - y) <= 1e-12) dup = 1;
    if (dup || f->n_centres == LG_FRAME_MAX_CENTRES) continue;
    f->cx[f->n_centres] = x;
    f->cy[f->n_centres] = y;
    f->n_centres++;
    f->lo_x = fmin(f->lo_x, x);
    f->hi_x = fmax(f->hi_x, x);
    f->lo_y = fmin(f->lo_y, y);
    f->hi_y = fmax(f->hi_y, y);
  }
  if (!have) f->lo_x = f->hi_x = f->lo_y = f->hi_y = 0.0;

  /* theta_e: halve r from 1e4 arcsec until kbar(r) >= 1, then bisect (in log r) */
  const double r_top = 1e4, r_floor = 1e-5;
  LG_CHECK(kbar(comps, n, f->ref_x, f->ref_y, r_top) < 1.0, LG_ERR_RANGE,
           "lens with mean convergence >= 1 out to %g arcsec (a sheet with kappa >= 1?): no finite search region",
           r_top);
  double hi = r_top, lo = 0.0;
  for (int k = 1; ldexp(r_top, -k) >= r_floor; k++) {
    const double r = ldexp(r_top, -k);
    if (kbar(comps, n, f->ref_x, f->ref_y, r) >= 1.0) {
      lo = r;
      break;
    }
    hi = r;
  }
  if (lo == 0.0) {
    f->theta_e = 0.0;
    return LG_OK;
  }
  while (hi / lo > 1.0 + 1e-4) {
    const double mid = sqrt(lo * hi);
    if (kbar(comps, n, f->ref_x, f->ref_y, mid) >= 1.0)
      lo = mid;
    else
      hi = mid;
  }
  f->theta_e = sqrt(lo * hi);
  return LG_OK;
}

int lg_polygon_winding(const double *x, const double *y, int n, double px, double py) {
  if (n < 3) return 0;
  int w = 0;
  for (int i = 0; i < n; i++) {
    const int j = i + 1 == n ? 0 : i + 1;
    const double ax = x[i] - px, ay = y[i] - py, bx = x[j] - px, by = y[j] - py;
    const double cr = ax * by - ay * bx;
    if (ay <= 0.0) {
      if (by > 0.0 && cr > 0.0) w++; /* upward crossing with the point on the left */
    } else {
      if (by <= 0.0 && cr < 0.0) w--; /* downward crossing with the point on the right */
    }
  }
  return w;
}

double lg_polygon_area(const double *x, const double *y, int n) {
  double a = 0.0;
  for (int i = 0; i < n; i++) {
    const int j = i + 1 == n ? 0 : i + 1;
    a += x[i] * y[j] - x[j] * y[i];
  }
  return 0.5 * a;
}

/* Signed curvature of the circle through three points (left turn positive). */
static double curvature3(double x0, double y0, double x1, double y1, double x2, double y2) {
  const double ax = x1 - x0, ay = y1 - y0, bx = x2 - x1, by = y2 - y1, cx = x2 - x0, cy = y2 - y0;
  const double d = sqrt((ax * ax + ay * ay) * (bx * bx + by * by) * (cx * cx + cy * cy));
  return d > 0.0 ? 2.0 * (ax * by - ay * bx) / d : 0.0;
}

/* Area between a chord of length c and the circular arc of curvature k over it (signed as k). */
static double segment_area(double c, double k) {
  const double a = 0.5 * c * fabs(k); /* sin of the half-angle */
  if (a >= 1.0) return 0.0;           /* no circle of that curvature spans the chord: give up */
  double s;
  if (a < 1e-3) {
    s = c * c * c * fabs(k) / 12.0 * (1.0 + 0.3 * a * a); /* series of R^2 (t - sin t cos t) */
  } else {
    const double t = asin(a), r = 1.0 / fabs(k);
    s = r * r * (t - a * cos(t));
  }
  return k >= 0.0 ? s : -s;
}

double lg_curve_area(const double *x, const double *y, int n) {
  if (n < 3) return 0.0;
  double a = lg_polygon_area(x, y, n);
  if (n < 4) return a;
  for (int i = 0; i < n; i++) {
    const int im = (i + n - 1) % n, j = (i + 1) % n, jp = (i + 2) % n;
    const double k =
        0.5 * (curvature3(x[im], y[im], x[i], y[i], x[j], y[j]) + curvature3(x[i], y[i], x[j], y[j], x[jp], y[jp]));
    a += segment_area(hypot(x[j] - x[i], y[j] - y[i]), k);
  }
  return a;
}

double lg_polyline_distance(const double *x, const double *y, int n, int closed, double px, double py) {
  double best = INFINITY;
  if (n == 1) return hypot(px - x[0], py - y[0]);
  const int m = closed ? n : n - 1;
  for (int i = 0; i < m; i++) {
    const int j = i + 1 == n ? 0 : i + 1;
    const double dx = x[j] - x[i], dy = y[j] - y[i], l2 = dx * dx + dy * dy;
    double t = l2 > 0.0 ? ((px - x[i]) * dx + (py - y[i]) * dy) / l2 : 0.0;
    t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
    best = fmin(best, hypot(px - x[i] - t * dx, py - y[i] - t * dy));
  }
  return best;
}
