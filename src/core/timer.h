/* Wall-clock timers for the per-phase timing profile (monotonic clock, seconds). */
#ifndef LG_TIMER_H
#define LG_TIMER_H

double lg_time_now(void);

/* An accumulating phase timer: start/stop pairs add to total. */
typedef struct {
  double total;
  double started;
} lg_timer;

static inline void lg_timer_start(lg_timer *t) { t->started = lg_time_now(); }
static inline void lg_timer_stop(lg_timer *t) { t->total += lg_time_now() - t->started; }

#endif
