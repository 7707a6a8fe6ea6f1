/* LambdaCDM background (physics/cosmology.c): astropy's distances, Sigma_crit, D_dt and rho_crit
 * from refs/lenstronomy/refs_public.json; glafic's time-delay factor; curved models against an
 * independent long-double quadrature, the sinh/sin transverse distance and the curved-space
 * addition formula for D_M(z1, z2); and the models lg_cosmo_init must refuse. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "core/consts.h"
#include "lg_test.h"
#include "phys_check.h"
#include "physics/cosmology.h"
#include "refs_json.h"

/* D_C(z1, z2) / D_H = int_z1^z2 dz / E(z): composite Simpson in long double, written here
 * independently of the library's Gauss-Legendre panels; 2e4 intervals put the truncation error
 * (h^4 E^(4) / 180) below 1e-16 relative for z <= 5. */
static double indep_dc_over_dh(double om, double ode, double z1, double z2) {
  const long double ok = 1.0L - om - ode;
  const int n = 20000;
  const long double h = ((long double)z2 - z1) / n;
  long double s = 0.0L;
  for (int i = 0; i <= n; i++) {
    const long double a = 1.0L + z1 + i * h;
    const long double f = 1.0L / sqrtl(om * a * a * a + ok * a * a + ode);
    s += (i == 0 || i == n) ? f : (i % 2 ? 4.0L * f : 2.0L * f);
  }
  return (double)(s * h / 3.0L);
}

/* The comoving transverse distance of a comoving separation dc (Hogg 1999 eq. 16). */
static double transverse_of(double ok, double dh, double dc) {
  if (ok > 0) return dh / sqrt(ok) * sinh(sqrt(ok) * dc / dh);
  if (ok < 0) return dh / sqrt(-ok) * sin(sqrt(-ok) * dc / dh);
  return dc;
}

/* These checks found a wrong Gauss-Legendre weight in cosmology.c (every distance 4.93e-9 short);
 * with the weight of Abramowitz & Stegun table 25.4 the distances agree with astropy to 1e-14. */
