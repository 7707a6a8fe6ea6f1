/* The map products a backend renders and io writes: name, planes per sample, units, meaning.
 * Order here is the bit order of product masks and the order of buffers. */
#ifndef LG_PRODUCTS_H
#define LG_PRODUCTS_H

#include "core/err.h"

typedef enum {
  LG_PRODUCT_KAPPA = 0,
  LG_PRODUCT_ALPHA,
  LG_PRODUCT_PSI,
  LG_PRODUCT_GAMMA,
  LG_PRODUCT_MAGNIFICATION,
  LG_PRODUCT_IMAGE,           /* observed image: lensed source + lens light, PSF, noise (observe/) */
  LG_PRODUCT_IMAGE_NOISELESS, /* the same before noise */
  LG_PRODUCT_COUNT
} lg_product;

/* Lens maps are rendered by the backends; images by the observation stage after them. */
#define LG_MAP_PRODUCTS ((1u << LG_PRODUCT_IMAGE) - 1u)
#define LG_IMAGE_PRODUCTS ((1u << LG_PRODUCT_IMAGE) | (1u << LG_PRODUCT_IMAGE_NOISELESS))

typedef struct {
  const char *name;  /* dataset name and -data_products word */
  int planes;        /* 1: [N, npix, npix]; 2: [N, 2, npix, npix] */
  const char *units; /* the dataset's units attribute */
  const char *help;
} lg_product_info;

const lg_product_info *lg_product_get(int p);
/* Parses a comma list ("kappa,alpha") into a bit mask; the option name is used in errors. */
lg_err lg_products_parse(const char *option, const char *list, unsigned *mask);
/* Comma list of the products in mask, in table order. */
void lg_products_format(unsigned mask, char *buf, int len);

#endif
