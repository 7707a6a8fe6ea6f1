/* The Poisson solve of a pixelised lens (fields/kmap.h): kappa -> psi, alpha and the Hessian by
 * FFT convolution on a zero-padded grid, with kernels integrated exactly over each pixel, and the
 * multipoles used outside the map. Called once per run by fields/kmap_input.c (every rank solves the
 * same map to the same bits) and by the tests. */
#include "fields/kmap.h"

#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/consts.h"

/* Offsets (pixels) up to this Chebyshev distance use the closed-form pixel integrals; beyond, the
 * expansion below, which agrees with them to ~1e-13 relative there and avoids the cancellation
 * of the corner sums at large distance. */
#define LG_KMAP_NEAR 8

/* Corner sum of a primitive F over the unit square centred at (m, n): the square's integral of
 * d^2F/dx dy. Pixel edges lie at half-integers, so no corner is on an axis. */
#define LG_CORNERS(F, m, n)                                                                                            \
  (F((m) + 0.5, (n) + 0.5) - F((m)-0.5, (n) + 0.5) - F((m) + 0.5, (n)-0.5) + F((m)-0.5, (n)-0.5))

/* Primitives (d^2/dx dy of each is the integrand; checked by differentiation):
 *   ln r:                  (x y (ln r^2 - 3) + x^2 atan(y/x) + y^2 atan(x/y)) / 2
 *   x / r^2:               y ln(r^2) / 2 + x atan(y/x)   (a term -y cancels in the corner sum)
 *   y / r^2:               x ln(r^2) / 2 + y atan(x/y)
 * and the Hessian kernels by the divergence theorem on the pixel (flux of u_x/|u|^2 through its
 * edges, which includes the 2 pi delta of the Laplacian at the origin):
 *   d/dx (x / r^2):        atan(y/x)       (integral over y of x / (x^2 + y^2) at the x-edges)
 *   d/dy (x / r^2):        ln(r^2) / 2     (integral over x of x / (x^2 + y^2) at the y-edges)
 *   d/dy (y / r^2):        atan(x/y) */
static double lg_prim_ln(double x, double y) {
  const double r2 = x * x + y * y;
  return 0.5 * (x * y * (log(r2) - 3.0) + x * x * atan(y / x) + y * y * atan(x / y));
}
static double lg_prim_ax(double x, double y) { return 0.5 * y * log(x * x + y * y) + x * atan(y / x); }
static double lg_prim_ay(double x, double y) { return 0.5 * x * log(x * x + y * y) + y * atan(x / y); }
static double lg_prim_fxx(double x, double y) { return atan(y / x); }
static double lg_prim_fxy(double x, double y) { return 0.5 * log(x * x + y * y); }
static double lg_prim_fyy(double x, double y) { return atan(x / y); }

/* Far from the origin every kernel is harmonic, f = Re g(z) with z = m + i n, and its mean over the
 * unit square is Re sum_k g^(k)(z) <w^k> / k! with w = u + i v uniform on the square; by the
 * square's 4-fold symmetry only k = 0, 4, 8, ... survive: <w^4> = -1/60, <w^8> = 1/720, so
 * mean = f - f^(4) / 1440 + f^(8) / 29030400 + O(|z|^-12 f), f^(k) = Re g^(k). */
static double lg_kernel_far(int field, double m, double n) {
  const double r2 = m * m + n * n, ir2 = 1.0 / r2;
  /* powers of 1/z = (m - i n) / r^2 by repeated products */
  const double a = m * ir2, b = -n * ir2;
  double re[11], im[11];
  re[1] = a;
  im[1] = b;
  for (int k = 2; k <= 10; k++) {
    re[k] = re[k - 1] * a - im[k - 1] * b;
    im[k] = re[k - 1] * b + im[k - 1] * a;
  }
  switch (field) {
    case LG_KMAP_PSI:
      return 0.5 * log(r2) + re[4] / 240.0 - re[8] / 5760.0; /* g = ln z */
    case LG_KMAP_AX:
      return re[1] - re[5] / 60.0 + re[9] / 720.0; /* g = 1/z */
    case LG_KMAP_AY:
      return -im[1] + im[5] / 60.0 - im[9] / 720.0; /* g = i/z */
    case LG_KMAP_FXX:
      return -re[2] + re[6] / 12.0 - re[10] / 80.0; /* g = -1/z^2 */
    case LG_KMAP_FXY:
      return im[2] - im[6] / 12.0 + im[10] / 80.0; /* g = -i/z^2 */
    case LG_KMAP_FYY:
      return re[2] - re[6] / 12.0 + re[10] / 80.0; /* g = 1/z^2 */
    default:
      return 0.0;
  }
}

