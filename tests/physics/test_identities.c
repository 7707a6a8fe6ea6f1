/* Analytic identities and limits of the profiles (physics/profiles/, physics/lens_eval.h):
 * SIE(q = 1) = SIS and continuity in q; mean convergence 1 inside theta_E (flux of alpha through the
 * boundary and area integral of kappa); NFW M(< r200) = M200, kappa = projection of the 3D density,
 * mean kappa = alpha / r; for every profile and a sum, alpha = grad psi, Hessian = grad alpha and
 * kappa = Laplacian(psi) / 2 by finite differences; NFW near u = 1 (series switch) and at small u
 * against long-double references. The quadratures here are written independently of the library. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/consts.h"
#include "lg_test.h"
#include "phys_check.h"
#include "physics/cosmology.h"
#include "physics/lens_eval.h"
#include "physics/profiles.h"

/* ---- quadrature: n-point Gauss-Legendre nodes on [-1, 1], by Newton on P_n in long double ---- */
#define GL_N 20
static long double gl_x[GL_N], gl_w[GL_N];

static void gl_init(void) {
  for (int i = 0; i < GL_N; i++) {
    long double x = cosl(3.14159265358979323846264338327950288L * (i + 0.75L) / (GL_N + 0.5L)), dp = 1;
    for (int it = 0; it < 100; it++) {
      long double p0 = 1, p1 = x;
      for (int k = 2; k <= GL_N; k++) {
        const long double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = GL_N * (x * p1 - p0) / (x * x - 1);
      const long double dx = p1 / dp;
      x -= dx;
      if (fabsl(dx) < 1e-19L) break;
    }
    gl_x[i] = x;
    gl_w[i] = 2 / ((1 - x * x) * dp * dp);
  }
}

typedef long double (*integrand)(long double t, const void *ctx);

/* int_a^b f on `panels` equal panels of GL_N points */
static long double quad(integrand f, const void *ctx, long double a, long double b, int panels) {
  const long double h = (b - a) / panels;
  long double s = 0;
  for (int p = 0; p < panels; p++) {
    const long double mid = a + (p + 0.5L) * h;
    for (int i = 0; i < GL_N; i++) s += gl_w[i] * f(mid + 0.5L * h * gl_x[i], ctx);
  }
  return s * 0.5L * h;
}

/* ---- building components through the profile table ---- */
static lg_component make(const char *kind, const double *u, const lg_lens_context *ctx) {
  lg_component c;
  memset(&c, 0, sizeof c);
  const int k = lg_profile_find(kind);
  LG_TEST_CHECK(k >= 0, "profile %s missing", kind);
  if (k >= 0) LG_TEST_OK(lg_profile_get(k)->prepare(u, ctx, &c));
  return c;
}

static lg_lens_point eval(const lg_component *c, int n, double x, double y) {
  lg_lens_point p;
  lg_lens_eval(c, n, x, y, &p);
  return p;
}

static double hess_norm(const lg_lens_point *p) { return fmax(fmax(fabs(p->f_xx), fabs(p->f_yy)), fabs(p->f_xy)); }

/* ---- 1. SIE(q = 1) = SIS; continuity in q ---- */
static void test_sie_limits(const lg_lens_context *ctx) {
  const double te = 1.23, x0 = 0.11, y0 = -0.07;
  const double u_sis[3] = {x0, y0, te}, u_sie[5] = {x0, y0, te, 1.0, 37.0};
  const lg_component sis = make("sis", u_sis, ctx), sie1 = make("sie", u_sie, ctx);
  lg_tally t_eq, t_q, t_sw;
  lg_tally_init(&t_eq, "SIE(q=1) = SIS: psi, alpha, Hessian", 1e-12);
  lg_tally_init(&t_q, "SIE(q=0.999999) - SIE(q=1)", 1e-6);
  lg_tally_init(&t_sw, "SIE across the atan/atanh series switch", 1e-12);
  /* q = 1 - 1e-6 (e = 1.4e-3: closed forms) and q straddling e u = 1e-4 (series below) */
  double u_q[5] = {x0, y0, te, 1.0 - 1e-6, 37.0};
  const lg_component sie_q = make("sie", u_q, ctx);
  int idx = 0;
  for (int ir = 0; ir < 7; ir++) {
    for (int ia = 0; ia < 12; ia++, idx++) {
      const double r = 0.01 * pow(4.0, ir), a = 0.1 + ia * 2 * LG_PI / 12;
      const double x = x0 + r * cos(a), y = y0 + r * sin(a);
      const lg_lens_point ps = eval(&sis, 1, x, y), pe = eval(&sie1, 1, x, y), pq = eval(&sie_q, 1, x, y);
      const double am = hypot(ps.alpha_x, ps.alpha_y), hn = hess_norm(&ps);
      lg_tally_add(&t_eq, pe.psi, ps.psi, 0, idx);
      lg_tally_add(&t_eq, pe.alpha_x, ps.alpha_x, am, idx);
      lg_tally_add(&t_eq, pe.alpha_y, ps.alpha_y, am, idx);
      lg_tally_add(&t_eq, pe.f_xx, ps.f_xx, hn, idx);
      lg_tally_add(&t_eq, pe.f_xy, ps.f_xy, hn, idx);
      lg_tally_add(&t_eq, pe.f_yy, ps.f_yy, hn, idx);
      lg_tally_add(&t_q, pq.psi, pe.psi, 0, idx);
      lg_tally_add(&t_q, pq.alpha_x, pe.alpha_x, am, idx);
      lg_tally_add(&t_q, pq.alpha_y, pe.alpha_y, am, idx);
      lg_tally_add(&t_q, pq.f_xx, pe.f_xx, hn, idx);
      lg_tally_add(&t_q, pq.f_xy, pe.f_xy, hn, idx);
      lg_tally_add(&t_q, pq.f_yy, pe.f_yy, hn, idx);
      /* the switch |e u| = 1e-4 in sie.h, u = x'/w or y'/w <= 1/q: q with e = 1e-4 (1 +- 1e-6) puts
       * e u on both sides for u near 1; the physical change over that dq (2e-14) is far below 1e-12 */
      const double e_sw = 1e-4, qa = sqrt(1 - pow(e_sw * (1 - 1e-6), 2)), qb = sqrt(1 - pow(e_sw * (1 + 1e-6), 2));
      u_q[3] = qa;
      const lg_component sa = make("sie", u_q, ctx);
      u_q[3] = qb;
      const lg_component sb = make("sie", u_q, ctx);
      const lg_lens_point pa = eval(&sa, 1, x, y), pb = eval(&sb, 1, x, y);
      lg_tally_add(&t_sw, pa.alpha_x, pb.alpha_x, am, idx);
      lg_tally_add(&t_sw, pa.alpha_y, pb.alpha_y, am, idx);
      lg_tally_add(&t_sw, pa.psi, pb.psi, 0, idx);
    }
  }
  printf("SIE limits:\n");
  lg_tally_print(&t_eq);
  lg_tally_print(&t_q);
  lg_tally_print(&t_sw);
}

/* ---- 2. mean convergence inside theta_E is 1 (isothermal lenses) ---- */
typedef struct {
  const lg_component *c;
  double te, q, cs, sn, x0, y0;
  long double t; /* direction of the ray, for the inner integral of the area method */
} ellipse_ctx;

/* alpha . n dl / dt on the ellipse q x'^2 + y'^2/q = te^2, x' = te/sqrt(q) cos t, y' = te sqrt(q) sin t:
 * outward normal times dl = (dy'/dt, -dx'/dt) */
static long double flux_integrand(long double t, const void *v) {
  const ellipse_ctx *e = v;
  const double xp = e->te / sqrt(e->q) * cos((double)t), yp = e->te * sqrt(e->q) * sin((double)t);
  const double x = e->x0 + e->cs * xp - e->sn * yp, y = e->y0 + e->sn * xp + e->cs * yp;
  const lg_lens_point p = eval(e->c, 1, x, y);
  const double ap_x = e->cs * p.alpha_x + e->sn * p.alpha_y, ap_y = -e->sn * p.alpha_x + e->cs * p.alpha_y;
  const double nx = e->te * sqrt(e->q) * cos((double)t), ny = e->te / sqrt(e->q) * sin((double)t);
  return (long double)ap_x * nx + (long double)ap_y * ny;
}

/* area method in polar coordinates about the centre: r from 0 to the ellipse r_b(angle) */
static long double area_inner(long double r, const void *v) {
  const ellipse_ctx *e = v;
  const double x = e->x0 + (double)(r * cosl(e->t)), y = e->y0 + (double)(r * sinl(e->t));
  const lg_lens_point p = eval(e->c, 1, x, y);
  return (long double)lg_point_kappa(&p) * r;
}

static long double area_outer(long double t, const void *v) {
  ellipse_ctx e = *(const ellipse_ctx *)v;
  e.t = t;
  /* boundary radius along direction t: q x'^2 + y'^2 / q = te^2 */
  const long double c = cosl(t - atan2l(e.sn, e.cs)), s = sinl(t - atan2l(e.sn, e.cs));
  const long double rb = e.te / sqrtl(e.q * c * c + s * s / e.q);
  return quad(area_inner, &e, 0, rb, 2);
}

static void test_mean_kappa(const lg_lens_context *ctx) {
  lg_tally t;
  lg_tally_init(&t, "mean kappa inside theta_E = 1", 1e-10);
  static const double cases[][3] = {{1.0, 0.0, 1.3}, {0.6, 30.0, 1.3}, {0.3, -70.0, 0.8}, {0.95, 100.0, 2.0}};
  int idx = 0;
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const double q = cases[k][0], phi = cases[k][1], te = cases[k][2];
    const double u_sie[5] = {0.2, -0.1, te, q, phi}, u_sis[3] = {0.2, -0.1, te};
    lg_component c = q == 1.0 ? make("sis", u_sis, ctx) : make("sie", u_sie, ctx);
    ellipse_ctx e = {&c, te, q, cos(phi * LG_PI / 180), sin(phi * LG_PI / 180), 0.2, -0.1, 0};
    /* Gauss: int_A 2 kappa dA = closed integral of alpha . n dl; the ellipse's area is pi te^2.
     * The integrand is smooth and periodic: the 20-point panels converge fast. */
    const long double flux = quad(flux_integrand, &e, 0, 2 * 3.14159265358979323846264338327950288L, 16);
    lg_tally_add(&t, (double)(flux / (2 * LG_PI * te * te)), 1.0, 0, idx++);
    /* area integral of kappa in polar coordinates (kappa r is constant along rays: exact in r) */
    const long double mass = quad(area_outer, &e, 0, 2 * 3.14159265358979323846264338327950288L, 16);
    lg_tally_add(&t, (double)(mass / (LG_PI * te * te)), 1.0, 0, idx++);
  }
  printf("mean convergence inside the critical ellipse (SIS and SIE q = 0.6, 0.3, 0.95):\n");
  lg_tally_print(&t);
}

