/* The preview PNG: a labelled grid of the first samples' maps, read back from the finished file. */
#ifndef LG_PREVIEW_H
#define LG_PREVIEW_H

#include "run/config.h"

/* Rank 0 only, after the shared file is closed: reads the first -data_preview_n samples of every
 * stored product and writes -data_preview. */
lg_err lg_preview_write(const lg_config *c);

#endif
