/* Pixelised lens: the convergence map of -lens_kmap_file (one map per run), its centre moved to
 * (x, y) and its convergence multiplied by scale. p = {x, y, scale}. The map's psi, alpha and
 * Hessian are solved once per run (fields/kmap.c: FFT Poisson solve with zero padding) and held in a
 * host-side registry; the evaluator interpolates them there (fields/kmap_grid.c), so it is host
 * only: the CUDA backend refuses a lens with a kmap (backends/backend.c) and the device stub traps.
 * With no map registered it adds nothing. */
#ifndef LG_PROFILE_KMAP_H
#define LG_PROFILE_KMAP_H

#include "core/hd.h"
#include "physics/lens.h"

enum { LG_KMAP_X = 0, LG_KMAP_Y, LG_KMAP_SCALE };

#if defined(__CUDACC__)
LG_HD void lg_kmap_eval(const double *p, double x, double y, lg_lens_point *out) {
  (void)p;
  (void)x;
  (void)y;
  (void)out;
#if defined(__CUDA_ARCH__)
  __trap(); /* never reached: a kmap run never gets a CUDA backend */
#endif
}
#else
/* fields/kmap_grid.c: adds the registered map, shifted and scaled, at (x, y). */
void lg_kmap_eval_host(const double *p, double x, double y, lg_lens_point *out);

LG_HD void lg_kmap_eval(const double *p, double x, double y, lg_lens_point *out) { lg_kmap_eval_host(p, x, y, out); }
#endif

#endif
