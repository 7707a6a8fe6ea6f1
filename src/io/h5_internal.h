/* Shared by the io/ files only: the common open/create step of the shared file. */
#ifndef LG_H5_INTERNAL_H
#define LG_H5_INTERNAL_H

#include "io/h5_file.h"

/* Collective: opens (create = 0) or truncates and creates (create = 1) path with the MPI-IO driver. */
lg_err lg_h5_open_common(lg_h5 *h, MPI_Comm comm, const char *path, const lg_h5_schema *s, int create);

#endif
