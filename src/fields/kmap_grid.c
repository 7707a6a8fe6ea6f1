/* Evaluation of a solved pixelised lens (fields/kmap.h) at any point, and the one-map registry that
 * the kmap profile's host evaluator reads (physics/profiles/kmap.h). No FFTW, no MPI: part of
 * lensgen_physics, so everything that evaluates a lens links without the solver. */
#include "fields/kmap.h"

#include <math.h>
#include <stdlib.h>

#include "core/consts.h"
#include "core/interp.h"
#include "physics/profiles/kmap.h"

void lg_kmap_free(lg_kmap *k) {
  if (!k) return;
  free(k->field);
  free(k->key);
  k->field = NULL;
  k->key = NULL;
}

/* Outside the solved grid, the multipole expansion of the map's mass (kmap.h): with
 * F(z) = M ln z - sum_k Q_k / (k z^k), psi = Re F / pi, alpha_x - i alpha_y = F' / pi and
 * f_xx - i f_xy = F'' / pi (psi harmonic there: f_yy = -f_xx). */
static void lg_kmap_multipole(const lg_kmap *k, double dx, double dy, double v[LG_KMAP_NFIELD]) {
  const double zr = dx - k->xc, zi = dy - k->yc;
  const double r2 = zr * zr + zi * zi;
  const double ar = zr / r2, ai = -zi / r2; /* 1/z */
  const double m = k->mass_arcsec2;
  double f0 = 0.5 * m * log(r2);                             /* Re F */
  double f1r = m * ar, f1i = m * ai;                         /* F' */
  const double z2r = ar * ar - ai * ai, z2i = 2.0 * ar * ai; /* 1/z^2 */
  double f2r = -m * z2r, f2i = -m * z2i;                     /* F'' */
  double qr = ar, qi = ai;                                   /* 1/z^q */
  for (int q = 1; q <= LG_KMAP_ORDER; q++) {
    const double cr = k->q_re[q], ci = k->q_im[q];
    /* Q_q / z^q, then times 1/z and 1/z^2 */
    const double tr = cr * qr - ci * qi, ti = cr * qi + ci * qr;
    f0 -= tr / q;
    const double ur = tr * ar - ti * ai, ui = tr * ai + ti * ar;
    f1r += ur;
    f1i += ui;
    const double wr = ur * ar - ui * ai, wi = ur * ai + ui * ar;
    f2r -= (q + 1) * wr;
    f2i -= (q + 1) * wi;
    const double nr = qr * ar - qi * ai;
    qi = qr * ai + qi * ar;
    qr = nr;
  }
  v[LG_KMAP_PSI] = f0 / LG_PI;
  v[LG_KMAP_AX] = f1r / LG_PI;
  v[LG_KMAP_AY] = -f1i / LG_PI;
  v[LG_KMAP_FXX] = f2r / LG_PI;
  v[LG_KMAP_FXY] = -f2i / LG_PI;
  v[LG_KMAP_FYY] = -f2r / LG_PI;
}

void lg_kmap_add(const lg_kmap *k, double dx, double dy, double scale, lg_lens_point *out) {
  const double h = k->pixel_arcsec;
  /* position in solved-grid index units: solved index = map index + margin */
  const double u = dx / h + 0.5 * (k->nx - 1) + LG_KMAP_MARGIN;
  const double s = dy / h + 0.5 * (k->ny - 1) + LG_KMAP_MARGIN;
  double v[LG_KMAP_NFIELD] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  if (u >= 1.0 && u <= k->sx - 2.0 && s >= 1.0 && s <= k->sy - 2.0) {
    int i = (int)u, j = (int)s;
    if (i > k->sx - 3) i = k->sx - 3;
    if (j > k->sy - 3) j = k->sy - 3;
    double wx[4], wy[4];
    lg_keys_weights(u - i, wx);
    lg_keys_weights(s - j, wy);
    for (int b = 0; b < 4; b++) {
      const double *row = k->field + ((size_t)(j - 1 + b) * k->sx + (size_t)(i - 1)) * LG_KMAP_NFIELD;
      double r[LG_KMAP_NFIELD] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
      for (int a = 0; a < 4; a++)
        for (int f = 0; f < LG_KMAP_NFIELD; f++) r[f] += wx[a] * row[a * LG_KMAP_NFIELD + f];
      for (int f = 0; f < LG_KMAP_NFIELD; f++) v[f] += wy[b] * r[f];
    }
  } else {
    lg_kmap_multipole(k, dx, dy, v);
  }
  out->psi += scale * v[LG_KMAP_PSI];
  out->alpha_x += scale * v[LG_KMAP_AX];
  out->alpha_y += scale * v[LG_KMAP_AY];
  out->f_xx += scale * v[LG_KMAP_FXX];
  out->f_xy += scale * v[LG_KMAP_FXY];
  out->f_yy += scale * v[LG_KMAP_FYY];
}

/* The registry: one map per run, set by the run before rendering, read by every evaluation. */
static lg_kmap *lg_kmap_registry = NULL;

void lg_kmap_install(lg_kmap *k) {
  lg_kmap_uninstall();
  lg_kmap_registry = k;
}

const lg_kmap *lg_kmap_active(void) { return lg_kmap_registry; }

void lg_kmap_uninstall(void) {
  lg_kmap_free(lg_kmap_registry);
  free(lg_kmap_registry);
  lg_kmap_registry = NULL;
}

/* The kmap kind's evaluator (physics/profiles/kmap.h): the registered map shifted to (x, y) of the
 * component and scaled; nothing without a map (a kmap component is refused by the run then). */
void lg_kmap_eval_host(const double *p, double x, double y, lg_lens_point *out) {
  const lg_kmap *k = lg_kmap_registry;
  if (!k) return;
  lg_kmap_add(k, x - p[LG_KMAP_X], y - p[LG_KMAP_Y], p[LG_KMAP_SCALE], out);
}
