/* The batch pipeline of a run. Every rank walks its share of the missing samples in batches of
 * -run_batch: draw the parameters and lenses (scenario), render the maps (backend), write the
 * slab collectively, then mark it done. All ranks make the same number of collective calls
 * (ranks with less work write empty selections), and agree on failure before each of them. */
#define _POSIX_C_SOURCE 200809L
#include "run/pipeline.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "io/h5_file.h"
#include "run/output_check.h"
#include "run/partition.h"
#include "lensing/critical.h"
#include "lensing/images.h"
#include "lensing/placement.h"
#include "observe/observe.h"
#include "sampling/rng.h"
#include "run/interrupt.h"
#include "run/preview.h"

extern const char *lg_version_string;
extern const char *lg_git_commit;

typedef struct {
  int batch, nc, n_params;
  long long *rows;
  double *params;
  lg_component *comps;
  int nl;         /* light components per sample */
  lg_light *lights; /* batch * nl */
  int *offset;
  lg_product_buffers out;
  double *img, *clean; /* one sample's image and noiseless image, npix^2 each (image products) */
  double *ps;          /* batch x max_img x 6 point-image rows (-ps_images) */
  int *ps_count;       /* batch */
  double *crit;        /* batch x curves x pts x 4 (x, y, beta_x, beta_y) */
  int *crit_kind;      /* batch x curves */
  lg_image *images;    /* max_img scratch images of one sample */
  lg_critical *cc;     /* one sample's critical curves (large: on the heap) */
  lg_critical_work cwork;
} lg_batch_buffers;

static lg_err lg_buffers_init(lg_batch_buffers *b, const lg_config *c) {
  memset(b, 0, sizeof *b);
  b->batch = c->batch;
  b->nc = c->scenario.n_components;
  b->n_params = c->scenario.n_params;
  b->rows = malloc((size_t)b->batch * sizeof *b->rows);
  b->params = malloc((size_t)b->batch * b->n_params * sizeof *b->params);
  b->comps = calloc((size_t)b->batch * b->nc, sizeof *b->comps);
  b->nl = c->scenario.n_lights;
  b->lights = calloc((size_t)b->batch * (b->nl > 0 ? b->nl : 1), sizeof *b->lights);
  b->offset = malloc((size_t)(b->batch + 1) * sizeof *b->offset);
  int ok = b->rows && b->params && b->comps && b->offset && b->lights;
  const size_t np = (size_t)c->grid.npix * c->grid.npix;
  b->out.mask = c->products;
  for (int p = 0; p < LG_PRODUCT_COUNT && ok; p++) {
    if (!(c->products & (1u << p))) continue;
    b->out.buf[p] = malloc((size_t)b->batch * lg_product_get(p)->planes * np * sizeof(float));
    ok = b->out.buf[p] != NULL;
  }
  LG_CHECK(ok, LG_ERR_NOMEM, "cannot allocate buffers for -run_batch %d of %dx%d maps: lower -run_batch", b->batch,
           c->grid.npix, c->grid.npix);
  for (int s = 0; s <= b->batch; s++) b->offset[s] = s * b->nc;
  lg_critical_work_init(&b->cwork);
  if (c->points.enabled) {
    const size_t m = (size_t)c->points.max_img;
    b->ps = malloc((size_t)b->batch * m * 6 * sizeof(double));
    b->ps_count = calloc((size_t)b->batch, sizeof(int));
    b->images = malloc(m * sizeof(lg_image));
    b->cc = malloc(sizeof *b->cc);
    const size_t nc = (size_t)(c->points.curves > 0 ? c->points.curves : 1);
    b->crit = malloc((size_t)b->batch * nc * (size_t)c->points.curve_pts * 4 * sizeof(double));
    b->crit_kind = calloc((size_t)b->batch * nc, sizeof(int));
    LG_CHECK(b->ps && b->ps_count && b->images && b->cc && b->crit && b->crit_kind, LG_ERR_NOMEM,
             "cannot allocate point-image buffers");
  }
  if (c->observe.enabled) {
    b->img = malloc(np * sizeof(double));
    b->clean = malloc(np * sizeof(double));
    LG_CHECK(b->img && b->clean, LG_ERR_NOMEM, "cannot allocate image buffers of %dx%d", c->grid.npix, c->grid.npix);
  }
  return LG_OK;
}

