/* Completeness of the image finder over random lenses (SIE + shear, supercritical NFW + shear, SIE in
 * an NFW halo + shear): for each, the critical curves and caustics, a source placed with multiplicity
 * 2, 4 or any (cycling) by lg_source_place, and its images. Every system must pass all of:
 *  - the number of images equals the count read off the caustics (1 + cuts + 2 x folds enclosing the
 *    source) and the bright multiplicity equals the one asked for;
 *  - parity: for the smooth NFW centre the count is odd and n_min + n_max - n_saddle = 1 (index
 *    theorem); for the SIE + shear n_min - n_saddle = 1 - (cut encloses the source), no maxima, and
 *    2 or 4 images (3 inside a naked cusp); the finder's own index check covers the SIE in a halo;
 *  - |grad Fermat potential| = |theta - alpha(theta) - beta| < 1e-8 arcsec at every image (re-evaluated
 *    here), sign(mu) consistent with the type, the first image to arrive is a minimum;
 *  - the finder's own index check passed.
 * A source closer than 1e-4 theta_E to a caustic polyline is drawn again: the stored caustics are
 * polygons, so the count read off them is ambiguous there. argv[1]: systems (default 2000). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lens_samples.h"
#include "lensing/critical.h"
#include "lensing/frame.h"
#include "lensing/images.h"
#include "lensing/placement.h"
#include "lg_test.h"

#define MAXI 16

typedef struct {
  long systems, images, skipped, redrawn;
  long by_count[8];
} tally;

/* One system; returns 0 if it passed. */
static int one_system(lgt_rng *r, int family, int want, lg_critical_work *wk, lg_critical *cc, tally *t) {
  lg_component c[4];
  const int n = lgt_random_lens(r, family, c);
  LG_TEST_OK(lg_critical_curves(c, n, NULL, wk, cc));
  if (cc->theta_e == 0.0) {
    t->skipped++;
    return 0;
  }
  double bx = 0, by = 0;
  int tries = 0;
  for (int k = 0;; k++) {
    if (lg_source_place(cc, want, lgt_u01, r, 1000, &bx, &by, &tries) != LG_OK) {
      lg_err_clear();
      t->skipped++; /* no region of that multiplicity (e.g. no quad region): not a finder test */
      return 0;
    }
    if (lg_caustic_distance(cc, bx, by) > 1e-4 * cc->theta_e) break;
    t->redrawn++;
    if (k == 100) {
      t->skipped++;
      return 0;
    }
  }
  int n_caustic, n_bright;
  lg_source_multiplicity(cc, bx, by, &n_caustic, &n_bright);
  lg_image im[MAXI];
  int ni = 0;
  lg_image_stats st;
  LG_TEST_OK(lg_find_images_stats(c, n, bx, by, NULL, im, MAXI, &ni, &st));
  t->systems++;
  t->images += ni;
  t->by_count[ni < 8 ? ni : 7]++;
  const int fails0 = lg_test_failures;
  int nmin = 0, nsad = 0, nmax = 0;
  for (int i = 0; i < ni; i++) {
    lg_lens_point pt;
    lg_lens_eval(c, n, im[i].x, im[i].y, &pt);
    const double grad = hypot(im[i].x - pt.alpha_x - bx, im[i].y - pt.alpha_y - by);
    LG_TEST_CHECK(grad < 1e-8, "%s image %d: |grad tau| = %.3g", lgt_family_name[family], i, grad);
    nmin += im[i].type == LG_IMAGE_MIN;
    nsad += im[i].type == LG_IMAGE_SADDLE;
    nmax += im[i].type == LG_IMAGE_MAX;
    LG_TEST_CHECK((im[i].mu < 0) == (im[i].type == LG_IMAGE_SADDLE), "%s image %d: mu %g with type %d",
                  lgt_family_name[family], i, im[i].mu, im[i].type);
  }
  LG_TEST_CHECK(ni == 0 || im[0].type == LG_IMAGE_MIN, "%s: first image is of type %d", lgt_family_name[family],
                ni ? im[0].type : 0);
  LG_TEST_CHECK(st.complete, "%s: index check failed (parity %d, expected %d, box winding %d)", lgt_family_name[family],
                st.parity_found, st.parity_expected, st.winding_box);
  LG_TEST_CHECK(ni == n_caustic, "%s: %d images, the caustics say %d (source %.6g %.6g)", lgt_family_name[family], ni,
                n_caustic, bx, by);
  LG_TEST_CHECK(ni - nmax == n_bright && (want == LG_MULT_ANY ? n_bright >= 2 : n_bright == want),
                "%s: %d bright images, caustics %d, asked %d", lgt_family_name[family], ni - nmax, n_bright, want);
  if (family == LGT_NFW_SHEAR) {
    LG_TEST_CHECK(ni % 2 == 1 && nmin + nmax - nsad == 1, "NFW+shear: %d images (%d min, %d saddle, %d max)", ni, nmin,
                  nsad, nmax);
  } else if (family == LGT_SIE_SHEAR) {
    int in_cut = 0;
    for (int i = 0; i < cc->n_curves; i++)
      if (cc->curve[i].kind == LG_CURVE_CUT)
        in_cut += abs(lg_polygon_winding(cc->curve[i].bx, cc->curve[i].by, cc->curve[i].n, bx, by));
    LG_TEST_CHECK(nmax == 0 && nmin - nsad == 1 - in_cut && ni >= 2 && ni <= 4,
                  "%s: %d images (%d min, %d saddle, %d max), cut winding %d", lgt_family_name[family], ni, nmin, nsad,
                  nmax, in_cut);
  }
  LG_TEST_CHECK(cc->n_degenerate == 0, "%s: %d critical curves through a singular centre", lgt_family_name[family],
                cc->n_degenerate);
  if (lg_test_failures != fails0) {
    fprintf(stderr, "  lens:");
    for (int i = 0; i < n; i++) {
      fprintf(stderr, " [kind %d:", c[i].kind);
      for (int k = 0; k < 6; k++) fprintf(stderr, " %.17g", c[i].p[k]);
      fprintf(stderr, "]");
    }
    fprintf(stderr, "\n  source %.17g %.17g\n", bx, by);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  const long n_sys = argc > 1 ? atol(argv[1]) : 2000;
  lg_critical *cc = malloc(sizeof *cc);
  if (cc == NULL) return 1;
  lg_critical_work wk;
  lg_critical_work_init(&wk);
  lgt_rng r = {20240611u};
  tally t[LGT_FAMILIES] = {{0}};
  static const int wants[3] = {2, 4, LG_MULT_ANY};
  long failed = 0;
  for (long i = 0; i < n_sys; i++) {
    /* 60% SIE + shear, 20% NFW + shear, 20% SIE + NFW + shear */
    const int fam = i % 5 < 3 ? LGT_SIE_SHEAR : (i % 5 == 3 ? LGT_NFW_SHEAR : LGT_SIE_NFW_SHEAR);
    failed += one_system(&r, fam, wants[i % 3], &wk, cc, &t[fam]);
    if (failed > 20) break;
  }
  for (int f = 0; f < LGT_FAMILIES; f++)
    printf("%-14s %6ld systems (%ld skipped, %ld redrawn near a caustic), %ld images; by count 1..5: %ld %ld %ld %ld "
           "%ld\n",
           lgt_family_name[f], t[f].systems, t[f].skipped, t[f].redrawn, t[f].images, t[f].by_count[1],
           t[f].by_count[2], t[f].by_count[3], t[f].by_count[4], t[f].by_count[5]);
  printf("%ld systems failed\n", failed);
  LG_TEST_CHECK(failed == 0, "%ld systems failed", failed);
  lg_critical_work_free(&wk);
  free(cc);
  return lg_test_report("test_images_complete");
}