/* ---- 3. NFW masses ---- */
typedef struct {
  long double rho_s, rs, R; /* Msun/Mpc^3, Mpc, Mpc */
  const lg_component *c;
} nfw_ctx;

static long double nfw_m_integrand(long double x, const void *v) {
  (void)v;
  return x / ((1 + x) * (1 + x)); /* r^2 rho / (rho_s rs^2) with x = r / rs */
}

/* Sigma(R) = 2 int_0^inf rho(sqrt(R^2 + z^2)) dz, z = R sinh t */
static long double nfw_proj_integrand(long double t, const void *v) {
  const nfw_ctx *n = v;
  const long double r = n->R * coshl(t), x = r / n->rs;
  return 2 * n->rho_s / (x * (1 + x) * (1 + x)) * r; /* dz = R cosh t dt = r dt */
}

/* kappa(R') 2 pi R' over [0, R] in arcsec, R' = R v^2 (tames the log cusp) */
static long double nfw_cyl_integrand(long double v, const void *vp) {
  const nfw_ctx *n = vp;
  const double rp = (double)(n->R * v * v);
  const lg_lens_point p = eval(n->c, 1, rp, 0.0);
  return (long double)lg_point_kappa(&p) * 2 * 3.14159265358979323846264338327950288L * rp * 2 * n->R * v;
}

