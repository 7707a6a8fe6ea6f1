/* Prior specifications of the options grammar and their inverse-CDF draws:
 *   1e12 | uniform:a,b | loguniform:a,b | normal:m,s | truncnormal:m,s,a,b | choice:a,b,c
 * Parsed once by run/ (config), drawn per sample by the scenario. */
#ifndef LG_PRIOR_H
#define LG_PRIOR_H

#include <stddef.h>

#include "core/err.h"

#define LG_PRIOR_MAX_CHOICES 32

typedef enum {
  LG_PRIOR_CONSTANT = 0,
  LG_PRIOR_UNIFORM,
  LG_PRIOR_LOGUNIFORM,
  LG_PRIOR_NORMAL,
  LG_PRIOR_TRUNCNORMAL,
  LG_PRIOR_CHOICE
} lg_prior_kind;

typedef struct {
  lg_prior_kind kind;
  int n;                          /* number of values used in v[] */
  double v[LG_PRIOR_MAX_CHOICES]; /* constant: v0; uniform/loguniform: a,b; normal: m,s;
                                     truncnormal: m,s,a,b; choice: the values */
} lg_prior;

/* Parses spec; on failure returns LG_ERR_OPTION with a message naming option, spec and the grammar. */
lg_err lg_prior_parse(const char *option, const char *spec, lg_prior *out);
/* The value for a uniform deviate u in (0,1) (inverse CDF; choice picks floor(u*n)). */
double lg_prior_draw(const lg_prior *p, double u);
/* Smallest and largest value the prior can give (+-INFINITY for normal). */
void lg_prior_support(const lg_prior *p, double *lo, double *hi);
/* Canonical text of p (round-trips through lg_prior_parse to the same doubles). */
void lg_prior_format(const lg_prior *p, char *buf, size_t len);
/* 1 if the prior always gives the same value. */
int lg_prior_is_constant(const lg_prior *p);

#endif
