/* Critical curves and caustics: marching squares on det A over a box grid and log-polar grids about
 * the lens centres, resampling and projection onto det A = 0, cuts of singular centres, areas, and
 * the image multiplicity read off the caustics (see critical.h). */
#include "lensing/critical.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/consts.h"
#include "lensing/frame.h"
#include "physics/lens_eval.h"

/* A structured grid of nu x nv cells in chart coordinates (u, v): Cartesian (theta = (u, v)) or
 * log-polar about (cx, cy) (theta = c + e^u (cos v, sin v)), periodic in v. */
typedef struct {
  int polar;
  double cx, cy;
  double u0, du, v0, dv;
  int nu, nv;
  int nvn; /* node rows: nv + 1, or nv when periodic */
} grid;

typedef struct {
  const lg_component *comps;
  int n;
  long n_evals;
  double len; /* box half-size: scale of tolerances */
} ctx;

static void lens_at(ctx *c, double x, double y, lg_lens_point *pt) {
  c->n_evals++;
  lg_lens_eval(c->comps, c->n, x, y, pt);
}

static double det_at(ctx *c, double x, double y) {
  lg_lens_point pt;
  lens_at(c, x, y, &pt);
  return lg_point_det_jacobian(&pt);
}

static void grid_map(const grid *g, double u, double v, double *x, double *y) {
  if (g->polar) {
    const double r = exp(u);
    *x = g->cx + r * cos(v);
    *y = g->cy + r * sin(v);
  } else {
    *x = u;
    *y = v;
  }
}

/* Work arrays of one grid: det at the nodes, two neighbours per edge crossing, visit marks. */
typedef struct {
  double *det;
  int *nb;
  unsigned char *seen;
  double *px, *py; /* a polyline being assembled */
  int cap;         /* capacity of px, py */
} work;

static int edge_h(const grid *g, int i, int j) { return (j % g->nvn) * g->nu + i; }
static int edge_v(const grid *g, int i, int j) { return g->nu * g->nvn + j * (g->nu + 1) + i; }
static int n_edges(const grid *g) { return g->nu * g->nvn + g->nv * (g->nu + 1); }
static double node_det(const grid *g, const work *w, int i, int j) { return w->det[(j % g->nvn) * (g->nu + 1) + i]; }

static void link(work *w, int a, int b) {
  int *na = &w->nb[2 * (size_t)a], *nb = &w->nb[2 * (size_t)b];
  if (na[0] < 0)
    na[0] = b;
  else
    na[1] = b;
  if (nb[0] < 0)
    nb[0] = a;
  else
    nb[1] = a;
}

/* The crossing on edge e: det interpolated linearly along the edge in chart coordinates. */
static void edge_point(const grid *g, const work *w, int e, double *x, double *y) {
  const int nh = g->nu * g->nvn;
  int i0, j0, i1, j1;
  if (e < nh) {
    i0 = e % g->nu;
    j0 = e / g->nu;
    i1 = i0 + 1;
    j1 = j0;
  } else {
    i0 = (e - nh) % (g->nu + 1);
    j0 = (e - nh) / (g->nu + 1);
    i1 = i0;
    j1 = j0 + 1;
  }
  const double da = node_det(g, w, i0, j0), db = node_det(g, w, i1, j1);
  const double t = da / (da - db);
  const double u = g->u0 + (i0 + t * (i1 - i0)) * g->du, v = g->v0 + (j0 + t * (j1 - j0)) * g->dv;
  grid_map(g, u, v, x, y);
}