static void lg_buffers_free(lg_batch_buffers *b) {
  free(b->rows);
  free(b->params);
  free(b->comps);
  free(b->lights);
  free(b->offset);
  free(b->img);
  free(b->clean);
  free(b->ps);
  free(b->ps_count);
  free(b->crit);
  free(b->crit_kind);
  free(b->images);
  free(b->cc);
  lg_critical_work_free(&b->cwork);
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) free(b->out.buf[p]);
  memset(b, 0, sizeof *b);
}

/* Draws and renders the k samples in b->rows (local work, no communication). */
/* The observation stage of the k samples of a batch: images from their lens and light, and the
 * derived /params fields (magnification, lensed flux, SNR). */
static lg_err lg_observe_batch(const lg_config *c, lg_observer *o, lg_batch_buffers *b, int k) {
  const lg_scenario *sc = &c->scenario;
  const size_t np = (size_t)c->grid.npix * c->grid.npix;
  float *img = b->out.buf[LG_PRODUCT_IMAGE], *clean = b->out.buf[LG_PRODUCT_IMAGE_NOISELESS];
  for (int s = 0; s < k; s++) {
    const lg_light *lights = b->lights + (size_t)s * b->nl;
    const lg_scene scene = {b->comps + (size_t)s * b->nc, b->nc, lights, sc->n_src, lights + sc->n_src,
                            sc->n_lights - sc->n_src};
    const lg_observe_products out = {img ? b->img : NULL, clean ? b->clean : NULL, NULL, NULL};
    lg_observe_stats st;
    LG_CALL(lg_observer_sample(o, &scene, c->seed, (uint64_t)b->rows[s], &out, &st));
    const double u = c->observe.unit_scale; /* e-/s -> -obs_units */
    for (size_t p = 0; img && p < np; p++) img[(size_t)s * np + p] = (float)(b->img[p] * u);
    for (size_t p = 0; clean && p < np; p++) clean[(size_t)s * np + p] = (float)(b->clean[p] * u);
    double *derived = b->params + (size_t)s * b->n_params + c->obs_derived;
    derived[0] = st.magnification;
    derived[1] = st.flux_lensed;
    derived[2] = st.snr;
  }
  return LG_OK;
}

/* Placement deviates: the point stream of sample `index`, one Philox block per pair of tries. */
typedef struct {
  uint64_t seed, index;
  uint32_t counter;
  int used; /* words of block[] consumed */
  uint32_t block[4];
} lg_ps_rng;

static double lg_ps_uniform(void *state) {
  lg_ps_rng *r = state;
  if (r->used == 0 || r->used == 4) {
    lg_rng_block(r->seed, r->index, LG_STREAM_POINT, r->counter++, r->block);
    r->used = 0;
  }
  const double u = lg_u01(r->block[r->used], r->block[r->used + 1]);
  r->used += 2;
  return u;
}

/* The point source of each sample: critical curves (Einstein radius, caustic area, and the regions
 * of each multiplicity), the source position (drawn, or placed with the point RNG stream), and its
 * images sorted by arrival time. A source that cannot be placed (no region of the asked
 * multiplicity) gets NaN position and 0 images. */
