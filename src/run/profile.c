/* Timing profile table and progress lines (rank 0 prints; every rank contributes). */
#include "run/profile.h"


const char *const lg_phase_names[LG_PHASE_COUNT] = {"draw", "render", "write", "total"};

lg_err lg_profile_gather(const lg_profile *p, MPI_Comm comm, double *all) {
  double mine[LG_PHASE_COUNT];
  for (int i = 0; i < LG_PHASE_COUNT; i++) mine[i] = p->t[i].total;
  int rc = MPI_Gather(mine, LG_PHASE_COUNT, MPI_DOUBLE, all, LG_PHASE_COUNT, MPI_DOUBLE, 0, comm);
  LG_CHECK(rc == MPI_SUCCESS, LG_ERR_MPI, "MPI_Gather of the timing profile failed");
  return LG_OK;
}

void lg_profile_print(FILE *f, const double *all, int n) {
  fprintf(f, "  %-8s %10s %10s %10s %10s\n", "phase", "max s", "min s", "mean s", "imbalance");
  for (int ph = 0; ph < LG_PHASE_COUNT; ph++) {
    double mx = all[ph], mn = all[ph], sum = 0;
    for (int r = 0; r < n; r++) {
      double v = all[r * LG_PHASE_COUNT + ph];
      mx = v > mx ? v : mx;
      mn = v < mn ? v : mn;
      sum += v;
    }
    double mean = sum / n;
    /* imbalance: how much longer the slowest rank took than the average one */
    fprintf(f, "  %-8s %10.4f %10.4f %10.4f %9.1f%%\n", lg_phase_names[ph], mx, mn, mean,
            mean > 0 ? 100.0 * (mx / mean - 1.0) : 0.0);
  }
}

void lg_progress_init(lg_progress *p, long long total, double interval) {
  p->start = p->last = lg_time_now();
  p->interval = interval;
  p->total = total;
}

void lg_progress_report(lg_progress *p, FILE *f, long long done) {
  double now = lg_time_now();
  if (done < p->total && now - p->last < p->interval) return;
  p->last = now;
  double el = now - p->start, rate = el > 0 ? done / el : 0.0;
  double eta = rate > 0 ? (p->total - done) / rate : 0.0;
  fprintf(f, "lensgen: %lld/%lld samples (%.1f%%), %.1f samples/s, ETA %.1f s\n", done, p->total,
          p->total ? 100.0 * done / p->total : 100.0, rate, eta);
  fflush(f);
}
