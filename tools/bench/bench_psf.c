/* The PSF step against FFTW's own time for the same transforms: for each image side, lensgen's
 * lg_psf_conv_create (plans with FFTW_ESTIMATE + the kernel's transform) and lg_psf_conv_apply (zero
 * padding, r2c, multiply by the kernel's spectrum, c2r, crop), against bare FFTW r2c + c2r plans of the
 * same padded N x N, planned with FFTW_ESTIMATE (as lensgen) and with FFTW_MEASURE, planning and
 * execution timed apart. Wall and thread CPU time, median of repeats. Usage (tools/bench/README.md):
 *   bench_psf [--sides 64,128,256,512] [--fwhm 0.151] [--pitch 0.04] [--min-time 0.2] [--repeats 5]
 *             [--no-measure] [--json]
 * Defaults: the standard image workload's kernel (hst_wfc3_f160w, FWHM 0.151" at 0.08"/2 = 0.04"
 * per sub-pixel: 25 x 25), whose 64 x 64 images at supersample 2 are 128 x 128 (FFT 160 x 160). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, CLOCK_THREAD_CPUTIME_ID */
#include <complex.h>            /* before fftw3.h: fftw_complex is C99 double complex */
#include <fftw3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "observe/psf.h"

#define MAX_SIDES 16
#define MAX_REPEATS 64

typedef struct {
  double wall, cpu; /* seconds */
} bench_t;

static bench_t bench_now(void) {
  struct timespec w, c;
  clock_gettime(CLOCK_MONOTONIC, &w);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
  return (bench_t){(double)w.tv_sec + 1e-9 * (double)w.tv_nsec, (double)c.tv_sec + 1e-9 * (double)c.tv_nsec};
}

static bench_t bench_since(bench_t t0) {
  const bench_t t1 = bench_now();
  return (bench_t){t1.wall - t0.wall, t1.cpu - t0.cpu};
}

static int cmp_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* What one timed call does. */
typedef struct {
  int lensgen; /* 1: lg_psf_conv_apply(conv, in, out); 0: fftw_execute(fwd) + fftw_execute(bwd) */
  lg_psf_conv *conv;
  const double *in;
  double *out;
  fftw_plan fwd, bwd;
} job;

static int job_run(const job *j) {
  if (j->lensgen) return lg_psf_conv_apply(j->conv, j->in, j->out) != LG_OK;
  fftw_execute(j->fwd);
  fftw_execute(j->bwd);
  return 0;
}

/* Median seconds per call (wall and thread CPU) over `repeats` runs of k calls, k set so that one
 * run lasts about min_time. */
static int time_calls(const job *j, double min_time, int repeats, bench_t *per_call) {
  long k = 1;
  for (;;) { /* calibrate (also warms the caches and the plans) */
    const bench_t t0 = bench_now();
    for (long i = 0; i < k; i++)
      if (job_run(j)) return 1;
    const double dt = bench_since(t0).wall;
    if (dt >= 0.5 * min_time || k >= (1L << 30)) {
      if (dt > 0.0 && dt < min_time) k = (long)((double)k * min_time / dt) + 1;
      break;
    }
    k *= dt > 0.0 && dt * 20.0 < min_time ? 10 : 2;
  }
  double w[MAX_REPEATS], c[MAX_REPEATS];
  for (int r = 0; r < repeats; r++) {
    const bench_t t0 = bench_now();
    for (long i = 0; i < k; i++)
      if (job_run(j)) return 1;
    const bench_t dt = bench_since(t0);
    w[r] = dt.wall / (double)k;
    c[r] = dt.cpu / (double)k;
  }
  per_call->wall = median(w, repeats);
  per_call->cpu = median(c, repeats);
  return 0;
}

/* Bare FFTW: r2c + c2r plans of N x N with `flags`, planning time in *plan. The inverse writes a
 * second real array, so the input stays as it is (c2r(r2c(x)) = N^2 x would overflow when repeated). */
