/* Splitting work over ranks and the collective agreement on failure that keeps one failing rank
 * from deadlocking the others (SWIFT parallel_io.c habit). */
#ifndef LG_PARTITION_H
#define LG_PARTITION_H

#include <mpi.h>
#include <stdint.h>

#include "core/err.h"

/* Contiguous share [lo, hi) of n items for rank of size: the first n % size ranks get one extra. */
void lg_partition_share(long long n, int rank, int size, long long *lo, long long *hi);

/* Walks the sample indices whose ordinal among the missing ones (done[i] == 0, or every index when
 * done is NULL) lies in [lo, hi). */
typedef struct {
  const uint8_t *done;
  long long n, pos, ordinal, lo, hi;
} lg_missing_iter;

void lg_missing_iter_init(lg_missing_iter *it, const uint8_t *done, long long n, long long lo, long long hi);
/* Fills up to max indices, ascending; returns how many (0 at the end). */
int lg_missing_iter_next(lg_missing_iter *it, long long *rows, int max);

/* Collective on comm: returns LG_OK if every rank passed local == LG_OK; otherwise every rank
 * returns the error of the lowest failing rank, with its message, so rank 0 can report it. */
lg_err lg_agree(MPI_Comm comm, lg_err local);

#endif
