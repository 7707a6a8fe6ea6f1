/* Einasto halo (physics/profiles/einasto.h): the evaluator's 48-node quadratures against
 * high-order composite quadratures of the density (kappa and the projected mass) over 0.1 <= alpha
 * <= 1 and twelve decades of radius, the far-field potential, prepare's M(<r200) = m200, the
 * identities and Gauss's law, and glafic's elliptical Einasto map (refs/glafic/maps/ein.npy, its
 * own precision 1e-3): kappa on every pixel, alpha and psi on a subgrid through Keeton's integrals
 * of our circular profile, done here. */
#include <math.h>
#include <stdio.h>

#include "lg_test.h"
#include "npy_read.h"
#include "prof_check.h"

static double rho_ein(double u, const double *par) { return exp(2.0 / par[0] * (1.0 - pow(u, par[0]))); }

/* A component in lensing units with r_-2 = 1", k_2 = 1 (m_tot from the Einasto mass integral). */
static lg_component make_ein(double al) {
  const double a = 3.0 / al, lga = lgamma(a);
  /* m_tot = 4 k_2 r_-2^2 e^(2/al) (al/2)^(3/al) Gamma(3/al) / al */
  const double mtot = 4.0 * exp(2.0 / al + a * log(0.5 * al) + lga - log(al));
  double lo = 1.0, hi = 2.0;
  while (2.0 / al * (pow(hi, al) - 1.0) - 4.0 * log(hi) < 50.0) hi *= 2.0;
  for (int i = 0; i < 200; i++) {
    const double mid = 0.5 * (lo + hi);
    if (2.0 / al * (pow(mid, al) - 1.0) - 4.0 * log(mid) < 50.0)
      lo = mid;
    else
      hi = mid;
  }
  const double p[8] = {0.0, 0.0, 1.0, al, mtot, 1.0, hi, lga};
  return pc_component(LG_PROFILE_EINASTO, p, 8);
}

static void test_quadrature(void) {
  pc_tally tk, tm, tp;
  pc_tally_init(&tk, "einasto kappa vs composite quadrature", 1e-7);
  pc_tally_init(&tm, "einasto projected mass vs composite quadrature", 1e-7);
  pc_tally_init(&tp, "einasto psi far out: m_tot ln X + const", 1e-8);
  const double als[5] = {0.1, 0.17, 0.3, 0.5, 1.0};
  const double xs[10] = {1e-6, 1e-4, 1e-2, 0.1, 1.0, 3.0, 10.0, 30.0, 100.0, 1e3};
  int id = 0;
  for (int k = 0; k < 5; k++) {
    const lg_component c = make_ein(als[k]);
    for (int i = 0; i < 10; i++, id++) {
      if (xs[i] > 0.5 * c.p[LG_EINASTO_XMAX]) continue;
      const lg_lens_point p = pc_eval(&c, xs[i], 0.0);
      /* kappa = 2 k_2 int rho dz, m = alpha R = 4 k_2 r_-2^2 int_0^X X' (int rho dz) dX' */
      pc_tally_add(&tk, 0.5 * pc_kappa(&p), pc_proj(rho_ein, &als[k], xs[i]), 1e-12, id);
      pc_tally_add(&tm, 0.25 * p.alpha_x * xs[i], pc_proj_mass(rho_ein, &als[k], xs[i]), 0.0, id);
    }
    const double X = c.p[LG_EINASTO_XMAX] * 2.0;
    pc_tally_add(&tp, pc_eval(&c, 10.0 * X, 0.0).psi - pc_eval(&c, X, 0.0).psi, c.p[LG_EINASTO_MTOT] * log(10.0), 0.0,
                 k);
  }
  pc_tally_print(&tk);
  pc_tally_print(&tm);
  pc_tally_print(&tp);
}

static void test_identities(void) {
  const double radii[10] = {1e-4, 1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0};
  const double rings[4] = {0.3, 1.0, 3.0, 10.0};
  const double als[3] = {0.12, 0.3, 0.9};
  for (int k = 0; k < 3; k++) {
    char name[64];
    snprintf(name, sizeof name, "einasto alpha %g", als[k]);
    lg_component c = make_ein(als[k]);
    c.p[LG_EINASTO_X] = 0.3;
    c.p[LG_EINASTO_Y] = 0.2;
    c.p[LG_EINASTO_R2] = 2.0;
    c.p[LG_EINASTO_MTOT] *= 4.0; /* m_tot scales with r_-2^2 at fixed k_2 */
    /* the quadrature's ~1e-9 relative error is smooth in R, but the finite differences amplify it */
    pc_identities(name, &c, 0.3, 0.2, 2.0, radii, 10, 1e-7, 1e-5, NULL);
    pc_gauss_rings(name, &c, 0.3, 0.2, rings, 4, 1e-8, NULL);
  }
}

