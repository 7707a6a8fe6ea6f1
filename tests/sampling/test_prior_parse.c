/* Prior grammar: specs that parse (kind and values), specs that must be refused (LG_ERR_OPTION and
 * a message naming the option and the spec), the canonical text round trip, support, constancy. */
#include <float.h>
#include <string.h>

#include "lg_test.h"
#include "sampling/prior.h"

#define GRAMMAR_TAG "(priors: VALUE | uniform:a,b"

typedef struct {
  const char *spec;
  lg_prior_kind kind;
  int n;
  double v[5];
} accepted_case;

static const accepted_case accepted[] = {
    {"1e12", LG_PRIOR_CONSTANT, 1, {1e12}},
    {"-3.5", LG_PRIOR_CONSTANT, 1, {-3.5}},
    {"  0.7\t", LG_PRIOR_CONSTANT, 1, {0.7}},
    {"0x1p-3", LG_PRIOR_CONSTANT, 1, {0.125}},
    {"1e-320", LG_PRIOR_CONSTANT, 1, {1e-320}},
    {"uniform:0.5,1", LG_PRIOR_UNIFORM, 2, {0.5, 1}},
    {" uniform:-1e3,2e3 ", LG_PRIOR_UNIFORM, 2, {-1e3, 2e3}},
    {"uniform: 1 , 2 ", LG_PRIOR_UNIFORM, 2, {1, 2}},
    {"loguniform:1e11,1e13", LG_PRIOR_LOGUNIFORM, 2, {1e11, 1e13}},
    {"loguniform:1e-300,1e300", LG_PRIOR_LOGUNIFORM, 2, {1e-300, 1e300}},
    {"normal:0,0.05", LG_PRIOR_NORMAL, 2, {0, 0.05}},
    {"normal:-2,3", LG_PRIOR_NORMAL, 2, {-2, 3}},
    {"truncnormal:0.8,0.1,0.3,1", LG_PRIOR_TRUNCNORMAL, 4, {0.8, 0.1, 0.3, 1}},
    {"truncnormal:0,1,3,10", LG_PRIOR_TRUNCNORMAL, 4, {0, 1, 3, 10}},
    {"truncnormal:0,1,-10,-6", LG_PRIOR_TRUNCNORMAL, 4, {0, 1, -10, -6}},
    {"choice:7", LG_PRIOR_CHOICE, 1, {7}},
    {"choice:1,2,3", LG_PRIOR_CHOICE, 3, {1, 2, 3}},
    {"choice:2.5, -1 ,1e12,0,3", LG_PRIOR_CHOICE, 5, {2.5, -1, 1e12, 0, 3}},
};

typedef struct {
  const char *spec;
  const char *why; /* a phrase the message must contain */
} rejected_case;

static const rejected_case rejected[] = {
    {"", "empty"},
    {"   ", "empty"},
    {"abc", "neither a number"},
    {"1.5x", "neither a number"},
    {"1,2", "neither a number"},
    {"1e400", "finite"},
    {"-1e400", "finite"},
    {"nan", "finite"},
    {"inf", "finite"},
    {"-infinity", "finite"},
    {"uniform 1,2", "neither a number"},
    {"gauss:0,1", "unknown distribution 'gauss'"},
    {"Uniform:0,1", "unknown distribution 'Uniform'"},
    {":1,2", "unknown distribution ''"},
    {"uniform:", "uniform needs values"},
    {"uniform:1", "uniform takes 2 values"},
    {"uniform:1,2,3", "uniform takes 2 values"},
    {"uniform:2,1", "uniform needs a < b"},
    {"uniform:1,1", "uniform needs a < b"},
    {"uniform:1,,2", "uniform takes 2 values"},
    {"uniform:,2", "value 1 of uniform is empty"},
    {"uniform:1,x", "value 2 of uniform, 'x', is not a number"},
    {"uniform:1,nan", "not finite"},
    {"uniform:0,1e999", "not finite"},
    {"uniform:-1.7976931348623157e308,1.7976931348623157e308", "finite width"},
    {"loguniform:0,1", "loguniform needs 0 < a < b"},
    {"loguniform:-1,2", "loguniform needs 0 < a < b"},
    {"loguniform:3,2", "loguniform needs 0 < a < b"},
    {"normal:0,0", "normal needs sigma > 0"},
    {"normal:0,-1", "normal needs sigma > 0"},
    {"normal:0", "normal takes 2 values"},
    {"truncnormal:0,1,2,1", "truncnormal needs a < b"},
    {"truncnormal:0,0,0,1", "truncnormal needs sigma > 0"},
    {"truncnormal:0,1,1", "truncnormal takes 4 values"},
    {"truncnormal:0,1,8,20", "too far in the tail"},
    {"truncnormal:0,1,-40,-30", "too far in the tail"},
    {"truncnormal:0,1,0,1e-13", "too narrow"},
    {"choice:", "choice needs values"},
    {"choice:a,b", "value 1 of choice, 'a', is not a number"},
    {"choice:1,2,", "value 3 of choice is empty"},
    {"choice:1;2", "value 1 of choice, '1;2', is not a number"},
};

