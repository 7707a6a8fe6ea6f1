/* The one shared HDF5 file of a run (DESIGN.md schema): collective creation, collective slab
 * writes of a batch, /done bookkeeping for resume, the timing profile and the completion mark.
 * Every function taking an lg_h5 is collective on the communicator it was opened with. */
#ifndef LG_H5_FILE_H
#define LG_H5_FILE_H

#include <hdf5.h>
#include <mpi.h>
#include <stdint.h>

#include "backends/backend.h"
#include "core/err.h"

/* What the file holds: fixed by the configuration, identical on every rank. */
typedef struct {
  long long n_samples;
  lg_grid grid;
  unsigned products; /* mask over lg_product */
  int n_params;
  const char *const *param_names; /* n_params names of /params fields */
  int compress;                   /* 0: none; 1..9: shuffle + deflate level */
  int ps_max_img;                 /* > 0: /point_images [N, ps_max_img, 6] and /point_images_count */
  int ps_curves, ps_curve_pts;    /* > 0: /critical_curves [N, curves, pts, 4] and /critical_curves_kind */
  const char *image_units;        /* units attribute of /image and /image_noiseless; NULL: the product table's */
} lg_h5_schema;

/* Root attributes written at creation. */
typedef struct {
  const char *version, *git_commit, *options, *config_key, *backend, *cosmology, *created;
  uint64_t seed;
  int n_ranks;
} lg_h5_meta;

/* Moments inside the io layer where a test hook may act (fault injection; NULL in production). */
typedef enum { LG_H5_AT_CREATE = 0, LG_H5_AT_MID_WRITE, LG_H5_AT_FLUSHED, LG_H5_AT_COMPLETE } lg_h5_moment;
typedef void (*lg_h5_hook)(void *arg, lg_h5_moment moment);

typedef struct {
  MPI_Comm comm;
  lg_h5_hook hook; /* kept across open/create; set after lg_h5_reset */
  void *hook_arg;
  hid_t file, dxpl;
  hid_t product[LG_PRODUCT_COUNT];
  hid_t params, params_type, done;
  hid_t ps, ps_count; /* /point_images and /point_images_count, when the schema has them */
  hid_t crit, crit_kind; /* /critical_curves and /critical_curves_kind */
  lg_h5_schema schema;
} lg_h5;

/* Marks every handle of h closed (before any open, so lg_h5_abandon is always safe). */
void lg_h5_reset(lg_h5 *h);

/* Creates path (truncating an existing file: the caller has checked -data_overwrite) with every
 * dataset of the schema allocated, the grid and the root attributes, and flushes it. */
lg_err lg_h5_create(lg_h5 *h, MPI_Comm comm, const char *path, const lg_h5_schema *s, const lg_h5_meta *m);
/* Opens an existing lensgen file for resume; the schema must match the file's datasets. */
lg_err lg_h5_open(lg_h5 *h, MPI_Comm comm, const char *path, const lg_h5_schema *s);
/* Reads /done [n_samples] on every rank. */
lg_err lg_h5_read_done(lg_h5 *h, uint8_t *done);
/* Writes k samples (rows[], ascending, global indices) of every product and their parameters
 * (params[k][n_params]); buffers hold the k samples contiguously. k may be 0 on some ranks. */
/* The per-sample catalogues of -ps_images: ps[k][max_img][6], ps_count[k], crit[k][curves][pts][4],
 * crit_kind[k][curves] (all NULL without them). */
typedef struct {
  const double *ps;
  const int *ps_count;
  const double *crit;
  const int *crit_kind;
} lg_h5_catalog;

lg_err lg_h5_write_rows(lg_h5 *h, const long long *rows, int k, const lg_product_buffers *b, const double *params,
                        const lg_h5_catalog *cat);
/* Flushes the data written so far (fsync), then marks rows[] done, so a mark only ever refers to
 * data already on disk; the marks become durable with the next flush or the close. */
lg_err lg_h5_mark_done(lg_h5 *h, const long long *rows, int k);
/* Replaces /profile with t[n_ranks][n_phases] (seconds) and its phase names. */
lg_err lg_h5_write_profile(lg_h5 *h, const double *t, int n_ranks, int n_phases, const char *const *phase_names);
/* Sets the root attribute complete = 1 (last) and closes. */
lg_err lg_h5_finish(lg_h5 *h, int complete);
/* Closes whatever is open, ignoring errors (error paths). */
void lg_h5_abandon(lg_h5 *h);

/* Serial, rank 0 only, before anything is touched: is path a lensgen file, and with what
 * configuration key and sample count? key is malloc'ed (caller frees). */
lg_err lg_h5_probe(const char *path, char **key, char **version, long long *n_samples, int *complete);

#endif