static void test_refs_rows(void) {
  lg_json *root = NULL;
  LG_TEST_OK(lg_refs_json_load("lenstronomy/refs_public.json", &root));
  if (root == NULL) return;
  size_t nrows = 0;
  LG_TEST_OK(lg_json_array_size(root, "cosmology.rows", &nrows));
  LG_TEST_CHECK(nrows >= 3, "cosmology.rows has %zu rows, expected 3", nrows);

  /* The reference's own constants where they differ from astropy's (ours): lenstronomy's Mpc
   * (days per arcsec^2) and NFWParam's rounded rho_crit0 = 2.77536627e11 h^2 Msun/Mpc^3 (rho_crit).
   * Both offsets are < 1e-9; the 'translated' tallies below remove them and test to 1e-12. */
  double mpc_lenstronomy = 0.0;
  LG_TEST_OK(lg_json_number(root, "cosmology.lenstronomy_constants.Mpc", &mpc_lenstronomy));
  const double rho_c0_ours = 3.0 * pow(100.0 * LG_KM_M / LG_MPC_M, 2) / (8.0 * LG_PI * LG_G_SI) / LG_MSUN_KG *
                             LG_MPC_M * LG_MPC_M * LG_MPC_M; /* h^2 Msun / Mpc^3 */
  const double rho_c0_lenstronomy = 2.77536627e11;

  static const char *keys[] = {"D_C_lens_Mpc",
                               "D_C_source_Mpc",
                               "D_M_lens_Mpc",
                               "D_M_source_Mpc",
                               "D_l_Mpc",
                               "D_s_Mpc",
                               "D_ls_Mpc",
                               "D_ls_astropy_z1z2_Mpc",
                               "Sigma_crit_Msun_per_arcsec2_astropy_constants",
                               "D_dt_Mpc",
                               "days_per_arcsec2_fermat",
                               "rho_crit_zl_Msun_per_Mpc3"};
  enum { NKEYS = sizeof keys / sizeof keys[0] };
  lg_tally t[NKEYS], t_days, t_rho;
  for (int k = 0; k < NKEYS; k++) lg_tally_init(&t[k], keys[k], 1e-9);
  lg_tally_init(&t_days, "days_per_arcsec2 (lenstronomy Mpc -> ours)", 1e-12);
  lg_tally_init(&t_rho, "rho_crit_zl (rounded rho_c0 -> ours)", 1e-12);

  for (size_t r = 0; r < nrows; r++) {
    char base[64];
    double h0 = 0, om0 = 0, ode0 = 0, ok0 = 0, tcmb = 0, zl = 0, zs = 0, want[NKEYS];
    snprintf(base, sizeof base, "cosmology.rows[%zu]", r);
    const lg_json *row = NULL;
    LG_TEST_OK(lg_json_get(root, base, &row));
    if (row == NULL) continue;
    LG_TEST_OK(lg_json_number(row, "H0", &h0));
    LG_TEST_OK(lg_json_number(row, "Om0", &om0));
    LG_TEST_OK(lg_json_number(row, "Ode0", &ode0));
    LG_TEST_OK(lg_json_number(row, "Ok0", &ok0));
    LG_TEST_OK(lg_json_number(row, "Tcmb0_K", &tcmb));
    LG_TEST_OK(lg_json_number(row, "z_lens", &zl));
    LG_TEST_OK(lg_json_number(row, "z_source", &zs));
    for (int k = 0; k < NKEYS; k++) LG_TEST_OK(lg_json_number(row, keys[k], &want[k]));
    /* our model has no radiation: a row with a CMB temperature would not be comparable */
    LG_TEST_CHECK(tcmb == 0.0, "row %zu has Tcmb0 = %g K; lensgen's background has no radiation", r, tcmb);
    lg_cosmo c;
    LG_TEST_OK(lg_cosmo_init(&c, h0, om0, ode0));
    LG_TEST_CLOSE(c.ok0, ok0, 0, 1e-15);
    const double got[NKEYS] = {lg_cosmo_comoving_distance(&c, 0, zl),        lg_cosmo_comoving_distance(&c, 0, zs),
                               lg_cosmo_transverse_distance(&c, 0, zl),      lg_cosmo_transverse_distance(&c, 0, zs),
                               lg_cosmo_angular_distance(&c, 0, zl),         lg_cosmo_angular_distance(&c, 0, zs),
                               lg_cosmo_angular_distance(&c, zl, zs),        lg_cosmo_angular_distance(&c, zl, zs),
                               lg_cosmo_sigma_crit_msun_arcsec2(&c, zl, zs), lg_cosmo_time_delay_distance(&c, zl, zs),
                               lg_cosmo_days_per_arcsec2(&c, zl, zs),        lg_cosmo_rho_crit_msun_mpc3(&c, zl)};
    for (int k = 0; k < NKEYS; k++) lg_tally_add(&t[k], got[k], want[k], 0.0, (int)r);
    lg_tally_add(&t_days, got[10], want[10] * (LG_MPC_M / mpc_lenstronomy), 0.0, (int)r);
    lg_tally_add(&t_rho, got[11], want[11] * (rho_c0_ours / rho_c0_lenstronomy), 0.0, (int)r);
  }
  printf("refs_public.json cosmology.rows (%zu rows):\n", nrows);
  for (int k = 0; k < NKEYS; k++) lg_tally_print(&t[k]);
  lg_tally_print(&t_days);
  lg_tally_print(&t_rho);
  lg_json_free(root);
}

/* glafic 2.1.15 prints 83.2282456 days/arcsec^2 at (0.5, 2), h = 0.7, Om = 0.3 (refs/glafic/README):
 * agree to half a unit of its last digit. */
static void test_glafic_time_delay_factor(void) {
  lg_cosmo c;
  LG_TEST_OK(lg_cosmo_init(&c, 70.0, 0.3, 0.7));
  const double f = lg_cosmo_days_per_arcsec2(&c, 0.5, 2.0);
  LG_TEST_CLOSE(f, 83.2282456, 0.0, 0.5e-7);
  printf("glafic time-delay factor: %.10f vs 83.2282456 (diff %.2g)\n", f, f - 83.2282456);
}