/* Marching squares: det at the nodes, then the links between edge crossings of every cell. */
static void march(ctx *c, const grid *g, work *w) {
  for (int j = 0; j < g->nvn; j++)
    for (int i = 0; i <= g->nu; i++) {
      double x, y;
      grid_map(g, g->u0 + i * g->du, g->v0 + j * g->dv, &x, &y);
      w->det[j * (g->nu + 1) + i] = det_at(c, x, y);
    }
  const int ne = n_edges(g);
  for (int e = 0; e < 2 * ne; e++) w->nb[e] = -1;
  memset(w->seen, 0, (size_t)ne);
  for (int j = 0; j < g->nv; j++)
    for (int i = 0; i < g->nu; i++) {
      const int s0 = node_det(g, w, i, j) > 0.0, s1 = node_det(g, w, i + 1, j) > 0.0;
      const int s2 = node_det(g, w, i + 1, j + 1) > 0.0, s3 = node_det(g, w, i, j + 1) > 0.0;
      const int eb = edge_h(g, i, j), er = edge_v(g, i + 1, j), et = edge_h(g, i, j + 1), el = edge_v(g, i, j);
      int list[4], k = 0;
      if (s0 != s1) list[k++] = eb;
      if (s1 != s2) list[k++] = er;
      if (s3 != s2) list[k++] = et;
      if (s0 != s3) list[k++] = el;
      if (k == 2) {
        link(w, list[0], list[1]);
      } else if (k == 4) {
        /* saddle cell: the centre's sign tells which diagonal pair of corners is connected */
        double x, y;
        grid_map(g, g->u0 + (i + 0.5) * g->du, g->v0 + (j + 0.5) * g->dv, &x, &y);
        if ((det_at(c, x, y) > 0.0) == s0) {
          link(w, eb, er); /* cut off corner 1 */
          link(w, et, el); /* and corner 3 */
        } else {
          link(w, el, eb); /* cut off corner 0 */
          link(w, er, et); /* and corner 2 */
        }
      }
    }
}

/* Follows the chain from edge e0 (an end, or any edge of a loop) into w->px, w->py; returns its
 * length and sets *closed. */
static int chain(const grid *g, work *w, int e0, int *closed) {
  int m = 0, prev = -1, e = e0;
  *closed = 0;
  while (e >= 0 && !w->seen[e] && m < w->cap) {
    w->seen[e] = 1;
    edge_point(g, w, e, &w->px[m], &w->py[m]);
    m++;
    const int a = w->nb[2 * (size_t)e], b = w->nb[2 * (size_t)e + 1];
    const int next = a != prev ? a : b;
    prev = e;
    if (next == e0) *closed = 1;
    e = next;
    if (a == b && a >= 0) break; /* a two-edge loop: both links to the same edge */
  }
  return m;
}

/* 1-D secant solve of det(p + t n) = 0 from t = 0 (|t| up to 8 chords); returns the point and its
 * lens values (the best iterate if the secant method fails). *slope carries d det / dt from one point
 * of a curve to the next (0: unknown), which saves the first trial step. */
static void project(ctx *c, double px, double py, double nx, double ny, double chord, double *slope, double *x,
                    double *y, lg_lens_point *pt) {
  lens_at(c, px, py, pt);
  double t0 = 0.0, f0 = lg_point_det_jacobian(pt);
  double t1 = 1e-3 * chord;
  if (*slope != 0.0 && fabs(f0 / *slope) < chord) t1 = -f0 / *slope;
  if (t1 == 0.0) t1 = 1e-3 * chord;
  double bt = 0.0, bf = fabs(f0);
  lg_lens_point bp = *pt, p1;
  const double tmax = 8.0 * chord;
  for (int it = 0; it < 40; it++) {
    lens_at(c, px + t1 * nx, py + t1 * ny, &p1);
    const double f1 = lg_point_det_jacobian(&p1);
    if (fabs(f1) < bf) {
      bf = fabs(f1);
      bt = t1;
      bp = p1;
    }
    if (f1 == 0.0 || f1 == f0) break;
    const double s = (f1 - f0) / (t1 - t0);
    const double t2 = t1 - f1 / s;
    if (!isfinite(t2) || fabs(t2) > tmax) break;
    *slope = s;
    const double dt = fabs(t2 - t1);
    t0 = t1;
    f0 = f1;
    t1 = t2;
    if (dt <= 1e-13 * c->len) break; /* the last point evaluated is within about dt of the root */
  }
  *x = px + bt * nx;
  *y = py + bt * ny;
  *pt = bp;
}

static int image_type(const lg_lens_point *pt) {
  const double k = lg_point_kappa(pt), g = hypot(lg_point_gamma1(pt), lg_point_gamma2(pt));
  return 1.0 - k - g > 0.0 ? 1 : (1.0 - k + g < 0.0 ? 3 : 2);
}

