/* The run: output checks, backend, the batch pipeline (draw -> render -> write -> mark done),
 * timing profile and summary. Collective on comm. */
#ifndef LG_PIPELINE_H
#define LG_PIPELINE_H

#include <mpi.h>

#include "run/config.h"
#include "run/profile.h"

lg_err lg_run(const lg_config *cfg, MPI_Comm comm);

#endif