static int fftw_pair(int nfft, unsigned flags, double min_time, int repeats, bench_t *plan, bench_t *exec) {
  const size_t n = (size_t)nfft, nc = n * (n / 2 + 1);
  double *re = fftw_malloc(sizeof *re * n * n), *back = fftw_malloc(sizeof *back * n * n);
  fftw_complex *sp = fftw_malloc(sizeof *sp * nc);
  if (re == NULL || back == NULL || sp == NULL) return 1;
  fftw_forget_wisdom(); /* plans from scratch, as a fresh lensgen rank does */
  const bench_t t0 = bench_now();
  const fftw_plan fwd = fftw_plan_dft_r2c_2d(nfft, nfft, re, sp, flags);
  const fftw_plan bwd = fftw_plan_dft_c2r_2d(nfft, nfft, sp, back, flags);
  *plan = bench_since(t0);
  if (fwd == NULL || bwd == NULL) return 1;
  for (size_t i = 0; i < n * n; i++) re[i] = (double)(i % 17) / 17.0; /* MEASURE overwrote it */
  const job j = {0, NULL, NULL, NULL, fwd, bwd};
  const int err = time_calls(&j, min_time, repeats, exec);
  fftw_destroy_plan(fwd);
  fftw_destroy_plan(bwd);
  fftw_free(re);
  fftw_free(back);
  fftw_free(sp);
  return err;
}