static void check_rejected(const char *option, const char *spec, const char *why) {
  lg_prior p;
  memset(&p, 0x5a, sizeof p);
  const lg_prior before = p;
  lg_err_clear();
  const lg_err e = lg_prior_parse(option, spec, &p);
  const char *msg = lg_err_message();
  char quoted[1100];
  snprintf(quoted, sizeof quoted, "'%s'", spec);
  LG_TEST_CHECK(e == LG_ERR_OPTION && lg_err_code() == LG_ERR_OPTION,
                "'%s' gave %d, want LG_ERR_OPTION", spec, (int)e);
  LG_TEST_CHECK(strstr(msg, option) == msg, "'%s': message does not start with the option: %s",
                spec, msg);
  LG_TEST_CHECK(strstr(msg, quoted) != NULL, "'%s': message does not quote the spec: %s", spec,
                msg);
  LG_TEST_CHECK(strstr(msg, why) != NULL, "'%s': message lacks '%s': %s", spec, why, msg);
  LG_TEST_CHECK(strstr(msg, GRAMMAR_TAG) != NULL, "'%s': message lacks the grammar: %s", spec, msg);
  LG_TEST_CHECK(memcmp(&p, &before, sizeof p) == 0, "'%s': output written on failure", spec);
}

static void test_accepted(void) {
  const int n = (int)(sizeof accepted / sizeof accepted[0]);
  for (int i = 0; i < n; i++) {
    const accepted_case *c = &accepted[i];
    lg_prior p;
    lg_err_clear();
    LG_TEST_OK(lg_prior_parse("-lens_sie_q", c->spec, &p));
    LG_TEST_CHECK(p.kind == c->kind && p.n == c->n, "'%s': kind %d n %d, want kind %d n %d",
                  c->spec, (int)p.kind, p.n, (int)c->kind, c->n);
    for (int j = 0; j < c->n && j < p.n; j++)
      LG_TEST_CHECK(p.v[j] == c->v[j], "'%s': v[%d] = %.17g, want %.17g", c->spec, j, p.v[j],
                    c->v[j]);
  }
  /* the largest choice list */
  char spec[1024] = "choice:";
  for (int k = 0; k < LG_PRIOR_MAX_CHOICES; k++)
    snprintf(spec + strlen(spec), sizeof spec - strlen(spec), k ? ",%d" : "%d", k + 1);
  lg_prior p;
  LG_TEST_OK(lg_prior_parse("-src_sersic_n", spec, &p));
  LG_TEST_CHECK(p.n == LG_PRIOR_MAX_CHOICES &&
                    p.v[LG_PRIOR_MAX_CHOICES - 1] == LG_PRIOR_MAX_CHOICES,
                "max choice list parsed to n = %d", p.n);
}

static void test_rejected(void) {
  const int n = (int)(sizeof rejected / sizeof rejected[0]);
  for (int i = 0; i < n; i++) check_rejected("-lens_sie_q", rejected[i].spec, rejected[i].why);
  /* one more value than allowed */
  char spec[1024] = "choice:";
  for (int k = 0; k <= LG_PRIOR_MAX_CHOICES; k++)
    snprintf(spec + strlen(spec), sizeof spec - strlen(spec), k ? ",%d" : "%d", k);
  check_rejected("-lens_nfw_c200", spec, "choice takes 1 to 32 values, got 33");
  /* a number field too long to be meant */
  char longspec[300] = "uniform:0,1.";
  memset(longspec + strlen(longspec), '5', 200);
  longspec[12 + 200] = '\0';
  check_rejected("-src_z", longspec, "longer than");
  /* NULL spec */
  lg_prior p;
  lg_err_clear();
  LG_TEST_CHECK(lg_prior_parse("-lens_z", NULL, &p) == LG_ERR_OPTION &&
                    strstr(lg_err_message(), "-lens_z") != NULL,
                "NULL spec: %s", lg_err_message());
  /* the exact text of the design example */
  lg_err_clear();
  (void)lg_prior_parse("-lens_sie_q", "uniform:1,0", &p);
  const char *want = "-lens_sie_q: bad prior 'uniform:1,0': uniform needs a < b";
  LG_TEST_CHECK(strncmp(lg_err_message(), want, strlen(want)) == 0, "message: %s",
                lg_err_message());
  LG_TEST_CHECK(strstr(lg_err_message(),
                       "(priors: VALUE | uniform:a,b | loguniform:a,b | normal:mean,sigma | "
                       "truncnormal:mean,sigma,a,b | choice:v1,v2,...)") != NULL,
                "grammar text: %s", lg_err_message());
  printf("example message: %s\n", lg_err_message());
  LG_TEST_CHECK(n >= 25, "only %d rejected cases", n);
}

/* format -> parse gives back the same kind and bit-identical doubles */
static void check_round_trip(const lg_prior *p) {
  char text[1024];
  lg_prior q;
  lg_prior_format(p, text, sizeof text);
  lg_err_clear();
  LG_TEST_OK(lg_prior_parse("-x", text, &q));
  LG_TEST_CHECK(q.kind == p->kind && q.n == p->n &&
                    memcmp(q.v, p->v, sizeof(double) * (size_t)p->n) == 0,
                "'%s' does not round-trip", text);
}

