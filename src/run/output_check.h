/* Checks of -data_output and -data_preview made on rank 0 before any file is touched. */
#ifndef LG_OUTPUT_CHECK_H
#define LG_OUTPUT_CHECK_H

#include "run/config.h"

/* Fails (naming the option and path) unless the run may go ahead; *exists tells whether
 * -data_output exists. For -data_resume, the file's configuration key must equal the run's. */
lg_err lg_output_check(const lg_config *c, int *exists);

#endif