static lg_err lg_points_batch(const lg_config *c, lg_batch_buffers *b, int k) {
  const lg_scenario *sc = &c->scenario;
  const int m = c->points.max_img;
  lg_critical_opts copts;
  lg_critical_opts_default(&copts);
  const int ncv = c->points.curves, npt = c->points.curve_pts;
  lg_image_search sopts;
  lg_image_search_default(&sopts);
  for (int s = 0; s < k; s++) {
    double *par = b->params + (size_t)s * b->n_params;
    const lg_component *lens = b->comps + (size_t)s * b->nc;
    double *rows = b->ps + (size_t)s * m * 6;
    for (int i = 0; i < m * 6; i++) rows[i] = NAN;
    b->ps_count[s] = 0;
    LG_CALL(lg_critical_curves(lens, b->nc, &copts, &b->cwork, b->cc));
    /* the first ncv curves (tangential largest first, radial, then cuts), NaN-padded; the curves
     * are traced at the finder's resolution (the placement needs it) and stored at npt points,
     * interpolated along their arc-length-uniform samples */
    for (int v = 0; v < ncv; v++) {
      double *dst = b->crit + (((size_t)s * ncv + v) * npt) * 4;
      const lg_curve *cu = v < b->cc->n_curves ? &b->cc->curve[v] : NULL;
      b->crit_kind[(size_t)s * ncv + v] = cu && cu->n > 1 ? cu->kind : 0;
      for (int q = 0; q < npt; q++) {
        if (!cu || cu->n < 2) {
          dst[4 * q + 0] = dst[4 * q + 1] = dst[4 * q + 2] = dst[4 * q + 3] = NAN;
          continue;
        }
        const int np_cu = cu->n, span = cu->closed ? np_cu : np_cu - 1;
        const double t = (double)q * span / (cu->closed ? npt : (npt > 1 ? npt - 1 : 1));
        int i0 = (int)t;
        if (i0 > span - 1) i0 = span - 1;
        const double f = t - i0;
        const int i1 = (i0 + 1) % np_cu;
        dst[4 * q + 0] = cu->x[i0] + f * (cu->x[i1] - cu->x[i0]);
        dst[4 * q + 1] = cu->y[i0] + f * (cu->y[i1] - cu->y[i0]);
        dst[4 * q + 2] = cu->bx[i0] + f * (cu->bx[i1] - cu->bx[i0]);
        dst[4 * q + 3] = cu->by[i0] + f * (cu->by[i1] - cu->by[i0]);
      }
    }
    double bx = NAN, by = NAN;
    int placed = 1;
    if (sc->ps_mode == LG_PS_PRIORS) {
      bx = par[sc->ps_index];
      by = par[sc->ps_index + 1];
    } else {
      lg_ps_rng r = {c->seed, (uint64_t)b->rows[s], 0, 0, {0, 0, 0, 0}};
      lg_err e = lg_source_place(b->cc, c->points.multiplicity, lg_ps_uniform, &r, c->points.max_tries, &bx, &by, NULL);
      if (e == LG_ERR_RANGE) {
        lg_err_clear();
        placed = 0;
        bx = by = NAN;
      } else {
        LG_CALL(e);
      }
      par[sc->ps_index] = bx;
      par[sc->ps_index + 1] = by;
    }
    int n = 0;
    if (placed) {
      sopts.days_per_arcsec2 = lg_cosmo_days_per_arcsec2(&sc->cosmo, par[0], par[1]);
      LG_CALL(lg_find_images(lens, b->nc, bx, by, &sopts, b->images, m, &n));
    }
    for (int i = 0; i < n; i++) {
      const lg_image *im = &b->images[i];
      double *row = rows + (size_t)i * 6;
      row[0] = im->x;
      row[1] = im->y;
      row[2] = im->mu;
      row[3] = im->t_days;
      row[4] = im->dt_days;
      row[5] = im->type;
    }
    b->ps_count[s] = n;
    double *derived = par + c->ps_derived; /* ps_n_images, ps_theta_e, ps_caustic_area */
    derived[0] = n;
    derived[1] = b->cc->theta_e;
    derived[2] = b->cc->caustic_area;
  }
  return LG_OK;
}

static lg_err lg_generate(const lg_config *c, lg_backend *be, lg_observer *o, lg_batch_buffers *b, int k,
                          lg_profile *prof) {
  lg_timer_start(&prof->t[LG_PHASE_DRAW]);
  for (int s = 0; s < k; s++)
    LG_CALL(lg_scenario_draw(&c->scenario, (uint64_t)b->rows[s], b->params + (size_t)s * b->n_params,
                             b->comps + (size_t)s * b->nc, b->nl ? b->lights + (size_t)s * b->nl : NULL));
  lg_timer_stop(&prof->t[LG_PHASE_DRAW]);
  lg_timer_start(&prof->t[LG_PHASE_RENDER]);
  lg_batch batch = {k, b->offset, b->comps};
  /* the backend sees the map buffers only; images are made by the observation stage */
  lg_product_buffers maps = b->out;
  for (int p = 0; p < LG_PRODUCT_COUNT; p++)
    if (!(LG_MAP_PRODUCTS & (1u << p))) maps.buf[p] = NULL;
  maps.mask &= LG_MAP_PRODUCTS;
  if (maps.mask) LG_CALL(be->render(be, &c->grid, &batch, &maps)); /* images only: no map to make */
  lg_timer_stop(&prof->t[LG_PHASE_RENDER]);
  if (o) LG_CALL(lg_observe_batch(c, o, b, k)); /* timed inside, per stage (lg_observer) */
  if (c->points.enabled) {
    lg_timer_start(&prof->t[LG_PHASE_POINTS]);
    LG_CALL(lg_points_batch(c, b, k));
    lg_timer_stop(&prof->t[LG_PHASE_POINTS]);
  }
  return LG_OK;
}

