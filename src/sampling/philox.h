/* Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC'11 (doi:10.1145/2063384.2063405), and the 53-bit open-interval
 * double built from its words. Header only (LG_HD): the CPU backend and CUDA kernels share it. */
#ifndef LG_PHILOX_H
#define LG_PHILOX_H

#include <stdint.h>

#include "core/hd.h"

/* Round multipliers and key-schedule (Weyl) increments of Philox4x32, as published in Salmon et al.
 * 2011 and shipped in Random123's philox.h (PHILOX_M4x32_0/1, PHILOX_W32_0/1): M0, M1 from the
 * authors' search for good avalanche; W0 = first 32 bits of the golden ratio's fraction, W1 = first
 * 32 bits of sqrt(3) - 1. */
#define LG_PHILOX_M0 0xD2511F53u
#define LG_PHILOX_M1 0xCD9E8D57u
#define LG_PHILOX_W0 0x9E3779B9u
#define LG_PHILOX_W1 0xBB67AE85u
#define LG_PHILOX_ROUNDS 10

/* One Philox4x32 round on x[4] with round key (k0, k1): the two 32x32 -> 64 products are done in
 * 64-bit arithmetic (portable C, no intrinsics; nvcc maps them to mul.hi/mul.lo anyway). */
LG_HD void lg_philox4x32_round(uint32_t x[4], uint32_t k0, uint32_t k1) {
  const uint64_t p0 = (uint64_t)LG_PHILOX_M0 * (uint64_t)x[0];
  const uint64_t p1 = (uint64_t)LG_PHILOX_M1 * (uint64_t)x[2];
  const uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
  const uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
  /* the Philox S-box of Salmon et al. 2011 (high product XOR neighbour XOR round key, low product
   * kept), with the 4-word permutation of Random123's philox4x32round */
  const uint32_t y0 = hi1 ^ x[1] ^ k0;
  const uint32_t y2 = hi0 ^ x[3] ^ k1;
  x[0] = y0;
  x[1] = lo1;
  x[2] = y2;
  x[3] = lo0;
}

/* Philox4x32-10: out = the 10-round bijection of ctr under key. Round r (0-based) uses the key
 * (key0 + r W0, key1 + r W1) mod 2^32. Checked against Random123's kat_vectors (tests/sampling). */
LG_HD void lg_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
  uint32_t k0 = key[0], k1 = key[1];
  out[0] = ctr[0];
  out[1] = ctr[1];
  out[2] = ctr[2];
  out[3] = ctr[3];
  for (int r = 0; r < LG_PHILOX_ROUNDS; r++) {
    lg_philox4x32_round(out, k0, k1);
    k0 += LG_PHILOX_W0;
    k1 += LG_PHILOX_W1;
  }
}

/* A double in the open interval (0,1) from 53 random bits: all 32 bits of hi and the top 21 of
 * lo form n in [0, 2^53) and u = n 2^-53, an exact double on the 2^-53 grid. n = 0 maps to 2^-54
 * (the centre of the lowest cell) so u is never 0; the largest value is 1 - 2^-53, never 1.
 * Hence u lies in [2^-54, 1 - 2^-53] and |Phi^-1(u)| < 8.3 for every deviate. */
LG_HD double lg_u01(uint32_t hi, uint32_t lo) {
  const uint64_t n = ((uint64_t)hi << 21) | (uint64_t)(lo >> 11);
  const double two_m53 = 1.1102230246251565404e-16; /* 2^-53 */
  return n != 0 ? (double)n * two_m53 : 0.5 * two_m53;
}

#endif