static void test_curved(void) {
  /* open (Ok = +0.1, +0.3) and closed (Ok = -0.1, -0.25) models, and a flat one for contrast */
  static const double models[][2] = {{0.3, 0.6}, {0.2, 0.5}, {0.3, 0.8}, {0.45, 0.8}, {0.3, 0.7}};
  static const double zs[] = {0.1, 0.5, 1.0, 2.0, 3.5};
  lg_tally t_dc, t_dm, t_add, t_dual, t_e, t_rho, t_sym;
  lg_tally_init(&t_dc, "D_C vs long-double Simpson", 1e-12);
  lg_tally_init(&t_dm, "D_M = D_H/sqrt|Ok| sinh|sin(..)", 1e-12);
  lg_tally_init(&t_add, "D_M(z1,z2): curved addition formula", 1e-11);
  lg_tally_init(&t_dual, "D_A(z1,z2)(1+z2) = S_k(D_C2 - D_C1)", 1e-12);
  lg_tally_init(&t_e, "E(z)^2 = Om a^3 + Ok a^2 + Ode", 1e-15);
  lg_tally_init(&t_rho, "rho_crit(z) / rho_crit(0) = E^2", 1e-14);
  lg_tally_init(&t_sym, "D_C(z1,z2) = D_C(0,z2) - D_C(0,z1)", 1e-12);
  int idx = 0;
  for (size_t m = 0; m < sizeof models / sizeof models[0]; m++) {
    const double om = models[m][0], ode = models[m][1], ok = 1.0 - om - ode;
    lg_cosmo c;
    LG_TEST_OK(lg_cosmo_init(&c, 67.0, om, ode));
    const double dh = LG_C_M_S / LG_KM_M / 67.0;
    LG_TEST_CLOSE(c.dh_mpc, dh, 1e-15, 0);
    LG_TEST_CLOSE(c.ok0, ok, 0, 1e-15);
    for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++, idx++) {
      const double z = zs[i], a = 1 + z;
      const double dc = lg_cosmo_comoving_distance(&c, 0, z);
      lg_tally_add(&t_dc, dc, dh * indep_dc_over_dh(om, ode, 0, z), 0, idx);
      lg_tally_add(&t_dm, lg_cosmo_transverse_distance(&c, 0, z), transverse_of(ok, dh, dc), 0, idx);
      lg_tally_add(&t_e, lg_cosmo_efunc(&c, z) * lg_cosmo_efunc(&c, z), om * a * a * a + ok * a * a + ode, 0, idx);
      lg_tally_add(&t_rho, lg_cosmo_rho_crit_msun_mpc3(&c, z) / lg_cosmo_rho_crit_msun_mpc3(&c, 0),
                   om * a * a * a + ok * a * a + ode, 0, idx);
      for (size_t j = 0; j < i; j++) {
        const double z1 = zs[j], z2 = z;
        const double dm1 = lg_cosmo_transverse_distance(&c, 0, z1), dm2 = lg_cosmo_transverse_distance(&c, 0, z2);
        const double dm12 = lg_cosmo_angular_distance(&c, z1, z2) * (1 + z2);
        /* Hogg 1999 eq. 19 (valid for the sin branch while sqrt|Ok| D_C / D_H < pi/2, true here) */
        const double want = dm2 * sqrt(1 + ok * dm1 * dm1 / (dh * dh)) - dm1 * sqrt(1 + ok * dm2 * dm2 / (dh * dh));
        lg_tally_add(&t_add, dm12, want, 0, idx);
        const double dc12 = dh * indep_dc_over_dh(om, ode, z1, z2);
        lg_tally_add(&t_dual, dm12, transverse_of(ok, dh, dc12), 0, idx);
        lg_tally_add(&t_sym, lg_cosmo_comoving_distance(&c, z1, z2),
                     lg_cosmo_comoving_distance(&c, 0, z2) - lg_cosmo_comoving_distance(&c, 0, z1), 0, idx);
      }
    }
    /* the sign convention of the line-of-sight distance and the zero interval */
    LG_TEST_CLOSE(lg_cosmo_comoving_distance(&c, 2.0, 0.5), -lg_cosmo_comoving_distance(&c, 0.5, 2.0), 1e-15, 0);
    LG_TEST_CHECK(lg_cosmo_comoving_distance(&c, 1.0, 1.0) == 0.0, "D_C(1, 1) must be 0");
  }
  printf("curved and flat models (Ok = +0.1, +0.3, -0.1, -0.25, 0):\n");
  lg_tally_print(&t_dc);
  lg_tally_print(&t_dm);
  lg_tally_print(&t_add);
  lg_tally_print(&t_dual);
  lg_tally_print(&t_sym);
  lg_tally_print(&t_e);
  lg_tally_print(&t_rho);
}

