/* Rejection sampling of a source position of a chosen image multiplicity (see placement.h). */
#include "lensing/placement.h"

#include <math.h>

static int wanted(int multiplicity, int n_bright) {
  return multiplicity == LG_MULT_ANY ? n_bright >= 2 : n_bright == multiplicity;
}

lg_err lg_source_place(const lg_critical *cc, int multiplicity, lg_uniform_fn uniform, void *state, int max_tries,
                       double *bx, double *by, int *n_tries) {
  LG_CHECK(multiplicity == LG_MULT_ANY || multiplicity >= 1, LG_ERR_RANGE,
           "source placement: multiplicity %d (want 1, 2, 4, ... or any)", multiplicity);
  LG_CHECK(cc != NULL && uniform != NULL && bx != NULL && by != NULL && max_tries >= 1, LG_ERR_RANGE,
           "source placement: missing argument or max_tries %d < 1", max_tries);
  if (n_tries) *n_tries = 0;
  double lox = INFINITY, hix = -INFINITY, loy = INFINITY, hiy = -INFINITY;
  for (int i = 0; i < cc->n_curves; i++) {
    const lg_curve *cv = &cc->curve[i];
    if (!cv->closed || (multiplicity == 4 && cv->kind != LG_CURVE_TANGENTIAL)) continue;
    for (int k = 0; k < cv->n; k++) {
      lox = fmin(lox, cv->bx[k]);
      hix = fmax(hix, cv->bx[k]);
      loy = fmin(loy, cv->by[k]);
      hiy = fmax(hiy, cv->by[k]);
    }
  }
  if (cc->n_infinite_cuts > 0 && cc->n_curves > 0 && multiplicity != 4) {
    /* a point mass's cut is at infinity: every source is at least doubly imaged; add theta_E about the
     * mean of the first caustic to the box */
    const lg_curve *cv = &cc->curve[0];
    const double te = cc->theta_e > 0.0 ? cc->theta_e : sqrt(fabs(cv->area) / 3.141592653589793);
    double mx = 0.0, my = 0.0;
    for (int k = 0; k < cv->n; k++) {
      mx += cv->bx[k] / cv->n;
      my += cv->by[k] / cv->n;
    }
    lox = fmin(lox, mx - te);
    hix = fmax(hix, mx + te);
    loy = fmin(loy, my - te);
    hiy = fmax(hiy, my + te);
  }
  LG_CHECK(hix > lox && hiy > loy, LG_ERR_RANGE, "source placement: the lens has no caustic of multiplicity %d",
           multiplicity);
  for (int t = 1; t <= max_tries; t++) {
    const double u1 = uniform(state), u2 = uniform(state);
    *bx = lox + u1 * (hix - lox);
    *by = loy + u2 * (hiy - loy);
    if (n_tries) *n_tries = t;
    int nb;
    lg_source_multiplicity(cc, *bx, *by, NULL, &nb);
    if (wanted(multiplicity, nb)) return LG_OK;
  }
  LG_FAIL(LG_ERR_RANGE, "source placement: no position of multiplicity %d in %d tries", multiplicity, max_tries);
}
