/* Graceful stop on SIGTERM, SIGINT or SIGUSR1 (Slurm's pre-timeout signal, forwarded by mpirun):
 * the handler only sets a flag; the pipeline checks it collectively after each whole batch, so a
 * stopped run leaves every finished sample written and marked done, resumable with -data_resume. */
#ifndef LG_INTERRUPT_H
#define LG_INTERRUPT_H

#include "core/err.h"

/* Installs the handlers (after PETSc's, replacing them for these three signals). */
lg_err lg_interrupt_install(void);
/* The signal number received so far, or 0. */
int lg_interrupt_signal(void);

#endif
