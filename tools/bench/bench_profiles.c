/* Per-profile speed of the CPU backend: for each profile kind, a batch of one-component lenses
 * rendered into every product on the calling thread, timed over repeats (median pixel evaluations
 * per second). Built twice by tools/bench/CMakeLists.txt (vectorised and scalar); run by
 * bench_profiles.sh, which sets it beside the NumPy baseline numpy_profiles.py. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, CLOCK_THREAD_CPUTIME_ID, mkdir */
#include "core/vmath.h"         /* LG_HAVE_LIBMVEC: which math the backend was built with */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "backends/backend.h"
#include "core/consts.h"
#include "physics/profiles.h"

/* The map products the backends render (the product table may list more, made elsewhere). */
enum { LG_BENCH_PRODUCTS = LG_PRODUCT_MAGNIFICATION + 1 };

#ifndef LG_BENCH_VARIANT
#define LG_BENCH_VARIANT "vector"
#endif

/* Closed-form kinds: one formula per pixel. The others integrate (einasto, sersic) or sum tens of
 * cored steep ellipsoids (enfw, ehernquist) per pixel and are reported apart. */
static int lg_bench_closed_form(int kind) {
  static const char *const closed[] = {"point", "sis",  "sie",  "nfw",       "shear",  "sheet",
                                       "epl",   "tnfw", "cnfw", "hernquist", "burkert"};
  for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++)
    if (!strcmp(lg_profile_get(kind)->name, closed[i])) return 1;
  return 0;
}

/* Kinds whose maps come from a run-level input (kmap, a pixelised lens) are not per-pixel formulas,
 * and without their input they add nothing: left out unless named in --kinds. */
static unsigned lg_bench_default_kinds(void) {
  unsigned mask = (1u << LG_PROFILE_COUNT) - 1u;
  const int kmap = lg_profile_find("kmap");
  if (kmap >= 0) mask &= ~(1u << kmap);
  return mask;
}

/* Two floors timed like the kinds, on the closed-form batch size: a lens with no components (the
 * backend's row passes and product stores alone) and a memset of the same output bytes (the memory
 * writes every implementation of these maps has to make). */
enum { LG_BENCH_EMPTY = -1, LG_BENCH_MEMSET = -2 };

static const char *lg_bench_name(int k) {
  return k == LG_BENCH_EMPTY ? "empty" : k == LG_BENCH_MEMSET ? "memset" : lg_profile_get(k)->name;
}

typedef struct {
  unsigned kinds;   /* bit mask of the kinds to run */
  int n;            /* samples per batch, closed-form kinds */
  int n_numerical;  /* samples per batch, the other kinds */
  int npix;         /* pixels per side */
  double fov;       /* arcsec per side */
  int supersample;  /* S x S sub-pixels */
  int reps, warmup; /* timed and untimed renders per kind */
  int json;         /* one JSON line per kind instead of the table */
  const char *dump; /* folder for params and the first dump_samples maps as .npy, or NULL */
  int dump_samples;
  uint64_t seed;
  int floor; /* also time the two floors (LG_BENCH_EMPTY, LG_BENCH_MEMSET) */
} lg_bench_opts;

/* splitmix64: a fixed, portable stream, so both builds and every run draw the same lenses. */
static double lg_bench_uniform(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return (double)(z >> 11) * 0x1.0p-53;
}

/* A draw from a default prior of the profile table ("2", "uniform:a,b", "loguniform:a,b",
 * "normal:m,s"), clamped to the allowed range. */
static double lg_bench_draw(const lg_param_info *info, uint64_t *s) {
  double a = 0.0, b = 0.0, v;
  if (sscanf(info->default_prior, "uniform:%lf,%lf", &a, &b) == 2) {
    v = a + (b - a) * lg_bench_uniform(s);
  } else if (sscanf(info->default_prior, "loguniform:%lf,%lf", &a, &b) == 2) {
    v = a * exp(log(b / a) * lg_bench_uniform(s));
  } else if (sscanf(info->default_prior, "normal:%lf,%lf", &a, &b) == 2) {
    const double u1 = 1.0 - lg_bench_uniform(s), u2 = lg_bench_uniform(s);
    v = a + b * sqrt(-2.0 * log(u1)) * cos(2.0 * LG_PI * u2);
  } else {
    v = atof(info->default_prior);
  }
  return v < info->lo ? info->lo : v > info->hi ? info->hi : v;
}

