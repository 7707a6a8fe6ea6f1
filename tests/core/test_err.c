#define _POSIX_C_SOURCE 200809L
/* The error trace: LG_CHECK records the message, each LG_CALL level adds a frame. */
#include <string.h>

#include "core/err.h"
#include "lg_test.h"

static lg_err inner(int v) {
  LG_CHECK(v > 0, LG_ERR_OPTION, "-grid_npix: got %d, want a positive integer", v);
  return LG_OK;
}
static lg_err middle(int v) {
  LG_CALL(inner(v));
  return LG_OK;
}
static lg_err outer(int v) {
  LG_CALL(middle(v));
  return LG_OK;
}

int main(void) {
  LG_TEST_CHECK(outer(3) == LG_OK, "valid value failed");
  LG_TEST_CHECK(outer(-2) == LG_ERR_OPTION, "invalid value passed");
  LG_TEST_CHECK(strstr(lg_err_message(), "-grid_npix: got -2") != NULL, "message: %s", lg_err_message());
  LG_TEST_CHECK(lg_err_code() == LG_ERR_OPTION, "code %d", (int)lg_err_code());
  char buf[4096];
  FILE *f = fmemopen(buf, sizeof buf, "w");
  lg_err_print(f);
  fclose(f);
  LG_TEST_CHECK(strstr(buf, "inner") && strstr(buf, "middle") && strstr(buf, "outer"), "trace: %s", buf);
  lg_err_clear();
  LG_TEST_CHECK(lg_err_code() == LG_OK && lg_err_message()[0] == '\0', "not cleared");
  return lg_test_report("test_err");
}
