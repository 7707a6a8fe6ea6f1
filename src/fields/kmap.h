/* A pixelised lens: a convergence map solved once per run into the potential, deflection and
 * Hessian of the mass it describes (kmap.c: FFTW Poisson solve with zero padding), evaluated at any
 * point by bicubic interpolation inside the map and a multipole expansion outside (kmap_grid.c).
 * One map per run sits in a host-side registry that the kmap profile's evaluator reads
 * (physics/profiles/kmap.h); run/config.c fills it through fields/kmap_input.h before any render.
 *
 * The model: pixel (i, j) of the map is a uniform square of convergence kappa[j][i] and side
 * pixel_arcsec, centred at ((i - (nx-1)/2) pixel, (j - (ny-1)/2) pixel) from the map centre (the
 * grid convention of DESIGN.md). psi = (1/pi) kappa * ln|theta| and alpha = grad psi are exact for
 * that piecewise-constant mass at the pixel centres (to FFT rounding): every kernel entry is the
 * kernel integrated over a pixel, in closed form. */
#ifndef LG_FIELDS_KMAP_H
#define LG_FIELDS_KMAP_H

#include "core/err.h"
#include "physics/lens.h"

/* Solved pixel centres beyond each edge of the map: the 4 x 4 bicubic stencil then covers the map
 * out to half a pixel beyond its edge. */
#define LG_KMAP_MARGIN 2
/* Highest multipole of the expansion used outside the map. */
#define LG_KMAP_ORDER 8
/* Largest map side: bounds the solve's memory (three padded planes of ~(2n)^2 doubles while solving,
 * then the six solved fields, 48 n^2 bytes, for the run) and keeps every MPI count below 2^31. */
#define LG_KMAP_MAX_SIDE 8192

/* Fields of a solved grid point, interleaved: a bicubic stencil reads 4 rows of 4 x 6 contiguous values. */
enum { LG_KMAP_PSI = 0, LG_KMAP_AX, LG_KMAP_AY, LG_KMAP_FXX, LG_KMAP_FXY, LG_KMAP_FYY, LG_KMAP_NFIELD };

typedef struct {
  int nx, ny;          /* map pixels; kappa is [ny][nx], x along the last axis */
  double pixel_arcsec; /* side of a pixel */
  int sx, sy;          /* solved grid: (nx + 2 margin) x (ny + 2 margin) pixel centres */
  double *field;       /* [sy][sx][LG_KMAP_NFIELD]: psi (arcsec^2), alpha (arcsec), Hessian */
  /* outside the solved grid: psi = (1/pi) Re F(z), F = M ln z - sum_k Q_k / (k z^k), z about (xc, yc) */
  double mass_arcsec2; /* M = sum kappa pixel^2 (= mass / Sigma_crit) */
  double xc, yc;       /* expansion centre, arcsec from the map centre: the centre of mass */
  double q_re[LG_KMAP_ORDER + 1], q_im[LG_KMAP_ORDER + 1]; /* Q_k = sum kappa pixel^2 w^k, k = 1.. */
  char *key; /* provenance for the run's configuration key (kmap_input.c), or NULL */
} lg_kmap;

/* Solves the map kappa[ny][nx] (row-major, finite values) of pixel side pixel_arcsec into k:
 * psi, alpha and the Hessian on the solved grid by 2D convolutions with pixel-integrated kernels on
 * a zero-padded grid (FFTW, FFTW_ESTIMATE: the same bits on every rank), and the multipoles. Local
 * (no MPI). k is overwritten; free it with lg_kmap_free. */
lg_err lg_kmap_solve(const double *kappa, int nx, int ny, double pixel_arcsec, lg_kmap *k);
/* Frees what lg_kmap_solve allocated (and key). */
void lg_kmap_free(lg_kmap *k);

/* Adds scale x (psi, alpha, Hessian) of map k at (dx, dy) arcsec from the map centre to out:
 * bicubic (Keys a = -1/2) interpolation of the solved grid where its stencil fits, i.e. up to half
 * a pixel beyond the map edge; the multipole expansion (order LG_KMAP_ORDER, about the centre of
 * mass) beyond. */
void lg_kmap_add(const lg_kmap *k, double dx, double dy, double scale, lg_lens_point *out);

/* The registry (host only, one map per run): install takes ownership of a heap-allocated map and
 * frees the one installed before; active returns it or NULL; uninstall frees it. */
void lg_kmap_install(lg_kmap *k);
const lg_kmap *lg_kmap_active(void);
void lg_kmap_uninstall(void);

/* Pixel integrals of the kernels of kmap.c, in units of the pixel (exposed for tests): the
 * integral over the unit square centred at (m, n) of ln|u| (LG_KMAP_PSI), u_x/|u|^2, u_y/|u|^2,
 * and the derivatives d/dx (u_x/|u|^2), d/dy (u_x/|u|^2), d/dy (u_y/|u|^2) (the last three including
 * the 2 pi delta at the origin: the central pixel of d/dx u_x/|u|^2 is pi). Multiply by 1/pi and by
 * pixel^2 (psi, plus pixel^2 ln pixel), pixel (alpha) or 1 (Hessian) for arcsec units. */
double lg_kmap_kernel(int field, int m, int n);

#endif
