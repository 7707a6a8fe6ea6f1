/* Speed of the point-image finder and of the critical curves on one core, over random lenses of the
 * test families (tests/lensing/lens_samples.h), and their agreement: each system's image count is
 * compared with the count read off its caustics (as tests/lensing/test_images_complete.c does, which
 * asserts much more). Usage: bench_images [n_systems = 10000] [family: all | sie | nfw | sienfw]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timer.h"
#include "lens_samples.h"
#include "lensing/critical.h"
#include "lensing/images.h"
#include "lensing/placement.h"

int main(int argc, char **argv) {
  const long n_sys = argc > 1 ? atol(argv[1]) : 10000;
  int only = -1;
  if (argc > 2 && strcmp(argv[2], "sie") == 0) only = LGT_SIE_SHEAR;
  if (argc > 2 && strcmp(argv[2], "nfw") == 0) only = LGT_NFW_SHEAR;
  if (argc > 2 && strcmp(argv[2], "sienfw") == 0) only = LGT_SIE_NFW_SHEAR;
  lg_critical *cc = malloc(sizeof *cc);
  if (cc == NULL) return 1;
  lg_critical_work wk;
  lg_critical_work_init(&wk);
  lgt_rng r = {777u};
  static const int wants[3] = {2, 4, LG_MULT_ANY};
  double t_crit[LGT_FAMILIES] = {0}, t_img[LGT_FAMILIES] = {0};
  long n_crit[LGT_FAMILIES] = {0}, n_img[LGT_FAMILIES] = {0}, ev_crit[LGT_FAMILIES] = {0}, ev_img[LGT_FAMILIES] = {0};
  long mismatch[LGT_FAMILIES] = {0}, incomplete[LGT_FAMILIES] = {0}, retried[LGT_FAMILIES] = {0};
  for (long i = 0; i < n_sys; i++) {
    const int fam = only >= 0 ? only : (i % 5 < 3 ? LGT_SIE_SHEAR : (i % 5 == 3 ? LGT_NFW_SHEAR : LGT_SIE_NFW_SHEAR));
    lg_component c[4];
    const int n = lgt_random_lens(&r, fam, c);
    double t0 = lg_time_now();
    if (lg_critical_curves(c, n, NULL, &wk, cc) != LG_OK) return 1;
    t_crit[fam] += lg_time_now() - t0;
    n_crit[fam]++;
    ev_crit[fam] += cc->n_evals;
    double bx, by;
    int ok = 0;
    for (int k = 0; k < 100 && !ok; k++) {
      if (lg_source_place(cc, wants[i % 3], lgt_u01, &r, 1000, &bx, &by, NULL) != LG_OK) {
        lg_err_clear();
        break;
      }
      ok = lg_caustic_distance(cc, bx, by) > 1e-4 * cc->theta_e;
    }
    if (!ok) continue;
    lg_image im[32];
    int ni;
    lg_image_stats st;
    t0 = lg_time_now();
    if (lg_find_images_stats(c, n, bx, by, NULL, im, 32, &ni, &st) != LG_OK) return 1;
    t_img[fam] += lg_time_now() - t0;
    n_img[fam]++;
    ev_img[fam] += st.n_evals;
    int n_caustic;
    lg_source_multiplicity(cc, bx, by, &n_caustic, NULL);
    mismatch[fam] += ni != n_caustic;
    incomplete[fam] += !st.complete;
    retried[fam] += st.n_tries > 1;
  }
  printf("bench_images: one core, %ld systems\n", n_sys);
  printf("%-14s %8s %12s %10s %8s %12s %10s %9s %10s %8s\n", "family", "crit", "crit/s", "evals", "images", "images/s",
         "evals", "retried", "incomplete", "mismatch");
  for (int f = 0; f < LGT_FAMILIES; f++) {
    if (n_crit[f] == 0) continue;
    printf("%-14s %8ld %12.0f %10.0f %8ld %12.0f %10.0f %9ld %10ld %8ld\n", lgt_family_name[f], n_crit[f],
           n_crit[f] / t_crit[f], (double)ev_crit[f] / n_crit[f], n_img[f], n_img[f] / t_img[f],
           (double)ev_img[f] / n_img[f], retried[f], incomplete[f], mismatch[f]);
  }
  lg_critical_work_free(&wk);
  free(cc);
  return 0;
}
