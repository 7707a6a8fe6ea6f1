/* Point-image finder: adaptive triangle mapping on a Cartesian quadtree plus log-polar patches about
 * the lens centres, Newton refinement and an index-theorem completeness check (see images.h). */
#include "lensing/images.h"

#include <math.h>
#include <string.h>

#include "core/consts.h"
#include "lensing/frame.h"
#include "physics/lens_eval.h"

/* A mesh vertex: chart coordinates (u, v), image-plane position, the lens-equation residual
 * r = beta(theta) - beta (the source sits at r = 0) and det A. */
typedef struct {
  double u, v, x, y, rx, ry, det;
} vtx;

/* Cartesian (theta = (u, v)) or log-polar about a centre (theta = c + e^u (cos v, sin v)); both
 * preserve orientation, so a mapped triangle's orientation is that of det A where A is smooth. */
typedef struct {
  int polar;
  double cx, cy;
} chart;

typedef struct {
  double x, y, err, resid;
  int parity;
} cand;

typedef struct {
  const lg_component *comps;
  int n;
  double bx, by; /* source */
  double tol;    /* accepted residual */
  double len;    /* box half-size: the length scale of tolerances */
  double rho;    /* images within rho of a centre are not searched */
  int max_level;
  int min_level;
  int polar_min_level;
  int n_centres;
  const double *cx, *cy;
  long n_evals;
  int nc;
  cand c[LG_IMAGES_CAP];
} finder;

static void lens_at(finder *f, double x, double y, lg_lens_point *pt) {
  f->n_evals++;
  lg_lens_eval(f->comps, f->n, x, y, pt);
}

static void vtx_eval(finder *f, const chart *ch, double u, double v, vtx *o) {
  o->u = u;
  o->v = v;
  if (ch->polar) {
    const double r = exp(u);
    o->x = ch->cx + r * cos(v);
    o->y = ch->cy + r * sin(v);
  } else {
    o->x = u;
    o->y = v;
  }
  lg_lens_point pt;
  lens_at(f, o->x, o->y, &pt);
  o->rx = o->x - pt.alpha_x - f->bx;
  o->ry = o->y - pt.alpha_y - f->by;
  o->det = lg_point_det_jacobian(&pt);
}

/* Adds a converged root unless it repeats one: same parity and closer than the two Newton errors
 * (or 1e-9 of the box), which keeps a fold pair of opposite parity apart however close. */
static void cand_add(finder *f, double x, double y, double err, double resid, int parity) {
  for (int k = 0; k < f->n_centres; k++)
    if (hypot(x - f->cx[k], y - f->cy[k]) < f->rho) return;
  for (int i = 0; i < f->nc; i++) {
    cand *c = &f->c[i];
    if (c->parity != parity) continue;
    if (hypot(c->x - x, c->y - y) <= fmax(1e-9 * f->len, 8.0 * (c->err + err))) {
      if (resid < c->resid) {
        c->x = x;
        c->y = y;
        c->err = err;
        c->resid = resid;
      }
      return;
    }
  }
  if (f->nc == LG_IMAGES_CAP) return;
  f->c[f->nc++] = (cand){x, y, err, resid, parity};
}

/* Damped Newton on r(theta) = theta - alpha(theta) - beta from (x, y), steps at most step_max (grown
 * fourfold after each whole clipped step): backtracks until |r| decreases (16 halvings at most),
 * stops at the rounding floor of r, after 100 steps, or after 10 steps that did not halve |r|
 * (a start in the wrong basin, e.g. on the cut of a singular centre). */