/* det A's sign and the image type just inside loop cv (majority of three probes a twentieth of the
 * point spacing inside, along the normal of the neighbours' chord). */
static void probe_inside(ctx *c, lg_curve *cv) {
  const int n = cv->n, orient = cv->area >= 0.0 ? 1 : -1;
  int npos = 0, nt[4] = {0, 0, 0, 0};
  for (int q = 0; q < 3; q++) {
    const int k = q * n / 3, a = (k + n - 1) % n, b = (k + 1) % n;
    const double tx = cv->x[b] - cv->x[a], ty = cv->y[b] - cv->y[a], tl = hypot(tx, ty);
    if (!(tl > 0.0)) continue;
    const double eps = 0.025 * tl * orient; /* left of a counter-clockwise tangent is inside */
    lg_lens_point pt;
    lens_at(c, cv->x[k] - eps * ty / tl, cv->y[k] + eps * tx / tl, &pt);
    npos += lg_point_det_jacobian(&pt) > 0.0;
    nt[image_type(&pt)]++;
  }
  cv->parity_in = npos >= 2 ? 1 : -1;
  cv->type_in = nt[3] >= 2 ? 3 : (nt[1] >= 2 ? 1 : 2);
}

/* Area of a caustic sampled at n points evenly spaced along a smooth parametrisation (the critical
 * curve's arc length, or the angle of a cut's circle): the shoelace error falls as 1/n^2, cusps
 * included, so Richardson extrapolation with the even-numbered points removes it to O(1/n^4). */
static double caustic_area(const double *x, const double *y, int n) {
  const double a = lg_polygon_area(x, y, n);
  if (n % 2 != 0 || n < 16) return a;
  double h = 0.0;
  for (int i = 0; i < n; i += 2) {
    const int j = (i + 2) % n;
    h += x[i] * y[j] - x[j] * y[i];
  }
  return (4.0 * a - 0.5 * h) / 3.0;
}

/* A dense polyline (pts on grid edges) -> curve: n points evenly spaced in arc length, projected
 * onto det A = 0, classified, mapped to the source plane. Returns 0 if the polyline is degenerate. */
static int make_curve(ctx *c, const double *px, const double *py, int m, int closed, int n, lg_curve *cv) {
  if (m < 2 || (closed && m < 3)) return 0;
  const int nseg = closed ? m : m - 1;
  double total = 0.0;
  for (int k = 0; k < nseg; k++) total += hypot(px[(k + 1) % m] - px[k], py[(k + 1) % m] - py[k]);
  if (!(total > 0.0)) return 0;
  const double ds = total / (closed ? n : n - 1);
  int seg = 0, n_tan = 0;
  double s0 = 0.0, slope = 0.0; /* arc length at the start of seg; d det / d normal offset */
  for (int k = 0; k < n; k++) {
    const double s = k * ds;
    double sl = hypot(px[(seg + 1) % m] - px[seg], py[(seg + 1) % m] - py[seg]);
    while (seg < nseg - 1 && s0 + sl < s) {
      s0 += sl;
      seg++;
      sl = hypot(px[(seg + 1) % m] - px[seg], py[(seg + 1) % m] - py[seg]);
    }
    const double ax = px[seg], ay = py[seg], bx = px[(seg + 1) % m], by = py[(seg + 1) % m];
    const double t = sl > 0.0 ? fmin(1.0, fmax(0.0, (s - s0) / sl)) : 0.0;
    const double nx = sl > 0.0 ? -(by - ay) / sl : 1.0, ny = sl > 0.0 ? (bx - ax) / sl : 0.0;
    lg_lens_point pt;
    project(c, ax + t * (bx - ax), ay + t * (by - ay), nx, ny, fmax(sl, 1e-6 * c->len), &slope, &cv->x[k], &cv->y[k],
            &pt);
    cv->bx[k] = cv->x[k] - pt.alpha_x;
    cv->by[k] = cv->y[k] - pt.alpha_y;
    const double kap = lg_point_kappa(&pt), gam = hypot(lg_point_gamma1(&pt), lg_point_gamma2(&pt));
    n_tan += fabs(1.0 - kap - gam) < fabs(1.0 - kap + gam);
  }
  cv->n = n;
  cv->closed = closed;
  cv->kind = 2 * n_tan >= n ? LG_CURVE_TANGENTIAL : LG_CURVE_RADIAL;
  cv->area = closed ? lg_curve_area(cv->x, cv->y, n) : 0.0;
  cv->caustic_area = closed ? caustic_area(cv->bx, cv->by, n) : 0.0;
  cv->parent = -1;
  cv->parity_in = 0;
  cv->type_in = 0;
  if (closed) probe_inside(c, cv);
  return 1;
}