double lg_kmap_kernel(int field, int m, int n) {
  const int am = m < 0 ? -m : m, an = n < 0 ? -n : n;
  if ((am > an ? am : an) > LG_KMAP_NEAR) return lg_kernel_far(field, m, n);
  const double x = m, y = n;
  switch (field) {
    case LG_KMAP_PSI:
      return LG_CORNERS(lg_prim_ln, x, y);
    case LG_KMAP_AX:
      return LG_CORNERS(lg_prim_ax, x, y);
    case LG_KMAP_AY:
      return LG_CORNERS(lg_prim_ay, x, y);
    case LG_KMAP_FXX:
      return LG_CORNERS(lg_prim_fxx, x, y);
    case LG_KMAP_FXY:
      return LG_CORNERS(lg_prim_fxy, x, y);
    case LG_KMAP_FYY:
      return LG_CORNERS(lg_prim_fyy, x, y);
    default:
      return 0.0;
  }
}

/* Smallest n' >= n whose only prime factors are 2, 3, 5 and 7 (FFTW's fast sizes). */
static int lg_fft_size(int n) {
  for (int m = n;; m++) {
    int r = m;
    while (r % 2 == 0) r /= 2;
    while (r % 3 == 0) r /= 3;
    while (r % 5 == 0) r /= 5;
    while (r % 7 == 0) r /= 7;
    if (r == 1) return m;
  }
}

/* Multipoles about the centre of mass (the map centre when the net mass is negligible or the
 * centre of mass falls outside the map, as a signed map may put it): point moments of the pixels,
 * which equal the squares' own moments up to k = 3 (the square's <u^k> vanish for k < 4). */
static void lg_kmap_multipoles(const double *kappa, lg_kmap *k) {
  const double h = k->pixel_arcsec, a2 = h * h;
  const double x0 = 0.5 * (k->nx - 1), y0 = 0.5 * (k->ny - 1);
  double m = 0.0, mabs = 0.0, mx = 0.0, my = 0.0;
  for (int j = 0; j < k->ny; j++)
    for (int i = 0; i < k->nx; i++) {
      const double v = kappa[(size_t)j * k->nx + i] * a2;
      m += v;
      mabs += fabs(v);
      mx += v * (i - x0) * h;
      my += v * (j - y0) * h;
    }
  k->mass_arcsec2 = m;
  k->xc = k->yc = 0.0;
  if (fabs(m) > 1e-8 * mabs) {
    const double xc = mx / m, yc = my / m;
    if (fabs(xc) <= 0.5 * k->nx * h && fabs(yc) <= 0.5 * k->ny * h) {
      k->xc = xc;
      k->yc = yc;
    }
  }
  memset(k->q_re, 0, sizeof k->q_re);
  memset(k->q_im, 0, sizeof k->q_im);
  for (int j = 0; j < k->ny; j++)
    for (int i = 0; i < k->nx; i++) {
      const double v = kappa[(size_t)j * k->nx + i] * a2;
      if (v == 0.0) continue;
      const double wr = (i - x0) * h - k->xc, wi = (j - y0) * h - k->yc;
      double pr = 1.0, pi = 0.0;
      for (int q = 1; q <= LG_KMAP_ORDER; q++) {
        const double t = pr * wr - pi * wi;
        pi = pr * wi + pi * wr;
        pr = t;
        k->q_re[q] += v * pr;
        k->q_im[q] += v * pi;
      }
    }
}

/* The padded layout (Hockney 1970; Hockney & Eastwood 1988, sec. 6-5-4): the map at [0, ny) x
 * [0, nx) of a P_y x P_x plane; the kernel at every offset d in [-(n - 1 + margin), n - 1 + margin]
 * stored at d mod P. The circular convolution equals the linear one at the solved centres (map
 * index -margin .. n - 1 + margin) when P >= 2 n + 2 margin - 1: no offset wraps onto another. */
