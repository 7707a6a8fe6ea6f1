/* lensgen: MPI and PETSc start-up, -help, the configuration, the run, and the one place that
 * prints errors and chooses the exit code (2: bad option, 3: file, 4: stopped by a signal, resumable, 1: anything else). */
#include <mpi.h>
#include <petscsys.h>
#include <stdio.h>
#include <string.h>

#include "run/config.h"
#include "run/help.h"
#include "run/interrupt.h"
#include "run/partition.h"
#include "run/pipeline.h"

static int lg_exit_code(lg_err e) {
  switch (e) {
  case LG_OK: return 0;
  case LG_ERR_OPTION: return 2;
  case LG_ERR_FILE: return 3;
  case LG_ERR_INTERRUPTED: return 4;
  default: return 1;
  }
}

static int lg_wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "-help") || !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return 1;
  return 0;
}

int main(int argc, char **argv) {
  int rank = 0;
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  /* lensgen's own help, before PETSc, which would add its own options to the listing */
  if (lg_wants_help(argc, argv)) {
    if (rank == 0) lg_help_print(stdout);
    MPI_Finalize();
    return 0;
  }
  if (PetscInitialize(&argc, &argv, NULL, NULL)) {
    if (rank == 0) fprintf(stderr, "lensgen: error: PETSc could not start (a missing -options_file?)\n");
    MPI_Finalize();
    return 2;
  }
  lg_config cfg;
  memset(&cfg, 0, sizeof cfg);
  lg_err e = lg_agree(PETSC_COMM_WORLD, lg_interrupt_install());
  if (e == LG_OK) e = lg_agree(PETSC_COMM_WORLD, lg_config_load(&cfg));
  if (e == LG_OK) e = lg_run(&cfg, PETSC_COMM_WORLD);
  if (e != LG_OK && rank == 0) lg_err_print(stderr);
  lg_config_free(&cfg);
  PetscFinalize();
  MPI_Finalize();
  return lg_exit_code(e);
}
