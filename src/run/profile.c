/* Timing profile table and progress lines (rank 0 prints; every rank contributes). */
#include "run/profile.h"


const char *const lg_phase_names[LG_PHASE_COUNT] = {"draw", "render", "trace", "psf", "noise", "points", "write", "wait", "total"};

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
    /* the image stages appear only in runs that make images */
    if (mx == 0.0 && (ph == LG_PHASE_TRACE || ph == LG_PHASE_PSF || ph == LG_PHASE_NOISE || ph == LG_PHASE_POINTS)) continue;
    /* imbalance: how much longer the slowest rank took than the average one */
    fprintf(f, "  %-8s %10.4f %10.4f %10.4f %9.1f%%\n", lg_phase_names[ph], mx, mn, mean,
            mean > 0 ? 100.0 * (mx / mean - 1.0) : 0.0);
  }
}

/* JSON string body of s (paths and commits: quotes, backslashes and control characters escaped) */
static void lg_json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
    else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
    else fputc(ch, f);
  }
  fputc('"', f);
}

lg_err lg_profile_write_json(const char *path, const double *all, int n, long long samples, double wall_s,
                             const char *backend, const char *git_commit, const char *output) {
  FILE *f = fopen(path, "w");
  LG_CHECK(f != NULL, LG_ERR_IO, "-run_profile_json %s: cannot write", path);
  fprintf(f, "{\n  \"output\": ");
  lg_json_string(f, output);
  fprintf(f, ",\n  \"git_commit\": ");
  lg_json_string(f, git_commit);
  fprintf(f, ",\n  \"backend\": ");
  lg_json_string(f, backend);
  fprintf(f, ",\n  \"n_ranks\": %d,\n  \"samples_generated\": %lld,\n  \"wall_s\": %.6f,\n", n, samples, wall_s);
  fprintf(f, "  \"samples_per_s\": %.3f,\n  \"phases\": [", wall_s > 0 ? samples / wall_s : 0.0);
  for (int ph = 0; ph < LG_PHASE_COUNT; ph++) fprintf(f, "%s\"%s\"", ph ? ", " : "", lg_phase_names[ph]);
  fprintf(f, "],\n  \"seconds_per_rank\": [\n");
  for (int r = 0; r < n; r++) {
    fprintf(f, "    [");
    for (int ph = 0; ph < LG_PHASE_COUNT; ph++) fprintf(f, "%s%.6f", ph ? ", " : "", all[r * LG_PHASE_COUNT + ph]);
    fprintf(f, "]%s\n", r + 1 < n ? "," : "");
  }
  fprintf(f, "  ],\n  \"summary\": {");
  for (int ph = 0; ph < LG_PHASE_COUNT; ph++) {
    double mx = all[ph], mn = all[ph], sum = 0;
    for (int r = 0; r < n; r++) {
      double v = all[r * LG_PHASE_COUNT + ph];
      mx = v > mx ? v : mx;
      mn = v < mn ? v : mn;
      sum += v;
    }
    fprintf(f, "%s\n    \"%s\": {\"max\": %.6f, \"min\": %.6f, \"mean\": %.6f}", ph ? "," : "", lg_phase_names[ph],
            mx, mn, sum / n);
  }
  fprintf(f, "\n  }\n}\n");
  int bad = ferror(f);
  bad |= fclose(f) != 0;
  LG_CHECK(!bad, LG_ERR_IO, "-run_profile_json %s: write failed", path);
  return LG_OK;
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
