/* Point-spread functions: a kernel on the image pixel grid (Gaussian, Moffat, or read from a .npy
 * file) and its convolution with an image by FFTW, zero-padded so that nothing wraps around.
 * Built once per run (or whenever the kernel changes) by observe/observe.c and applied per sample.
 *
 * Kernel convention: odd side K, centre at (K-1)/2, stored [ky][kx] like the maps, sum 1 (flux is
 * conserved), holding the PSF sampled at the centres of the cells it is applied to (pitch: pixel / r).
 * observe/observe.c convolves at sub-pixel resolution: the image rendered on the S x S sub-pixels
 * (grid supersampling), convolved with the PSF sampled at pixel / S, then summed over each pixel's
 * sub-pixels, which converges to the exact pixel integral of (source (*) PSF) as S grows. A sampled
 * Gaussian keeps its second moment to 4e-5 at FWHM = 2 cells, 1e-2 at 1.5 and loses 38% at 1 cell:
 * choose S with FWHM >= 2 pixel / S (e.g. S >= 2 for JWST F115W at 0.031"/px, FWHM 1.3 px).
 * A .npy kernel is sampled at pixel / kernel_oversample (the PSF itself, not integrated over its
 * cells: an effective PSF already integrated over pixels adds a pixel-box blur of variance 1/12 px^2);
 * S must be a multiple of kernel_oversample (the image is binned to that pitch before convolving).
 * Kernel files: see lg_psf_kernel_load_npy. */
#ifndef LG_PSF_H
#define LG_PSF_H

#include "core/err.h"

#define LG_PSF_PATH_MAX 1024

typedef enum { LG_PSF_NONE = 0, LG_PSF_GAUSSIAN, LG_PSF_MOFFAT, LG_PSF_PIXEL, LG_PSF_KIND_COUNT } lg_psf_kind;

typedef struct {
  int kind;                          /* lg_psf_kind */
  double fwhm_arcsec;                /* GAUSSIAN, MOFFAT: full width at half maximum */
  double moffat_beta;                /* MOFFAT: power-law index, > 1 */
  double radius_fwhm;                /* GAUSSIAN, MOFFAT: kernel half-size in FWHM; <= 0: default
                                        (3 for a Gaussian: 7.1 sigma; 6 for a Moffat) */
  char kernel_path[LG_PSF_PATH_MAX]; /* PIXEL: the .npy file */
  int kernel_oversample;             /* PIXEL: kernel cells per pixel per axis (0 or 1: pixel scale) */
} lg_psf_spec;

/* A normalised kernel of odd side `size`, k[ky * size + kx]. */
typedef struct {
  int size;
  double *k;
} lg_psf_kernel;

/* "none", "gaussian", "moffat", "pixel" <-> lg_psf_kind (-1 if unknown). */
const char *lg_psf_kind_name(int kind);
int lg_psf_kind_find(const char *name);

/* Gaussian of FWHM fwhm (sigma = FWHM / (2 sqrt(2 ln 2))) and Moffat (1969, A&A 3, 455):
 * P(r) = (beta - 1)/(pi alpha^2) (1 + r^2/alpha^2)^-beta, alpha = FWHM / (2 sqrt(2^(1/beta) - 1))
 * (Trujillo et al. 2001, MNRAS 328, 977, eqs. 1-4), sampled at the centres of cells of side
 * pitch_arcsec out to radius_fwhm FWHM (side 2 ceil(radius / pitch) + 1) and normalised.
 * LG_ERR_RANGE for fwhm <= 0, pitch <= 0, beta <= 1, or a kernel side above 4097. */
lg_err lg_psf_kernel_gaussian(double fwhm_arcsec, double pitch_arcsec, double radius_fwhm, lg_psf_kernel *out);
lg_err lg_psf_kernel_moffat(double fwhm_arcsec, double beta, double pitch_arcsec, double radius_fwhm,
                            lg_psf_kernel *out);
/* Reads a NumPy .npy file (format 1.0, 2.0 or 3.0) holding a 2D float64 or float32 array, little-
 * endian, C or Fortran order, of odd equal sides, finite values with a positive sum; normalises it.
 * Anything else is LG_ERR_FILE with the path and what was found. */
lg_err lg_psf_kernel_load_npy(const char *path, lg_psf_kernel *out);
/* The kernel of spec for images of pixel scale pixel_arcsec rendered with `supersample` sub-pixels
 * per axis; *pitch_per_pixel (may be NULL) gets r, the kernel cells per pixel: supersample for the
 * analytic kinds, kernel_oversample for PIXEL (LG_ERR_OPTION unless it divides supersample), 1 for
 * NONE (the 1 x 1 identity kernel). */
lg_err lg_psf_kernel_make(const lg_psf_spec *spec, double pixel_arcsec, int supersample, lg_psf_kernel *out,
                          int *pitch_per_pixel);
/* Sums each f x f block of the (n f) x (n f) image fine into the n x n image coarse. */
void lg_psf_bin(const double *fine, int n, int f, double *coarse);
void lg_psf_kernel_free(lg_psf_kernel *k);

/* Convolution of npix x npix images (npix counts cells of the kernel's pitch) with a kernel by FFTW (double, r2c/c2r),
 * on a zero-padded N x N grid, N >= npix + K - 1 (the next size with prime factors 2, 3, 5, 7 only), so the linear
 * convolution never wraps around; the output is the npix x npix window centred like the input
 * (flux scattered beyond the field is lost, as on a detector). Plans are made once with
 * FFTW_ESTIMATE (the same algorithm, hence the same bits, on every rank) and reused for every image;
 * the kernel's transform is cached. A kernel wider than 2 npix - 1 is cropped to that (its outer
 * entries cannot connect two pixels of the image). A 1 x 1 kernel is a copy. Not thread-safe: one
 * object per rank (or per thread). */
typedef struct lg_psf_conv lg_psf_conv;

lg_err lg_psf_conv_create(int npix, const lg_psf_kernel *k, lg_psf_conv **out);
/* Replaces the kernel: same (cropped) size reuses the plans; another size makes new ones. */
lg_err lg_psf_conv_set_kernel(lg_psf_conv *c, const lg_psf_kernel *k);
/* out = in (*) kernel; in and out are npix^2, row-major; in == out is allowed. */
lg_err lg_psf_conv_apply(lg_psf_conv *c, const double *in, double *out);
/* The padded FFT side N (1 for the identity). */
int lg_psf_conv_fft_size(const lg_psf_conv *c);
void lg_psf_conv_destroy(lg_psf_conv *c);

#endif
