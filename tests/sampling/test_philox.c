/* Philox4x32-10 against the Random123 known-answer vectors, the lensgen stream layout (rng.h) and
 * the open-interval double lg_u01: the integer RNG every data set rests on. */
#include <stdint.h>
#include <string.h>

#include "lg_test.h"
#include "sampling/philox.h"
#include "sampling/rng.h"

/* Random123 (D. E. Shaw Research, github.com/DEShawResearch/random123), file tests/kat_vectors, the
 * three "philox4x32 10" lines (counter[4] key[2], then the expected output[4], all hex; each line
 * wrapped here after the key):
 *   philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000
 *                 6627e8d5 e169c58d bc57ac4c 9b00dbd8
 *   philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff
 *                 408f276d 41c83b0e a20bc7c6 6d5451fd
 *   philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0
 *                 d16cfe09 94fdcceb 5001e420 24126ea1 */
static const uint32_t kat[3][10] = {
    {0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u,
     0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u},
    {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du,
     0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu},
    {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u,
     0x94fdccebu, 0x5001e420u, 0x24126ea1u},
};

static void test_kat(void) {
  for (int r = 0; r < 3; r++) {
    uint32_t out[4];
    lg_philox4x32_10(&kat[r][0], &kat[r][4], out);
    for (int w = 0; w < 4; w++)
      LG_TEST_CHECK(out[w] == kat[r][6 + w], "KAT row %d word %d: got %08x, want %08x", r, w,
                    (unsigned)out[w], (unsigned)kat[r][6 + w]);
  }
}

/* rng.h's layout: key = (seed lo, seed hi), counter = (sample lo, sample hi, stream, block).
 * Checked by addressing the KAT rows through lg_rng_block. */
static void test_layout(void) {
  uint32_t out[4];
  lg_rng_block(0, 0, 0, 0, out);
  LG_TEST_CHECK(memcmp(out, &kat[0][6], sizeof out) == 0, "lg_rng_block(0,0,0,0) is not KAT row 0");
  lg_rng_block(UINT64_MAX, UINT64_MAX, 0xffffffffu, 0xffffffffu, out);
  LG_TEST_CHECK(memcmp(out, &kat[1][6], sizeof out) == 0,
                "lg_rng_block(all ones) is not KAT row 1");
  lg_rng_block(0x299f31d0a4093822ull, 0x85a308d3243f6a88ull, 0x13198a2eu, 0x03707344u, out);
  LG_TEST_CHECK(memcmp(out, &kat[2][6], sizeof out) == 0,
                "lg_rng_block(pi digits) is not KAT row 2: key/counter words in the wrong order");
  /* uniform 2k uses words (0,1) of block k, uniform 2k+1 words (2,3) */
  const uint64_t seed = 20240601ull, sample = 123456789012ull;
  for (uint32_t k = 0; k < 8; k++) {
    lg_rng_block(seed, sample, LG_STREAM_NOISE, k, out);
    const double u0 = lg_rng_uniform(seed, sample, LG_STREAM_NOISE, 2 * k);
    const double u1 = lg_rng_uniform(seed, sample, LG_STREAM_NOISE, 2 * k + 1);
    LG_TEST_CHECK(u0 == lg_u01(out[0], out[1]) && u1 == lg_u01(out[2], out[3]),
                  "lg_rng_uniform does not take block index/2, words by index%%2 (k = %u)", k);
  }
  LG_TEST_CHECK(LG_STREAM_PARAMS == 0 && LG_STREAM_NOISE == 1 && LG_STREAM_SUBHALOS == 2 &&
                    LG_STREAM_SOURCE == 3 && LG_STREAM_POINT == 4,
                "stream ids changed: every existing data set would change");
}

static void test_u01(void) {
  const double two_m53 = ldexp(1.0, -53);
  const double lo = lg_u01(0, 0), hi = lg_u01(0xffffffffu, 0xffffffffu);
  LG_TEST_CHECK(lo > 0.0 && lo == 0.5 * two_m53, "lg_u01(0,0) = %.17g, want 2^-54", lo);
  LG_TEST_CHECK(hi < 1.0 && hi == 1.0 - two_m53, "lg_u01(~0,~0) = %.17g, want 1 - 2^-53", hi);
  /* the 11 low bits of lo are dropped, every other bit counts */
  LG_TEST_CHECK(lg_u01(0, 0x7ffu) == lo, "low 11 bits of lo should be ignored");
  LG_TEST_CHECK(lg_u01(0, 0x800u) == two_m53, "bit 11 of lo is the 2^-53 bit");
  LG_TEST_CHECK(lg_u01(0x80000000u, 0) == 0.5, "top bit of hi is the 1/2 bit");
  LG_TEST_CHECK(lg_u01(0xffffffffu, 0xfffff800u) == hi, "all 53 bits set gives 1 - 2^-53");
  /* a sweep of extreme words stays strictly inside (0,1) */
  const uint32_t words[] = {0u,          1u,          0x7ffu,      0x800u,      0x7fffffffu,
                            0x80000000u, 0xfffff7ffu, 0xfffff800u, 0xfffffffeu, 0xffffffffu};
  const int nw = (int)(sizeof words / sizeof words[0]);
  for (int i = 0; i < nw; i++)
    for (int j = 0; j < nw; j++) {
      const double u = lg_u01(words[i], words[j]);
      LG_TEST_CHECK(u > 0.0 && u < 1.0, "lg_u01(%08x, %08x) = %.17g not in (0,1)",
                    (unsigned)words[i], (unsigned)words[j], u);
    }
}