static void newton(finder *f, double x, double y, double step_max) {
  lg_lens_point pt;
  lens_at(f, x, y, &pt);
  double rx = x - pt.alpha_x - f->bx, ry = y - pt.alpha_y - f->by, r = hypot(rx, ry);
  double r_mark = r; /* |r| at the last halving of the residual */
  for (int it = 0, stall = 0; it < 100 && stall < 10; it++, stall++) {
    const double floor_r =
        1e-15 * (fabs(x) + fabs(y) + fabs(pt.alpha_x) + fabs(pt.alpha_y) + fabs(f->bx) + fabs(f->by));
    if (!(r > floor_r)) break; /* converged (or NaN: rejected below) */
    const double a11 = 1.0 - pt.f_xx, a22 = 1.0 - pt.f_yy, a12 = -pt.f_xy;
    const double det = a11 * a22 - a12 * a12;
    if (!(det != 0.0) || !isfinite(det)) break;
    double dx = -(a22 * rx - a12 * ry) / det, dy = -(a11 * ry - a12 * rx) / det;
    const double d = hypot(dx, dy);
    const int clipped = d > step_max;
    if (clipped) {
      dx *= step_max / d;
      dy *= step_max / d;
    }
    double lam = 1.0;
    int ok = 0;
    for (int k = 0; k < 16; k++, lam *= 0.5) {
      const double qx = x + lam * dx, qy = y + lam * dy;
      lg_lens_point q;
      lens_at(f, qx, qy, &q);
      const double sx = qx - q.alpha_x - f->bx, sy = qy - q.alpha_y - f->by, s = hypot(sx, sy);
      if (s < r) {
        x = qx;
        y = qy;
        pt = q;
        rx = sx;
        ry = sy;
        r = s;
        ok = 1;
        break;
      }
    }
    if (!ok) break;
    /* trust region: a clipped step that was taken whole lets the next one be longer */
    if (clipped && lam == 1.0) step_max *= 4.0;
    if (r < 0.5 * r_mark) {
      r_mark = r;
      stall = 0;
    }
  }
  if (!(r <= f->tol)) return;
  const double a11 = 1.0 - pt.f_xx, a22 = 1.0 - pt.f_yy, a12 = -pt.f_xy;
  const double det = a11 * a22 - a12 * a12;
  if (!(det != 0.0) || !isfinite(det)) return;
  const double err = hypot(a22 * rx - a12 * ry, a11 * ry - a12 * rx) / fabs(det);
  cand_add(f, x, y, err, r, det > 0.0 ? 1 : -1);
}

static double cross(double ax, double ay, double bx, double by) { return ax * by - ay * bx; }

/* Newton from the point of triangle (a, b, c) whose linear map hits the source, if there is one. */
static void triangle_test(finder *f, const vtx *a, const vtx *b, const vtx *c, double step_max) {
  const double area = cross(b->rx - a->rx, b->ry - a->ry, c->rx - a->rx, c->ry - a->ry);
  if (!(area != 0.0)) return;
  const double la = cross(b->rx, b->ry, c->rx, c->ry) / area;
  const double lb = cross(c->rx, c->ry, a->rx, a->ry) / area;
  const double lc = cross(a->rx, a->ry, b->rx, b->ry) / area;
  const double eps = -1e-9;
  if (la < eps || lb < eps || lc < eps) return;
  newton(f, la * a->x + lb * b->x + lc * c->x, la * a->y + lb * b->y + lc * c->y, step_max);
}

static double segment_distance(double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
  double t = l2 > 0.0 ? -(ax * dx + ay * dy) / l2 : 0.0;
  t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
  const double ex = ax + t * dx, ey = ay + t * dy;
  return sqrt(ex * ex + ey * ey);
}

/* Distance from the source (the origin of the residual) to mapped triangle (a, b, c); 0 inside. */
static double triangle_distance(const vtx *a, const vtx *b, const vtx *c) {
  const double s1 = cross(a->rx, a->ry, b->rx, b->ry), s2 = cross(b->rx, b->ry, c->rx, c->ry);
  const double s3 = cross(c->rx, c->ry, a->rx, a->ry);
  if ((s1 >= 0.0 && s2 >= 0.0 && s3 >= 0.0) || (s1 <= 0.0 && s2 <= 0.0 && s3 <= 0.0)) return 0.0;
  const double d1 = segment_distance(a->rx, a->ry, b->rx, b->ry), d2 = segment_distance(b->rx, b->ry, c->rx, c->ry);
  const double d3 = segment_distance(c->rx, c->ry, a->rx, a->ry);
  return d1 < d2 ? (d1 < d3 ? d1 : d3) : (d2 < d3 ? d2 : d3);
}

