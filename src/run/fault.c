#define _POSIX_C_SOURCE 200809L
#include "run/fault.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const lg_fault_names[LG_FP_COUNT] = {
    "create", "created", "render", "mid_write", "before_flush", "before_done", "after_done",
    "before_profile", "before_complete", "before_close"};

static int lg_fault_is_batch_point(lg_fault_point p) { return p >= LG_FP_RENDER && p <= LG_FP_AFTER_DONE; }

const char *lg_fault_points_text(void) {
  return "create|created|render:K|mid_write:K|before_flush:K|before_done:K|after_done:K|before_profile|"
         "before_complete|before_close";
}

lg_err lg_fault_parse(const char *spec, lg_fault *f) {
  memset(f, 0, sizeof *f);
  if (!spec || !spec[0]) return LG_OK;
  char text[128];
  LG_CHECK(strlen(spec) < sizeof text, LG_ERR_OPTION, "-run_fault_inject: '%s' is too long", spec);
  snprintf(text, sizeof text, "%s", spec);
  long long k = 0;
  int used = 0;
  if (sscanf(text, "kill_after_batch:%lld%n", &k, &used) == 1 && text[used] == '\0') {
    snprintf(text, sizeof text, "kill:after_done:%lld", k);
  } else if (sscanf(text, "kill_before_done:%lld%n", &k, &used) == 1 && text[used] == '\0') {
    snprintf(text, sizeof text, "kill:before_flush:%lld", k);
  }
  char *at = strchr(text, '@');
  f->rank = 0;
  if (at) {
    char *end = NULL;
    long r = strtol(at + 1, &end, 10);
    LG_CHECK(end != at + 1 && *end == '\0' && r >= 0 && r < 1 << 20, LG_ERR_OPTION,
             "-run_fault_inject: '%s': bad rank after '@'", spec);
    f->rank = (int)r;
    *at = '\0';
  }
  char *point = strchr(text, ':');
  LG_CHECK(point != NULL, LG_ERR_OPTION, "-run_fault_inject: '%s' (allowed: kill|fail:MOMENT[:K][@RANK], MOMENT %s)",
           spec, lg_fault_points_text());
  *point++ = '\0';
  if (!strcmp(text, "kill")) {
    f->action = LG_FAULT_KILL;
  } else if (!strcmp(text, "fail")) {
    f->action = LG_FAULT_FAIL;
  } else {
    LG_FAIL(LG_ERR_OPTION, "-run_fault_inject: '%s': action '%s' (allowed: kill, fail)", spec, text);
  }
  char *num = strchr(point, ':');
  if (num) *num++ = '\0';
  int found = -1;
  for (int p = 0; p < LG_FP_COUNT; p++)
    if (!strcmp(point, lg_fault_names[p])) found = p;
  LG_CHECK(found >= 0, LG_ERR_OPTION, "-run_fault_inject: '%s': moment '%s' (allowed: %s)", spec, point,
           lg_fault_points_text());
  f->point = (lg_fault_point)found;
  if (lg_fault_is_batch_point(f->point)) {
    char *end = NULL;
    f->batch = num ? strtoll(num, &end, 10) : 0;
    LG_CHECK(num && end != num && *end == '\0' && f->batch >= 1, LG_ERR_OPTION,
             "-run_fault_inject: '%s': moment %s needs a batch number K >= 1 (%s:K)", spec, point, point);
  } else {
    LG_CHECK(num == NULL, LG_ERR_OPTION, "-run_fault_inject: '%s': moment %s takes no batch number", spec, point);
  }
  /* a failure must be agreed on collectively right after it: only these moments are followed by that */
  LG_CHECK(f->action != LG_FAULT_FAIL || f->point == LG_FP_RENDER || f->point == LG_FP_BEFORE_FLUSH,
           LG_ERR_OPTION, "-run_fault_inject: '%s': fail is injected at render:K or before_flush:K only", spec);
  return LG_OK;
}

lg_err lg_fault_hit(const lg_fault *f, lg_fault_point point, long long batch, int rank) {
  if (f->action == LG_FAULT_NONE || f->point != point || f->rank != rank) return LG_OK;
  if (lg_fault_is_batch_point(point) && f->batch != batch) return LG_OK;
  if (f->action == LG_FAULT_KILL) {
    fflush(stdout);
    raise(SIGKILL);
  }
  LG_FAIL(LG_ERR_IO, "injected failure (-run_fault_inject) on rank %d at %s%s", rank, lg_fault_names[point],
          lg_fault_is_batch_point(point) ? " of a batch" : "");
}
