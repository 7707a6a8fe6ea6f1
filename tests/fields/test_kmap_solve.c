/* The kmap Poisson solve (fields/kmap.c) and its evaluation (fields/kmap_grid.c) on a Gaussian
 * convergence, whose lensing is analytic: kappa = k0 exp(-t), t = r^2 / (2 s^2),
 *   alpha(r) = M(<r) / (pi r) = 2 k0 s^2 (1 - e^-t) / r,
 *   psi(r) = (1/pi) int kappa ln|theta - theta'| = k0 s^2 (E1(t) + ln r^2)
 * (psi' = alpha, and psi -> (M/pi) ln r at infinity as the exact integral does). Checked: the solved
 * grid at the pixel centres (and its O(pixel^2) difference from the point-sampled smooth profile,
 * which the piecewise-constant model predicts exactly), the bicubic interpolation between them, the
 * multipole expansion outside the map, a rectangular off-centre map, and the registry evaluator. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fields/kmap.h"
#include "fields_check.h"
#include "physics/lens_eval.h"

#define EULER_GAMMA 0.57721566490156628648

/* E1(t) + ln t + gamma = Ein(t) = sum_k (-1)^(k+1) t^k / (k k!) (entire) for t < 1; E1 by its
 * continued fraction otherwise (Numerical Recipes 3rd ed., sec. 6.3). */
static double gauss_psi(double k0, double s, double r) {
  const double t = r * r / (2.0 * s * s);
  if (t < 1.0) {
    double term = 1.0, ein = 0.0;
    for (int k = 1; k < 40; k++) {
      term *= -t / k;
      ein -= term / k;
    }
    return k0 * s * s * (ein + log(2.0 * s * s) - EULER_GAMMA);
  }
  double b = t + 1.0, c = 1e300, d = 1.0 / b, h = d;
  for (int i = 1; i < 1000; i++) {
    const double an = -(double)i * i;
    b += 2.0;
    d = 1.0 / (an * d + b);
    c = b + an / c;
    const double del = c * d;
    h *= del;
    if (fabs(del - 1.0) < 1e-16) break;
  }
  return k0 * s * s * (h * exp(-t) + log(r * r));
}

/* The exact lens of the Gaussian centred at (x0, y0). */
static lg_lens_point gauss_exact(double k0, double s, double x0, double y0, double x, double y) {
  const double dx = x - x0, dy = y - y0, r2 = dx * dx + dy * dy, r = sqrt(r2);
  const double t = r2 / (2.0 * s * s), kap = k0 * exp(-t);
  lg_lens_point o = {gauss_psi(k0, s, r), 0.0, 0.0, kap, 0.0, kap};
  if (r > 0.0) {
    const double kbar = 2.0 * k0 * s * s * (-expm1(-t)) / r2; /* mean convergence inside r */
    o.alpha_x = kbar * dx;
    o.alpha_y = kbar * dy;
    const double gt = kbar - kap, c2 = (dx * dx - dy * dy) / r2, s2 = 2.0 * dx * dy / r2;
    o.f_xx = kap - gt * c2;
    o.f_yy = kap + gt * c2;
    o.f_xy = -gt * s2;
  }
  return o;
}

static double *gauss_map(int nx, int ny, double h, double k0, double s, double x0, double y0) {
  double *a = malloc((size_t)nx * ny * sizeof *a);
  for (int j = 0; j < ny; j++)
    for (int i = 0; i < nx; i++) {
      const double x = (i - 0.5 * (nx - 1)) * h - x0, y = (j - 0.5 * (ny - 1)) * h - y0;
      a[(size_t)j * nx + i] = k0 * exp(-(x * x + y * y) / (2.0 * s * s));
    }
  return a;
}

static lg_lens_point at(const lg_kmap *k, double x, double y) {
  lg_lens_point o = {0, 0, 0, 0, 0, 0};
  lg_kmap_add(k, x, y, 1.0, &o);
  return o;
}