/* The curves of one grid into the list (at most cap); keep decides which polylines are kept. */
typedef struct {
  lg_curve *list;
  int cap, count, dropped;
} curve_list;

static lg_curve *next_slot(curve_list *cl, lg_curve *spare) {
  return cl->count < cl->cap ? &cl->list[cl->count] : spare;
}

/* Whether polyline (px, py) lies entirely within radius r of (x0, y0). */
static int inside_disc(const double *px, const double *py, int m, double x0, double y0, double r) {
  for (int k = 0; k < m; k++)
    if (hypot(px[k] - x0, py[k] - y0) >= r) return 0;
  return 1;
}

typedef struct {
  int n;
  const double *cx, *cy;
  double r;
} patches;

/* Whether loop cv is already in the list: same kind, same area to 1e-3, and its first point within
 * two point spacings of the other's points (both lie on det A = 0). */
static int is_duplicate(const curve_list *cl, const lg_curve *cv) {
  for (int i = 0; i < cl->count; i++) {
    const lg_curve *e = &cl->list[i];
    if (e->kind != cv->kind || !e->closed || fabs(fabs(e->area) - fabs(cv->area)) > 1e-3 * fabs(cv->area)) continue;
    const double spacing = 2.0 * sqrt(LG_PI * fabs(e->area)) * 2.0 / e->n;
    for (int k = 0; k < e->n; k++)
      if (hypot(e->x[k] - cv->x[0], e->y[k] - cv->y[0]) < spacing) return 1;
  }
  return 0;
}

static void grid_curves(ctx *c, const grid *g, work *w, int n_pts, const patches *pp, curve_list *cl, lg_curve *spare) {
  march(c, g, w);
  const int ne = n_edges(g);
  for (int pass = 0; pass < 2; pass++) /* open chains (from their ends) first, then loops */
    for (int e = 0; e < ne; e++) {
      if (w->seen[e] || w->nb[2 * (size_t)e] < 0) continue;
      const int deg = (w->nb[2 * (size_t)e] >= 0) + (w->nb[2 * (size_t)e + 1] >= 0);
      if (pass == 0 && deg != 1) continue;
      int closed;
      const int m = chain(g, w, e, &closed);
      if (g->polar && !closed) continue; /* the box grid has it */
      if (!g->polar && closed && pp != NULL) {
        int in_patch = 0;
        for (int k = 0; k < pp->n; k++) in_patch |= inside_disc(w->px, w->py, m, pp->cx[k], pp->cy[k], pp->r);
        if (in_patch) continue; /* the patch has it, better resolved */
      }
      lg_curve *cv = next_slot(cl, spare);
      if (!make_curve(c, w->px, w->py, m, closed, n_pts, cv)) continue;
      if (g->polar && is_duplicate(cl, cv)) continue; /* also in an overlapping patch */
      if (cv == spare)
        cl->dropped++;
      else
        cl->count++;
    }
}

/* Whether det A keeps one sign on a quarter-resolution version of polar grid g (every fourth node
 * in radius and angle): loops about the centre cross every ray, so they show there, and the patch
 * can then be skipped. */
static int patch_is_quiet(ctx *c, const grid *g) {
  int npos = 0, n = 0;
  for (int j = 0; j < g->nvn; j += 4)
    for (int i = 0; i <= g->nu; i += 4) {
      double x, y;
      grid_map(g, g->u0 + i * g->du, g->v0 + j * g->dv, &x, &y);
      npos += det_at(c, x, y) > 0.0;
      n++;
    }
  return npos == 0 || npos == n;
}

