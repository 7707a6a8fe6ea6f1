/* The LG_HD qualifier: per-point physics written once, built by the C compiler and by nvcc.
 * Included by every physics and sampling header that a CUDA kernel also uses. */
#ifndef LG_HD_H
#define LG_HD_H

#if defined(__CUDACC__)
#define LG_HD __host__ __device__ static inline
#define LG_RESTRICT __restrict__
#else
#define LG_HD static inline
#define LG_RESTRICT restrict
#endif

#endif