static void test_nfw_masses(const lg_cosmo *cosmo) {
  lg_tally t_m, t_rho, t_proj, t_cyl, t_mcyl;
  lg_tally_init(&t_m, "NFW M(<r200) by quadrature = M200", 1e-12);
  lg_tally_init(&t_rho, "NFW M200/(4/3 pi r200^3) = 200 rho_crit", 1e-12);
  lg_tally_init(&t_proj, "NFW kappa = 3D density projected", 1e-11);
  lg_tally_init(&t_cyl, "NFW mean kappa(<R) = alpha / R", 1e-11);
  lg_tally_init(&t_mcyl, "NFW projected M(<r200) closed form", 1e-12);
  static const double halos[][4] = {{0.5, 2.0, 1e13, 6.0}, {0.3, 1.0, 1e15, 4.0}, {1.0, 3.0, 1e11, 12.0}};
  int idx = 0;
  for (size_t k = 0; k < sizeof halos / sizeof halos[0]; k++, idx++) {
    lg_lens_context ctx;
    LG_TEST_OK(lg_lens_context_init(&ctx, cosmo, halos[k][0], halos[k][1]));
    const double m200 = halos[k][2], c200 = halos[k][3];
    double rs_as = 0, ks = 0;
    lg_nfw_from_m200(&ctx, m200, c200, &rs_as, &ks);
    /* physical units from the context: 1 arcsec = D_l arcsec_rad Mpc */
    const long double mpc_as = (long double)ctx.d_l_mpc * LG_ARCSEC_RAD;
    const long double rs = rs_as * mpc_as, sc_mpc2 = ctx.sigma_crit_msun_arcsec2 / (mpc_as * mpc_as);
    const long double rho_s = ks * sc_mpc2 / rs;
    /* 3D mass inside r200 = c rs: 4 pi rho_s rs^3 int_0^c x / (1 + x)^2 dx */
    const long double m3d =
        4 * 3.14159265358979323846264338327950288L * rho_s * rs * rs * rs * quad(nfw_m_integrand, NULL, 0, c200, 8);
    lg_tally_add(&t_m, (double)m3d, m200, 0, idx);
    /* the overdensity: rho_crit(z) = 3 H(z)^2 / (8 pi G) from the constants, independently */
    const long double hz = (long double)cosmo->h0 * 1000.0L / LG_MPC_M * lg_cosmo_efunc(cosmo, halos[k][0]);
    const long double rho_crit = 3 * hz * hz / (8 * 3.14159265358979323846264338327950288L * LG_G_SI) / LG_MSUN_KG *
                                 LG_MPC_M * LG_MPC_M * LG_MPC_M;
    const long double r200 = c200 * rs;
    lg_tally_add(&t_rho, (double)(m200 / (4.0L / 3 * 3.14159265358979323846264338327950288L * r200 * r200 * r200)),
                 (double)(200 * rho_crit), 0, idx);

    double u_nfw[4] = {0, 0, m200, c200};
    const lg_component c = make("nfw", u_nfw, &ctx);
    static const double us[] = {0.003, 0.05, 0.3, 0.9, 0.99, 0.995, 1.0, 1.005, 1.01, 1.2, 2.5, 8.0, 40.0};
    for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
      nfw_ctx n = {rho_s, rs, us[i] * rs, &c};
      /* t up to where the remaining tail (~ rs / (R cosh t)) is below 1e-16 */
      const long double tmax = acoshl(1e17L * fmaxl(1, 1 / (long double)us[i]));
      const long double sigma = quad(nfw_proj_integrand, &n, 0, tmax, 60);
      const lg_lens_point p = eval(&c, 1, us[i] * rs_as, 0.0);
      lg_tally_add(&t_proj, lg_point_kappa(&p), (double)(sigma / sc_mpc2), 0, idx * 100 + (int)i);
      /* mean kappa inside R (arcsec units) = alpha(R) / R, the 2D Gauss theorem */
      nfw_ctx na = n;
      na.R = us[i] * rs_as;
      const long double mk =
          quad(nfw_cyl_integrand, &na, 0, 1, 40) / (3.14159265358979323846264338327950288L * na.R * na.R);
      lg_tally_add(&t_cyl, p.alpha_x / (us[i] * rs_as), (double)mk, 0, idx * 100 + (int)i);
    }
    /* projected mass in the r200 cylinder: pi R alpha(R) Sigma_crit = 4 pi rho_s rs^3 g(c), g(c) =
     * ln(c/2) + acos(1/c)/sqrt(c^2 - 1) (Golse & Kneib 2002 eq. 13); larger than M200 (the
     * cylinder holds mass beyond r200) */
    const lg_lens_point p200 = eval(&c, 1, c200 * rs_as, 0.0);
    const double mcyl = LG_PI * c200 * rs_as * p200.alpha_x * ctx.sigma_crit_msun_arcsec2;
    const long double cc = c200;
    const long double g = logl(cc / 2) + acosl(1 / cc) / sqrtl(cc * cc - 1);
    lg_tally_add(&t_mcyl, mcyl, (double)(4 * 3.14159265358979323846264338327950288L * rho_s * rs * rs * rs * g), 0,
                 idx);
    LG_TEST_CHECK(mcyl > m200, "projected mass in the r200 cylinder %g <= M200 %g", mcyl, m200);
  }
  printf("NFW masses and projection (M200 = 1e13, 1e15, 1e11):\n");
  lg_tally_print(&t_m);
  lg_tally_print(&t_rho);
  lg_tally_print(&t_proj);
  lg_tally_print(&t_cyl);
  lg_tally_print(&t_mcyl);
}

