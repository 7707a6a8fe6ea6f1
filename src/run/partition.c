/* Work split, missing-sample iteration for resume, and collective failure agreement. */
#include "run/partition.h"

#include <stdio.h>

void lg_partition_share(long long n, int rank, int size, long long *lo, long long *hi) {
  const long long base = n / size, extra = n % size;
  *lo = rank * base + (rank < extra ? rank : extra);
  *hi = *lo + base + (rank < extra ? 1 : 0);
}

void lg_missing_iter_init(lg_missing_iter *it, const uint8_t *done, long long n, long long lo, long long hi) {
  it->done = done;
  it->n = n;
  it->lo = lo;
  it->hi = hi;
  if (!done) {
    it->pos = lo; /* every index is missing: ordinal == index */
    it->ordinal = lo;
    return;
  }
  it->pos = 0;
  it->ordinal = 0;
  while (it->pos < n && it->ordinal < lo) {
    if (!done[it->pos]) it->ordinal++;
    it->pos++;
  }
}

int lg_missing_iter_next(lg_missing_iter *it, long long *rows, int max) {
  int k = 0;
  while (k < max && it->ordinal < it->hi && it->pos < it->n) {
    if (!it->done || !it->done[it->pos]) {
      rows[k++] = it->pos;
      it->ordinal++;
    }
    it->pos++;
  }
  return k;
}

lg_err lg_agree(MPI_Comm comm, lg_err local) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  /* the first rank with a failure of its own; a rank that only saw another fail (LG_ERR_PEER, e.g.
   * from a collective write's own agreement) speaks only when no rank knows the cause */
  int mine = local == LG_OK ? 2 * size : (local == LG_ERR_PEER ? size + rank : rank), best = 2 * size;
  MPI_Allreduce(&mine, &best, 1, MPI_INT, MPI_MIN, comm);
  if (best == 2 * size) return LG_OK;
  const int first = best % size;
  char msg[1024];
  int code = (int)local;
  snprintf(msg, sizeof msg, "%s", rank == first ? lg_err_message() : "");
  MPI_Bcast(&code, 1, MPI_INT, first, comm);
  MPI_Bcast(msg, sizeof msg, MPI_CHAR, first, comm);
  if (rank != first) {
    if (size > 1 && first != 0)
      return lg_err_set((lg_err)code, __FILE__, __LINE__, __func__, "rank %d: %s", first, msg);
    return lg_err_set((lg_err)code, __FILE__, __LINE__, __func__, "%s", msg);
  }
  return local;
}