void lg_critical_work_init(lg_critical_work *w) { memset(w, 0, sizeof *w); }

void lg_critical_work_free(lg_critical_work *w) {
  free(w->spare);
  free(w->py);
  free(w->px);
  free(w->seen);
  free(w->nb);
  free(w->det);
  memset(w, 0, sizeof *w);
}

/* Grows the work arrays to nn grid nodes and ne grid edges (never shrinks). */
static lg_err work_reserve(lg_critical_work *w, size_t nn, size_t ne) {
  if (w->spare == NULL && (w->spare = malloc(sizeof *w->spare)) == NULL) return LG_ERR_NOMEM;
  if (nn > w->cap_nodes) {
    double *d = realloc(w->det, nn * sizeof *d);
    if (d == NULL) return LG_ERR_NOMEM;
    w->det = d;
    w->cap_nodes = nn;
  }
  if (ne > w->cap_edges) {
    int *nb = realloc(w->nb, 2 * ne * sizeof *nb);
    if (nb != NULL) w->nb = nb;
    unsigned char *seen = realloc(w->seen, ne);
    if (seen != NULL) w->seen = seen;
    double *px = realloc(w->px, ne * sizeof *px);
    if (px != NULL) w->px = px;
    double *py = realloc(w->py, ne * sizeof *py);
    if (py != NULL) w->py = py;
    if (nb == NULL || seen == NULL || px == NULL || py == NULL) return LG_ERR_NOMEM;
    w->cap_edges = ne;
  }
  return LG_OK;
}

void lg_critical_opts_default(lg_critical_opts *o) {
  memset(o, 0, sizeof *o);
  o->box_factor = 2.5;
  o->n_grid = 48;
  o->n_pts = 256;
  o->n_polar_r = 48;
  o->n_polar_phi = 32;
}

static int curve_order(const void *a, const void *b) {
  const lg_curve *p = a, *q = b;
  if (p->kind != q->kind) return p->kind - q->kind;
  return fabs(p->area) < fabs(q->area) ? 1 : (fabs(p->area) > fabs(q->area) ? -1 : 0);
}