/* One quadtree cell, corners c0 (u0, v0), c1 (u1, v0), c2 (u1, v1), c3 (u0, v1). */
static void cell_process(finder *f, const chart *ch, const vtx *c0, const vtx *c1, const vtx *c2, const vtx *c3,
                         int level) {
  const vtx *c[4] = {c0, c1, c2, c3};
  double lox = INFINITY, hix = -INFINITY, loy = INFINITY, hiy = -INFINITY;
  int npos = 0;
  for (int k = 0; k < 4; k++) {
    if (!isfinite(c[k]->rx) || !isfinite(c[k]->ry)) return;
    lox = c[k]->rx < lox ? c[k]->rx : lox;
    hix = c[k]->rx > hix ? c[k]->rx : hix;
    loy = c[k]->ry < loy ? c[k]->ry : loy;
    hiy = c[k]->ry > hiy ? c[k]->ry : hiy;
    npos += c[k]->det > 0.0;
  }
  /* the source can only be near the true image of the cell if it is near its mapped corners */
  const double m = hix - lox > hiy - loy ? hix - lox : hiy - loy;
  if (lox - m > 0.0 || hix + m < 0.0 || loy - m > 0.0 || hiy + m < 0.0) return;
  const int straddle = npos > 0 && npos < 4;
  const double a1 = cross(c1->rx - c0->rx, c1->ry - c0->ry, c2->rx - c0->rx, c2->ry - c0->ry);
  const double a2 = cross(c2->rx - c0->rx, c2->ry - c0->ry, c3->rx - c0->rx, c3->ry - c0->ry);
  const int folded = (a1 > 0.0) != (a2 > 0.0) || (!straddle && (a1 > 0.0) != (npos == 4));
  /* a critical curve within about half a cell: |det A| at the corners small against its variation */
  double dlo = INFINITY, dhi = -INFINITY, dabs = INFINITY;
  for (int k = 0; k < 4; k++) {
    const double d = c[k]->det;
    dlo = d < dlo ? d : dlo;
    dhi = d > dhi ? d : dhi;
    dabs = fabs(d) < dabs ? fabs(d) : dabs;
  }
  const int near_crit = dabs < 0.5 && dabs < 0.5 * (dhi - dlo);
  const int min_level = ch->polar ? f->polar_min_level : f->min_level;
  const double um = 0.5 * (c0->u + c1->u), vm = 0.5 * (c0->v + c3->v);
  const int can_split = level < f->max_level;
  int split = 0;
  vtx mid;
  if (can_split || straddle) {
    /* The source outside both mapped triangles can still be in the true image of the cell where the
     * map bends: by about the centre's offset from the corners' mean (zero for a bilinear map; the
     * bulge of a fold; the arc of the cut a cell by an isothermal centre maps to). Beyond four times
     * that the cell is dropped (below min_level, where one point may not show the bending, it is
     * split); within it, or with a critical curve in or near it, it is split. */
    vtx_eval(f, ch, um, vm, &mid);
    const double bx = mid.rx - 0.25 * (c0->rx + c1->rx + c2->rx + c3->rx);
    const double by = mid.ry - 0.25 * (c0->ry + c1->ry + c2->ry + c3->ry);
    const double bend = sqrt(bx * bx + by * by);
    const double d1 = triangle_distance(c0, c1, c2), d2 = triangle_distance(c0, c2, c3);
    const double dist = d1 < d2 ? d1 : d2;
    if (level >= min_level && dist > 4.0 * bend) return;
    split = can_split && (straddle || folded || near_crit || level < min_level || dist > 0.0);
  }
  if (split) {
    vtx eb, er, et, el;
    vtx_eval(f, ch, um, c0->v, &eb);
    vtx_eval(f, ch, c1->u, vm, &er);
    vtx_eval(f, ch, um, c3->v, &et);
    vtx_eval(f, ch, c0->u, vm, &el);
    cell_process(f, ch, c0, &eb, &mid, &el, level + 1);
    cell_process(f, ch, &eb, c1, &er, &mid, level + 1);
    cell_process(f, ch, &mid, &er, c2, &et, level + 1);
    cell_process(f, ch, &el, &mid, &et, c3, level + 1);
    return;
  }
  const double diam = fmax(hypot(c2->x - c0->x, c2->y - c0->y), hypot(c3->x - c1->x, c3->y - c1->y));
  const double step_max = 2.0 * diam;
  triangle_test(f, c0, c1, c2, step_max);
  triangle_test(f, c0, c2, c3, step_max);
  /* a fold pair closer than the cell: Newton from each side of the critical curve */
  if (straddle)
    for (int k = 0; k < 4; k++) newton(f, c[k]->x, c[k]->y, step_max);
}