int main(int argc, char **argv) {
  int sides[MAX_SIDES] = {64, 128, 256, 512}, nsides = 4, repeats = 5, measure = 1, json = 0;
  double fwhm = 0.151, pitch = 0.04, min_time = 0.2;
  for (int a = 1; a < argc; a++) {
    const char *opt = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;
    if (!strcmp(opt, "--sides") && val) {
      nsides = 0;
      for (const char *s = val; *s && nsides < MAX_SIDES; s = strchr(s, ',') ? strchr(s, ',') + 1 : "")
        sides[nsides++] = atoi(s);
      a++;
    } else if (!strcmp(opt, "--fwhm") && val) {
      fwhm = atof(val), a++;
    } else if (!strcmp(opt, "--pitch") && val) {
      pitch = atof(val), a++;
    } else if (!strcmp(opt, "--min-time") && val) {
      min_time = atof(val), a++;
    } else if (!strcmp(opt, "--repeats") && val) {
      repeats = atoi(val), a++;
    } else if (!strcmp(opt, "--no-measure")) {
      measure = 0;
    } else if (!strcmp(opt, "--json")) {
      json = 1;
    } else {
      fprintf(stderr, "usage: bench_psf [--sides 64,128,256,512] [--fwhm 0.151] [--pitch 0.04] [--min-time 0.2] "
                      "[--repeats 5] [--no-measure] [--json]\n");
      return 2;
    }
  }
  if (repeats < 1 || repeats > MAX_REPEATS || !(min_time > 0.0) || !(fwhm > 0.0) || !(pitch > 0.0)) {
    fprintf(stderr, "bench_psf: need 1 <= repeats <= %d, min-time, fwhm, pitch > 0\n", MAX_REPEATS);
    return 2;
  }
  lg_psf_kernel kern;
  if (lg_psf_kernel_gaussian(fwhm, pitch, 0.0, &kern) != LG_OK) {
    lg_err_print(stderr);
    return 1;
  }
  if (!json) {
    printf("bench_psf: Gaussian PSF FWHM %g arcsec at %g arcsec per cell (kernel %d x %d); median of %d runs of "
           ">= %g s; us per image (wall / thread CPU)\n",
           fwhm, pitch, kern.size, kern.size, repeats, min_time);
    printf("%6s %6s | %-22s %-22s | %-22s %-22s | %-22s %-22s | %s\n", "side", "FFT N", "lensgen create",
           "lensgen apply", "FFTW ESTIMATE plan", "ESTIMATE r2c+c2r", "FFTW MEASURE plan", "MEASURE r2c+c2r",
           "apply / ESTIMATE, / MEASURE (CPU)");
  }
  int status = 0;
  for (int k = 0; k < nsides && !status; k++) {
    const int side = sides[k];
    if (side < 1 || side > 8192) {
      fprintf(stderr, "bench_psf: side %d: need 1 .. 8192\n", side);
      status = 2;
      break;
    }
    const size_t n2 = (size_t)side * (size_t)side;
    double *in = malloc(sizeof *in * n2), *out = malloc(sizeof *out * n2);
    if (in == NULL || out == NULL) return 1;
    for (size_t i = 0; i < n2; i++) in[i] = (double)((i * 7919u) % 101u) / 101.0;
    lg_psf_conv *conv = NULL;
    fftw_forget_wisdom();
    const bench_t t0 = bench_now();
    if (lg_psf_conv_create(side, &kern, &conv) != LG_OK) {
      lg_err_print(stderr);
      return 1;
    }
    const bench_t create = bench_since(t0);
    const int nfft = lg_psf_conv_fft_size(conv);
    const job j = {1, conv, in, out, NULL, NULL};
    bench_t apply = {0, 0}, est_plan = {0, 0}, est = {0, 0}, mes_plan = {0, 0}, mes = {0, 0};
    status = time_calls(&j, min_time, repeats, &apply);
    if (!status) status = fftw_pair(nfft, FFTW_ESTIMATE, min_time, repeats, &est_plan, &est);
    if (!status && measure) status = fftw_pair(nfft, FFTW_MEASURE, min_time, repeats, &mes_plan, &mes);
    if (status) {
      fprintf(stderr, "bench_psf: side %d failed\n", side);
      break;
    }
    if (json) {
      printf(
          "{\"side\": %d, \"kernel\": %d, \"nfft\": %d, \"create_s\": %.9g, \"apply_s\": %.9g, \"apply_cpu_s\": %.9g, "
          "\"estimate_plan_s\": %.9g, \"estimate_exec_s\": %.9g, \"estimate_exec_cpu_s\": %.9g",
          side, kern.size, nfft, create.wall, apply.wall, apply.cpu, est_plan.wall, est.wall, est.cpu);
      if (measure)
        printf(", \"measure_plan_s\": %.9g, \"measure_exec_s\": %.9g, \"measure_exec_cpu_s\": %.9g", mes_plan.wall,
               mes.wall, mes.cpu);
      printf("}\n");
    } else {
      char m1[32] = "-", m2[32] = "-", r2[16] = "-";
      if (measure) {
        snprintf(m1, sizeof m1, "%.0f", 1e6 * mes_plan.wall);
        snprintf(m2, sizeof m2, "%.1f / %.1f", 1e6 * mes.wall, 1e6 * mes.cpu);
        snprintf(r2, sizeof r2, "%.2f", apply.cpu / mes.cpu);
      }
      char c1[32], c2[32], c3[32], c4[32];
      snprintf(c1, sizeof c1, "%.0f", 1e6 * create.wall);
      snprintf(c2, sizeof c2, "%.1f / %.1f", 1e6 * apply.wall, 1e6 * apply.cpu);
      snprintf(c3, sizeof c3, "%.0f", 1e6 * est_plan.wall);
      snprintf(c4, sizeof c4, "%.1f / %.1f", 1e6 * est.wall, 1e6 * est.cpu);
      printf("%6d %6d | %-22s %-22s | %-22s %-22s | %-22s %-22s | %.2f, %s\n", side, nfft, c1, c2, c3, c4, m1, m2,
             apply.cpu / est.cpu, r2);
    }
    lg_psf_conv_destroy(conv);
    free(in);
    free(out);
  }
  lg_psf_kernel_free(&kern);
  fftw_cleanup();
  return status;
}