lg_err lg_critical_curves(const lg_component *comps, int n, const lg_critical_opts *opts, lg_critical_work *wk,
                          lg_critical *out) {
  lg_critical_opts def;
  if (opts == NULL) {
    lg_critical_opts_default(&def);
    opts = &def;
  }
  LG_CHECK(out != NULL, LG_ERR_RANGE, "critical curves: no output given");
  LG_CHECK(opts->n_grid >= 4 && opts->n_grid <= 4096 && opts->n_pts >= 8 && opts->n_pts <= LG_CRIT_MAX_PTS &&
               opts->n_polar_r >= 0 && opts->n_polar_r <= 4096 && (opts->n_polar_r == 0 || opts->n_polar_phi >= 4) &&
               opts->n_polar_phi <= 4096,
           LG_ERR_RANGE, "critical curves: n_grid %d (4..4096), n_pts %d (8..%d), polar %d x %d (0 or 1.. x 4..4096)",
           opts->n_grid, opts->n_pts, LG_CRIT_MAX_PTS, opts->n_polar_r, opts->n_polar_phi);
  memset(out, 0, offsetof(lg_critical, curve));
  lg_lens_frame fr;
  LG_CALL(lg_lens_frame_init(comps, n, &fr));
  double H, x0, y0;
  if (opts->half_size > 0.0) {
    H = opts->half_size;
    x0 = opts->box_x;
    y0 = opts->box_y;
  } else {
    if (fr.theta_e == 0.0) return LG_OK; /* nowhere critical */
    x0 = 0.5 * (fr.lo_x + fr.hi_x);
    y0 = 0.5 * (fr.lo_y + fr.hi_y);
    H = 0.5 * fmax(fr.hi_x - fr.lo_x, fr.hi_y - fr.lo_y) + opts->box_factor * fr.theta_e;
  }
  out->half_size = H;
  out->box_x = x0;
  out->box_y = y0;
  ctx c = {comps, n, 0, H};
  const double scale = fr.theta_e > 0.0 ? fr.theta_e : H / opts->box_factor;

  /* polar patches: radii rho = 1e-7 H (the image finder's inner radius, and the cuts') to 3 box
   * cells, about the centres where det A changes sign */
  const int ng = opts->n_grid, pnu = opts->n_polar_r, pnv = opts->n_polar_phi;
  const double h = 2.0 * H / ng, r_p = 3.0 * h, rho_p = 1e-7 * H;
  const grid pol0 = {
      1,   0.0, 0.0, log(rho_p), log(r_p / rho_p) / (pnu > 0 ? pnu : 1), 0.0, 2.0 * LG_PI / (pnv > 0 ? pnv : 1),
      pnu, pnv, pnv};
  double pcx[LG_FRAME_MAX_CENTRES], pcy[LG_FRAME_MAX_CENTRES];
  patches pp = {0, pcx, pcy, r_p};
  for (int k = 0; k < fr.n_centres && pnu > 0 && r_p > rho_p; k++) {
    grid pol = pol0;
    pol.cx = fr.cx[k];
    pol.cy = fr.cy[k];
    if (patch_is_quiet(&c, &pol)) continue;
    pcx[pp.n] = fr.cx[k];
    pcy[pp.n] = fr.cy[k];
    pp.n++;
  }

  const grid box = {0, 0.0, 0.0, x0 - H, h, y0 - H, h, ng, ng, ng + 1};
  size_t ne = (size_t)n_edges(&box), nn = (size_t)(ng + 1) * (ng + 1);
  if (pp.n > 0) {
    ne = ne > (size_t)n_edges(&pol0) ? ne : (size_t)n_edges(&pol0);
    nn = nn > (size_t)(pnu + 1) * pnv ? nn : (size_t)(pnu + 1) * pnv;
  }
  lg_critical_work tmp;
  if (wk == NULL) {
    lg_critical_work_init(&tmp);
    wk = &tmp;
  }
  if (work_reserve(wk, nn, ne) != LG_OK) {
    if (wk == &tmp) lg_critical_work_free(&tmp);
    LG_FAIL(LG_ERR_NOMEM, "critical curves: no memory for a %d^2 grid", ng);
  }
  work w = {wk->det, wk->nb, wk->seen, wk->px, wk->py, (int)ne};
  lg_curve *spare = wk->spare;
  curve_list cl = {out->curve, LG_CRIT_MAX_CURVES, 0, 0};
  grid_curves(&c, &box, &w, opts->n_pts, &pp, &cl, spare);
  for (int k = 0; k < pp.n; k++) {
    grid pol = pol0;
    pol.cx = pcx[k];
    pol.cy = pcy[k];
    grid_curves(&c, &pol, &w, opts->n_pts, NULL, &cl, spare);
  }

  /* cuts: the image of a tiny circle about each singular centre, where alpha does not tend to a limit
   * (it turns with the direction: isothermal; or diverges: point mass). About a smooth centre the
   * circle maps to a circle of about its own size, however large alpha is there. */
  const double rho_cut = rho_p;
  for (int k = 0; k < fr.n_centres; k++) {
    lg_curve *cv = next_slot(&cl, spare);
    const int m = opts->n_pts;
    double mx = 0.0, my = 0.0, spread = 0.0;
    for (int j = 0; j < m; j++) {
      const double phi = 2.0 * LG_PI * j / m;
      lg_lens_point pt;
      cv->x[j] = fr.cx[k] + rho_cut * cos(phi);
      cv->y[j] = fr.cy[k] + rho_cut * sin(phi);
      lens_at(&c, cv->x[j], cv->y[j], &pt);
      cv->bx[j] = cv->x[j] - pt.alpha_x;
      cv->by[j] = cv->y[j] - pt.alpha_y;
      mx += pt.alpha_x / m;
      my += pt.alpha_y / m;
    }
    for (int j = 0; j < m; j++) spread = fmax(spread, hypot(cv->x[j] - cv->bx[j] - mx, cv->y[j] - cv->by[j] - my));
    /* det A's sign about the centre: uniform unless a critical curve runs through it */
    lg_lens_point p0;
    int npos = 0;
    for (int q = 0; q < 8; q++) {
      lens_at(&c, cv->x[q * m / 8], cv->y[q * m / 8], &p0);
      npos += lg_point_det_jacobian(&p0) > 0.0;
    }
    const int parity = npos >= 4 ? 1 : -1;
    if (spread > 1e-3 * scale && npos % 8 != 0) out->n_degenerate++;
    if (spread > 1e3 * H) {
      out->n_infinite_cuts++;
      out->infinite_cut_images -= parity; /* its cut encloses every source */
    } else if (spread > 1e-3 * scale) {
      cv->kind = LG_CURVE_CUT;
      cv->closed = 1;
      cv->n = m;
      cv->parity_in = parity;
      cv->type_in = image_type(&p0);
      cv->area = LG_PI * rho_cut * rho_cut;
      cv->caustic_area = caustic_area(cv->bx, cv->by, m);
      if (cv == spare)
        cl.dropped++;
      else
        cl.count++;
    }
  }
  if (wk == &tmp) lg_critical_work_free(&tmp);

  out->n_curves = cl.count;
  out->n_dropped = cl.dropped;
  qsort(out->curve, (size_t)cl.count, sizeof out->curve[0], curve_order);
  /* nesting: the smallest critical loop around a point of each loop (a cut: its centre) */
  for (int i = 0; i < cl.count; i++) {
    lg_curve *a = &out->curve[i];
    a->parent = -1;
    if (!a->closed) continue;
    double best = INFINITY;
    for (int j = 0; j < cl.count; j++) {
      const lg_curve *b = &out->curve[j];
      if (j == i || !b->closed || b->kind == LG_CURVE_CUT || fabs(b->area) >= best) continue;
      if (a->kind != LG_CURVE_CUT && fabs(b->area) <= fabs(a->area)) continue;
      if (lg_polygon_winding(b->x, b->y, b->n, a->x[0], a->y[0]) != 0) {
        best = fabs(b->area);
        a->parent = j;
      }
    }
  }
  for (int i = 0; i < cl.count; i++)
    if (out->curve[i].kind == LG_CURVE_TANGENTIAL && out->curve[i].closed) {
      out->theta_e = sqrt(fabs(out->curve[i].area) / LG_PI);
      out->caustic_area = fabs(out->curve[i].caustic_area);
      break;
    }
  out->n_evals = c.n_evals;
  return LG_OK;
}