/* ---- 4. finite differences: alpha = grad psi, Hessian = grad alpha, kappa = Laplacian psi / 2 ---- */
static void fd_check(const char *name, const lg_component *c, int n) {
  char l[96];
  lg_tally t_a, t_h, t_l;
  snprintf(l, sizeof l, "%s: alpha = grad psi", name);
  lg_tally_init(&t_a, l, 1e-6);
  snprintf(l, sizeof l, "%s: Hessian = grad alpha", name);
  lg_tally_init(&t_h, l, 1e-6);
  snprintf(l, sizeof l, "%s: kappa = Laplacian(psi)/2", name);
  lg_tally_init(&t_l, l, 1e-6);
  const double h = 1e-5;
  int idx = 0;
  for (int ir = 0; ir < 12; ir++) {
    for (int ia = 0; ia < 7; ia++) {
      const double r = 0.37 * pow(1.55, ir), a = 0.3 + ia * 2 * LG_PI / 7;
      const double x = r * cos(a), y = r * sin(a);
      /* distance to the nearest centre (shear and sheet have none); skip within 0.1" */
      double d = 1e300;
      for (int k = 0; k < n; k++)
        if (c[k].kind != LG_PROFILE_SHEAR && c[k].kind != LG_PROFILE_SHEET)
          d = fmin(d, hypot(x - c[k].p[0], y - c[k].p[1]));
      if (d < 0.1) continue;
      const lg_lens_point p = eval(c, n, x, y);
      const lg_lens_point px = eval(c, n, x + h, y), mx = eval(c, n, x - h, y);
      const lg_lens_point py = eval(c, n, x, y + h), my = eval(c, n, x, y - h);
      const double am = hypot(p.alpha_x, p.alpha_y), hn = hess_norm(&p);
      lg_tally_add(&t_a, (px.psi - mx.psi) / (2 * h), p.alpha_x, am, idx);
      lg_tally_add(&t_a, (py.psi - my.psi) / (2 * h), p.alpha_y, am, idx);
      lg_tally_add(&t_h, (px.alpha_x - mx.alpha_x) / (2 * h), p.f_xx, hn, idx);
      lg_tally_add(&t_h, (py.alpha_y - my.alpha_y) / (2 * h), p.f_yy, hn, idx);
      lg_tally_add(&t_h, (py.alpha_x - my.alpha_x) / (2 * h), p.f_xy, hn, idx);
      lg_tally_add(&t_h, (px.alpha_y - mx.alpha_y) / (2 * h), p.f_xy, hn, idx);
      /* 5-point Laplacian at steps hl and 2 hl, Richardson-combined to O(hl^4): its round-off,
       * ~8 eps Psi / hl^2, needs hl >> 1e-4 where psi is a difference of large terms (the NFW's
       * ln^2(u/2) - acosh^2(1/u) near its centre: Psi ~ 2 ks rs^2 ln^2(u/2)), and its truncation
       * ~(hl/d)^4 |Hessian| needs hl << d, the distance to the nearest centre (30" where none) */
      const double hl = 0.01 * fmin(d, 30.0);
      double lap[2];
      for (int m = 0; m < 2; m++) {
        const double s = hl * (m + 1);
        const lg_lens_point lx = eval(c, n, x + s, y), lmx = eval(c, n, x - s, y);
        const lg_lens_point ly = eval(c, n, x, y + s), lmy = eval(c, n, x, y - s);
        lap[m] = (lx.psi + lmx.psi + ly.psi + lmy.psi - 4 * p.psi) / (s * s);
      }
      lg_tally_add(&t_l, 0.5 * (4 * lap[0] - lap[1]) / 3, lg_point_kappa(&p), hn, idx);
      idx++;
    }
  }
  lg_tally_print(&t_a);
  lg_tally_print(&t_h);
  lg_tally_print(&t_l);
}

