/* Error codes and the check macros every layer uses: a failing call returns lg_err and LG_CALL adds
 * "file:line: function" to a readable trace; only main() prints it and chooses the exit code. */
#ifndef LG_ERR_H
#define LG_ERR_H

#include <stdio.h>

typedef enum {
  LG_OK = 0,
  LG_ERR_OPTION,   /* bad user input: option, value, prior spec */
  LG_ERR_FILE,     /* a file that cannot be used as asked (exists, missing, not ours) */
  LG_ERR_IO,       /* a read or write that failed */
  LG_ERR_NOMEM,    /* allocation failed */
  LG_ERR_MPI,      /* an MPI call failed */
  LG_ERR_H5,       /* an HDF5 call failed */
  LG_ERR_PETSC,    /* a PETSc call failed */
  LG_ERR_CUDA,     /* a CUDA call failed */
  LG_ERR_NODEVICE, /* a GPU was asked for and none is usable */
  LG_ERR_RANGE,    /* a numerical argument outside the domain of a function */
  LG_ERR_PEER,     /* another rank failed; this one stops with it */
  LG_ERR_INTERRUPTED, /* stopped by a signal after a whole batch: resumable with -data_resume */
  LG_ERR_INTERNAL  /* a broken invariant: a bug */
} lg_err;

/* Records the first error (code and message) and starts a new trace; returns code. */
lg_err lg_err_set(lg_err code, const char *file, int line, const char *func, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Appends one frame to the trace of the current error. */
void lg_err_push(const char *file, int line, const char *func);
/* The message of the current error ("" if none) and its code. */
const char *lg_err_message(void);
lg_err lg_err_code(void);
const char *lg_err_name(lg_err code);
/* Prints "lensgen: error: <message>" and the trace (innermost first). */
void lg_err_print(FILE *f);
/* Forgets the current error (tests that expect a failure call this between cases). */
void lg_err_clear(void);

#define LG_CALL(expr)                                                                              \
  do {                                                                                             \
    lg_err lg_call_e_ = (expr);                                                                    \
    if (lg_call_e_ != LG_OK) {                                                                     \
      lg_err_push(__FILE__, __LINE__, __func__);                                                   \
      return lg_call_e_;                                                                           \
    }                                                                                              \
  } while (0)

#define LG_CHECK(cond, code, ...)                                                                  \
  do {                                                                                             \
    if (!(cond)) return lg_err_set((code), __FILE__, __LINE__, __func__, __VA_ARGS__);             \
  } while (0)

#define LG_FAIL(code, ...) return lg_err_set((code), __FILE__, __LINE__, __func__, __VA_ARGS__)

/* Evaluates expr, and on failure records the frame and jumps to a cleanup label. */
#define LG_CALL_GOTO(err, label, expr)                                                             \
  do {                                                                                             \
    (err) = (expr);                                                                                \
    if ((err) != LG_OK) {                                                                          \
      lg_err_push(__FILE__, __LINE__, __func__);                                                   \
      goto label;                                                                                  \
    }                                                                                              \
  } while (0)

#endif