/* n components of kind k, one per sample, drawn from the table's default priors; positions,
 * whose default is the grid centre, are moved by up to 0.3 arcsec so the cusps differ. */
static lg_err lg_bench_lenses(int k, int n, uint64_t seed, lg_component *comps) {
  lg_cosmo cosmo;
  lg_lens_context ctx;
  LG_CALL(lg_cosmo_init(&cosmo, 70.0, 0.3, 0.7));
  LG_CALL(lg_lens_context_init(&ctx, &cosmo, 0.5, 2.0));
  const lg_profile_info *info = lg_profile_get(k);
  uint64_t s = seed * 1000003ULL + (uint64_t)k;
  for (int i = 0; i < n; i++) {
    double u[LG_MAX_PARAMS] = {0};
    for (int j = 0; j < info->n_params; j++) {
      u[j] = lg_bench_draw(&info->param[j], &s);
      if (!strcmp(info->param[j].name, "x") || !strcmp(info->param[j].name, "y"))
        u[j] += 0.6 * lg_bench_uniform(&s) - 0.3;
    }
    LG_CALL(info->prepare(u, &ctx, &comps[i]));
  }
  return LG_OK;
}

static double lg_bench_now(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int lg_bench_cmp(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double lg_bench_median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, lg_bench_cmp);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* A little-endian .npy file (format 1.0) holding a C-order array of dtype "<f4" or "<f8". */
static lg_err lg_bench_npy(const char *path, const char *dtype, const int *shape, int ndim, const void *data,
                           size_t elem) {
  char dims[96] = "";
  size_t count = 1;
  for (int d = 0; d < ndim; d++) {
    char one[24];
    snprintf(one, sizeof one, "%d,%s", shape[d], d + 1 < ndim || ndim == 1 ? " " : "");
    strcat(dims, one);
    count *= (size_t)shape[d];
  }
  char head[256];
  int len = snprintf(head, sizeof head, "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", dtype, dims);
  while ((10 + len + 1) % 64) head[len++] = ' ';
  head[len++] = '\n';
  FILE *f = fopen(path, "wb");
  LG_CHECK(f != NULL, LG_ERR_FILE, "--dump: cannot create %s", path);
  const unsigned char magic[10] = {
      0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(len & 0xff), (unsigned char)(len >> 8)};
  int ok = fwrite(magic, 1, 10, f) == 10 && fwrite(head, 1, (size_t)len, f) == (size_t)len &&
           fwrite(data, elem, count, f) == count;
  ok = (fclose(f) == 0) && ok;
  LG_CHECK(ok, LG_ERR_IO, "--dump: cannot write %s", path);
  return LG_OK;
}

/* Writes kind's prepared parameters [n, LG_MAX_PARAMS] and the first samples' products. */
static lg_err lg_bench_dump(const lg_bench_opts *o, int k, int n, const lg_component *comps,
                            const lg_product_buffers *out) {
  const char *name = lg_profile_get(k)->name;
  char path[1024];
  double *par = malloc((size_t)n * LG_MAX_PARAMS * sizeof *par);
  LG_CHECK(par != NULL, LG_ERR_NOMEM, "cannot allocate %d parameter rows", n);
  for (int i = 0; i < n; i++) memcpy(par + (size_t)i * LG_MAX_PARAMS, comps[i].p, sizeof comps[i].p);
  snprintf(path, sizeof path, "%s/%s.params.npy", o->dump, name);
  const int pshape[2] = {n, LG_MAX_PARAMS};
  lg_err e = lg_bench_npy(path, "<f8", pshape, 2, par, sizeof *par);
  free(par);
  LG_CALL(e);
  const int ns = o->dump_samples < n ? o->dump_samples : n;
  for (int p = 0; p < LG_BENCH_PRODUCTS; p++) {
    const lg_product_info *info = lg_product_get(p);
    const int shape[4] = {ns, info->planes, o->npix, o->npix};
    snprintf(path, sizeof path, "%s/%s.%s.npy", o->dump, name, info->name);
    if (info->planes == 1) {
      const int s3[3] = {ns, o->npix, o->npix};
      LG_CALL(lg_bench_npy(path, "<f4", s3, 3, out->buf[p], sizeof(float)));
    } else {
      LG_CALL(lg_bench_npy(path, "<f4", shape, 4, out->buf[p], sizeof(float)));
    }
  }
  snprintf(path, sizeof path, "%s/%s.meta.json", o->dump, name);
  FILE *f = fopen(path, "w");
  LG_CHECK(f != NULL, LG_ERR_FILE, "--dump: cannot create %s", path);
  fprintf(f,
          "{\"kind\": \"%s\", \"kind_id\": %d, \"n\": %d, \"dump_samples\": %d, \"npix\": %d, \"fov\": %.17g, "
          "\"supersample\": %d, \"variant\": \"%s\", \"seed\": %llu}\n",
          name, k, n, ns, o->npix, o->fov, o->supersample, LG_BENCH_VARIANT, (unsigned long long)o->seed);
  LG_CHECK(fclose(f) == 0, LG_ERR_IO, "--dump: cannot write %s", path);
  return LG_OK;
}

typedef struct {
  int n;
  double evals;                        /* pixel evaluations per render: n npix^2 S^2 */
  double wall_med, cpu_med;            /* seconds per render */
  double rate_med, rate_min, rate_max; /* pixel evaluations per wall second */
  double rate_cpu_med;                 /* per second of this thread's CPU time */
  double rate_cpu_formula;             /* --floor: the same renders storing no product (CPU time) */
} lg_bench_result;

/* Renders kind k's batch warmup + reps times and times each render. */
static lg_err lg_bench_kind(const lg_bench_opts *o, lg_backend *be, int k, lg_bench_result *res) {
  const int n = k < 0 || lg_bench_closed_form(k) ? o->n : o->n_numerical;
  const long np = (long)o->npix * o->npix;
  const lg_grid g = {o->npix, o->fov, o->supersample};
  lg_err e = LG_OK;
  lg_product_buffers out;
  memset(&out, 0, sizeof out);
  lg_component *comps = calloc((size_t)n, sizeof *comps);
  int *offset = malloc((size_t)(n + 1) * sizeof *offset);
  double *wall = malloc((size_t)o->reps * sizeof *wall), *cpu = malloc((size_t)o->reps * sizeof *cpu);
  double *rate = malloc((size_t)o->reps * sizeof *rate);
  if (!comps || !offset || !wall || !cpu || !rate) {
    e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "cannot allocate a batch of %d lenses", n);
    goto done;
  }
  for (int p = 0; p < LG_BENCH_PRODUCTS; p++) {
    out.buf[p] = malloc((size_t)n * (size_t)lg_product_get(p)->planes * (size_t)np * sizeof(float));
    out.mask |= 1u << p;
    if (!out.buf[p]) {
      e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "cannot allocate the %s maps of %d samples",
                     lg_product_get(p)->name, n);
      goto done;
    }
  }
  if (k >= 0) LG_CALL_GOTO(e, done, lg_bench_lenses(k, n, o->seed, comps));
  for (int i = 0; i <= n; i++) offset[i] = k == LG_BENCH_EMPTY ? 0 : i;
  const lg_batch batch = {n, offset, comps};
  for (int r = 0; r < o->warmup + o->reps; r++) {
    const double t0 = lg_bench_now(CLOCK_MONOTONIC), c0 = lg_bench_now(CLOCK_THREAD_CPUTIME_ID);
    if (k == LG_BENCH_MEMSET)
      for (int p = 0; p < LG_BENCH_PRODUCTS; p++)
        memset(out.buf[p], 0, (size_t)n * (size_t)lg_product_get(p)->planes * (size_t)np * sizeof(float));
    else
      LG_CALL_GOTO(e, done, be->render(be, &g, &batch, &out));
    const double c1 = lg_bench_now(CLOCK_THREAD_CPUTIME_ID), t1 = lg_bench_now(CLOCK_MONOTONIC);
    if (r < o->warmup) continue;
    wall[r - o->warmup] = t1 - t0;
    cpu[r - o->warmup] = c1 - c0;
  }
  res->n = n;
  res->evals = (double)n * (double)np * (double)(o->supersample * o->supersample);
  for (int r = 0; r < o->reps; r++) rate[r] = res->evals / wall[r];
  res->wall_med = lg_bench_median(wall, o->reps);
  res->cpu_med = lg_bench_median(cpu, o->reps);
  res->rate_med = lg_bench_median(rate, o->reps); /* sorted now */
  res->rate_min = rate[0];
  res->rate_max = rate[o->reps - 1];
  for (int r = 0; r < o->reps; r++) rate[r] = res->evals / cpu[r];
  res->rate_cpu_med = lg_bench_median(rate, o->reps);
  if (o->floor && k >= 0) {
    /* The formula floor: with no product requested the backend evaluates the lens and the products
     * as always but stores them into its scratch rows (L1), so what is left is the formula and the
     * backend's own loops, without the output's memory traffic. */
    lg_product_buffers none;
    memset(&none, 0, sizeof none);
    for (int r = 0; r < o->warmup + o->reps; r++) {
      const double c0 = lg_bench_now(CLOCK_THREAD_CPUTIME_ID);
      LG_CALL_GOTO(e, done, be->render(be, &g, &batch, &none));
      const double c1 = lg_bench_now(CLOCK_THREAD_CPUTIME_ID);
      if (r >= o->warmup) rate[r - o->warmup] = res->evals / (c1 - c0);
    }
    res->rate_cpu_formula = lg_bench_median(rate, o->reps);
  }
  if (o->dump && k >= 0) LG_CALL_GOTO(e, done, lg_bench_dump(o, k, n, comps, &out));
