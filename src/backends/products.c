/* The product table and the -data_products list parser. */
#include "backends/products.h"

#include <stdio.h>
#include <string.h>

static const lg_product_info lg_product_table[LG_PRODUCT_COUNT] = {
    {"kappa", 1, "dimensionless", "convergence kappa"},
    {"alpha", 2, "arcsec", "deflection angle (alpha_x, alpha_y)"},
    {"psi", 1, "arcsec^2", "lensing potential (zero at no particular point: compare differences)"},
    {"gamma", 2, "dimensionless", "shear (gamma1, gamma2)"},
    {"magnification", 1, "dimensionless", "signed magnification 1/det(A)"},
    {"image", 1, "e-/s", "observed image: lensed source + lens light, PSF, noise (see -src_*, -obs_*)"},
    {"image_noiseless", 1, "e-/s", "the image before noise"},
};

const lg_product_info *lg_product_get(int p) {
  return (p >= 0 && p < LG_PRODUCT_COUNT) ? &lg_product_table[p] : NULL;
}

lg_err lg_products_parse(const char *option, const char *list, unsigned *mask) {
  char allowed[256] = "";
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    strcat(allowed, p ? "," : "");
    strcat(allowed, lg_product_table[p].name);
  }
  *mask = 0;
  const char *s = list;
  while (1) {
    const char *end = strchr(s, ',');
    size_t n = end ? (size_t)(end - s) : strlen(s);
    int found = -1;
    for (int p = 0; p < LG_PRODUCT_COUNT; p++)
      if (strlen(lg_product_table[p].name) == n && strncmp(s, lg_product_table[p].name, n) == 0) found = p;
    LG_CHECK(found >= 0, LG_ERR_OPTION, "%s: unknown product '%.*s' in '%s' (allowed: %s)", option, (int)n,
             s, list, allowed);
    LG_CHECK(!(*mask & (1u << found)), LG_ERR_OPTION, "%s: product '%.*s' listed twice in '%s'", option,
             (int)n, s, list);
    *mask |= 1u << found;
    if (!end) break;
    s = end + 1;
  }
  return LG_OK;
}

void lg_products_format(unsigned mask, char *buf, int len) {
  int used = 0;
  buf[0] = '\0';
  for (int p = 0; p < LG_PRODUCT_COUNT && used < len; p++)
    if (mask & (1u << p)) used += snprintf(buf + used, (size_t)(len - used), "%s%s", used ? "," : "", lg_product_table[p].name);
}
