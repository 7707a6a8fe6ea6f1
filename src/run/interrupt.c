#define _POSIX_C_SOURCE 200809L
#include "run/interrupt.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t lg_signal_seen = 0;

static void lg_on_signal(int sig) { lg_signal_seen = sig; }

lg_err lg_interrupt_install(void) {
  static const int sigs[] = {SIGTERM, SIGINT, SIGUSR1};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = lg_on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART; /* MPI and HDF5 calls in flight must not fail with EINTR */
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    LG_CHECK(sigaction(sigs[i], &sa, NULL) == 0, LG_ERR_INTERNAL, "cannot install the handler of signal %d",
             sigs[i]);
  return LG_OK;
}

int lg_interrupt_signal(void) { return (int)lg_signal_seen; }
