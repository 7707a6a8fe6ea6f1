/* Vector variants of libm for the CPU backend's pixel loops. glibc >= 2.35 ships libmvec with
 * SIMD versions of these functions (accurate to a few ulp); declaring them with the simd attribute
 * lets gcc vectorise `#pragma omp simd` loops that call them without -ffast-math, so IEEE
 * semantics are kept everywhere else. Include before the physics headers, in C host code only.
 * The results stay deterministic (the same code runs for a pixel whatever the rank count), but
 * can differ from scalar libm in the last bits: the CPU and CUDA backends already agree only to
 * float tolerance. */
#ifndef LG_VMATH_H
#define LG_VMATH_H

#include <math.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__) && \
    defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35)) && !defined(LG_NO_LIBMVEC)
#define LG_HAVE_LIBMVEC 1
#define LG_VEC __attribute__((simd("notinbranch")))
double atan(double) LG_VEC;
double atanh(double) LG_VEC;
double atan2(double, double) LG_VEC;
double acosh(double) LG_VEC;
double asinh(double) LG_VEC;
double exp(double) LG_VEC;
double expm1(double) LG_VEC;
double log(double) LG_VEC;
double log1p(double) LG_VEC;
double sin(double) LG_VEC;
double cos(double) LG_VEC;
double cbrt(double) LG_VEC;
#undef LG_VEC
#else
#define LG_HAVE_LIBMVEC 0
#endif

#endif