static void test_finite_differences(const lg_lens_context *ctx) {
  const double u_pt[3] = {0.3, -0.2, 1e11}, u_sis[3] = {-0.1, 0.15, 0.9}, u_sie[5] = {0.05, -0.03, 1.1, 0.6, 30.0};
  const double u_nfw[4] = {0.2, 0.1, 1e13, 6.0}, u_sh[2] = {0.04, -0.03}, u_k[1] = {0.05};
  lg_component all[6] = {make("point", u_pt, ctx), make("sis", u_sis, ctx),  make("sie", u_sie, ctx),
                         make("nfw", u_nfw, ctx),  make("shear", u_sh, ctx), make("sheet", u_k, ctx)};
  static const char *names[6] = {"point", "sis", "sie q=0.6 phi=30", "nfw 1e13 c=6", "shear", "sheet"};
  printf("finite differences (h = 1e-5; Laplacian steps 0.01 and 0.02 x distance to the nearest centre):\n");
  for (int k = 0; k < 6; k++) fd_check(names[k], &all[k], 1);
  fd_check("sum of all six", all, 6);
  /* points straddling the NFW series switch |1 - u^2| = 0.02 and u = 1, through the FD identities */
  const double rs = all[3].p[LG_NFW_RS];
  lg_tally t;
  lg_tally_init(&t, "nfw: alpha = grad psi near u = 1", 1e-6);
  static const double us[] = {0.98, 0.9899, 0.99, 0.995, 1.0, 1.005, 1.0099, 1.01, 1.02};
  for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
    const double x = all[3].p[0] + us[i] * rs, y = all[3].p[1], h = 1e-5;
    const lg_lens_point p = eval(&all[3], 1, x, y);
    const double d = (eval(&all[3], 1, x + h, y).psi - eval(&all[3], 1, x - h, y).psi) / (2 * h);
    lg_tally_add(&t, d, p.alpha_x, 0, (int)i);
  }
  lg_tally_print(&t);
}

