/* Builds the CPU backend's per-component tables (cpu_tables.h): one pass sizes every table of the
 * sample, one buffer holds them all, a second pass fills them. */
#include "backends/cpu_tables.h"

#include <math.h>
#include <stdlib.h>

/* Nearest and farthest distance (arcsec) from (x0, y0) to the box holding every sub-pixel centre of
 * grid g, widened by a relative 1e-9 against rounding (a pixel outside its table's range takes the
 * quadrature anyway). */
static void lg_grid_distances(const lg_grid *g, double x0, double y0, double *r_min, double *r_max) {
  const int s = g->supersample;
  const double pixel = g->fov_arcsec / (double)g->npix;
  const double lo = lg_grid_coord(g, 0) + (0.5 / (double)s - 0.5) * pixel;
  const double hi = lg_grid_coord(g, g->npix - 1) + (((double)s - 0.5) / (double)s - 0.5) * pixel;
  const double nx = fmax(0.0, fmax(lo - x0, x0 - hi)), ny = fmax(0.0, fmax(lo - y0, y0 - hi));
  const double fx = fmax(fabs(lo - x0), fabs(hi - x0)), fy = fmax(fabs(lo - y0), fabs(hi - y0));
  *r_min = hypot(nx, ny) * (1.0 - 1e-9);
  *r_max = hypot(fx, fy) * (1.0 + 1e-9);
}

/* Coefficients of component c's table on grid g (0: its kind has none, or the builder will refuse
 * its parameters), and the distances the table covers. Both profiles hold their centre in p[0..1]. */
static size_t lg_table_coefs(const lg_grid *g, const lg_component *c, double *r_min, double *r_max) {
  if (c->kind != LG_PROFILE_EINASTO && c->kind != LG_PROFILE_SERSIC) return 0;
  lg_grid_distances(g, c->p[0], c->p[1], r_min, r_max);
  if (c->kind == LG_PROFILE_EINASTO) return (size_t)lg_einasto_table_size(c->p, *r_min, *r_max) * LG_EINASTO_TAB_COEFS;
  return (size_t)lg_sersic_table_size(c->p, *r_min, *r_max) * LG_SERSIC_TAB_COEFS;
}

lg_err lg_cpu_tables_build(lg_cpu_tables *t, const lg_grid *g, const lg_component *c, int nc) {
  _Static_assert(LG_EINASTO_X == 0 && LG_EINASTO_Y == 1 && LG_SERSIC_X == 0 && LG_SERSIC_Y == 1,
                 "lg_table_coefs reads the centre from p[0], p[1]");
  if (nc > t->cap) {
    lg_einasto_table *e = realloc(t->einasto, (size_t)nc * sizeof *e);
    if (e != NULL) t->einasto = e;
    lg_sersic_table *s = e != NULL ? realloc(t->sersic, (size_t)nc * sizeof *s) : NULL;
    LG_CHECK(s != NULL, LG_ERR_NOMEM, "cannot allocate table headers for %d components", nc);
    t->sersic = s;
    t->cap = nc;
  }
  size_t total = 0;
  int tabled = 0;
  for (int k = 0; k < nc; k++) {
    double r_min, r_max;
    total += lg_table_coefs(g, &c[k], &r_min, &r_max);
    tabled += c[k].kind == LG_PROFILE_EINASTO || c[k].kind == LG_PROFILE_SERSIC;
  }
  if (tabled == 0) return LG_OK;
  if (total > t->coef_cap || t->coef == NULL) { /* never NULL: a table refusing its parameters writes none */
    double *cf = realloc(t->coef, (total > 0 ? total : 1) * sizeof *cf);
    LG_CHECK(cf != NULL, LG_ERR_NOMEM, "cannot allocate tables of %zu coefficients", total);
    t->coef = cf;
    t->coef_cap = total > 0 ? total : 1;
  }
  size_t at = 0;
  for (int k = 0; k < nc; k++) {
    double r_min, r_max;
    const size_t m = lg_table_coefs(g, &c[k], &r_min, &r_max);
    if (c[k].kind == LG_PROFILE_EINASTO)
      LG_CALL(lg_einasto_table_build(c[k].p, r_min, r_max, t->coef + at, &t->einasto[k]));
    else if (c[k].kind == LG_PROFILE_SERSIC)
      LG_CALL(lg_sersic_table_build(c[k].p, r_min, r_max, t->coef + at, &t->sersic[k]));
    at += m;
  }
  return LG_OK;
}

void lg_cpu_tables_free(lg_cpu_tables *t) {
  free(t->coef);
  free(t->sersic);
  free(t->einasto);
}
