/* Lenses for the lensing/ tests and bench: components built through the profile table, and a small
 * deterministic generator of random SIE + shear, NFW + shear and SIE + NFW + shear systems. */
#ifndef LG_TEST_LENS_SAMPLES_H
#define LG_TEST_LENS_SAMPLES_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "physics/lens_eval.h"
#include "physics/profiles.h"

/* splitmix64 (Steele, Lea & Flood 2014): a test generator, not the data-set RNG */
typedef struct {
  uint64_t s;
} lgt_rng;

static inline double lgt_u01(void *state) {
  lgt_rng *r = state;
  uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return (double)(z >> 11) * 0x1.0p-53;
}

static inline double lgt_uniform(lgt_rng *r, double a, double b) { return a + (b - a) * lgt_u01(r); }

/* A component through the profile table's prepare function (ctx may be NULL for kinds that do not
 * use it); kind -1 on failure. */
static inline lg_component lgt_make(const char *kind, const double *user, const lg_lens_context *ctx) {
  lg_component c;
  memset(&c, 0, sizeof c);
  c.kind = -1;
  const int k = lg_profile_find(kind);
  if (k < 0 || lg_profile_get(k)->prepare(user, ctx, &c) != LG_OK) c.kind = -1;
  return c;
}

static inline lg_component lgt_nfw(double x, double y, double rs, double ks) {
  lg_component c;
  memset(&c, 0, sizeof c);
  c.kind = LG_PROFILE_NFW;
  c.p[LG_NFW_X] = x;
  c.p[LG_NFW_Y] = y;
  c.p[LG_NFW_RS] = rs;
  c.p[LG_NFW_KS] = ks;
  return c;
}

enum { LGT_SIE_SHEAR = 0, LGT_NFW_SHEAR, LGT_SIE_NFW_SHEAR, LGT_FAMILIES };
static const char *const lgt_family_name[LGT_FAMILIES] = {"sie+shear", "nfw+shear", "sie+nfw+shear"};

/* A random lens of the family into c[]; returns the component count. Singular (isothermal centre)
 * for the SIE families, smooth (a central image) for NFW + shear, which is drawn supercritical. The
 * NFW halo of an SIE shares its centre: its log-divergent convergence then makes a radial critical
 * loop about the isothermal centre (maxima between the cut and the radial caustic). */
static inline int lgt_random_lens(lgt_rng *r, int family, lg_component *c) {
  int n = 0;
  if (family == LGT_SIE_SHEAR || family == LGT_SIE_NFW_SHEAR) {
    const double u[5] = {lgt_uniform(r, -0.1, 0.1), lgt_uniform(r, -0.1, 0.1), lgt_uniform(r, 0.5, 2.0),
                         lgt_uniform(r, 0.3, 0.99), lgt_uniform(r, 0.0, 180.0)};
    c[n++] = lgt_make("sie", u, NULL);
  }
  if (family == LGT_NFW_SHEAR)
    c[n++] = lgt_nfw(lgt_uniform(r, -0.1, 0.1), lgt_uniform(r, -0.1, 0.1), lgt_uniform(r, 3.0, 10.0),
                     lgt_uniform(r, 0.4, 1.2));
  if (family == LGT_SIE_NFW_SHEAR) /* the halo about the galaxy's centre (see lensing/critical.h on offsets) */
    c[n++] = lgt_nfw(c[0].p[LG_SIE_X], c[0].p[LG_SIE_Y], lgt_uniform(r, 10.0, 20.0), lgt_uniform(r, 0.05, 0.15));
  const double g = lgt_uniform(r, 0.0, 0.12), a = lgt_uniform(r, 0.0, 3.141592653589793);
  const double s[2] = {g * cos(2.0 * a), g * sin(2.0 * a)};
  c[n++] = lgt_make("shear", s, NULL);
  return n;
}

#endif
