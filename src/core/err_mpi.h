/* Boundary wrapper: an MPI status becomes an lg_err with MPI's own text. */
#ifndef LG_ERR_MPI_H
#define LG_ERR_MPI_H

#include <mpi.h>

#include "core/err.h"

#define LG_CALL_MPI(expr)                                                                          \
  do {                                                                                             \
    int lg_mpi_e_ = (expr);                                                                        \
    if (lg_mpi_e_ != MPI_SUCCESS) {                                                                \
      char lg_mpi_s_[MPI_MAX_ERROR_STRING];                                                        \
      int lg_mpi_l_ = 0;                                                                           \
      MPI_Error_string(lg_mpi_e_, lg_mpi_s_, &lg_mpi_l_);                                          \
      LG_FAIL(LG_ERR_MPI, "%s failed: %s", #expr, lg_mpi_s_);                                      \
    }                                                                                              \
  } while (0)

#endif