static void test_round_trip(void) {
  const int n = (int)(sizeof accepted / sizeof accepted[0]);
  for (int i = 0; i < n; i++) {
    lg_prior p;
    if (lg_prior_parse("-x", accepted[i].spec, &p) == LG_OK) check_round_trip(&p);
  }
  /* awkward doubles: 17 significant digits needed, subnormals, extremes, -0 */
  /* clang-format off */
  const double vals[] = {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e-300, 5e-324, DBL_MAX, -DBL_MAX, -0.0,
                         0.30000000000000004, 123456789.123456789, 1e22, 9007199254740993.0};
  /* clang-format on */
  lg_prior p;
  memset(&p, 0, sizeof p);
  p.kind = LG_PRIOR_CHOICE;
  p.n = (int)(sizeof vals / sizeof vals[0]);
  memcpy(p.v, vals, sizeof vals);
  check_round_trip(&p);
  for (int i = 0; i < p.n; i++) {
    lg_prior c;
    memset(&c, 0, sizeof c);
    c.kind = LG_PRIOR_CONSTANT;
    c.n = 1;
    c.v[0] = vals[i];
    check_round_trip(&c);
  }
  char text[64];
  LG_TEST_OK(lg_prior_parse("-x", "uniform:0.1,0.3", &p));
  lg_prior_format(&p, text, sizeof text);
  LG_TEST_CHECK(strcmp(text, "uniform:0.10000000000000001,0.29999999999999999") == 0, "format: %s",
                text);
  LG_TEST_OK(lg_prior_parse("-x", " 1e12 ", &p));
  lg_prior_format(&p, text, sizeof text);
  LG_TEST_CHECK(strcmp(text, "1000000000000") == 0, "format: %s", text);
  /* a short buffer truncates, stays terminated */
  LG_TEST_OK(lg_prior_parse("-x", "choice:1,2,3,4,5,6,7,8,9", &p));
  lg_prior_format(&p, text, 8);
  LG_TEST_CHECK(strlen(text) == 7 && strncmp(text, "choice:", 7) == 0, "truncated format: '%s'",
                text);
}

static void test_support_constant_draw(void) {
  lg_prior p;
  double lo, hi;
  LG_TEST_OK(lg_prior_parse("-x", "choice:3,-1,7", &p));
  lg_prior_support(&p, &lo, &hi);
  LG_TEST_CHECK(lo == -1 && hi == 7, "choice support [%g, %g]", lo, hi);
  LG_TEST_CHECK(!lg_prior_is_constant(&p), "choice:3,-1,7 is not constant");
  LG_TEST_CHECK(lg_prior_draw(&p, 1e-16) == 3 && lg_prior_draw(&p, 0.34) == -1 &&
                    lg_prior_draw(&p, 1.0 - 0x1p-53) == 7,
                "choice picks v[floor(u n)]");
  LG_TEST_OK(lg_prior_parse("-x", "normal:1,2", &p));
  lg_prior_support(&p, &lo, &hi);
  LG_TEST_CHECK(isinf(lo) && lo < 0 && isinf(hi) && hi > 0, "normal support [%g, %g]", lo, hi);
  LG_TEST_CHECK(lg_prior_draw(&p, 0.5) == 1.0, "normal median");
  LG_TEST_OK(lg_prior_parse("-x", "truncnormal:0,1,-1,2", &p));
  lg_prior_support(&p, &lo, &hi);
  LG_TEST_CHECK(lo == -1 && hi == 2 && !lg_prior_is_constant(&p), "truncnormal support [%g, %g]",
                lo, hi);
  LG_TEST_OK(lg_prior_parse("-x", "uniform:2,5", &p));
  LG_TEST_CHECK(lg_prior_draw(&p, 0.5) == 3.5 && lg_prior_draw(&p, 1.0 - 0x1p-53) <= 5.0,
                "uniform draw");
  LG_TEST_OK(lg_prior_parse("-x", "loguniform:1,100", &p));
  LG_TEST_CLOSE(lg_prior_draw(&p, 0.5), 10.0, 1e-15, 0);
  LG_TEST_OK(lg_prior_parse("-x", "42", &p));
  LG_TEST_CHECK(lg_prior_is_constant(&p) && lg_prior_draw(&p, 0.9) == 42, "constant");
  lg_prior_support(&p, &lo, &hi);
  LG_TEST_CHECK(lo == 42 && hi == 42, "constant support");
  LG_TEST_OK(lg_prior_parse("-x", "choice:5", &p));
  LG_TEST_CHECK(lg_prior_is_constant(&p) && lg_prior_draw(&p, 0.99) == 5,
                "one-value choice is constant");
  LG_TEST_OK(lg_prior_parse("-x", "choice:5,5", &p));
  LG_TEST_CHECK(lg_prior_is_constant(&p), "choice of equal values is constant");
}

int main(void) {
  test_accepted();
  test_rejected();
  test_round_trip();
  test_support_constant_draw();
  return lg_test_report("test_prior_parse");
}
