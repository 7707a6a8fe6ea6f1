/* Rank 0's checks of the output before anything is touched: the directory, an existing file and
 * -data_overwrite / -data_resume, the configuration a resumed file was made with. */
#define _POSIX_C_SOURCE 200809L
#include "run/output_check.h"

#include <stdio.h>

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/h5_file.h"

static lg_err lg_check_dir_writable(const char *option, const char *path) {
  char copy[LG_PATH_MAX];
  snprintf(copy, sizeof copy, "%s", path);
  const char *dir = dirname(copy);
  struct stat st;
  LG_CHECK(stat(dir, &st) == 0, LG_ERR_FILE, "%s %s: directory '%s' does not exist", option, path, dir);
  LG_CHECK(S_ISDIR(st.st_mode), LG_ERR_FILE, "%s %s: '%s' is not a directory", option, path, dir);
  LG_CHECK(access(dir, W_OK | X_OK) == 0, LG_ERR_FILE, "%s %s: directory '%s' is not writable (%s)", option, path,
           dir, strerror(errno));
  return LG_OK;
}

/* The first line where two configuration keys differ, for a message a user can act on. */
static void lg_first_difference(const char *a, const char *b, char *la, char *lb, size_t len) {
  while (*a || *b) {
    const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
    size_t na = ea ? (size_t)(ea - a) : strlen(a), nb = eb ? (size_t)(eb - b) : strlen(b);
    if (na != nb || strncmp(a, b, na) != 0) {
      snprintf(la, len, "%.*s", (int)na, a);
      snprintf(lb, len, "%.*s", (int)nb, b);
      return;
    }
    a += na + (ea ? 1 : 0);
    b += nb + (eb ? 1 : 0);
  }
  snprintf(la, len, "?");
  snprintf(lb, len, "?");
}

extern const char *lg_version_string;

lg_err lg_output_check(const lg_config *c, int *exists) {
  struct stat st;
  LG_CALL(lg_check_dir_writable("-data_output", c->output));
  if (c->preview[0]) LG_CALL(lg_check_dir_writable("-data_preview", c->preview));
  if (c->profile_json[0]) LG_CALL(lg_check_dir_writable("-run_profile_json", c->profile_json));
  *exists = stat(c->output, &st) == 0;
  if (*exists) LG_CHECK(S_ISREG(st.st_mode), LG_ERR_FILE, "-data_output %s: exists and is not a regular file", c->output);
  if (c->resume) {
    LG_CHECK(*exists, LG_ERR_FILE, "-data_resume: %s does not exist (nothing to resume; drop -data_resume)", c->output);
    char *key = NULL, *version = NULL;
    long long n = 0;
    int complete = 0;
    lg_err e = lg_h5_probe(c->output, &key, &version, &n, &complete);
    LG_CHECK(e == LG_OK, LG_ERR_FILE, "-data_resume: %s", lg_err_message());
    /* another version may compute other bits for the same options: never mix two in one file */
    if (strcmp(version, lg_version_string) != 0) {
      char v[64];
      snprintf(v, sizeof v, "%s", version);
      free(key);
      free(version);
      LG_FAIL(LG_ERR_FILE,
              "-data_resume: %s was made by lensgen %s, this is lensgen %s: resume it with the version that "
              "made it, or write a new file",
              c->output, v, lg_version_string);
    }
    free(version);
    if (strcmp(key, c->config_key) != 0) {
      char in_file[512], in_options[512];
      lg_first_difference(key, c->config_key, in_file, in_options, sizeof in_file);
      free(key);
      LG_FAIL(LG_ERR_FILE,
              "-data_resume: %s was made with other options: the file has '%s', these options give '%s' "
              "(resume with the same options, or write a new file)",
              c->output, in_file, in_options);
    }
    free(key);
  } else if (*exists) {
    LG_CHECK(c->overwrite, LG_ERR_FILE,
             "-data_output %s: the file exists; give -data_overwrite to replace it or -data_resume to complete it",
             c->output);
    LG_CHECK(access(c->output, W_OK) == 0, LG_ERR_FILE, "-data_output %s: exists and is not writable (%s)", c->output,
             strerror(errno));
  }
  return LG_OK;
}