/* Other seeds, samples, streams or indices give other numbers; equal arguments equal numbers. */
static void test_streams(void) {
  const double base = lg_rng_uniform(7, 42, LG_STREAM_PARAMS, 3);
  const double other[] = {
      lg_rng_uniform(8, 42, LG_STREAM_PARAMS, 3),
      lg_rng_uniform(7ull | (1ull << 32), 42, LG_STREAM_PARAMS, 3), /* seed high word */
      lg_rng_uniform(7, 43, LG_STREAM_PARAMS, 3),
      lg_rng_uniform(7, 42ull | (1ull << 32), LG_STREAM_PARAMS, 3), /* sample high word */
      lg_rng_uniform(7, 42, LG_STREAM_NOISE, 3),
      lg_rng_uniform(7, 42, LG_STREAM_SUBHALOS, 3),
      lg_rng_uniform(7, 42, LG_STREAM_SOURCE, 3),
      lg_rng_uniform(7, 42, LG_STREAM_POINT, 3),
      lg_rng_uniform(7, 42, LG_STREAM_PARAMS, 2), /* same block, other half */
      lg_rng_uniform(7, 42, LG_STREAM_PARAMS, 5), /* next block */
  };
  for (int i = 0; i < (int)(sizeof other / sizeof other[0]); i++)
    LG_TEST_CHECK(other[i] != base, "case %d gives the same deviate %.17g as the base case", i,
                  base);

  /* purity: a table filled forwards equals one filled backwards, interleaved with other calls */
  enum { N = 512 };
  static double fwd[N], bwd[N];
  for (int i = 0; i < N; i++)
    fwd[i] = lg_rng_uniform(99, (uint64_t)i, LG_STREAM_SUBHALOS, (uint32_t)(i % 7));
  for (int i = N - 1; i >= 0; i--) {
    (void)lg_rng_uniform(1, (uint64_t)(N - i), LG_STREAM_NOISE, 0);
    bwd[i] = lg_rng_uniform(99, (uint64_t)i, LG_STREAM_SUBHALOS, (uint32_t)(i % 7));
  }
  LG_TEST_CHECK(memcmp(fwd, bwd, sizeof fwd) == 0, "lg_rng_uniform depends on call order");
  int dup = 0;
  for (int i = 1; i < N; i++) dup += fwd[i] == fwd[i - 1];
  LG_TEST_CHECK(dup == 0, "%d neighbouring samples drew equal deviates", dup);
}

/* A coarse sanity check of the output distribution: mean, variance and 16-bin counts of 2^18
 * uniforms over consecutive samples (the sample index is what ranks split). */
static void test_uniformity(void) {
  enum { N = 1 << 18, BINS = 16 };
  long count[BINS] = {0};
  double sum = 0, sum2 = 0;
  for (uint32_t i = 0; i < N; i++) {
    const double u = lg_rng_uniform(2024, i, LG_STREAM_PARAMS, 0);
    sum += u;
    sum2 += (u - 0.5) * (u - 0.5);
    count[(int)(u * BINS)]++;
  }
  const double zmean = (sum / N - 0.5) / sqrt(1.0 / 12.0 / N);
  const double zvar = (sum2 / N - 1.0 / 12.0) / sqrt((1.0 / 80.0 - 1.0 / 144.0) / N);
  double chi2 = 0;
  for (int b = 0; b < BINS; b++) {
    const double want = (double)N / BINS;
    chi2 += (count[b] - want) * (count[b] - want) / want;
  }
  printf("uniformity: z(mean) = %.2f, z(var) = %.2f, chi2(15 dof) = %.1f\n", zmean, zvar, chi2);
  LG_TEST_CHECK(fabs(zmean) < 5 && fabs(zvar) < 5, "z(mean) = %g, z(var) = %g", zmean, zvar);
  LG_TEST_CHECK(chi2 < 44.3, "chi2 = %g over 15 dof (p < 1e-4)", chi2);
}

int main(void) {
  test_kat();
  test_layout();
  test_u01();
  test_streams();
  test_uniformity();
  return lg_test_report("test_philox");
}
