/* Shared by the tests of tests/profiles/: tallies of many compared values, the identities every lens
 * component must satisfy (alpha = grad psi, Hessian = grad alpha, kappa = Laplacian psi / 2, Gauss's
 * law), Gauss-Legendre rules of any order for reference quadratures, and the lenstronomy reference
 * cases (refs/lenstronomy/refs_public.json). Header-only (static inline); include after lg_test.h in
 * one translation unit per test. */
#ifndef LG_PROF_CHECK_H
#define LG_PROF_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_test.h"
#include "npy_read.h"
#include "physics/lens_eval.h"
#include "physics/profiles.h"
#include "refs_json.h"

/* ---- tallies: many values against one tolerance, reporting the worst ---- */

typedef struct {
  char name[256];
  double tol, max_err;
  int worst, n, fails;
} pc_tally;

static inline void pc_tally_init(pc_tally *t, const char *name, double tol) {
  memset(t, 0, sizeof *t);
  snprintf(t->name, sizeof t->name, "%s", name);
  t->tol = tol;
  t->worst = -1;
}

/* err = |got - want| / max(|want|, scale); NaN fails. */
static inline double pc_tally_add(pc_tally *t, double got, double want, double scale, int index) {
  const double err = fabs(got - want) / fmax(fabs(want), scale);
  lg_test_checks++;
  t->n++;
  if (!(err <= t->tol)) {
    lg_test_failures++;
    if (t->fails++ < 5)
      fprintf(stderr, "FAIL %s [%d]: got %.17g want %.17g (err %.3g > tol %.3g)\n", t->name, index, got, want, err,
              t->tol);
  }
  if (!(err <= t->max_err)) {
    t->max_err = err;
    t->worst = index;
  }
  return err;
}

static inline void pc_tally_print(const pc_tally *t) {
  printf("  %-52s max err %9.3g (tol %8.2g) over %4d%s\n", t->name, t->max_err, t->tol, t->n,
         t->fails ? "  <-- FAIL" : "");
}

/* ---- evaluation ---- */

static inline lg_lens_point pc_eval(const lg_component *c, double x, double y) {
  lg_lens_point r;
  lg_lens_eval(c, 1, x, y, &r);
  return r;
}

static inline double pc_kappa(const lg_lens_point *r) { return 0.5 * (r->f_xx + r->f_yy); }

/* A component of kind (by name) prepared from user parameters at (z_l, z_s) = (0.5, 2), flat LCDM
 * H0 = 70, Om0 = 0.3. */
