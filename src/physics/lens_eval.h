/* Evaluation of a lens (a list of components) at one point, and the map quantities derived from
 * the Hessian. Header-only and LG_HD, so the CPU backend and the CUDA kernels run the same code. */
#ifndef LG_LENS_EVAL_H
#define LG_LENS_EVAL_H

#include "core/hd.h"
#include "physics/lens.h"
#include "physics/profiles/burkert.h"
#include "physics/profiles/cnfw.h"
#include "physics/profiles/ehernquist.h"
#include "physics/profiles/einasto.h"
#include "physics/profiles/enfw.h"
#include "physics/profiles/epl.h"
#include "physics/profiles/hernquist.h"
#include "physics/profiles/kmap.h"
#include "physics/profiles/nfw.h"
#include "physics/profiles/point.h"
#include "physics/profiles/sersic.h"
#include "physics/profiles/shear.h"
#include "physics/profiles/sheet.h"
#include "physics/profiles/sie.h"
#include "physics/profiles/sis.h"
#include "physics/profiles/tnfw.h"

/* Every kind and its evaluator, once: the switch below and the CPU backend's per-kind pixel loops
 * (backends/cpu_backend.c) are generated from this list. */
#define LG_PROFILE_EVALUATORS(X)            \
  X(LG_PROFILE_POINT, lg_point_mass_eval)   \
  X(LG_PROFILE_SIS, lg_sis_eval)            \
  X(LG_PROFILE_SIE, lg_sie_eval)            \
  X(LG_PROFILE_NFW, lg_nfw_eval)            \
  X(LG_PROFILE_SHEAR, lg_shear_eval)        \
  X(LG_PROFILE_SHEET, lg_sheet_eval)        \
  X(LG_PROFILE_EPL, lg_epl_eval)            \
  X(LG_PROFILE_TNFW, lg_tnfw_eval)          \
  X(LG_PROFILE_CNFW, lg_cnfw_eval)          \
  X(LG_PROFILE_HERNQUIST, lg_hernquist_eval) \
  X(LG_PROFILE_BURKERT, lg_burkert_eval)    \
  X(LG_PROFILE_EINASTO, lg_einasto_eval)    \
  X(LG_PROFILE_SERSIC, lg_sersic_eval)      \
  X(LG_PROFILE_ENFW, lg_enfw_eval)          \
  X(LG_PROFILE_EHERNQUIST, lg_ehernquist_eval) \
  X(LG_PROFILE_KMAP, lg_kmap_eval)

/* Adds component c's psi, alpha and Hessian at (x, y) to out. */
LG_HD void lg_component_eval(const lg_component *c, double x, double y, lg_lens_point *out) {
#define LG_EVAL_CASE(KIND, FN) \
  case KIND: FN(c->p, x, y, out); break;
  switch (c->kind) {
    LG_PROFILE_EVALUATORS(LG_EVAL_CASE)
    default: break; /* kinds are validated when the scenario is built */
  }
#undef LG_EVAL_CASE
}

/* The sum of n components at (x, y). */
LG_HD void lg_lens_eval(const lg_component *comps, int n, double x, double y, lg_lens_point *out) {
  out->psi = out->alpha_x = out->alpha_y = 0.0;
  out->f_xx = out->f_xy = out->f_yy = 0.0;
  for (int i = 0; i < n; i++) lg_component_eval(&comps[i], x, y, out);
}

LG_HD double lg_point_kappa(const lg_lens_point *r) { return 0.5 * (r->f_xx + r->f_yy); }
LG_HD double lg_point_gamma1(const lg_lens_point *r) { return 0.5 * (r->f_xx - r->f_yy); }
LG_HD double lg_point_gamma2(const lg_lens_point *r) { return r->f_xy; }
/* det of the lens-equation Jacobian A = I - Hessian: (1 - kappa)^2 - gamma^2 */
LG_HD double lg_point_det_jacobian(const lg_lens_point *r) {
  return (1.0 - r->f_xx) * (1.0 - r->f_yy) - r->f_xy * r->f_xy;
}
/* Signed magnification 1/det A; infinite exactly on a critical curve. */
LG_HD double lg_point_magnification(const lg_lens_point *r) { return 1.0 / lg_point_det_jacobian(r); }

#endif
