/* Point-source placement with a chosen image multiplicity: a source position drawn uniformly (in area)
 * over the source-plane region where lg_source_multiplicity gives the wanted count, by rejection from
 * the bounding box of the caustics that bound it. Deterministic given the deviates; called per sample
 * by the scenario with its counter-based RNG behind the callback. */
#ifndef LG_LENSING_PLACEMENT_H
#define LG_LENSING_PLACEMENT_H

#include "core/err.h"
#include "lensing/critical.h"

/* Wanted multiplicity (n_bright of lg_source_multiplicity): 2 (doubles), 4 (quads), or any of
 * n_bright >= 2 (LG_MULT_ANY: strongly lensed). */
#define LG_MULT_ANY 0

/* A uniform deviate in [0, 1) from the caller's generator. */
typedef double (*lg_uniform_fn)(void *state);

/* Draws (*bx, *by) with n_bright == multiplicity (or >= 2 for LG_MULT_ANY), using two deviates per
 * try, at most max_tries tries (*n_tries says how many were used; may be NULL). The candidate box is
 * the bounding box of the closed tangential caustics (multiplicity 4) or of all closed caustics and
 * cuts (2, any). LG_ERR_RANGE if no caustic bounds such a region (e.g. a subcritical lens, or 4 asked
 * of a lens without a tangential caustic) or all tries miss; *bx, *by are then the last candidate.
 * A point-mass cut (at infinity) gives every source two images or more: for 2 and any, the box then
 * also spans theta_E about the first caustic. */
lg_err lg_source_place(const lg_critical *cc, int multiplicity, lg_uniform_fn uniform, void *state, int max_tries,
                       double *bx, double *by, int *n_tries);

#endif