static inline lg_err pc_prepare(const char *kind, const double *user, lg_component *out) {
  static lg_cosmo cosmo;
  lg_lens_context ctx;
  LG_CALL(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  LG_CALL(lg_lens_context_init(&ctx, &cosmo, 0.5, 2.0));
  const int k = lg_profile_find(kind);
  LG_CHECK(k >= 0, LG_ERR_INTERNAL, "profile '%s' missing from the table", kind);
  LG_CALL(lg_profile_get(k)->prepare(user, &ctx, out));
  LG_CHECK(out->kind == k, LG_ERR_INTERNAL, "prepare of '%s' set kind %d", kind, out->kind);
  return LG_OK;
}

static inline lg_component pc_component(int kind, const double *p, int n) {
  lg_component c;
  memset(&c, 0, sizeof c);
  c.kind = kind;
  for (int i = 0; i < n; i++) c.p[i] = p[i];
  return c;
}

/* ---- identities by finite differences and Gauss's law ---- */

/* Fourth-order central first derivative along (ex, ey) of the field f at (x, y), step h. */
#define PC_D1(fun, x, y, ex, ey, h)                                                                                    \
  ((8.0 * ((fun)((x) + (h) * (ex), (y) + (h) * (ey)) - (fun)((x) - (h) * (ex), (y) - (h) * (ey))) -                    \
    ((fun)((x) + 2 * (h) * (ex), (y) + 2 * (h) * (ey)) - (fun)((x)-2 * (h) * (ex), (y)-2 * (h) * (ey)))) /             \
   (12.0 * (h)))

static const lg_component *pc_fd_comp;
static inline double pc_f_psi(double x, double y) { return pc_eval(pc_fd_comp, x, y).psi; }
static inline double pc_f_ax(double x, double y) { return pc_eval(pc_fd_comp, x, y).alpha_x; }
static inline double pc_f_ay(double x, double y) { return pc_eval(pc_fd_comp, x, y).alpha_y; }

typedef struct {
  double max_alpha, max_hess, max_lap, max_gauss;
} pc_ident_result;

/* alpha = grad psi and the Hessian = grad alpha (fourth-order differences, step 1e-3 r), and
 * kappa = Laplacian(psi) / 2 (second-order five-point stencil, step 1e-3 r), at points on rings
 * r = scale * radii[i] about (cx, cy). Errors relative to the local |alpha|, |H| and |kappa| +
 * |gamma| (the size of the Hessian), each against tol_fd (tol_lap for the Laplacian). */
static inline void pc_identities(const char *name, const lg_component *c, double cx, double cy, double scale,
                                 const double *radii, int nr, double tol_fd, double tol_lap, pc_ident_result *res) {
  char label[192];
  pc_tally ta, th, tl;
  snprintf(label, sizeof label, "%s alpha = grad psi", name);
  pc_tally_init(&ta, label, tol_fd);
  snprintf(label, sizeof label, "%s Hessian = grad alpha", name);
  pc_tally_init(&th, label, tol_fd);
  snprintf(label, sizeof label, "%s kappa = lap psi / 2", name);
  pc_tally_init(&tl, label, tol_lap);
  pc_fd_comp = c;
  const double angles[3] = {0.3, 1.9, 4.0};
  for (int i = 0; i < nr; i++) {
    for (int j = 0; j < 3; j++) {
      const double r = scale * radii[i];
      const double x = cx + r * cos(angles[j]), y = cy + r * sin(angles[j]);
      const double h = 1e-3 * r;
      const lg_lens_point p = pc_eval(c, x, y);
      const double amag = hypot(p.alpha_x, p.alpha_y);
      const double hmag = fabs(p.f_xx) + fabs(p.f_yy) + fabs(p.f_xy);
      const int id = 3 * i + j;
      pc_tally_add(&ta, PC_D1(pc_f_psi, x, y, 1, 0, h), p.alpha_x, amag, id);
      pc_tally_add(&ta, PC_D1(pc_f_psi, x, y, 0, 1, h), p.alpha_y, amag, id);
      pc_tally_add(&th, PC_D1(pc_f_ax, x, y, 1, 0, h), p.f_xx, hmag, id);
      pc_tally_add(&th, PC_D1(pc_f_ay, x, y, 0, 1, h), p.f_yy, hmag, id);
      pc_tally_add(&th, PC_D1(pc_f_ax, x, y, 0, 1, h), p.f_xy, hmag, id);
      pc_tally_add(&th, PC_D1(pc_f_ay, x, y, 1, 0, h), p.f_xy, hmag, id);
      const double lap =
          (pc_f_psi(x + h, y) + pc_f_psi(x - h, y) + pc_f_psi(x, y + h) + pc_f_psi(x, y - h) - 4.0 * p.psi) / (h * h);
      pc_tally_add(&tl, 0.5 * lap, pc_kappa(&p), hmag, id);
    }
  }
  pc_tally_print(&ta);
  pc_tally_print(&th);
  pc_tally_print(&tl);
  if (res) {
    res->max_alpha = ta.max_err;
    res->max_hess = th.max_err;
    res->max_lap = tl.max_err;
  }
}

/* Gauss-Legendre nodes and weights on [-1, 1] for any n (Newton on P_n in long double). */
static inline void pc_gauss_legendre(int n, double *x, double *w) {
  for (int i = 0; i < (n + 1) / 2; i++) {
    long double z = cosl(3.14159265358979323846264338327950288L * (i + 0.75L) / (n + 0.5L)), pp = 1.0L;
    for (int it = 0; it < 100; it++) {
      long double p1 = 1.0L, p2 = 0.0L;
      for (int k = 1; k <= n; k++) {
        const long double p3 = p2;
        p2 = p1;
        p1 = ((2.0L * k - 1.0L) * z * p2 - (k - 1.0L) * p3) / k;
      }
      pp = n * (z * p1 - p2) / (z * z - 1.0L);
      const long double dz = p1 / pp;
      z -= dz;
      if (fabsl(dz) < 1e-19L) break;
    }
    x[i] = (double)-z;
    x[n - 1 - i] = (double)z;
    w[i] = w[n - 1 - i] = (double)(2.0L / ((1.0L - z * z) * pp * pp));
  }
}

/* Gauss's law on the annulus R/20 < r < R about (cx, cy): the outward flux of alpha through its two
 * circles, r int alpha_r dtheta (trapezoid, 256 angles: spectral for a periodic integrand), against
 * twice the integral of kappa over it (64-point Gauss-Legendre in ln r, times the 256 angles). An
 * annulus rather than the disc keeps away from the centre, where lg_radius floors r at 1e-9" (for
 * kappa ~ r^-1.8 the mass inside that floor is a sizeable fraction). Returns the relative difference. */
static inline double pc_gauss_law(const lg_component *c, double cx, double cy, double R) {
  enum { NT = 256, NS = 64 };
  double gx[NS], gw[NS];
  pc_gauss_legendre(NS, gx, gw);
  const double r1 = R / 20.0, lr = log(R / r1);
  double flux = 0.0, mass = 0.0;
  for (int j = 0; j < NT; j++) {
    const double th = 2.0 * LG_PI * (j + 0.5) / NT, ct = cos(th), st = sin(th);
    const lg_lens_point p = pc_eval(c, cx + R * ct, cy + R * st), p1 = pc_eval(c, cx + r1 * ct, cy + r1 * st);
    flux += ((p.alpha_x * ct + p.alpha_y * st) * R - (p1.alpha_x * ct + p1.alpha_y * st) * r1) * (2.0 * LG_PI / NT);
    for (int i = 0; i < NS; i++) {
      const double r = r1 * exp(0.5 * (gx[i] + 1.0) * lr);
      const lg_lens_point q = pc_eval(c, cx + r * ct, cy + r * st);
      mass += 2.0 * pc_kappa(&q) * r * r * 0.5 * lr * gw[i] * (2.0 * LG_PI / NT);
    }
  }
  return fabs(flux - mass) / fabs(mass);
}

static inline void pc_gauss_rings(const char *name, const lg_component *c, double cx, double cy, const double *R, int n,
                                  double tol, pc_ident_result *res) {
  char label[192];
  pc_tally t;
  snprintf(label, sizeof label, "%s Gauss's law (flux vs 2 int kappa)", name);
  pc_tally_init(&t, label, tol);
  for (int i = 0; i < n; i++) {
    const double e = pc_gauss_law(c, cx, cy, R[i]);
    pc_tally_add(&t, e, 0.0, 1.0, i);
  }
  pc_tally_print(&t);
  if (res) res->max_gauss = t.max_err;
}

/* ---- reference projections of a spherical density (composite Gauss-Legendre) ---- */

typedef double (*pc_density)(double u, const double *par);

/* int_0^inf rho(sqrt(x^2 + z^2)) dz, with z = x sinh t (r = x cosh t, dz = r dt) on panels of width
 * 0.25 in t, 16 nodes each, out to r = 1e12: for the densities here (rho ~ r^-3 or steeper) the
 * truncation is below 1e-20 and the rule converged to ~1e-14. */
static inline double pc_proj(pc_density rho, const double *par, double x) {
  double gx[16], gw[16];
  pc_gauss_legendre(16, gx, gw);
  const double T = acosh(fmax(1e12 / x, 1.0));
  const int np = (int)ceil(T / 0.25);
  const double hw = 0.5 * T / np;
  double sum = 0.0;
  for (int k = 0; k < np; k++) {
    const double c = (2 * k + 1) * hw;
    for (int i = 0; i < 16; i++) {
      const double r = x * cosh(c + hw * gx[i]);
      sum += hw * gw[i] * rho(r, par) * r;
    }
  }
  return sum;
}

/* int_0^x x' pc_proj(x') dx', with x' = x e^-s on panels of width 1 in s out to s = 40. */
static inline double pc_proj_mass(pc_density rho, const double *par, double x) {
  double gx[16], gw[16];
  pc_gauss_legendre(16, gx, gw);
  double sum = 0.0;
  for (int k = 0; k < 40; k++) {
    for (int i = 0; i < 16; i++) {
      const double xp = x * exp(-(k + 0.5 + 0.5 * gx[i]));
      sum += 0.5 * gw[i] * xp * xp * pc_proj(rho, par, xp);
    }
  }
  return sum;
}

/* ---- lenstronomy reference cases ---- */

#define PC_NREF 40

typedef struct {
  double x[PC_NREF], y[PC_NREF];
  double kappa[PC_NREF], alpha_x[PC_NREF], alpha_y[PC_NREF], psi[PC_NREF];
  double f_xx[PC_NREF], f_xy[PC_NREF], f_yy[PC_NREF];
  lg_json *root;
  const lg_json *cs; /* the case */
} pc_ref;

static inline const char *pc_refs_dir(void) {
  const char *d = getenv("LG_REFS_DIR");
  return d && d[0] ? d : "../shared/refs";
}

static inline lg_err pc_ref_load(const char *case_name, pc_ref *r) {
  char path[1024], key[128];
  snprintf(path, sizeof path, "%s/lenstronomy/refs_public.json", pc_refs_dir());
  LG_CALL(lg_json_load(path, &r->root));
  double pts[2 * PC_NREF];
  for (int i = 0; i < PC_NREF; i++) {
    snprintf(key, sizeof key, "points[%d]", i);
    LG_CALL(lg_json_numbers(r->root, key, &pts[2 * i], 2));
    r->x[i] = pts[2 * i];
    r->y[i] = pts[2 * i + 1];
  }
  snprintf(key, sizeof key, "cases[name=%s]", case_name);
  LG_CALL(lg_json_get(r->root, key, &r->cs));
  LG_CALL(lg_json_numbers(r->cs, "values.kappa", r->kappa, PC_NREF));
  LG_CALL(lg_json_numbers(r->cs, "values.alpha_x", r->alpha_x, PC_NREF));
  LG_CALL(lg_json_numbers(r->cs, "values.alpha_y", r->alpha_y, PC_NREF));
  LG_CALL(lg_json_numbers(r->cs, "values.psi", r->psi, PC_NREF));
  LG_CALL(lg_json_numbers(r->cs, "values.f_xx", r->f_xx, PC_NREF));
  LG_CALL(lg_json_numbers(r->cs, "values.f_xy", r->f_xy, PC_NREF));
  LG_CALL(lg_json_numbers(r->cs, "values.f_yy", r->f_yy, PC_NREF));
  return LG_OK;
}

static inline void pc_ref_free(pc_ref *r) {
  lg_json_free(r->root);
  r->root = NULL;
}

/* Compares c with the reference at the points whose distance from (cx, cy) is in [rmin, rmax):
 * kappa, alpha, psi differences (psi - psi at the reference's point 28, (0.5, 0)), and the Hessian,
 * each relative to its natural scale at the point (|alpha|, |kappa| + |gamma|, |psi_i - psi_28|
 * or |alpha| r). Tolerance tol, tol_psi for the potential. Returns the largest error. */
static inline double pc_ref_compare(const char *name, const pc_ref *r, const lg_component *c, double cx, double cy,
                                    double rmin, double rmax, double tol, double tol_psi) {
  char label[192];
  pc_tally tk, ta, tp, th;
  snprintf(label, sizeof label, "%s kappa [%g, %g)", name, rmin, rmax);
  pc_tally_init(&tk, label, tol);
  snprintf(label, sizeof label, "%s alpha [%g, %g)", name, rmin, rmax);
  pc_tally_init(&ta, label, tol);
  snprintf(label, sizeof label, "%s psi differences [%g, %g)", name, rmin, rmax);
  pc_tally_init(&tp, label, tol_psi);
  snprintf(label, sizeof label, "%s Hessian [%g, %g)", name, rmin, rmax);
  pc_tally_init(&th, label, tol);
  const int i0 = 28;
  const double psi0 = pc_eval(c, r->x[i0], r->y[i0]).psi;
  for (int i = 0; i < PC_NREF; i++) {
    const double d = hypot(r->x[i] - cx, r->y[i] - cy);
    if (d < rmin || d >= rmax) continue;
    const lg_lens_point p = pc_eval(c, r->x[i], r->y[i]);
    const double amag = hypot(r->alpha_x[i], r->alpha_y[i]);
    const double hmag = fabs(r->f_xx[i]) + fabs(r->f_yy[i]) + fabs(r->f_xy[i]);
    pc_tally_add(&tk, pc_kappa(&p), r->kappa[i], hmag, i);
    pc_tally_add(&ta, p.alpha_x, r->alpha_x[i], amag, i);
    pc_tally_add(&ta, p.alpha_y, r->alpha_y[i], amag, i);
    const double dpsi = r->psi[i] - r->psi[i0];
    pc_tally_add(&tp, p.psi - psi0, dpsi, amag * d, i);
    pc_tally_add(&th, p.f_xx, r->f_xx[i], hmag, i);
    pc_tally_add(&th, p.f_xy, r->f_xy[i], hmag, i);
    pc_tally_add(&th, p.f_yy, r->f_yy[i], hmag, i);
  }
  pc_tally_print(&tk);
  pc_tally_print(&ta);
  pc_tally_print(&tp);
  pc_tally_print(&th);
  return fmax(fmax(tk.max_err, ta.max_err), fmax(tp.max_err, th.max_err));
}

/* ---- glafic maps (refs/glafic/maps/NAME.npy, lens line in points/NAME.json) ---- */

/* The lens line of glafic's reference NAME: kind, then z_l, mass (Msun/h), x, y, e, PA (deg from
 * +y), and two profile numbers (lens[0..7]); zs of the maps. */
static inline lg_err pc_glafic_lens(const char *name, double *lens, double *zs) {
  char path[1024], key[32];
  snprintf(path, sizeof path, "%s/glafic/points/%s.json", pc_refs_dir(), name);
  lg_json *root = NULL;
  LG_CALL(lg_json_load(path, &root));
  lg_err e = LG_OK;
  for (int i = 0; i < 8 && e == LG_OK; i++) {
    snprintf(key, sizeof key, "lenses[0][%d]", i + 1);
    e = lg_json_number(root, key, &lens[i]);
  }
  if (e == LG_OK) e = lg_json_number(root, "zs_maps", zs);
  lg_json_free(root);
  return e;
}

/* Compares c with glafic's 64 x 64 map NAME on every pixel: kappa and the shear relative to the
 * Hessian's size, alpha relative to |alpha|, psi (glafic's is 0 at the lens centre, as ours) relative
 * to |alpha| r. Each with its own tolerance; the n_odd pixels odd[] (glitches of glafic's own
 * integration, each named where it is passed) are tallied apart with tolerance t_odd. */
static inline void pc_glafic_compare(const char *label, const char *name, const lg_component *c, double tk, double ta,
                                     double tp, double tg, const int *odd, int n_odd, double t_odd) {
  char path[1024], lab[192];
  snprintf(path, sizeof path, "%s/glafic/maps/%s.npy", pc_refs_dir(), name);
  lg_npy m;
  if (lg_npy_load(path, &m) != LG_OK) {
    LG_TEST_CHECK(0, "%s", lg_err_message());
    return;
  }
  const size_t n = m.shape[1] * m.shape[2];
  const double *f[9];
  for (int k = 0; k < 9; k++) f[k] = m.data + k * n;
  pc_tally t[5];
  snprintf(lab, sizeof lab, "%s: the %d odd pixels", label, n_odd);
  pc_tally_init(&t[4], lab, t_odd);
  snprintf(lab, sizeof lab, "%s: kappa", label);
  pc_tally_init(&t[0], lab, tk);
  snprintf(lab, sizeof lab, "%s: alpha", label);
  pc_tally_init(&t[1], lab, ta);
  snprintf(lab, sizeof lab, "%s: psi", label);
  pc_tally_init(&t[2], lab, tp);
  snprintf(lab, sizeof lab, "%s: gamma", label);
  pc_tally_init(&t[3], lab, tg);
  for (size_t i = 0; i < n; i++) {
    const double x = f[0][i], y = f[1][i];
    const lg_lens_point p = pc_eval(c, x, y);
    const double am = hypot(f[2][i], f[3][i]), hm = fabs(f[5][i]) + hypot(f[6][i], f[7][i]);
    int is_odd = 0;
    for (int k = 0; k < n_odd; k++) is_odd |= odd[k] == (int)i;
    if (is_odd) {
      pc_tally_add(&t[4], pc_kappa(&p), f[5][i], hm, (int)i);
      pc_tally_add(&t[4], 0.5 * (p.f_xx - p.f_yy), f[6][i], hm, (int)i);
      pc_tally_add(&t[4], p.f_xy, f[7][i], hm, (int)i);
      continue;
    }
    pc_tally_add(&t[0], pc_kappa(&p), f[5][i], hm, (int)i);
    pc_tally_add(&t[1], p.alpha_x, f[2][i], am, (int)i);
    pc_tally_add(&t[1], p.alpha_y, f[3][i], am, (int)i);
    pc_tally_add(&t[2], p.psi, f[4][i], am * hypot(x, y), (int)i);
    pc_tally_add(&t[3], 0.5 * (p.f_xx - p.f_yy), f[6][i], hm, (int)i);
    pc_tally_add(&t[3], p.f_xy, f[7][i], hm, (int)i);
  }
  for (int k = 0; k < (n_odd ? 5 : 4); k++) pc_tally_print(&t[k]);
  lg_npy_free(&m);
}

#endif
