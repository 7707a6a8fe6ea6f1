/* The error record behind LG_CALL/LG_CHECK: one current error with its trace. lensgen is single
 * threaded per rank (SIMD and GPU parallelism live below this), so one record per process suffices. */
#include "core/err.h"

#include <stdarg.h>
#include <string.h>

#define LG_TRACE_MAX 32

static struct {
  lg_err code;
  char message[1024];
  char frames[LG_TRACE_MAX][160];
  int nframes;
} lg_err_state;

static void lg_err_add_frame(const char *file, int line, const char *func) {
  if (lg_err_state.nframes >= LG_TRACE_MAX) return;
  const char *base = strrchr(file, '/');
  /* keep "layer/file.c" so the trace shows where in the architecture the error came from */
  if (base) {
    const char *p = base;
    while (p > file && *(p - 1) != '/') p--;
    base = p;
  } else {
    base = file;
  }
  snprintf(lg_err_state.frames[lg_err_state.nframes++], sizeof lg_err_state.frames[0], "%s:%d: %s",
           base, line, func);
}

lg_err lg_err_set(lg_err code, const char *file, int line, const char *func, const char *fmt, ...) {
  /* format into a copy first: a caller may wrap the previous error, passing lg_err_message() */
  char text[sizeof lg_err_state.message];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  lg_err_state.code = code;
  memcpy(lg_err_state.message, text, sizeof text);
  lg_err_state.nframes = 0;
  lg_err_add_frame(file, line, func);
  return code;
}

void lg_err_push(const char *file, int line, const char *func) {
  lg_err_add_frame(file, line, func);
}

const char *lg_err_message(void) { return lg_err_state.message; }

lg_err lg_err_code(void) { return lg_err_state.code; }

const char *lg_err_name(lg_err code) {
  switch (code) {
  case LG_OK: return "ok";
  case LG_ERR_OPTION: return "bad option";
  case LG_ERR_FILE: return "file";
  case LG_ERR_IO: return "i/o";
  case LG_ERR_NOMEM: return "out of memory";
  case LG_ERR_MPI: return "MPI";
  case LG_ERR_H5: return "HDF5";
  case LG_ERR_PETSC: return "PETSc";
  case LG_ERR_CUDA: return "CUDA";
  case LG_ERR_NODEVICE: return "no device";
  case LG_ERR_RANGE: return "range";
  case LG_ERR_PEER: return "another rank failed";
  case LG_ERR_INTERRUPTED: return "interrupted";
  case LG_ERR_INTERNAL: return "internal";
  }
  return "unknown";
}

void lg_err_print(FILE *f) {
  fprintf(f, "lensgen: error (%s): %s\n", lg_err_name(lg_err_state.code), lg_err_state.message);
  for (int i = 0; i < lg_err_state.nframes; i++) fprintf(f, "    at %s\n", lg_err_state.frames[i]);
}

void lg_err_clear(void) {
  lg_err_state.code = LG_OK;
  lg_err_state.message[0] = '\0';
  lg_err_state.nframes = 0;
}