/* ---- 5. NFW near u = 1 and at small u, against long-double references ---- */
/* F(u) = atanh(s)/s (u < 1) or atan(s)/s (u > 1) is sum_k v^k / (2k+1) with v = 1 - u^2 for |v| < 1
 * in both branches; kappa/(2 ks) = (1 - F)/(u^2 - 1) = sum_k v^k / (2k+3); g = ln(u/2) + F; and
 * acosh^2(1/u) = v F^2 = -acos^2(1/u), so h = ln^2(u/2) - v F^2 on both sides. */
static void nfw_reference(long double u, long double *kfac, long double *g, long double *h) {
  const long double v = (1 - u) * (1 + u);
  long double f = 0, k = 0, vk = 1;
  for (int n = 0; n < 400 && fabsl(vk) > 1e-30L; n++) {
    f += vk / (2 * n + 1);
    k += vk / (2 * n + 3);
    vk *= v;
  }
  const long double l2 = logl(u / 2);
  *kfac = k;
  *g = l2 + f;
  *h = l2 * l2 - v * f * f;
}

static void nfw_code(double u, double *kappa, double *alpha, double *psi) {
  const double p[4] = {0, 0, 1.0, 1.0}; /* rs = 1, kappa_s = 1: kappa = 2 kfac, alpha = 4 g / u, psi = 2 h */
  lg_lens_point r = {0, 0, 0, 0, 0, 0};
  lg_nfw_eval(p, u, 0.0, &r);
  *kappa = lg_point_kappa(&r);
  *alpha = r.alpha_x;
  *psi = r.psi;
}