/* Turning angle of the residual from a to b, subdividing the chart segment where it turns fast. */
static double wind_seg(finder *f, const chart *ch, const vtx *a, const vtx *b, int depth) {
  const double t = atan2(cross(a->rx, a->ry, b->rx, b->ry), a->rx * b->rx + a->ry * b->ry);
  if (fabs(t) <= 0.25 * LG_PI || depth >= 30) return t;
  vtx m;
  vtx_eval(f, ch, 0.5 * (a->u + b->u), 0.5 * (a->v + b->v), &m);
  return wind_seg(f, ch, a, &m, depth + 1) + wind_seg(f, ch, &m, b, depth + 1);
}

/* The other lens centres in the chart's coordinates: a base cell that holds one is left to that
 * centre's log-polar patch, which covers it (its radius exceeds the diameter of any base cell). */
typedef struct {
  int n;
  double u[LG_FRAME_MAX_CENTRES], v[LG_FRAME_MAX_CENTRES];
} centres_in_chart;

static void chart_centres(const finder *f, const chart *ch, centres_in_chart *cc) {
  cc->n = 0;
  for (int k = 0; k < f->n_centres; k++) {
    double u = f->cx[k], v = f->cy[k];
    if (ch->polar) {
      const double dx = u - ch->cx, dy = v - ch->cy, r = hypot(dx, dy);
      if (r == 0.0) continue; /* the chart's own centre */
      u = log(r);
      v = atan2(dy, dx);
      if (v < 0.0) v += 2.0 * LG_PI; /* polar charts run over v in [0, 2 pi] */
    }
    cc->u[cc->n] = u;
    cc->v[cc->n] = v;
    cc->n++;
  }
}

static int cell_has_centre(const centres_in_chart *cc, double u0, double v0, double u1, double v1) {
  for (int k = 0; k < cc->n; k++)
    if (cc->u[k] >= u0 && cc->u[k] <= u1 && cc->v[k] >= v0 && cc->v[k] <= v1) return 1;
  return 0;
}

/* A structured sweep of nu x nv cells over [u0, u0 + nu du] x [v0, v0 + nv dv], two rows of vertices
 * at a time. Returns the winding number of the residual along the boundary (Cartesian box) or along
 * the inner edge u = u0 (polar patch: the circle of radius rho). */
static int sweep(finder *f, const chart *ch, double u0, double du, int nu, double v0, double dv, int nv) {
  vtx rows[2][LG_IMAGES_MAX_GRID + 1];
  vtx *prev = rows[0], *cur = rows[1];
  double turn = 0.0;
  centres_in_chart cc;
  chart_centres(f, ch, &cc);
  for (int i = 0; i <= nu; i++) vtx_eval(f, ch, u0 + i * du, v0, &prev[i]);
  if (!ch->polar)
    for (int i = 0; i < nu; i++) turn += wind_seg(f, ch, &prev[i], &prev[i + 1], 0);
  for (int j = 1; j <= nv; j++) {
    const double v = j == nv ? v0 + nv * dv : v0 + j * dv;
    for (int i = 0; i <= nu; i++) vtx_eval(f, ch, u0 + i * du, v, &cur[i]);
    turn -= wind_seg(f, ch, &prev[0], &cur[0], 0) * (ch->polar ? -1.0 : 1.0);
    if (!ch->polar) turn += wind_seg(f, ch, &prev[nu], &cur[nu], 0);
    for (int i = 0; i < nu; i++) {
      if (cell_has_centre(&cc, prev[i].u, prev[i].v, cur[i + 1].u, cur[i + 1].v)) continue;
      cell_process(f, ch, &prev[i], &prev[i + 1], &cur[i + 1], &cur[i], 0);
    }
    vtx *t = prev;
    prev = cur;
    cur = t;
  }
  if (!ch->polar)
    for (int i = 0; i < nu; i++) turn -= wind_seg(f, ch, &prev[i], &prev[i + 1], 0);
  return (int)lround(turn / (2.0 * LG_PI));
}