static void lg_now_iso(char *buf, size_t len) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The io layer's test hook: maps its moments onto the fault points of -run_fault_inject. */
typedef struct {
  const lg_fault *fault;
  int rank;
  long long batch; /* the batch in progress (1-based), 0 outside batches */
} lg_fault_ctx;

static void lg_io_hook(void *arg, lg_h5_moment m) {
  const lg_fault_ctx *f = arg;
  static const lg_fault_point map[] = {[LG_H5_AT_CREATE] = LG_FP_CREATE,
                                       [LG_H5_AT_MID_WRITE] = LG_FP_MID_WRITE,
                                       [LG_H5_AT_FLUSHED] = LG_FP_BEFORE_DONE,
                                       [LG_H5_AT_COMPLETE] = LG_FP_BEFORE_CLOSE};
  /* only kills are injected inside io (fail is restricted to pipeline moments by the parser) */
  (void)lg_fault_hit(f->fault, map[m], f->batch, f->rank);
}

/* Opens or creates the file and works out this rank's share of the missing samples. */
static lg_err lg_open_output(const lg_config *c, MPI_Comm comm, const char *backend, lg_h5 *h, uint8_t **done,
                             long long *missing) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const char *names[LG_MAX_SCENARIO_PARAMS];
  for (int j = 0; j < c->scenario.n_params; j++) names[j] = c->scenario.param_name[j];
  lg_h5_schema schema = {c->n_samples, c->grid,     c->products,
                         c->scenario.n_params, names, c->compress,
                         c->points.enabled ? c->points.max_img : 0,
                         c->points.enabled ? c->points.curves : 0,
                         c->points.curve_pts,  c->observe.enabled ? lg_image_units_name(c->observe.units) : NULL};
  *done = NULL;
  *missing = c->n_samples;
  if (c->resume) {
    LG_CALL(lg_agree(comm, lg_h5_open(h, comm, c->output, &schema)));
    *done = malloc((size_t)c->n_samples);
    LG_CHECK(*done != NULL, LG_ERR_NOMEM, "cannot allocate /done for %lld samples", c->n_samples);
    LG_CALL(lg_h5_read_done(h, *done));
    *missing = 0;
    for (long long i = 0; i < c->n_samples; i++) *missing += !(*done)[i];
    return LG_OK;
  }
  char created[64];
  lg_now_iso(created, sizeof created);
  MPI_Bcast(created, sizeof created, MPI_CHAR, 0, comm); /* attributes must be equal on every rank */
  lg_h5_meta meta = {lg_version_string, lg_git_commit, c->options_text, c->config_key, backend,
                     c->cosmology_text, created, c->seed, size};
  LG_CALL(lg_agree(comm, lg_h5_create(h, comm, c->output, &schema, &meta)));
  return LG_OK;
}