/* A solved node (map index i, j) as a lens point. */
static lg_lens_point node(const lg_kmap *k, int i, int j) {
  const double *v = k->field + ((size_t)(j + LG_KMAP_MARGIN) * k->sx + (size_t)(i + LG_KMAP_MARGIN)) * LG_KMAP_NFIELD;
  lg_lens_point o = {v[LG_KMAP_PSI], v[LG_KMAP_AX], v[LG_KMAP_AY], v[LG_KMAP_FXX], v[LG_KMAP_FXY], v[LG_KMAP_FYY]};
  return o;
}

static double uniform(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (*state >> 8) / 16777216.0;
}

int main(void) {
  /* 256^2 pixels of 0.05": sigma = 20 pixels, the map's half-side 6.4 sigma (mass outside ~1e-9) */
  const int n = 256;
  const double h = 0.05, k0 = 0.8, s = 1.0;
  double *kappa = gauss_map(n, n, h, k0, s, 0.0, 0.0);
  lg_kmap k;
  LG_TEST_OK(lg_kmap_solve(kappa, n, n, h, &k));
  LG_TEST_CHECK(k.sx == n + 2 * LG_KMAP_MARGIN && k.sy == n + 2 * LG_KMAP_MARGIN, "solved grid %d x %d", k.sy, k.sx);
  LG_TEST_CLOSE(k.mass_arcsec2, 2.0 * FC_PI * k0 * s * s, 1e-8, 0.0);

  /* 1. the solved grid at pixel centres within 4" (80 pixels) of the centre */
  const double psi_sc = k0 * s * s, a_sc = k0 * s;
  fc_tally t_kap = fc_tally_make("nodes: kappa = (f_xx + f_yy)/2 returns the map", 1e-12);
  fc_tally t_psi = fc_tally_make("nodes: psi vs analytic / (k0 s^2)", 2.5e-4);
  fc_tally t_a = fc_tally_make("nodes: alpha vs analytic / (k0 s)", 3e-4);
  fc_tally t_g = fc_tally_make("nodes: gamma1, gamma2 vs analytic / k0", 3e-4);
  fc_tally t_psi2 = fc_tally_make("nodes: psi - h^2 kappa/12 (model's O(h^2) term) vs analytic", 2e-7);
  fc_tally t_a2 = fc_tally_make("nodes: alpha - h^2 grad kappa/6 (model's O(h^2)) vs analytic", 1e-7);
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++) {
      const double x = (i - 0.5 * (n - 1)) * h, y = (j - 0.5 * (n - 1)) * h;
      if (fabs(x) > 4.0 || fabs(y) > 4.0) continue;
      const lg_lens_point g = node(&k, i, j), e = gauss_exact(k0, s, 0.0, 0.0, x, y);
      fc_add(&t_kap, lg_point_kappa(&g), kappa[(size_t)j * n + i], k0);
      fc_add(&t_psi, g.psi, e.psi, psi_sc);
      fc_add(&t_a, g.alpha_x, e.alpha_x, a_sc);
      fc_add(&t_a, g.alpha_y, e.alpha_y, a_sc);
      fc_add(&t_g, lg_point_gamma1(&g), lg_point_gamma1(&e), k0);
      fc_add(&t_g, lg_point_gamma2(&g), lg_point_gamma2(&e), k0);
      const double kap = lg_point_kappa(&e), gx = -x / (s * s) * kap, gy = -y / (s * s) * kap;
      fc_add(&t_psi2, g.psi - h * h / 12.0 * kap, e.psi, psi_sc);
      fc_add(&t_a2, g.alpha_x - h * h / 6.0 * gx, e.alpha_x, a_sc);
      fc_add(&t_a2, g.alpha_y - h * h / 6.0 * gy, e.alpha_y, a_sc);
    }
  fc_report(&t_kap);
  fc_report(&t_psi);
  fc_report(&t_a);
  fc_report(&t_g);
  fc_report(&t_psi2);
  fc_report(&t_a2);

  /* 2. bicubic interpolation between the nodes, against the solved values' own model: the analytic
   * lens plus the model's O(h^2) terms (so only interpolation error remains), and against the
   * analytic lens itself */
  unsigned rng = 12345u;
  fc_tally i_psi = fc_tally_make("interp: psi vs analytic + h^2 kappa/12, 4000 points", 5e-6);
  fc_tally i_a = fc_tally_make("interp: alpha vs analytic + h^2 grad kappa/6", 1e-5);
  fc_tally i_h = fc_tally_make("interp: kappa, gamma vs analytic (no O(h^2) model) / k0", 5e-4);
  fc_tally i_all = fc_tally_make("interp: psi, alpha vs analytic (everything) / scale", 4e-4);
  for (int q = 0; q < 4000; q++) {
    const double x = 8.0 * uniform(&rng) - 4.0, y = 8.0 * uniform(&rng) - 4.0;
    const lg_lens_point g = at(&k, x, y), e = gauss_exact(k0, s, 0.0, 0.0, x, y);
    const double kap = lg_point_kappa(&e), gx = -x / (s * s) * kap, gy = -y / (s * s) * kap;
    fc_add(&i_psi, g.psi, e.psi + h * h / 12.0 * kap, psi_sc);
    fc_add(&i_a, g.alpha_x, e.alpha_x + h * h / 6.0 * gx, a_sc);
    fc_add(&i_a, g.alpha_y, e.alpha_y + h * h / 6.0 * gy, a_sc);
    fc_add(&i_h, lg_point_kappa(&g), kap, k0);
    fc_add(&i_h, lg_point_gamma1(&g), lg_point_gamma1(&e), k0);
    fc_add(&i_h, lg_point_gamma2(&g), lg_point_gamma2(&e), k0);
    fc_add(&i_all, g.psi, e.psi, psi_sc);
    fc_add(&i_all, g.alpha_x, e.alpha_x, a_sc);
    fc_add(&i_all, g.alpha_y, e.alpha_y, a_sc);
  }
  fc_report(&i_psi);
  fc_report(&i_a);
  fc_report(&i_h);
  fc_report(&i_all);

  /* 3. outside the map (half-side 6.4"): the multipole expansion; and continuity where the
   * interpolated region (up to half a pixel beyond the edge) ends */
  fc_tally o_all = fc_tally_make("outside: psi, alpha, shear vs analytic, 6.5..40\"", 1e-6);
  for (int q = 0; q < 2000; q++) {
    const double r = 6.5 * sqrt(2.0) + (40.0 - 6.5 * sqrt(2.0)) * uniform(&rng),
                 phi = 6.283185307179586 * uniform(&rng);
    const double x = r * cos(phi), y = r * sin(phi);
    const lg_lens_point g = at(&k, x, y), e = gauss_exact(k0, s, 0.0, 0.0, x, y);
    fc_add(&o_all, g.psi, e.psi, psi_sc);
    fc_add(&o_all, g.alpha_x, e.alpha_x, fabs(e.alpha_x) + fabs(e.alpha_y));
    fc_add(&o_all, g.alpha_y, e.alpha_y, fabs(e.alpha_x) + fabs(e.alpha_y));
    fc_add(&o_all, lg_point_gamma1(&g), lg_point_gamma1(&e), hypot(e.f_xx - e.f_yy, 2 * e.f_xy));
    fc_add(&o_all, lg_point_kappa(&g), 0.0, hypot(e.f_xx - e.f_yy, 2 * e.f_xy));
  }
  fc_report(&o_all);
  fc_tally o_edge = fc_tally_make("edge: alpha just inside vs just outside the bicubic region", 1e-5);
  const double edge = 0.5 * n * h + 0.5 * h;
  for (int q = 0; q < 200; q++) {
    const double y = 12.0 * uniform(&rng) - 6.0;
    const lg_lens_point in = at(&k, edge - 1e-9, y), out = at(&k, edge + 1e-9, y);
    fc_add(&o_edge, in.alpha_x, out.alpha_x, a_sc);
    fc_add(&o_edge, in.alpha_y, out.alpha_y, a_sc);
    fc_add(&o_edge, in.psi, out.psi, psi_sc);
  }
  fc_report(&o_edge);

  /* 4. the registry and the kmap kind's evaluator: shifted by (x, y), scaled by scale */
  lg_kmap *owned = malloc(sizeof *owned);
  *owned = k;
  lg_kmap_install(owned);
  LG_TEST_CHECK(lg_kmap_active() == owned, "registry holds the installed map");
  lg_component c = {LG_PROFILE_KMAP, 0, {0.3, -0.2, 1.7, 0, 0, 0, 0, 0}};
  fc_tally reg = fc_tally_make("registry: kmap component = scale x map at (x - x0, y - y0)", 1e-15);
  for (int q = 0; q < 50; q++) {
    const double x = 16.0 * uniform(&rng) - 8.0, y = 16.0 * uniform(&rng) - 8.0;
    lg_lens_point got;
    lg_lens_eval(&c, 1, x, y, &got);
    const lg_lens_point w = at(owned, x - 0.3, y + 0.2);
    fc_add(&reg, got.psi, 1.7 * w.psi, 1.0);
    fc_add(&reg, got.alpha_x, 1.7 * w.alpha_x, 1.0);
    fc_add(&reg, got.f_xy, 1.7 * w.f_xy, 1.0);
  }
  fc_report(&reg);
  lg_kmap_uninstall();
  LG_TEST_CHECK(lg_kmap_active() == NULL, "registry empty after uninstall");
  lg_lens_point none;
  lg_lens_eval(&c, 1, 0.1, 0.2, &none);
  LG_TEST_CHECK(none.psi == 0.0 && none.alpha_x == 0.0 && none.f_xx == 0.0, "no map: a kmap component adds nothing");
  free(kappa);

  /* 5. a rectangular map of odd width, Gaussian off the map centre: indexing and padding */
  const int nx = 151, ny = 120;
  const double h2 = 0.04, x0 = 0.7, y0 = -0.4, s2 = 0.5;
  double *kap2 = gauss_map(nx, ny, h2, k0, s2, x0, y0);
  lg_kmap k2;
  LG_TEST_OK(lg_kmap_solve(kap2, nx, ny, h2, &k2));
  fc_tally r_a = fc_tally_make("151 x 120 map, off-centre Gaussian (12.5 px): interpolated alpha", 5e-5);
  for (int q = 0; q < 2000; q++) {
    const double x = x0 + 2.0 * uniform(&rng) - 1.0, y = y0 + 2.0 * uniform(&rng) - 1.0;
    const lg_lens_point g = at(&k2, x, y), e = gauss_exact(k0, s2, x0, y0, x, y);
    const double kap = lg_point_kappa(&e);
    fc_add(&r_a, g.alpha_x, e.alpha_x - h2 * h2 / 6.0 * (x - x0) / (s2 * s2) * kap, k0 * s2);
    fc_add(&r_a, g.alpha_y, e.alpha_y - h2 * h2 / 6.0 * (y - y0) / (s2 * s2) * kap, k0 * s2);
  }
  fc_report(&r_a);
  /* the same map solved twice: the same bits (FFTW_ESTIMATE plans) */
  lg_kmap k3;
  LG_TEST_OK(lg_kmap_solve(kap2, nx, ny, h2, &k3));
  int same = 1;
  for (size_t i = 0; i < (size_t)k2.sx * k2.sy * LG_KMAP_NFIELD; i++) same &= k2.field[i] == k3.field[i];
  LG_TEST_CHECK(same, "two solves of one map differ");
  lg_kmap_free(&k2);
  lg_kmap_free(&k3);
  free(kap2);
  /* bad arguments */
  lg_kmap bad;
  double one[4] = {1, 1, 1, 1};
  LG_TEST_CHECK(lg_kmap_solve(one, 1, 4, 0.1, &bad) == LG_ERR_RANGE, "1-pixel-wide map accepted");
  LG_TEST_CHECK(lg_kmap_solve(one, 2, 2, 0.0, &bad) == LG_ERR_RANGE, "zero pixel accepted");
  lg_err_clear();
  return lg_test_report("test_kmap_solve");
}