void lg_image_search_default(lg_image_search *o) {
  memset(o, 0, sizeof *o);
  o->box_factor = 3.0;
  o->n_grid = 16;
  o->max_level = 12;
  o->min_level = 1;
  o->n_polar = 12;
  o->tol = 1e-10;
  o->max_retries = 2;
}

/* Degree of the lens map at infinity: the sign of det of I - (sheet + shear). */
static int degree_at_infinity(const lg_component *comps, int n) {
  double k = 0.0, g1 = 0.0, g2 = 0.0;
  for (int i = 0; i < n; i++) {
    if (comps[i].kind == LG_PROFILE_SHEET) k += comps[i].p[LG_SHEET_KAPPA];
    if (comps[i].kind == LG_PROFILE_SHEAR) {
      g1 += comps[i].p[LG_SHEAR_G1];
      g2 += comps[i].p[LG_SHEAR_G2];
    }
  }
  return (1.0 - k) * (1.0 - k) - g1 * g1 - g2 * g2 >= 0.0 ? 1 : -1;
}

/* One search over the box [bx0 -+ H] x [by0 -+ H]; fills f->c and the index numbers. */
static void search(finder *f, double bx0, double by0, double H, int ng, int np, int *w_box, int *w_centres) {
  const chart cart = {0, 0.0, 0.0};
  const double h = 2.0 * H / ng;
  *w_box = sweep(f, &cart, bx0 - H, h, ng, by0 - H, h, ng);
  *w_centres = 0;
  const double r_p = 1.5 * h;
  const int nr = (int)ceil(log(r_p / f->rho) / LG_LN2);
  const double du = log(r_p / f->rho) / nr;
  for (int k = 0; k < f->n_centres; k++) {
    if (fabs(f->cx[k] - bx0) > H || fabs(f->cy[k] - by0) > H) continue;
    const chart pol = {1, f->cx[k], f->cy[k]};
    *w_centres += sweep(f, &pol, log(f->rho), du, nr, 0.0, 2.0 * LG_PI / np, np);
  }
}

static void sort_by_arrival(lg_image *im, int n) {
  for (int i = 1; i < n; i++) {
    const lg_image t = im[i];
    int j = i - 1;
    while (j >= 0 && im[j].fermat > t.fermat) {
      im[j + 1] = im[j];
      j--;
    }
    im[j + 1] = t;
  }
}