lg_err lg_kmap_solve(const double *kappa, int nx, int ny, double pixel_arcsec, lg_kmap *k) {
  memset(k, 0, sizeof *k);
  LG_CHECK(nx >= 2 && ny >= 2 && nx <= LG_KMAP_MAX_SIDE && ny <= LG_KMAP_MAX_SIDE, LG_ERR_RANGE,
           "kmap: a %d x %d map (allowed: 2..%d pixels per side)", ny, nx, LG_KMAP_MAX_SIDE);
  LG_CHECK(pixel_arcsec > 0.0 && isfinite(pixel_arcsec), LG_ERR_RANGE, "kmap: pixel scale %g arcsec", pixel_arcsec);
  const int mg = LG_KMAP_MARGIN;
  k->nx = nx;
  k->ny = ny;
  k->pixel_arcsec = pixel_arcsec;
  k->sx = nx + 2 * mg;
  k->sy = ny + 2 * mg;
  const int px = lg_fft_size(2 * nx + 2 * mg - 1), py = lg_fft_size(2 * ny + 2 * mg - 1);
  const int pxc = px / 2 + 1;
  const size_t nreal = (size_t)py * px, ncplx = (size_t)py * pxc;
  double *plane = fftw_malloc(nreal * sizeof(double));
  fftw_complex *khat = fftw_malloc(ncplx * sizeof(fftw_complex));
  fftw_complex *work = fftw_malloc(ncplx * sizeof(fftw_complex));
  k->field = malloc((size_t)k->sx * k->sy * LG_KMAP_NFIELD * sizeof(double));
  fftw_plan fwd = NULL, bwd = NULL;
  if (plane && khat && work) {
    /* FFTW_ESTIMATE: a plan chosen without timing, so every rank runs the same arithmetic */
    fwd = fftw_plan_dft_r2c_2d(py, px, plane, work, FFTW_ESTIMATE);
    bwd = fftw_plan_dft_c2r_2d(py, px, work, plane, FFTW_ESTIMATE);
  }
  if (!plane || !khat || !work || !k->field || !fwd || !bwd) {
    if (fwd) fftw_destroy_plan(fwd);
    if (bwd) fftw_destroy_plan(bwd);
    fftw_free(plane);
    fftw_free(khat);
    fftw_free(work);
    lg_kmap_free(k);
    LG_FAIL(LG_ERR_NOMEM, "kmap: cannot allocate the Poisson solve of a %d x %d map (FFT planes of %d x %d)", ny, nx,
            py, px);
  }
  /* the map's transform, kept for the six convolutions */
  memset(plane, 0, nreal * sizeof(double));
  for (int j = 0; j < ny; j++) memcpy(plane + (size_t)j * px, kappa + (size_t)j * nx, (size_t)nx * sizeof(double));
  fftw_execute(fwd);
  memcpy(khat, work, ncplx * sizeof(fftw_complex));
  const double h = pixel_arcsec, norm = 1.0 / ((double)px * (double)py);
  const double unit[LG_KMAP_NFIELD] = {h * h / LG_PI, h / LG_PI, h / LG_PI, 1.0 / LG_PI, 1.0 / LG_PI, 1.0 / LG_PI};
  const int dxmax = nx - 1 + mg, dymax = ny - 1 + mg;
  for (int f = 0; f < LG_KMAP_NFIELD; f++) {
    memset(plane, 0, nreal * sizeof(double));
    /* psi's kernel in arcsec: (1/pi) int ln|u| d^2u = (h^2/pi) (int_unit ln|v| + ln h) */
    const double shift = f == LG_KMAP_PSI ? log(h) : 0.0;
    for (int dy = -dymax; dy <= dymax; dy++) {
      double *row = plane + (size_t)((dy + py) % py) * px;
      for (int dx = -dxmax; dx <= dxmax; dx++) row[(dx + px) % px] = unit[f] * (lg_kmap_kernel(f, dx, dy) + shift);
    }
    fftw_execute(fwd);
    for (size_t q = 0; q < ncplx; q++) {
      const double ar = khat[q][0], ai = khat[q][1], br = work[q][0], bi = work[q][1];
      work[q][0] = (ar * br - ai * bi) * norm;
      work[q][1] = (ar * bi + ai * br) * norm;
    }
    fftw_execute(bwd);
    for (int oy = 0; oy < k->sy; oy++) {
      const double *row = plane + (size_t)((oy - mg + py) % py) * px;
      double *dst = k->field + (size_t)oy * k->sx * LG_KMAP_NFIELD + f;
      for (int ox = 0; ox < k->sx; ox++) dst[(size_t)ox * LG_KMAP_NFIELD] = row[(ox - mg + px) % px];
    }
  }
  fftw_destroy_plan(fwd);
  fftw_destroy_plan(bwd);
  fftw_free(plane);
  fftw_free(khat);
  fftw_free(work);
  lg_kmap_multipoles(kappa, k);
  return LG_OK;
}
