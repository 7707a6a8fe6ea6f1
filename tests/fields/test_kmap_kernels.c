/* The pixel-integrated kernels of the kmap Poisson solve (fields/kmap.c, lg_kmap_kernel): closed
 * forms and the far-field expansion against Gauss-Legendre quadrature over the pixel, the central
 * pixel (including the delta of the Laplacian: d/dx (x/r^2) integrates to pi), and the symmetries. */
#include <math.h>
#include <stdio.h>

#include "fields/kmap.h"
#include "fields_check.h"

#define NQ 48

static double xq[NQ], wq[NQ];

/* The integrand of each field at (x, y) (off the origin). */
static double integrand(int f, double x, double y) {
  const double r2 = x * x + y * y;
  switch (f) {
    case LG_KMAP_PSI:
      return 0.5 * log(r2);
    case LG_KMAP_AX:
      return x / r2;
    case LG_KMAP_AY:
      return y / r2;
    case LG_KMAP_FXX:
      return (y * y - x * x) / (r2 * r2);
    case LG_KMAP_FXY:
      return -2.0 * x * y / (r2 * r2);
    case LG_KMAP_FYY:
      return (x * x - y * y) / (r2 * r2);
    default:
      return 0.0;
  }
}

/* Gauss-Legendre over the unit square centred at (m, n), split into 2 x 2 sub-squares so the
 * nearest pixels (whose edge is half a pixel from the singularity) converge to rounding. */
static double quad(int f, int m, int n) {
  double s = 0.0;
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 2; b++) {
      const double cx = m - 0.25 + 0.5 * a, cy = n - 0.25 + 0.5 * b;
      for (int i = 0; i < NQ; i++)
        for (int j = 0; j < NQ; j++) s += wq[i] * wq[j] * integrand(f, cx + 0.25 * xq[i], cy + 0.25 * xq[j]);
    }
  return s * 0.0625; /* (1/4)^2 per sub-square Jacobian */
}

int main(void) {
  fc_gauss_legendre(NQ, xq, wq);
  static const char *names[LG_KMAP_NFIELD] = {"psi", "alpha_x", "alpha_y", "f_xx", "f_xy", "f_yy"};
  /* offsets on both sides of the near/far switch (Chebyshev distance 8) and far away */
  static const int off[][2] = {{1, 0}, {0, 1}, {1, 1},  {-2, 1},  {3, -2},  {5, 5},     {8, 3},    {-8, -8},
                               {9, 0}, {9, 3}, {-9, 9}, {12, -5}, {30, 17}, {100, -37}, {1500, 1}, {-700, 2900}};
  const int noff = (int)(sizeof off / sizeof off[0]);
  for (int f = 0; f < LG_KMAP_NFIELD; f++) {
    char name[96];
    snprintf(name, sizeof name, "%s kernel vs 48x48x4 Gauss-Legendre, 16 offsets", names[f]);
    fc_tally t = fc_tally_make(name, 2e-13);
    for (int i = 0; i < noff; i++) {
      const int m = off[i][0], n = off[i][1];
      /* relative to the kernel's size at that distance (components may vanish by symmetry) */
      const double r2 = (double)m * m + (double)n * n;
      const double size = f == LG_KMAP_PSI ? fabs(quad(f, m, n)) : f <= LG_KMAP_AY ? 1.0 / sqrt(r2) : 1.0 / r2;
      fc_add(&t, lg_kmap_kernel(f, m, n), quad(f, m, n), size);
    }
    fc_report(&t);
  }
  /* the central pixel: int ln r over [-1/2, 1/2]^2 = (pi/2 - 3 - ln 2) / 2 (from the primitive, and
   * int_[0,1]^2 ln(x^2 + y^2) = ln 2 - 3 + pi/2); the flux of u/|u|^2 through its edges is 2 pi */
  LG_TEST_CLOSE(lg_kmap_kernel(LG_KMAP_PSI, 0, 0), 0.5 * (FC_PI / 2 - 3.0 - log(2.0)), 1e-14, 0.0);
  LG_TEST_CLOSE(lg_kmap_kernel(LG_KMAP_FXX, 0, 0), FC_PI, 1e-15, 0.0);
  LG_TEST_CLOSE(lg_kmap_kernel(LG_KMAP_FYY, 0, 0), FC_PI, 1e-15, 0.0);
  LG_TEST_CLOSE(lg_kmap_kernel(LG_KMAP_FXY, 0, 0), 0.0, 0.0, 1e-15);
  LG_TEST_CLOSE(lg_kmap_kernel(LG_KMAP_AX, 0, 0), 0.0, 0.0, 1e-15);
  LG_TEST_CLOSE(lg_kmap_kernel(LG_KMAP_AY, 0, 0), 0.0, 0.0, 1e-15);
  /* symmetries: alpha_x odd in m, even in n; transposes; traceless off the centre */
  fc_tally sym = fc_tally_make("symmetries (parity, transpose, trace) at 399 offsets", 1e-13);
  for (int m = -12; m <= 12; m += 1)
    for (int n = -7; n <= 8; n++) {
      if (m == 0 && n == 0) continue;
      const double r2 = (double)m * m + (double)n * n, sa = 1.0 / sqrt(r2), sh = 1.0 / r2;
      const double ax = lg_kmap_kernel(LG_KMAP_AX, m, n), fxx = lg_kmap_kernel(LG_KMAP_FXX, m, n);
      fc_add(&sym, lg_kmap_kernel(LG_KMAP_AX, -m, n), -ax, sa);
      fc_add(&sym, lg_kmap_kernel(LG_KMAP_AX, m, -n), ax, sa);
      fc_add(&sym, lg_kmap_kernel(LG_KMAP_AY, n, m), ax, sa);
      fc_add(&sym, lg_kmap_kernel(LG_KMAP_FYY, n, m), fxx, sh);
      fc_add(&sym, lg_kmap_kernel(LG_KMAP_FXY, n, m), lg_kmap_kernel(LG_KMAP_FXY, m, n), sh);
      fc_add(&sym, fxx + lg_kmap_kernel(LG_KMAP_FYY, m, n), 0.0, sh);
    }
  fc_report(&sym);
  return lg_test_report("test_kmap_kernels");
}