lg_err lg_find_images_stats(const lg_component *comps, int n, double beta_x, double beta_y, const lg_image_search *opts,
                            lg_image *out, int max_img, int *n_img, lg_image_stats *stats) {
  lg_image_search def;
  if (opts == NULL) {
    lg_image_search_default(&def);
    opts = &def;
  }
  LG_CHECK(n_img != NULL && (max_img <= 0 || out != NULL), LG_ERR_RANGE, "image finder: no output given");
  LG_CHECK(isfinite(beta_x) && isfinite(beta_y), LG_ERR_RANGE, "image finder: source at (%g, %g)", beta_x, beta_y);
  LG_CHECK(opts->n_grid >= 2 && opts->n_grid <= LG_IMAGES_MAX_GRID && opts->max_level >= 0 && opts->max_level <= 40 &&
               opts->min_level >= 0 && opts->n_polar >= 4 && opts->n_polar <= LG_IMAGES_MAX_GRID && opts->tol > 0.0 &&
               opts->max_retries >= 0,
           LG_ERR_RANGE, "image finder: n_grid %d (2..%d), max_level %d (0..40), n_polar %d (4..%d), tol %g (> 0)",
           opts->n_grid, LG_IMAGES_MAX_GRID, opts->max_level, opts->n_polar, LG_IMAGES_MAX_GRID, opts->tol);
  *n_img = 0;
  lg_lens_frame fr;
  LG_CALL(lg_lens_frame_init(comps, n, &fr));

  double bx0, by0, H;
  if (opts->half_size > 0.0) {
    bx0 = opts->box_x;
    by0 = opts->box_y;
    H = opts->half_size;
  } else {
    const double lox = fmin(fr.lo_x, beta_x), hix = fmax(fr.hi_x, beta_x);
    const double loy = fmin(fr.lo_y, beta_y), hiy = fmax(fr.hi_y, beta_y);
    bx0 = 0.5 * (lox + hix);
    by0 = 0.5 * (loy + hiy);
    double scale = fr.theta_e;
    if (scale == 0.0) { /* nowhere critical: one image, displaced by about alpha(beta) */
      lg_lens_point pt;
      lg_lens_eval(comps, n, beta_x, beta_y, &pt);
      scale = 2.0 * hypot(pt.alpha_x, pt.alpha_y) + 1e-6;
    }
    H = 0.5 * fmax(hix - lox, hiy - loy) + opts->box_factor * scale;
  }
  const int w_inf = degree_at_infinity(comps, n);

  finder f;
  f.comps = comps;
  f.n = n;
  f.bx = beta_x;
  f.by = beta_y;
  f.tol = opts->tol;
  f.n_centres = fr.n_centres;
  f.cx = fr.cx;
  f.cy = fr.cy;
  f.n_evals = 0;
  int ng = opts->n_grid, np = opts->n_polar, try = 0, w_box = 0, w_c = 0, pf = 0;
  for (;; try++) {
    f.len = H;
    f.rho = 1e-7 * H;
    f.max_level = opts->max_level + 2 * try;
    f.min_level = opts->min_level + try;
    f.polar_min_level = try;
    f.nc = 0;
    search(&f, bx0, by0, H, ng, np, &w_box, &w_c);
    pf = 0;
    for (int i = 0; i < f.nc; i++) pf += f.c[i].parity;
    const int ok = pf == w_box - w_c && w_box == w_inf;
    if (ok || try == opts->max_retries) break;
    if (w_box != w_inf && opts->half_size <= 0.0) H *= 2.0;
    ng = ng * 2 <= LG_IMAGES_MAX_GRID ? ng * 2 : LG_IMAGES_MAX_GRID;
    np = np * 2 <= LG_IMAGES_MAX_GRID ? np * 2 : LG_IMAGES_MAX_GRID;
  }

  lg_image im[LG_IMAGES_CAP];
  for (int i = 0; i < f.nc; i++) {
    lg_lens_point pt;
    lens_at(&f, f.c[i].x, f.c[i].y, &pt);
    const double dx = f.c[i].x - beta_x, dy = f.c[i].y - beta_y;
    /* eigenvalues of A = I - Hessian (the Hessian of the Fermat potential): 1 - kappa -+ gamma */
    const double kappa = lg_point_kappa(&pt), gamma = hypot(lg_point_gamma1(&pt), lg_point_gamma2(&pt));
    const double lt = 1.0 - kappa - gamma, lr = 1.0 - kappa + gamma;
    im[i].x = f.c[i].x;
    im[i].y = f.c[i].y;
    im[i].mu = lg_point_magnification(&pt);
    im[i].type = lt > 0.0 ? LG_IMAGE_MIN : (lr < 0.0 ? LG_IMAGE_MAX : LG_IMAGE_SADDLE);
    im[i].fermat = 0.5 * (dx * dx + dy * dy) - pt.psi;
    im[i].t_days = im[i].fermat * opts->days_per_arcsec2;
    im[i].resid = hypot(dx - pt.alpha_x, dy - pt.alpha_y);
  }
  sort_by_arrival(im, f.nc);
  for (int i = 0; i < f.nc; i++) im[i].dt_days = im[i].t_days - im[0].t_days;
  const int nw = f.nc < max_img ? f.nc : (max_img > 0 ? max_img : 0);
  for (int i = 0; i < nw; i++) out[i] = im[i];
  *n_img = nw;
  if (stats != NULL) {
    stats->n_found = f.nc;
    stats->parity_found = pf;
    stats->parity_expected = w_box - w_c;
    stats->winding_box = w_box;
    stats->complete = pf == w_box - w_c && w_box == w_inf;
    stats->n_tries = try + 1;
    stats->n_evals = f.n_evals;
    stats->half_size = H;
    stats->box_x = bx0;
    stats->box_y = by0;
  }
  return LG_OK;
}

lg_err lg_find_images(const lg_component *comps, int n, double beta_x, double beta_y, const lg_image_search *opts,
                      lg_image *out, int max_img, int *n_img) {
  LG_CALL(lg_find_images_stats(comps, n, beta_x, beta_y, opts, out, max_img, n_img, NULL));
  return LG_OK;
}