done:
  for (int p = 0; p < LG_BENCH_PRODUCTS; p++) free(out.buf[p]);
  free(rate);
  free(cpu);
  free(wall);
  free(offset);
  free(comps);
  return e;
}

static void lg_bench_usage(FILE *f) {
  fprintf(f, "usage: bench_profiles [--kinds sie,nfw,...] [--n 64] [--n-numerical 4] [--npix 128] [--fov 12.8]\n"
             "                      [--supersample 1] [--reps 5] [--warmup 1] [--seed 1] [--json]\n"
             "                      [--floor]\n"
             "                      [--dump DIR [--dump-samples 4]]\n"
             "Renders, per profile kind, a batch of one-component lenses (parameters drawn from the profile\n"
             "table's default priors) into all products with the CPU backend on this thread, and prints the\n"
             "median pixel evaluations per second (one evaluation = every product at one pixel).\n"
             "--floor adds two floors on the same batch and buffers: 'empty', lenses of no components (the\n"
             "backend's own passes and stores), and 'memset', the output bytes written by memset; and per\n"
             "kind a 'formula only' rate: the same renders with no product requested, which the backend\n"
             "computes all the same but stores into its scratch rows (no output memory traffic).\n");
}

static lg_err lg_bench_parse(int argc, char **argv, lg_bench_opts *o) {
  *o = (lg_bench_opts){lg_bench_default_kinds(), 64, 4, 128, 12.8, 1, 5, 1, 0, NULL, 4, 1, 0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--json")) {
      o->json = 1;
      continue;
    }
    if (!strcmp(a, "--floor")) {
      o->floor = 1;
      continue;
    }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      lg_bench_usage(stdout);
      exit(0);
    }
    LG_CHECK(v != NULL, LG_ERR_OPTION, "%s: missing value (see --help)", a);
    i++;
    if (!strcmp(a, "--kinds")) {
      o->kinds = 0;
      char buf[512];
      snprintf(buf, sizeof buf, "%s", v);
      for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
        const int k = lg_profile_find(t);
        LG_CHECK(k >= 0, LG_ERR_OPTION, "--kinds: unknown profile '%s'", t);
        o->kinds |= 1u << k;
      }
    } else if (!strcmp(a, "--n")) {
      o->n = atoi(v);
    } else if (!strcmp(a, "--n-numerical")) {
      o->n_numerical = atoi(v);
    } else if (!strcmp(a, "--npix")) {
      o->npix = atoi(v);
    } else if (!strcmp(a, "--fov")) {
      o->fov = atof(v);
    } else if (!strcmp(a, "--supersample")) {
      o->supersample = atoi(v);
    } else if (!strcmp(a, "--reps")) {
      o->reps = atoi(v);
    } else if (!strcmp(a, "--warmup")) {
      o->warmup = atoi(v);
    } else if (!strcmp(a, "--seed")) {
      o->seed = strtoull(v, NULL, 10);
    } else if (!strcmp(a, "--dump")) {
      o->dump = v;
    } else if (!strcmp(a, "--dump-samples")) {
      o->dump_samples = atoi(v);
    } else {
      LG_FAIL(LG_ERR_OPTION, "unknown option %s (see --help)", a);
    }
  }
  LG_CHECK(o->n > 0 && o->n_numerical > 0, LG_ERR_OPTION, "--n %d, --n-numerical %d: need > 0", o->n, o->n_numerical);
  LG_CHECK(o->npix > 0 && o->fov > 0.0 && o->supersample > 0, LG_ERR_OPTION,
           "--npix %d, --fov %g, --supersample %d: need > 0", o->npix, o->fov, o->supersample);
  LG_CHECK(o->reps > 0 && o->warmup >= 0, LG_ERR_OPTION, "--reps %d, --warmup %d: need reps > 0, warmup >= 0", o->reps,
           o->warmup);
  LG_CHECK(o->dump_samples > 0, LG_ERR_OPTION, "--dump-samples %d: need > 0", o->dump_samples);
  if (o->dump) mkdir(o->dump, 0777); /* fopen reports a folder that cannot be made */
  return LG_OK;
}