static void test_nfw_near_one(void) {
  lg_tally t_acc, t_jump;
  lg_tally_init(&t_acc, "NFW kappa, alpha, psi vs series (0.75<u<1.3)", 1e-12);
  lg_tally_init(&t_jump, "NFW jumps at the series switch", 1e-12);
  static const double du[] = {1e-9, 1e-5, 1e-3, 0.01};
  int idx = 0;
  for (size_t i = 0; i < sizeof du / sizeof du[0]; i++) {
    for (int sgn = -1; sgn <= 1; sgn += 2, idx++) {
      const double u = 1 + sgn * du[i];
      double k, a, ps;
      long double kr, gr, hr;
      nfw_code(u, &k, &a, &ps);
      nfw_reference(u, &kr, &gr, &hr);
      lg_tally_add(&t_acc, k, (double)(2 * kr), 0, idx);
      lg_tally_add(&t_acc, a, (double)(4 * gr / u), 0, idx);
      lg_tally_add(&t_acc, ps, (double)(2 * hr), 0, idx);
    }
  }
  {
    double k, a, ps;
    long double kr, gr, hr;
    nfw_code(1.0, &k, &a, &ps);
    nfw_reference(1.0L, &kr, &gr, &hr);
    lg_tally_add(&t_acc, k, (double)(2 * kr), 0, idx);
    lg_tally_add(&t_acc, a, (double)(4 * gr), 0, idx);
    lg_tally_add(&t_acc, ps, (double)(2 * hr), 0, idx++);
  }
  for (int i = 0; i <= 110; i++, idx++) { /* a sweep through both branches and both switches */
    const double u = 0.75 + 0.005 * i;
    double k, a, ps;
    long double kr, gr, hr;
    nfw_code(u, &k, &a, &ps);
    nfw_reference(u, &kr, &gr, &hr);
    lg_tally_add(&t_acc, k, (double)(2 * kr), 0, idx);
    lg_tally_add(&t_acc, a, (double)(4 * gr / u), 0, idx);
    lg_tally_add(&t_acc, ps, (double)(2 * hr), 0, idx);
  }
  /* the two switch points |1 - u^2| = 0.02, approached from both sides (the true change over the
   * 2e-13 relative step is ~1e-13 of the value); and u = 0.5, where g changes formula */
  const double sw[3] = {sqrt(0.98), sqrt(1.02), 0.5};
  for (int i = 0; i < 3; i++, idx++) {
    double k1, a1, p1, k2, a2, p2;
    nfw_code(sw[i] * (1 - 1e-13), &k1, &a1, &p1);
    nfw_code(sw[i] * (1 + 1e-13), &k2, &a2, &p2);
    lg_tally_add(&t_jump, k1, k2, 0, idx);
    lg_tally_add(&t_jump, a1, a2, 0, idx);
    lg_tally_add(&t_jump, p1, p2, 0, idx);
  }
  printf("NFW near u = 1 (series for |1 - u^2| < 0.02):\n");
  lg_tally_print(&t_acc);
  lg_tally_print(&t_jump);
}

