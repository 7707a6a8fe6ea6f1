/* Prior specifications (the `-lens_*`, `-src_*` option values): parse and validate once
 * (run/config), then draw by inverse CDF from one uniform per draw (sampling/scenario), so a
 * parameter's value is a pure function of its Philox deviate. Grammar in prior.h and DESIGN.md. */
#include "sampling/prior.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sampling/normal.h"

#define LG_PRIOR_GRAMMAR                                                                           \
  "priors: VALUE | uniform:a,b | loguniform:a,b | normal:mean,sigma | truncnormal:mean,sigma,a,b " \
  "| choice:v1,v2,..."

/* Below this normal probability mass in [a,b] a truncated normal draw has too few distinct values
 * of Phi (or of the tail Q) to resolve the interval: refuse it at parse time rather than draw
 * badly. */
#define LG_TRUNCNORMAL_MIN_MASS 1e-12

/* A number longer than this cannot be a sensible prior value (17 significant digits suffice). */
#define LG_PRIOR_FIELD_MAX 128

typedef struct {
  const char *name;
  lg_prior_kind kind;
  int nmin, nmax;
  const char *args; /* how the values are written, for messages */
} lg_prior_form;

static const lg_prior_form lg_prior_forms[] = {
    {"uniform", LG_PRIOR_UNIFORM, 2, 2, "a,b"},
    {"loguniform", LG_PRIOR_LOGUNIFORM, 2, 2, "a,b"},
    {"normal", LG_PRIOR_NORMAL, 2, 2, "mean,sigma"},
    {"truncnormal", LG_PRIOR_TRUNCNORMAL, 4, 4, "mean,sigma,a,b"},
    {"choice", LG_PRIOR_CHOICE, 1, LG_PRIOR_MAX_CHOICES, "v1,v2,..."},
};
#define LG_PRIOR_NFORMS ((int)(sizeof lg_prior_forms / sizeof lg_prior_forms[0]))

/* Records "<option>: bad prior '<spec>': <what> (<grammar>)" as an LG_ERR_OPTION at the caller's
 * line. */
