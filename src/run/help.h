/* The table of lensgen's options (name, value form, default, unit, meaning): the one source of
 * every default that config.c applies and of the -help text. */
#ifndef LG_HELP_H
#define LG_HELP_H

#include <stdio.h>

typedef struct {
  const char *name;  /* "-data_n" */
  const char *form;  /* "INT", "PRIOR", "FILE", ... */
  const char *def;   /* default as text ("" = none) */
  const char *unit;  /* "", "arcsec", "s", ... */
  const char *help;  /* one line */
} lg_option_info;

/* The default text of option name (never NULL for a listed option; "" when it has none). */
const char *lg_option_default(const char *name);
/* Prints the full -help text: options by group, lens components and their parameters, priors. */
void lg_help_print(FILE *f);

#endif