static void test_nfw_small_u(void) {
  lg_tally t;
  lg_tally_init(&t, "NFW alpha at small u vs reference", 1e-12);
  /* u <= 1e-4: g(u) = u^2 (L/2 - 1/4) + u^4 (3L/8 - 7/32) + O(u^6 L), L = ln(2/u), from
   * acosh(1/u) = L - u^2/4 - 3u^4/32 and 1/sqrt(1-u^2) = 1 + u^2/2 + 3u^4/8 (relative truncation
   * < 1e-16 there); alpha / (4 ks rs) = g / u, i.e. 4 ks rs (u/2)(ln(2/u) - 1/2) to leading order */
  static const double small[] = {1e-8, 1e-6, 1e-5, 1e-4};
  int idx = 0;
  for (size_t i = 0; i < sizeof small / sizeof small[0]; i++, idx++) {
    const long double u = small[i], L = logl(2 / u);
    const long double g = u * u * (L / 2 - 0.25L) + u * u * u * u * (3 * L / 8 - 7.0L / 32);
    double k, a, ps;
    nfw_code(small[i], &k, &a, &ps);
    lg_tally_add(&t, a, (double)(4 * g / u), 0, idx);
  }
  /* u >= 1e-3: the closed form in long double (loses log10(L / g) of its 19 digits: 13 left at 1e-3) */
  static const double mid[] = {1e-3, 0.01, 0.1, 0.3, 0.4999, 0.5, 0.5001, 0.7};
  for (size_t i = 0; i < sizeof mid / sizeof mid[0]; i++, idx++) {
    const long double u = mid[i], s = sqrtl(1 - u * u);
    const long double g = logl(u / 2) + logl((1 + s) / u) / s;
    double k, a, ps;
    nfw_code(mid[i], &k, &a, &ps);
    lg_tally_add(&t, a, (double)(4 * g / u), 0, idx);
  }
  /* psi = 2 ks rs^2 h(u): h = ln^2(u/2) - acosh^2(1/u) is a difference of two ~ln^2(2/u) terms with a
   * small result (~u^2 ln(2/u) / 2), so its error is absolute, ~eps ln^2(u/2); the reference factors
   * it without cancellation: h = ln(u^2 / (2(1+s))) log1p(-u^2 / (2(1+s))), s = sqrt(1 - u^2) */
  lg_tally t_psi;
  lg_tally_init(&t_psi, "NFW psi at small u (on scale 2 ln^2(u/2))", 1e-14);
  double worst_rel = 0;
  static const double all[] = {1e-8, 1e-6, 1e-4, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.7};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++, idx++) {
    const long double u = all[i], s = sqrtl(1 - u * u), w = u * u / (2 * (1 + s));
    const long double h = logl(w) * log1pl(-w);
    double k, a, ps;
    nfw_code(all[i], &k, &a, &ps);
    const long double l2 = logl(u / 2);
    lg_tally_add(&t_psi, ps, (double)(2 * h), (double)(2 * l2 * l2), idx);
    worst_rel = fmax(worst_rel, fabs(ps / (double)(2 * h) - 1));
  }
  printf("NFW at small u:\n");
  lg_tally_print(&t);
  lg_tally_print(&t_psi);
  printf("  (psi relative to its own value, u >= 1e-8: worst %.3g; the absolute error is what time delays see)\n",
         worst_rel);
}

int main(void) {
  gl_init();
  lg_cosmo c;
  lg_lens_context ctx;
  LG_TEST_OK(lg_cosmo_init(&c, 70.0, 0.3, 0.7));
  LG_TEST_OK(lg_lens_context_init(&ctx, &c, 0.5, 2.0));
  test_sie_limits(&ctx);
  test_mean_kappa(&ctx);
  test_nfw_masses(&c);
  test_finite_differences(&ctx);
  test_nfw_near_one();
  test_nfw_small_u();
  return lg_test_report("test_identities");
}