/* The loop over batches; returns the number of samples this rank generated in *generated. */
static lg_err lg_batches(const lg_config *c, MPI_Comm comm, lg_backend *be, lg_observer *o, lg_h5 *h,
                         const uint8_t *done,
                         long long missing, lg_profile *prof, long long *generated, lg_fault_ctx *fc) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  long long lo, hi;
  lg_partition_share(missing, rank, size, &lo, &hi);
  long long mine = (hi - lo + c->batch - 1) / c->batch, n_batches = 0;
  MPI_Allreduce(&mine, &n_batches, 1, MPI_LONG_LONG, MPI_MAX, comm);
  lg_missing_iter it;
  lg_missing_iter_init(&it, done, c->n_samples, lo, hi);
  lg_batch_buffers b;
  LG_CALL(lg_agree(comm, lg_buffers_init(&b, c)));
  lg_progress prog;
  lg_progress_init(&prog, missing, c->progress_s);
  long long total_done = 0;
  lg_err e = LG_OK;
  *generated = 0;
  for (long long bi = 0; bi < n_batches && e == LG_OK; bi++) {
    const int k = lg_missing_iter_next(&it, b.rows, b.batch);
    fc->batch = bi + 1;
    e = lg_fault_hit(&c->fault, LG_FP_RENDER, bi + 1, rank);
    if (e == LG_OK) e = lg_generate(c, be, o, &b, k, prof);
    lg_timer_start(&prof->t[LG_PHASE_WAIT]);
    e = lg_agree(comm, e);
    lg_timer_stop(&prof->t[LG_PHASE_WAIT]);
    if (e != LG_OK) break;
    lg_timer_start(&prof->t[LG_PHASE_WRITE]);
    const lg_h5_catalog cat = {b.ps, b.ps_count, b.crit, b.crit_kind};
    e = lg_h5_write_rows(h, b.rows, k, &b.out, b.params, &cat);
    if (e == LG_OK) e = lg_fault_hit(&c->fault, LG_FP_BEFORE_FLUSH, bi + 1, rank);
    /* agree before the collective flush: a rank that failed its slab must not leave the others
     * waiting in H5Fflush */
    e = lg_agree(comm, e);
    if (e == LG_OK) e = lg_agree(comm, lg_h5_mark_done(h, b.rows, k));
    lg_timer_stop(&prof->t[LG_PHASE_WRITE]);
    if (e == LG_OK) e = lg_fault_hit(&c->fault, LG_FP_AFTER_DONE, bi + 1, rank);
    if (e != LG_OK) break;
    *generated += k;
    /* one reduction per batch carries both the progress count and any pending stop signal */
    long long mine2[2] = {k, lg_interrupt_signal()}, sum[2] = {0, 0};
    MPI_Allreduce(mine2, sum, 2, MPI_LONG_LONG, MPI_SUM, comm);
    total_done += sum[0];
    if (rank == 0 && e == LG_OK) lg_progress_report(&prog, stdout, total_done);
    if (e == LG_OK && sum[1] != 0 && bi + 1 < n_batches)
      e = lg_err_set(LG_ERR_INTERRUPTED, __FILE__, __LINE__, __func__,
                     "stopped by a signal after %lld of %lld missing samples; every finished sample is written: "
                     "complete the file with -data_resume",
                     total_done, missing);
  }
  lg_buffers_free(&b);
  LG_CALL(e);
  return LG_OK;
}

static void lg_print_summary(const lg_config *c, const lg_backend *be, int size, long long generated, double wall,
                             const double *all) {
  struct stat st;
  double mib = stat(c->output, &st) == 0 ? st.st_size / 1048576.0 : 0.0;
  char products[256];
  lg_products_format(c->products, products, sizeof products);
  printf("\nlensgen summary\n");
  printf("  output      %s (%.2f MiB)\n", c->output, mib);
  printf("  samples     %lld of %dx%d pixels, fov %g arcsec (%lld generated by this run)\n", c->n_samples, c->grid.npix,
         c->grid.npix, c->grid.fov_arcsec, generated);
  printf("  products    %s\n", products);
  printf("  ranks       %d, backend %s on rank 0: %s\n", size, be->name, be->device);
  printf("  wall time   %.3f s, %.1f samples/s\n", wall, wall > 0 ? generated / wall : 0.0);
  lg_profile_print(stdout, all, size);
}

