/* libFuzzer target for the text parsers a user reaches through options: priors, product lists and
 * fault-injection specs. Properties checked on every input besides "no crash, no UB, no leak":
 * a prior that parses formats to a text that parses to the same prior (bitwise), and its draws
 * stay inside its support. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/products.h"
#include "run/fault.h"
#include "sampling/prior.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  lg_prior p, q;
  if (lg_prior_parse("-fuzz", text, &p) == LG_OK) {
    char canon[512];
    lg_prior_format(&p, canon, sizeof canon);
    if (lg_prior_parse("-fuzz", canon, &q) != LG_OK) abort();
    /* the canonical text must round-trip exactly */
    if (p.kind != q.kind || p.n != q.n || memcmp(p.v, q.v, (size_t)p.n * sizeof p.v[0]) != 0) abort();
    double lo, hi;
    lg_prior_support(&p, &lo, &hi);
    static const double us[] = {1e-16, 0.25, 0.5, 0.75, 1.0 - 1e-16};
    for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
      double v = lg_prior_draw(&p, us[i]);
      if (isnan(v)) abort();
      if (p.kind != LG_PRIOR_NORMAL && (v < lo || v > hi)) abort();
    }
  }
  lg_err_clear();
  unsigned mask = 0;
  if (lg_products_parse("-fuzz", text, &mask) == LG_OK && mask == 0) abort();
  lg_err_clear();
  lg_fault f;
  (void)lg_fault_parse(text, &f);
  lg_err_clear();
  free(text);
  return 0;
}
