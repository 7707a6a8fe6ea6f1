/* The lensgen random-stream convention on top of Philox4x32-10: every random number of a data set
 * is addressed by (seed, sample, stream, index), never by a generator state. The scenario (prior
 * draws) and the backends (noise, subhalos, sources, point images) call these, on the CPU and in
 * kernels.
 *
 * Convention (fixed: changing it changes every data set ever generated):
 *   key     = (seed & 0xffffffff, seed >> 32)
 *   counter = (sample & 0xffffffff, sample >> 32, stream, block)
 *   block   = one Philox4x32-10 call, 4 words = two 53-bit uniforms:
 *             uniform 2k   = lg_u01(word 0, word 1) of block k,
 *             uniform 2k+1 = lg_u01(word 2, word 3) of block k.
 * Because a number depends only on these four integers, a sample's draws are the same whichever
 * rank, batch, thread or GPU block computes it: data sets are identical for any number of MPI
 * ranks. Streams separate the uses of randomness so that, e.g., adding noise never shifts prior
 * draws. */
#ifndef LG_RNG_H
#define LG_RNG_H

#include <stdint.h>

#include "core/hd.h"
#include "sampling/philox.h"

/* Stream ids (the third counter word). New uses get new ids; existing ids never change meaning. */
typedef enum {
  LG_STREAM_PARAMS = 0,   /* prior draws of the scenario parameters */
  LG_STREAM_NOISE = 1,    /* pixel noise of observed images */
  LG_STREAM_SUBHALOS = 2, /* substructure populations */
  LG_STREAM_SOURCE = 3,   /* source-light realisations */
  LG_STREAM_POINT = 4     /* point-source (quasar) positions and their images */
} lg_rng_stream;

/* The four Philox words of block `counter` of (seed, sample, stream). */
LG_HD void lg_rng_block(uint64_t seed, uint64_t sample, uint32_t stream, uint32_t counter,
                        uint32_t out[4]) {
  uint32_t key[2];
  uint32_t ctr[4];
  key[0] = (uint32_t)(seed & 0xffffffffu);
  key[1] = (uint32_t)(seed >> 32);
  ctr[0] = (uint32_t)(sample & 0xffffffffu);
  ctr[1] = (uint32_t)(sample >> 32);
  ctr[2] = stream;
  ctr[3] = counter;
  lg_philox4x32_10(ctr, key, out);
}

/* The index-th uniform deviate in (0,1) of (seed, sample, stream): block index/2, words (0,1) for
 * an even index and (2,3) for an odd one: 2^32 uniforms per stream, in blocks 0 .. 2^31 - 1.
 * Callers needing both uniforms of a block may call lg_rng_block once and lg_u01 twice instead. */
LG_HD double lg_rng_uniform(uint64_t seed, uint64_t sample, uint32_t stream, uint32_t index) {
  uint32_t w[4];
  lg_rng_block(seed, sample, stream, index >> 1, w);
  return (index & 1u) ? lg_u01(w[2], w[3]) : lg_u01(w[0], w[1]);
}

#endif
