/* Test-only fault injection (-run_fault_inject): SIGKILL a rank, or make one rank fail, at a named
 * moment of the run, so the tests can show that no moment loses a finished sample, that -data_resume
 * completes any killed file, and that one failing rank stops every rank without a hang. */
#ifndef LG_FAULT_H
#define LG_FAULT_H

#include "core/err.h"

typedef enum { LG_FAULT_NONE = 0, LG_FAULT_KILL, LG_FAULT_FAIL } lg_fault_action;

/* The moments, in the order a run passes them. Batch moments take a batch number K (1-based,
 * counted by the run that is hit, so a resumed run counts from 1 again). */
typedef enum {
  LG_FP_CREATE = 0,       /* schema and attributes written to <output>.partial, before its rename */
  LG_FP_CREATED,          /* right after the rename, before the first batch */
  LG_FP_RENDER,           /* batch K: before drawing and rendering */
  LG_FP_MID_WRITE,        /* batch K: after the first dataset's slab, before the others */
  LG_FP_BEFORE_FLUSH,     /* batch K: all slabs written, not yet flushed */
  LG_FP_BEFORE_DONE,      /* batch K: flushed, done marks not yet written */
  LG_FP_AFTER_DONE,       /* batch K: done marks written (durable with the next flush) */
  LG_FP_BEFORE_PROFILE,   /* every batch done, /profile not yet written */
  LG_FP_BEFORE_COMPLETE,  /* /profile written, complete not yet set */
  LG_FP_BEFORE_CLOSE,     /* complete set, file not yet closed */
  LG_FP_COUNT
} lg_fault_point;

typedef struct {
  lg_fault_action action;
  lg_fault_point point;
  long long batch; /* for batch moments */
  int rank;        /* the rank that is hit */
} lg_fault;

/* Parses ACTION:POINT[:K][@RANK] (ACTION kill|fail; see lg_fault_point names in fault.c), and the
 * older kill_after_batch:K and kill_before_done:K. An empty spec gives action NONE. */
lg_err lg_fault_parse(const char *spec, lg_fault *f);
/* At moment `point` of batch `batch` (0 outside batches) on `rank`: kills the process or returns an
 * injected LG_ERR_IO when f names this moment; LG_OK otherwise. */
lg_err lg_fault_hit(const lg_fault *f, lg_fault_point point, long long batch, int rank);
/* The list of moment names, for messages and -help. */
const char *lg_fault_points_text(void);

#endif