/* Winding number about (bx, by) of the caustic of loop cv traced as the critical curve runs
 * counter-clockwise (cuts are stored counter-clockwise). */
static int oriented_winding(const lg_curve *cv, double bx, double by) {
  const int w = lg_polygon_winding(cv->bx, cv->by, cv->n, bx, by);
  return cv->kind != LG_CURVE_CUT && cv->area < 0.0 ? -w : w;
}

void lg_source_multiplicity(const lg_critical *cc, double bx, double by, int *n_total, int *n_bright) {
  int w[LG_CRIT_MAX_CURVES];
  int tot = 1 + cc->infinite_cut_images;
  for (int i = 0; i < cc->n_curves; i++) {
    const lg_curve *cv = &cc->curve[i];
    w[i] = cv->closed ? oriented_winding(cv, bx, by) : 0;
    tot += cv->kind == LG_CURVE_CUT ? -cv->parity_in * w[i] : 2 * cv->parity_in * w[i];
  }
  int n_max = 0;
  for (int i = 0; i < cc->n_curves; i++) {
    if (!cc->curve[i].closed || cc->curve[i].kind == LG_CURVE_CUT || cc->curve[i].type_in != 3) continue;
    int m = w[i];
    for (int j = 0; j < cc->n_curves; j++)
      if (cc->curve[j].parent == i) m -= w[j];
    n_max += m;
  }
  if (n_total) *n_total = tot;
  if (n_bright) *n_bright = tot - n_max;
}

double lg_caustic_distance(const lg_critical *cc, double bx, double by) {
  double d = INFINITY;
  for (int i = 0; i < cc->n_curves; i++) {
    const lg_curve *cv = &cc->curve[i];
    d = fmin(d, lg_polyline_distance(cv->bx, cv->by, cv->n, cv->closed, bx, by));
  }
  return d;
}