static lg_err lg_bench_run(const lg_bench_opts *o) {
  lg_backend *be = NULL;
  LG_CALL(lg_backend_cpu_create(&be));
  __builtin_cpu_init();
  const char *clone = !LG_HAVE_LIBMVEC                      ? "none"
                      : __builtin_cpu_supports("x86-64-v4") ? "x86-64-v4"
                      : __builtin_cpu_supports("x86-64-v3") ? "x86-64-v3"
                                                            : "default";
  if (!o->json) {
    printf("# bench_profiles (%s build): %s; target clone: %s\n", LG_BENCH_VARIANT, be->device, clone);
    printf("# %dx%d pixels over %g arcsec, supersample %d, %d warm-up + %d timed renders per kind\n", o->npix, o->npix,
           o->fov, o->supersample, o->warmup, o->reps);
    printf("%-11s %-9s %7s %10s %10s %12s %10s %10s %12s%s\n", "kind", "class", "samples", "wall_s", "cpu_s",
           "Mpix/s med", "min", "max", "by cpu time", o->floor ? "  formula only" : "");
  }
  lg_err e = LG_OK;
  for (int pass = 0; pass < 3 && e == LG_OK; pass++) {
    for (int k = pass == 2 ? LG_BENCH_MEMSET : 0; k < (pass == 2 ? 0 : LG_PROFILE_COUNT); k++) {
      if (pass == 2 ? !o->floor : !(o->kinds & (1u << k)) || lg_bench_closed_form(k) != (pass == 0)) continue;
      lg_bench_result r;
      memset(&r, 0, sizeof r);
      e = lg_bench_kind(o, be, k, &r);
      if (e != LG_OK) {
        lg_err_push(__FILE__, __LINE__, __func__);
        break;
      }
      const char *name = lg_bench_name(k), *cls = pass == 0 ? "closed" : pass == 1 ? "numerical" : "floor";
      if (o->json)
        printf("{\"kind\": \"%s\", \"class\": \"%s\", \"variant\": \"%s\", \"clone\": \"%s\", \"samples\": %d, "
               "\"npix\": %d, \"supersample\": %d, \"reps\": %d, \"pix_evals\": %.0f, \"wall_s_median\": %.6g, "
               "\"cpu_s_median\": %.6g, \"rate_median\": %.6g, \"rate_min\": %.6g, \"rate_max\": %.6g, "
               "\"rate_cpu_median\": %.6g, \"rate_cpu_formula_median\": %.6g}\n",
               name, cls, LG_BENCH_VARIANT, clone, r.n, o->npix, o->supersample, o->reps, r.evals, r.wall_med,
               r.cpu_med, r.rate_med, r.rate_min, r.rate_max, r.rate_cpu_med, r.rate_cpu_formula);
      else if (o->floor && k >= 0)
        printf("%-11s %-9s %7d %10.4f %10.4f %12.3f %10.3f %10.3f %12.3f %12.3f\n", name, cls, r.n, r.wall_med,
               r.cpu_med, 1e-6 * r.rate_med, 1e-6 * r.rate_min, 1e-6 * r.rate_max, 1e-6 * r.rate_cpu_med,
               1e-6 * r.rate_cpu_formula);
      else
        printf("%-11s %-9s %7d %10.4f %10.4f %12.3f %10.3f %10.3f %12.3f\n", name, cls, r.n, r.wall_med, r.cpu_med,
               1e-6 * r.rate_med, 1e-6 * r.rate_min, 1e-6 * r.rate_max, 1e-6 * r.rate_cpu_med);
      fflush(stdout);
    }
  }
  be->destroy(be);
  return e;
}

int main(int argc, char **argv) {
  lg_bench_opts o;
  if (lg_bench_parse(argc, argv, &o) != LG_OK || lg_bench_run(&o) != LG_OK) {
    lg_err_print(stderr);
    return 1;
  }
  return 0;
}
