/* The run-level input of a `pixel` light component (observe/pixsrc.h): its options
 * -<group>_<instance>_file, _pixel and _interp checked, the image (or stack) read on rank 0 and
 * broadcast, and installed in the registry slot of the component. */
#ifndef LG_CONFIG_PIXSRC_H
#define LG_CONFIG_PIXSRC_H

#include "core/err.h"

/* Collective on MPI_COMM_WORLD (local without MPI): every rank returns the same status. group is
 * "src" or "lenslight", instance the component's name, slot its index among the scenario's lights.
 * The file is FILE.npy or FILE.h5:/DATASET holding a 2-D image [ny][nx] or a stack [K][ny][nx]. */
lg_err lg_pixsrc_options_read(const char *group, const char *instance, int slot);

/* Lines for the run's configuration key of the entry at slot ("" when none): file, pixel scale,
 * interpolation, shape and an FNV-1a 64 checksum, so a resume notices a changed image. */
const char *lg_pixsrc_config_key(int slot);

#endif
