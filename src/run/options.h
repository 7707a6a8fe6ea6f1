/* Typed access to the PETSc options database with lensgen's error messages: every getter names the
 * option and the value it could not accept. The only place below main that includes PETSc. */
#ifndef LG_OPTIONS_H
#define LG_OPTIONS_H

#include <stddef.h>

#include "core/err.h"

/* Each getter leaves *value at the default when the option is absent and sets *set (may be NULL). */
lg_err lg_opt_string(const char *name, char *value, size_t len, int *set);
lg_err lg_opt_int(const char *name, long long *value, long long lo, long long hi);
lg_err lg_opt_real(const char *name, double *value, double lo, double hi);
lg_err lg_opt_bool(const char *name, int *value);
lg_err lg_opt_choice(const char *name, const char *const *choices, int n, int *value);
/* Fails naming every option that was given but never read. */
lg_err lg_opt_check_unused(void);
/* All options as one string ("-a 1 -b x ..."), malloc'ed. */
lg_err lg_opt_all_text(char **text);

#endif
