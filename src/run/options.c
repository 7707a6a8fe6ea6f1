/* The PETSc options database behind lensgen's options: typed getters with range checks, the
 * unused-option check that catches typos, and the full options text for the file's attributes. */
#define _POSIX_C_SOURCE 200809L
#include "run/options.h"

#include <errno.h>
#include <math.h>
#include <petscsys.h>
#include <stdlib.h>
#include <string.h>

#define LG_CALL_PETSC(expr)                                                                        \
  do {                                                                                             \
    PetscErrorCode lg_petsc_e_ = (expr);                                                           \
    if (lg_petsc_e_) {                                                                             \
      const char *lg_petsc_s_ = NULL;                                                              \
      PetscErrorMessage(lg_petsc_e_, &lg_petsc_s_, NULL);                                          \
      LG_FAIL(LG_ERR_PETSC, "%s failed: %s", #expr, lg_petsc_s_ ? lg_petsc_s_ : "?");              \
    }                                                                                              \
  } while (0)

/* PETSc's own getters accept "1e3" for an int by truncation and print their own errors; lensgen
 * reads the raw text and parses it itself so every message has the same form. */
static lg_err lg_opt_raw(const char *name, char *buf, size_t len, int *set) {
  PetscBool flg = PETSC_FALSE;
  buf[0] = '\0';
  LG_CALL_PETSC(PetscOptionsGetString(NULL, NULL, name, buf, len, &flg));
  *set = flg == PETSC_TRUE;
  return LG_OK;
}

lg_err lg_opt_string(const char *name, char *value, size_t len, int *set) {
  char buf[4096];
  int s = 0;
  LG_CALL(lg_opt_raw(name, buf, sizeof buf, &s));
  if (set) *set = s;
  if (!s) return LG_OK;
  LG_CHECK(buf[0] != '\0', LG_ERR_OPTION, "%s: a value is required", name);
  LG_CHECK(strlen(buf) < len, LG_ERR_OPTION, "%s: value longer than %zu characters", name, len - 1);
  strcpy(value, buf);
  return LG_OK;
}

lg_err lg_opt_int(const char *name, long long *value, long long lo, long long hi) {
  char buf[256], *end;
  int s = 0;
  LG_CALL(lg_opt_raw(name, buf, sizeof buf, &s));
  if (s) {
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    LG_CHECK(buf[0] != '\0' && *end == '\0' && errno == 0, LG_ERR_OPTION,
             "%s: '%s' is not an integer (allowed: %lld..%lld)", name, buf, lo, hi);
    *value = v;
  }
  LG_CHECK(*value >= lo && *value <= hi, LG_ERR_OPTION, "%s: %lld is out of range (allowed: %lld..%lld)", name,
           *value, lo, hi);
  return LG_OK;
}

lg_err lg_opt_real(const char *name, double *value, double lo, double hi) {
  char buf[256], *end;
  int s = 0;
  LG_CALL(lg_opt_raw(name, buf, sizeof buf, &s));
  if (s) {
    double v = strtod(buf, &end);
    LG_CHECK(buf[0] != '\0' && *end == '\0' && isfinite(v), LG_ERR_OPTION,
             "%s: '%s' is not a finite number (allowed: %g..%g)", name, buf, lo, hi);
    *value = v;
  }
  LG_CHECK(*value >= lo && *value <= hi, LG_ERR_OPTION, "%s: %g is out of range (allowed: %g..%g)", name, *value,
           lo, hi);
  return LG_OK;
}

lg_err lg_opt_bool(const char *name, int *value) {
  char buf[64];
  int s = 0;
  LG_CALL(lg_opt_raw(name, buf, sizeof buf, &s));
  if (!s) return LG_OK;
  if (buf[0] == '\0' || !strcmp(buf, "1") || !strcmp(buf, "true") || !strcmp(buf, "yes")) {
    *value = 1;
  } else if (!strcmp(buf, "0") || !strcmp(buf, "false") || !strcmp(buf, "no")) {
    *value = 0;
  } else {
    LG_FAIL(LG_ERR_OPTION, "%s: '%s' is not a boolean (allowed: no value, 1, 0, true, false, yes, no)", name, buf);
  }
  return LG_OK;
}

lg_err lg_opt_choice(const char *name, const char *const *choices, int n, int *value) {
  char buf[256], allowed[512] = "";
  int s = 0;
  LG_CALL(lg_opt_raw(name, buf, sizeof buf, &s));
  if (!s) return LG_OK;
  for (int i = 0; i < n; i++) {
    if (!strcmp(buf, choices[i])) {
      *value = i;
      return LG_OK;
    }
    strncat(allowed, i ? "|" : "", sizeof allowed - strlen(allowed) - 1);
    strncat(allowed, choices[i], sizeof allowed - strlen(allowed) - 1);
  }
  LG_FAIL(LG_ERR_OPTION, "%s: '%s' is not allowed (allowed: %s)", name, buf, allowed);
}

lg_err lg_opt_check_unused(void) {
  PetscInt n = 0;
  char **names = NULL, **values = NULL;
  LG_CALL_PETSC(PetscOptionsLeftGet(NULL, &n, &names, &values));
  char list[1024] = "";
  for (PetscInt i = 0; i < n; i++) {
    /* options PETSc itself understands are not typos */
    if (!strcmp(names[i], "options_left") || !strncmp(names[i], "malloc", 6) || !strcmp(names[i], "help")) continue;
    strncat(list, list[0] ? ", -" : "-", sizeof list - strlen(list) - 1);
    strncat(list, names[i], sizeof list - strlen(list) - 1);
  }
  PetscOptionsLeftRestore(NULL, &n, &names, &values);
  LG_CHECK(list[0] == '\0', LG_ERR_OPTION,
           "unknown or unused option(s): %s (misspelt, or for a component not in -lens_components; see -help)", list);
  return LG_OK;
}

lg_err lg_opt_all_text(char **text) {
  char *copy = NULL;
  LG_CALL_PETSC(PetscOptionsGetAll(NULL, &copy));
  *text = strdup(copy ? copy : "");
  PetscFree(copy);
  LG_CHECK(*text != NULL, LG_ERR_NOMEM, "cannot copy the options text");
  return LG_OK;
}
