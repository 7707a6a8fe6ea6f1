/* The run-level input of the pixelised lens: -lens_kmap_file and -lens_kmap_pixel checked, the map
 * read (.npy or HDF5) on rank 0 and broadcast, solved on every rank and installed in the registry of
 * fields/kmap.h. Run-layer work (options, files, MPI) kept beside the solver so the feature lives
 * in one folder; only run/config.c calls it. */
#ifndef LG_FIELDS_KMAP_INPUT_H
#define LG_FIELDS_KMAP_INPUT_H

#include "core/err.h"

/* Reads the map named by spec into a malloc'ed kappa[ny][nx] of doubles: "FILE" holding a .npy array
 * (2-D, float64 or float32, C order, either byte order) or "FILE:/DATASET" naming a 2-D floating-point
 * HDF5 dataset. Checks the shape (2..LG_KMAP_MAX_SIDE per side) and that every value is finite;
 * messages name option and spec. Local: no MPI. */
lg_err lg_kmap_read(const char *option, const char *spec, double **kappa, int *nx, int *ny);

/* Collective on MPI_COMM_WORLD (local without MPI). Reads -lens_kmap_file and -lens_kmap_pixel
 * (default default_pixel_arcsec, the output grid's pixel), given n_kmap kmap components in
 * -lens_components: with none, either option is an error (unused); with some, the file is required,
 * read on rank 0, broadcast, solved (fields/kmap.c) and installed. Any map installed before is
 * freed first. Every rank returns the same status. */
lg_err lg_kmap_options_read(int n_kmap, double default_pixel_arcsec);

/* Lines for the run's configuration key ("" without a map): the file as given, the pixel scale,
 * the shape and an FNV-1a 64 checksum of the values, so a resume notices a changed map. */
const char *lg_kmap_config_key(void);

#endif