static void expect_rejected(double h0, double om0, double ode0, const char *why) {
  lg_cosmo c;
  lg_err_clear();
  const lg_err e = lg_cosmo_init(&c, h0, om0, ode0);
  LG_TEST_CHECK(e == LG_ERR_OPTION, "lg_cosmo_init(%g, %g, %g) returned %d, want LG_ERR_OPTION (%s)", h0, om0, ode0,
                (int)e, why);
  LG_TEST_CHECK(strlen(lg_err_message()) > 0, "no message for the refused cosmology (%s)", why);
  lg_err_clear();
}

static void test_rejections(void) {
  expect_rejected(0.0, 0.3, 0.7, "h0 = 0");
  expect_rejected(-70.0, 0.3, 0.7, "h0 < 0");
  expect_rejected(NAN, 0.3, 0.7, "h0 NaN");
  expect_rejected(INFINITY, 0.3, 0.7, "h0 infinite");
  expect_rejected(70.0, -0.01, 0.7, "negative matter density");
  expect_rejected(70.0, NAN, 0.7, "matter density NaN");
  expect_rejected(70.0, 0.3, -0.01, "negative dark-energy density");
  /* no big bang: E^2 = Om a^3 + Ok a^2 + Ode has a root at z > 0 (a bounce). Om 0.1, Ode 2:
   * E^2(z = 1) = 0.8 - 4.4 + 2 < 0; Om 0.05, Ode 1.5: root near z = 0.8; Om 0, Ode 1.2: E^2 = 1.2 -
   * 0.2 a^2 < 0 beyond z = 1.45 (Carroll, Press & Turner 1992, fig. 1 region "no big bang"). */
  expect_rejected(70.0, 0.1, 2.0, "no big bang (bounce at z < 1)");
  expect_rejected(70.0, 0.05, 1.5, "no big bang (bounce near z = 0.8)");
  expect_rejected(70.0, 0.0, 1.2, "no big bang (empty, Lambda-dominated closed)");
  /* Not checked: a bounce beyond z = 20 (e.g. Om 1e-5, Ode 1.00099: E^2 < 0 from z ~ 41) is
   * accepted, because lg_cosmo_init only samples E^2 on 0 <= z <= 20, the redshift range the
   * scenario allows (-lens_z, -src_z in [0, 20]); distances up to z = 20 are then well defined.
   * and models it must accept: de Sitter, Milne, Einstein-de Sitter, a closed matter model */
  lg_cosmo c;
  LG_TEST_OK(lg_cosmo_init(&c, 70.0, 0.0, 1.0));
  LG_TEST_OK(lg_cosmo_init(&c, 70.0, 0.0, 0.0));
  LG_TEST_OK(lg_cosmo_init(&c, 70.0, 1.0, 0.0));
  LG_TEST_OK(lg_cosmo_init(&c, 70.0, 2.0, 0.0));
  LG_TEST_OK(lg_cosmo_init(&c, 70.0, 0.3, 0.7));
}

int main(void) {
  test_refs_rows();
  test_glafic_time_delay_factor();
  test_curved();
  test_rejections();
  return lg_test_report("test_cosmology");
}