/* M(<r200) = m200 for the prepared component, by quadrature of the density in Msun. */
static void test_prepare(void) {
  const double m200 = 7e14, c200 = 5.0, al = 0.2;
  const double u[5] = {0.0, 0.0, m200, c200, al};
  lg_component c;
  LG_TEST_OK(pc_prepare("einasto", u, &c));
  lg_cosmo cosmo;
  lg_lens_context ctx;
  LG_TEST_OK(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  LG_TEST_OK(lg_lens_context_init(&ctx, &cosmo, 0.5, 2.0));
  const double mpa = ctx.d_l_mpc * LG_ARCSEC_RAD, sc = ctx.sigma_crit_msun_arcsec2 / (mpa * mpa);
  const double r2 = c.p[LG_EINASTO_R2] * mpa, rho2 = c.p[LG_EINASTO_K2] * sc / r2;
  double gx[64], gw[64];
  pc_gauss_legendre(64, gx, gw);
  double mass = 0.0;
  for (int j = 0; j < 40; j++) { /* ln x panels from c200 e^-40 to c200 */
    for (int i = 0; i < 64; i++) {
      const double x = c200 * exp(-(j + 0.5 + 0.5 * gx[i]));
      mass += 0.5 * gw[i] * 4.0 * LG_PI * x * x * x * rho_ein(x, &al);
    }
  }
  mass *= rho2 * r2 * r2 * r2;
  LG_TEST_CLOSE(mass, m200, 1e-10, 0);
  const double r200 = cbrt(3.0 * m200 / (800.0 * LG_PI * ctx.rho_crit_msun_mpc3));
  LG_TEST_CLOSE(r2, r200 / c200, 1e-14, 0);
  /* the total mass far out */
  const double R = 1e3 * c.p[LG_EINASTO_XMAX] * c.p[LG_EINASTO_R2];
  const lg_lens_point p = pc_eval(&c, R, 0.0);
  LG_TEST_CLOSE(p.alpha_x * R, c.p[LG_EINASTO_MTOT], 1e-12, 0);
}

/* Keeton (2001) integrals for the elliptical kappa(xi^2) = kappa_c(sqrt(q) xi) of the circular
 * component c (its kappa and m = alpha R), at (x, y) in the major-axis frame: alpha and psi. */
static void keeton(const lg_component *c, double q, double x, double y, double *ax, double *ay, double *psi) {
  enum { NG = 48 };
  static double gx[NG], gw[NG];
  if (gw[0] == 0.0) pc_gauss_legendre(NG, gx, gw);
  const double e2 = 1.0 - q * q;
  double j0 = 0, j1 = 0, ii = 0;
  /* u = e^s on [-30, ln 0.5] in 4 panels, then u in [0.5, 1] */
  const double edges[6] = {-30.0, -15.0, -7.0, -3.0, -LG_LN2, 0.0};
  for (int k = 0; k < 5; k++) {
    const double a = edges[k], b = edges[k + 1];
    for (int i = 0; i < NG; i++) {
      double u, w;
      if (k < 4) {
        const double s = 0.5 * (b - a) * gx[i] + 0.5 * (a + b);
        u = exp(s);
        w = 0.5 * (b - a) * gw[i] * u;
      } else {
        u = 0.5 + 0.25 * (gx[i] + 1.0);
        w = 0.25 * gw[i];
      }
      const double v = 1.0 - e2 * u, xi2 = u * (x * x + y * y / v), R = sqrt(q * xi2);
      const lg_lens_point p = pc_eval(c, R, 0.0);
      const double kap = pc_kappa(&p), m = p.alpha_x * R / q; /* m_K(xi) = m_c(sqrt(q) xi) / q */
      j0 += w * kap / sqrt(v);
      j1 += w * kap / (v * sqrt(v));
      ii += w * m / (u * sqrt(v));
    }
  }
  *ax = q * x * j0;
  *ay = q * y * j1;
  *psi = 0.5 * q * ii;
}

static void test_glafic(void) {
  char path[1024];
  snprintf(path, sizeof path, "%s/glafic/points/ein.json", pc_refs_dir());
  lg_json *root = NULL;
  if (lg_json_load(path, &root) != LG_OK) {
    LG_TEST_CHECK(0, "%s", lg_err_message());
    return;
  }
  double lens[9];
  LG_TEST_OK(lg_json_number(root, "lenses[0][1]", &lens[1])); /* z_l */
  for (int i = 2; i < 9; i++) {
    char key[32];
    snprintf(key, sizeof key, "lenses[0][%d]", i);
    LG_TEST_OK(lg_json_number(root, key, &lens[i]));
  }
  double zs;
  LG_TEST_OK(lg_json_number(root, "zs_maps", &zs));
  lg_json_free(root);
  /* glafic: M in Msun/h (h = 0.7), q = 1 - e, position angle from +y: ours = PA + 90 deg */
  const double h = 0.7, q = 1.0 - lens[5], phi = (lens[6] + 90.0) * LG_PI / 180.0;
  lg_cosmo cosmo;
  lg_lens_context ctx;
  LG_TEST_OK(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  LG_TEST_OK(lg_lens_context_init(&ctx, &cosmo, lens[1], zs));
  const double u[5] = {0.0, 0.0, lens[2] / h, lens[7], lens[8]};
  lg_component c;
  const int k = lg_profile_find("einasto");
  LG_TEST_OK(lg_profile_get(k)->prepare(u, &ctx, &c));
  snprintf(path, sizeof path, "%s/glafic/maps/ein.npy", pc_refs_dir());
  lg_npy m;
  if (lg_npy_load(path, &m) != LG_OK) {
    LG_TEST_CHECK(0, "%s", lg_err_message());
    return;
  }
  const int n = 64;
  const double *gxm = m.data, *gym = m.data + n * n, *gax = m.data + 2 * n * n, *gay = m.data + 3 * n * n;
  const double *gpsi = m.data + 4 * n * n, *gk = m.data + 5 * n * n;
  /* glafic integrates the Einasto projection to a relative 1e-3 (refs/glafic/README.md); its kappa
   * map scatters about ours by 8e-4 (median), 2.4e-3 (90%) and up to 3.7% at a few pixels in a
   * point-symmetric pattern, where scipy's quad of the same density agrees with ours to 1e-7: so the
   * maximum is held to 5e-2 and the mean error to 2e-3 */
  pc_tally tk, ta, tp, tmean;
  pc_tally_init(&tk, "einasto vs glafic ein: kappa (all pixels)", 5e-2);
  pc_tally_init(&tmean, "einasto vs glafic ein: mean |kappa error|", 2e-3);
  double sum_err = 0.0;
  pc_tally_init(&ta, "einasto vs glafic ein: alpha (16 x 16 subgrid)", 5e-3);
  pc_tally_init(&tp, "einasto vs glafic ein: psi differences (subgrid)", 5e-3);
  const double cs = cos(phi), sn = sin(phi);
  /* psi differences from the pixel nearest (10, 0) */
  const int i0 = 32 * n + 40;
  double a0x, a0y, psi0;
  keeton(&c, q, cs * gxm[i0] + sn * gym[i0], -sn * gxm[i0] + cs * gym[i0], &a0x, &a0y, &psi0);
  for (int j = 0; j < n; j++) {
    for (int i = 0; i < n; i++) {
      const int id = j * n + i;
      const double xp = cs * gxm[id] + sn * gym[id], yp = -sn * gxm[id] + cs * gym[id];
      const double R = sqrt(q * xp * xp + yp * yp / q);
      const lg_lens_point p = pc_eval(&c, R, 0.0);
      sum_err += pc_tally_add(&tk, pc_kappa(&p), gk[id], 0.0, id);
      if (i % 4 != 1 || j % 4 != 1) continue;
      double axp, ayp, psi;
      keeton(&c, q, xp, yp, &axp, &ayp, &psi);
      const double ax = cs * axp - sn * ayp, ay = sn * axp + cs * ayp, am = hypot(gax[id], gay[id]);
      pc_tally_add(&ta, ax, gax[id], am, id);
      pc_tally_add(&ta, ay, gay[id], am, id);
      pc_tally_add(&tp, psi - psi0, gpsi[id] - gpsi[i0], am * hypot(gxm[id] - gxm[i0], gym[id] - gym[i0]), id);
    }
  }
  pc_tally_add(&tmean, sum_err / (n * n), 0.0, 1.0, 0);
  pc_tally_print(&tk);
  pc_tally_print(&tmean);
  pc_tally_print(&ta);
  pc_tally_print(&tp);
  lg_npy_free(&m);
}

int main(void) {
  test_quadrature();
  test_identities();
  test_prepare();
  test_glafic();
  return lg_test_report("test_einasto");
}
