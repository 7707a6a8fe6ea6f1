/* Per-phase timings of each rank, gathered on rank 0, printed as a table (max/min/mean and
 * imbalance) and stored in /profile; the progress line with samples/s and ETA. */
#ifndef LG_PROFILE_H
#define LG_PROFILE_H

#include <mpi.h>
#include <stdio.h>

#include "core/err.h"
#include "core/timer.h"

/* draw: parameters and lenses; render: the backend's maps; write: collective slab writes, flushes
 * and done marks; trace, psf, noise: the image products' ray tracing and light, PSF convolution
 * and noise; points: critical curves, source placement and point images (-ps_images); wait: agreeing with the other ranks after each batch (time a fast rank spends
 * waiting for the slowest one); total: the whole batch loop. */
typedef enum {
  LG_PHASE_DRAW = 0,
  LG_PHASE_RENDER,
  LG_PHASE_TRACE,
  LG_PHASE_PSF,
  LG_PHASE_NOISE,
  LG_PHASE_POINTS,
  LG_PHASE_WRITE,
  LG_PHASE_WAIT,
  LG_PHASE_TOTAL,
  LG_PHASE_COUNT
} lg_phase;

typedef struct {
  lg_timer t[LG_PHASE_COUNT];
} lg_profile;

extern const char *const lg_phase_names[LG_PHASE_COUNT];

/* Collective: rank 0 receives all[size][LG_PHASE_COUNT] (other ranks may pass NULL). */
lg_err lg_profile_gather(const lg_profile *p, MPI_Comm comm, double *all);
/* Prints the table of all[n_ranks][LG_PHASE_COUNT]. */
void lg_profile_print(FILE *f, const double *all, int n_ranks);

/* Writes all[n_ranks][LG_PHASE_COUNT] and the run's figures as JSON to path (rank 0 only). */
lg_err lg_profile_write_json(const char *path, const double *all, int n_ranks, long long samples, double wall_s,
                             const char *backend, const char *git_commit, const char *output);

/* Rank 0's progress line, at most every interval seconds (and always when done == total). */
typedef struct {
  double start, last, interval;
  long long total;
} lg_progress;

void lg_progress_init(lg_progress *p, long long total, double interval);
void lg_progress_report(lg_progress *p, FILE *f, long long done);

#endif