lg_err lg_run(const lg_config *c, MPI_Comm comm) {
  int rank, size, exists = 0;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const double t0 = lg_time_now();
  /* 1. nothing is touched until rank 0 has checked the output and every rank has a backend */
  LG_CHECK(c->fault.rank < size, LG_ERR_OPTION, "-run_fault_inject: rank %d, but the run has %d ranks", c->fault.rank,
           size);
  LG_CALL(lg_agree(comm, rank == 0 ? lg_output_check(c, &exists) : LG_OK));
  lg_backend *be = NULL;
  char note[512];
  /* GPUs are numbered per node: the device index is the rank among the ranks sharing this node */
  MPI_Comm node;
  int local_rank = rank;
  if (MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
    MPI_Comm_rank(node, &local_rank);
    MPI_Comm_free(&node);
  }
  LG_CALL(lg_agree(comm, lg_backend_create(c->backend, local_rank, &be, note, sizeof note)));
  if (rank == 0 && note[0]) printf("lensgen: %s\n", note);
  /* the observer (PSF kernel and plans, noise model, buffers) once per rank, before any file is
   * touched: a bad PSF file fails here and leaves every existing file as it was */
  lg_observer obs, *o = NULL;
  memset(&obs, 0, sizeof obs);
  if (c->observe.enabled) {
    lg_err oe = lg_agree(comm, lg_observer_init(&obs, &c->grid, &c->observe.inst, &c->observe.opts));
    if (oe != LG_OK) {
      lg_observer_free(&obs);
      lg_backend_destroy(be);
      LG_CALL(oe);
    }
    o = &obs;
  }
  /* 2. the file, then the batches */
  lg_profile prof;
  memset(&prof, 0, sizeof prof);
  lg_timer_start(&prof.t[LG_PHASE_TOTAL]);
  lg_h5 h;
  lg_h5_reset(&h);
  lg_fault_ctx fc = {&c->fault, rank, 0};
  if (c->fault.action != LG_FAULT_NONE) {
    h.hook = lg_io_hook;
    h.hook_arg = &fc;
  }
  uint8_t *done = NULL;
  long long missing = 0, generated = 0;
  lg_err e = lg_open_output(c, comm, be->name, &h, &done, &missing);
  if (e == LG_OK && rank == 0 && c->resume)
    printf("lensgen: resuming %s: %lld of %lld samples missing\n", c->output, missing, c->n_samples);
  if (e == LG_OK && !c->resume) e = lg_fault_hit(&c->fault, LG_FP_CREATED, 0, rank);
  if (e == LG_OK) e = lg_batches(c, comm, be, o, &h, done, missing, &prof, &generated, &fc);
  if (o) {
    prof.t[LG_PHASE_TRACE].total = o->t_trace;
    prof.t[LG_PHASE_PSF].total = o->t_psf;
    prof.t[LG_PHASE_NOISE].total = o->t_noise;
  }
  fc.batch = 0;
  free(done);
  lg_timer_stop(&prof.t[LG_PHASE_TOTAL]);
  if (e == LG_ERR_INTERRUPTED) {
    /* a clean stop: close the file (complete stays 0) so it opens and resumes */
    lg_err c2 = lg_h5_finish(&h, 0);
    if (c2 != LG_OK) lg_h5_abandon(&h);
    if (o) lg_observer_free(o);
    lg_backend_destroy(be);
    return LG_ERR_INTERRUPTED;
  }
  /* 3. profile and completion mark, set last */
  double *all = rank == 0 ? malloc((size_t)size * LG_PHASE_COUNT * sizeof(double)) : NULL;
  if (e == LG_OK) e = lg_agree(comm, rank == 0 && !all ? LG_ERR_NOMEM : LG_OK);
  if (e == LG_OK) e = lg_profile_gather(&prof, comm, all);
  if (e == LG_OK) e = lg_fault_hit(&c->fault, LG_FP_BEFORE_PROFILE, 0, rank);
  if (e == LG_OK) e = lg_h5_write_profile(&h, all, size, LG_PHASE_COUNT, lg_phase_names);
  if (e == LG_OK) e = lg_fault_hit(&c->fault, LG_FP_BEFORE_COMPLETE, 0, rank);
  if (e == LG_OK) e = lg_h5_finish(&h, 1);
  if (e != LG_OK) {
    lg_h5_abandon(&h);
    if (o) lg_observer_free(o);
    lg_backend_destroy(be);
    free(all);
    LG_CALL(e);
  }
  long long gen_all = 0;
  MPI_Reduce(&generated, &gen_all, 1, MPI_LONG_LONG, MPI_SUM, 0, comm);
  if (rank == 0) {
    const double wall = lg_time_now() - t0;
    lg_print_summary(c, be, size, gen_all, wall, all);
    if (c->profile_json[0]) {
      e = lg_profile_write_json(c->profile_json, all, size, gen_all, wall, be->name, lg_git_commit, c->output);
      if (e == LG_OK) printf("  profile     %s\n", c->profile_json);
    }
    if (e == LG_OK && c->preview[0]) {
      e = lg_preview_write(c);
      if (e == LG_OK) printf("  preview     %s\n", c->preview);
    }
    fflush(stdout);
  }
  free(all);
  if (o) lg_observer_free(o);
    lg_backend_destroy(be);
  LG_CALL(lg_agree(comm, e));
  return LG_OK;
}