static lg_err lg_prior_fail(int line, const char *option, const char *spec, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static lg_err lg_prior_fail(int line, const char *option, const char *spec, const char *fmt, ...) {
  char what[384];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return lg_err_set(LG_ERR_OPTION, __FILE__, line, "lg_prior_parse", "%s: bad prior '%s': %s (%s)",
                    option, spec, what, LG_PRIOR_GRAMMAR);
}
#define LG_PRIOR_FAIL(...) return lg_prior_fail(__LINE__, option, spec, __VA_ARGS__)

/* [*b, *e) shrunk to drop leading and trailing white space. */
static void lg_prior_trim(const char **b, const char **e) {
  while (*b < *e && isspace((unsigned char)**b)) (*b)++;
  while (*e > *b && isspace((unsigned char)*(*e - 1))) (*e)--;
}

typedef enum { LG_FIELD_OK, LG_FIELD_EMPTY, LG_FIELD_LONG, LG_FIELD_NAN, LG_FIELD_INF } lg_field;

/* Parses the whole of [b, e) (already trimmed) as one finite double. The field is copied so that
 * strtod can never read past it. */
static lg_field lg_prior_number(const char *b, const char *e, double *v) {
  char buf[LG_PRIOR_FIELD_MAX + 1];
  const size_t len = (size_t)(e - b);
  char *end;
  if (len == 0) return LG_FIELD_EMPTY;
  if (len > LG_PRIOR_FIELD_MAX) return LG_FIELD_LONG;
  memcpy(buf, b, len);
  buf[len] = '\0';
  *v = strtod(buf, &end);
  if (end == buf || *end != '\0') return LG_FIELD_NAN;
  if (!isfinite(*v)) return LG_FIELD_INF; /* "inf", "nan" and overflow such as 1e400 */
  return LG_FIELD_OK;
}

/* Probability mass of a standard normal in [alpha, beta], from the tail where it is accurate. */
static double lg_normal_mass(double alpha, double beta) {
  if (alpha > 0) return lg_normal_sf(alpha) - lg_normal_sf(beta);
  if (beta < 0) return lg_normal_cdf(beta) - lg_normal_cdf(alpha);
  return 1.0 - lg_normal_cdf(alpha) - lg_normal_sf(beta);
}

static lg_err lg_prior_validate(const char *option, const char *spec, const lg_prior *p) {
  const double *v = p->v;
  switch (p->kind) {
  case LG_PRIOR_UNIFORM:
    if (!(v[0] < v[1])) LG_PRIOR_FAIL("uniform needs a < b, got a = %.17g, b = %.17g", v[0], v[1]);
    if (!isfinite(v[1] - v[0])) LG_PRIOR_FAIL("uniform needs a finite width b - a");
    break;
  case LG_PRIOR_LOGUNIFORM:
    if (!(v[0] > 0 && v[0] < v[1]))
      LG_PRIOR_FAIL("loguniform needs 0 < a < b, got a = %.17g, b = %.17g", v[0], v[1]);
    break;
  case LG_PRIOR_NORMAL:
    if (!(v[1] > 0)) LG_PRIOR_FAIL("normal needs sigma > 0, got sigma = %.17g", v[1]);
    break;
  case LG_PRIOR_TRUNCNORMAL: {
    if (!(v[1] > 0)) LG_PRIOR_FAIL("truncnormal needs sigma > 0, got sigma = %.17g", v[1]);
    if (!(v[2] < v[3]))
      LG_PRIOR_FAIL("truncnormal needs a < b, got a = %.17g, b = %.17g", v[2], v[3]);
    const double mass = lg_normal_mass((v[2] - v[0]) / v[1], (v[3] - v[0]) / v[1]);
    if (!(mass >= LG_TRUNCNORMAL_MIN_MASS))
      LG_PRIOR_FAIL("truncnormal: [a, b] holds only %.3g of the normal's probability (at least %g "
                    "is needed): the interval is too far in the tail (or too narrow) to draw from "
                    "accurately; widen it or move it toward the mean",
                    mass, LG_TRUNCNORMAL_MIN_MASS);
    break;
  }
  case LG_PRIOR_CONSTANT:
  case LG_PRIOR_CHOICE: break;
  }
  return LG_OK;
}

lg_err lg_prior_parse(const char *option, const char *spec, lg_prior *out) {
  const lg_prior_form *form = NULL;
  const char *b, *e, *args;
  lg_prior p;
  int count = 1;
  if (!option) option = "(prior)";
  LG_CHECK(out != NULL, LG_ERR_INTERNAL, "%s: lg_prior_parse without an output", option);
  if (!spec) {
    spec = "";
    LG_PRIOR_FAIL("no value given");
  }
  memset(&p, 0, sizeof p);
  b = spec;
  e = spec + strlen(spec);
  lg_prior_trim(&b, &e);
  if (b == e) LG_PRIOR_FAIL("empty value");

  const char *colon = memchr(b, ':', (size_t)(e - b));
  if (colon) {
    const size_t nlen = (size_t)(colon - b);
    for (int i = 0; i < LG_PRIOR_NFORMS; i++)
      if (strlen(lg_prior_forms[i].name) == nlen && strncmp(lg_prior_forms[i].name, b, nlen) == 0)
        form = &lg_prior_forms[i];
    if (!form) LG_PRIOR_FAIL("unknown distribution '%.*s'", (int)nlen, b);
    p.kind = form->kind;
    args = colon + 1;
  } else {
    p.kind = LG_PRIOR_CONSTANT;
    args = b;
  }

  /* count the comma-separated values before reading any, to report arity errors first */
  for (const char *c = args; c < e; c++)
    if (*c == ',') count++;
  if (!form) {
    switch (count == 1 ? lg_prior_number(args, e, &p.v[0]) : LG_FIELD_NAN) {
    case LG_FIELD_OK: break;
    case LG_FIELD_INF: LG_PRIOR_FAIL("a constant must be a finite number");
    case LG_FIELD_LONG: LG_PRIOR_FAIL("longer than %d characters", LG_PRIOR_FIELD_MAX);
    case LG_FIELD_EMPTY:
    case LG_FIELD_NAN: LG_PRIOR_FAIL("neither a number nor kind:values");
    }
    p.n = 1;
    *out = p;
    return LG_OK;
  }
  {
    const char *ab = args, *ae = e;
    lg_prior_trim(&ab, &ae);
    if (ab == ae) LG_PRIOR_FAIL("%s needs values: %s:%s", form->name, form->name, form->args);
  }
  if (count < form->nmin || count > form->nmax) {
    if (form->nmin == form->nmax)
      LG_PRIOR_FAIL("%s takes %d values (%s:%s), got %d", form->name, form->nmin, form->name,
                    form->args, count);
    LG_PRIOR_FAIL("%s takes %d to %d values, got %d", form->name, form->nmin, form->nmax, count);
  }

  const char *fb = args;
  for (int i = 0; i < count; i++) {
    const char *fe = memchr(fb, ',', (size_t)(e - fb));
    const char *next;
    if (!fe) fe = e;
    next = fe + 1;
    lg_prior_trim(&fb, &fe);
    switch (lg_prior_number(fb, fe, &p.v[i])) {
    case LG_FIELD_OK: break;
    case LG_FIELD_EMPTY: LG_PRIOR_FAIL("value %d of %s is empty", i + 1, form->name);
    case LG_FIELD_LONG:
      LG_PRIOR_FAIL("value %d of %s is longer than %d characters", i + 1, form->name,
                    LG_PRIOR_FIELD_MAX);
    case LG_FIELD_NAN:
      LG_PRIOR_FAIL("value %d of %s, '%.*s', is not a number", i + 1, form->name, (int)(fe - fb),
                    fb);
    case LG_FIELD_INF:
      LG_PRIOR_FAIL("value %d of %s, '%.*s', is not finite", i + 1, form->name, (int)(fe - fb), fb);
    }
    fb = next;
  }
  p.n = count;
  LG_CALL(lg_prior_validate(option, spec, &p));
  *out = p;
  return LG_OK;
}

/* A standard normal truncated to [alpha, beta] at uniform u: Phi^-1(Phi(alpha) + u (Phi(beta) -
 * Phi(alpha))), written as a convex combination (no cancellation) and, for alpha > 0, through the
 * upper tail Q = 1 - Phi by symmetry, where Q(alpha), Q(beta) keep full relative precision. */
static double lg_truncnormal_standard(double alpha, double beta, double u) {
  if (alpha > 0) {
    const double qa = lg_normal_sf(alpha), qb = lg_normal_sf(beta);
    return -lg_normal_quantile(qa * (1.0 - u) + qb * u);
  }
  const double pa = lg_normal_cdf(alpha), pb = lg_normal_cdf(beta);
  return lg_normal_quantile(pa * (1.0 - u) + pb * u);
}

static double lg_clamp(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

double lg_prior_draw(const lg_prior *p, double u) {
  const double *v = p->v;
  switch (p->kind) {
  case LG_PRIOR_CONSTANT: return v[0];
  case LG_PRIOR_UNIFORM: return lg_clamp(v[0] + (v[1] - v[0]) * u, v[0], v[1]);
  case LG_PRIOR_LOGUNIFORM: {
    /* ln b - ln a rather than ln(b/a): b/a may overflow for very wide ranges */
    const double la = log(v[0]), lb = log(v[1]);
    return lg_clamp(exp(la + u * (lb - la)), v[0], v[1]);
  }
  case LG_PRIOR_NORMAL: return v[0] + v[1] * lg_normal_quantile(u);
  case LG_PRIOR_TRUNCNORMAL: {
    const double z = lg_truncnormal_standard((v[2] - v[0]) / v[1], (v[3] - v[0]) / v[1], u);
    return lg_clamp(v[0] + v[1] * z, v[2], v[3]);
  }
  case LG_PRIOR_CHOICE: {
    const double t = floor(u * p->n);
    const int k = t > 0 ? (t < p->n - 1 ? (int)t : p->n - 1) : 0;
    return v[k];
  }
  }
  return NAN;
}

void lg_prior_support(const lg_prior *p, double *lo, double *hi) {
  const double *v = p->v;
  switch (p->kind) {
  case LG_PRIOR_CONSTANT: *lo = *hi = v[0]; return;
  case LG_PRIOR_UNIFORM:
  case LG_PRIOR_LOGUNIFORM: *lo = v[0], *hi = v[1]; return;
  case LG_PRIOR_NORMAL: *lo = -INFINITY, *hi = INFINITY; return;
  case LG_PRIOR_TRUNCNORMAL: *lo = v[2], *hi = v[3]; return;
  case LG_PRIOR_CHOICE:
    *lo = *hi = v[0];
    for (int i = 1; i < p->n; i++) {
      if (v[i] < *lo) *lo = v[i];
      if (v[i] > *hi) *hi = v[i];
    }
    return;
  }
  *lo = NAN, *hi = NAN;
}

void lg_prior_format(const lg_prior *p, char *buf, size_t len) {
  const char *name = NULL;
  size_t at = 0;
  if (!buf || len == 0) return;
  buf[0] = '\0';
  for (int i = 0; i < LG_PRIOR_NFORMS; i++)
    if (lg_prior_forms[i].kind == p->kind) name = lg_prior_forms[i].name;
  const int n = p->kind == LG_PRIOR_CONSTANT ? 1 : p->n;
  for (int i = 0; i < n && at < len; i++) {
    int w;
    if (i == 0 && name)
      w = snprintf(buf + at, len - at, "%s:%.17g", name, p->v[0]);
    else
      w = snprintf(buf + at, len - at, i == 0 ? "%.17g" : ",%.17g", p->v[i]);
    if (w < 0) return;
    at += (size_t)w; /* on truncation at >= len ends the loop; snprintf has terminated buf */
  }
}

int lg_prior_is_constant(const lg_prior *p) {
  if (p->kind == LG_PRIOR_CONSTANT) return 1;
  if (p->kind != LG_PRIOR_CHOICE) return 0;
  for (int i = 1; i < p->n; i++)
    if (p->v[i] != p->v[0]) return 0;
  return 1;
}
