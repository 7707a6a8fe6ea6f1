/* The per-component tables the CPU backend interpolates instead of running a quadrature per pixel
 * (einasto: cpu_einasto.h; sersic: cpu_sersic.h), built for one sample's components on one grid,
 * their buffers kept from sample to sample. */
#ifndef LG_CPU_TABLES_H
#define LG_CPU_TABLES_H

#include <stddef.h>

#include "backends/backend.h"
#include "backends/cpu_einasto.h"
#include "backends/cpu_sersic.h"
#include "core/err.h"

typedef struct {
  lg_einasto_table *einasto; /* [cap]: entry k is component k's when it is an einasto */
  lg_sersic_table *sersic;   /* [cap]: entry k is component k's when it is a sersic */
  int cap;                   /* >= the sample's component count after lg_cpu_tables_build */
  double *coef;              /* every table's coefficients, one after another */
  size_t coef_cap;
} lg_cpu_tables;

/* Builds the tables of the nc components c of one sample for the sub-pixels of grid g into t
 * (zeroed before first use), growing its buffers when needed. */
lg_err lg_cpu_tables_build(lg_cpu_tables *t, const lg_grid *g, const lg_component *c, int nc);

void lg_cpu_tables_free(lg_cpu_tables *t);

#endif
