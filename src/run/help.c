/* lensgen -help: every option with its default, unit and meaning, the lens components with their
 * parameters, the prior grammar and the products. */
#include "run/help.h"

#include <stdio.h>
#include <string.h>

#include "backends/products.h"
#include "observe/light_info.h"
#include "observe/presets.h"
#include "physics/profiles.h"

static const lg_option_info lg_option_table[] = {
    {"-data_n", "INT", "256", "samples", "number of samples in the data set"},
    {"-data_seed", "INT", "1", "", "seed of the counter-based RNG: (seed, sample) fixes every draw"},
    {"-data_output", "FILE", "lensgen.h5", "", "the HDF5 file written (one file shared by all ranks)"},
    {"-data_products", "LIST", "kappa,alpha,psi,gamma,magnification", "", "comma list of maps to store (see Products)"},
    {"-data_overwrite", "BOOL", "false", "", "replace an existing -data_output (otherwise it is an error)"},
    {"-data_resume", "BOOL", "false", "", "complete a killed run: regenerate exactly the samples not marked done"},
    {"-data_compress", "INT", "0", "level", "0: no compression; 1..9: shuffle + deflate at that level"},
    {"-data_preview", "FILE", "<output>.png", "", "PNG grid of the first samples' maps; 'none' for no preview"},
    {"-data_preview_n", "INT", "8", "samples", "how many samples the preview shows (1..64)"},
    {"-grid_npix", "INT", "64", "pixels", "pixels per side of the square maps (2..8192)"},
    {"-grid_fov", "REAL", "6.4", "arcsec", "field of view per side"},
    {"-grid_supersample", "INT", "1", "", "S: average S x S sub-pixels per pixel (1: point-sampled at centres)"},
    {"-cosmo_h0", "REAL", "70", "km/s/Mpc", "Hubble constant"},
    {"-cosmo_om0", "REAL", "0.3", "", "matter density today"},
    {"-cosmo_ode0", "REAL", "1 - om0", "", "dark-energy density today (default: flat)"},
    {"-lens_components", "LIST", "sie,shear", "", "main deflector: comma list of instances (a kind, optionally + digits)"},
    {"-lens_z", "PRIOR", "0.5", "", "lens redshift"},
    {"-src_z", "PRIOR", "2", "", "source redshift (must stay above -lens_z)"},
    {"-lens_<instance>_<param>", "PRIOR", "per kind", "", "a component parameter (see Lens components)"},
    {"-lens_kmap_file", "FILE", "", "", "kmap's convergence map: FILE.npy (2-D float64/32, C order) or FILE.h5:/DATASET"},
    {"-lens_kmap_pixel", "REAL", "fov / npix", "arcsec", "pixel side of the kmap map (default: the output grid's)"},
    {"-src_components", "LIST", "sersic", "", "source light (image products only): instances of light kinds"},
    {"-src_<instance>_<param>", "PRIOR", "per kind", "", "a source parameter (see Light components)"},
    {"-src_<instance>_file", "FILE", "", "", "pixel light: image FILE.npy or FILE.h5:/DATASET, [ny, nx] or a stack [K, ny, nx]"},
    {"-src_<instance>_pixel", "REAL", "", "arcsec", "pixel light: side of one source pixel (required)"},
    {"-src_<instance>_interp", "NAME", "bicubic", "", "pixel light: bicubic (Keys, a = -1/2) | bilinear; also -lenslight_<instance>_*"},
    {"-lenslight_components", "LIST", "none", "", "deflector light added unlensed (image products only)"},
    {"-lenslight_<instance>_<param>", "PRIOR", "per kind", "", "a lens-light parameter (see Light components)"},
    {"-obs_preset", "NAME", "hst_wfc3_f160w", "", "instrument (see Instrument presets); every value below overrides it"},
    {"-obs_psf", "KIND", "preset", "", "none|gaussian|moffat|pixel"},
    {"-obs_psf_fwhm", "REAL", "preset", "arcsec", "PSF full width at half maximum (gaussian, moffat)"},
    {"-obs_psf_beta", "REAL", "4.765", "", "Moffat index (4.765: Kolmogorov turbulence)"},
    {"-obs_psf_file", "FILE", "", "", "PSF kernel .npy (2D, odd side, float64/float32) for -obs_psf pixel"},
    {"-obs_psf_oversample", "INT", "1", "", "kernel cells per pixel per axis of -obs_psf_file (must divide S)"},
    {"-obs_noise", "MODE", "preset", "", "none | poisson (Poisson source+sky, Gaussian read and digitisation)"},
    {"-obs_exposure", "REAL", "preset", "s", "exposure time of one exposure"},
    {"-obs_n_exposures", "INT", "preset", "", "exposures combined"},
    {"-obs_zeropoint", "REAL", "preset", "AB mag", "magnitude of a source giving 1 e-/s"},
    {"-obs_sky", "REAL", "preset", "mag/arcsec^2", "sky surface brightness"},
    {"-obs_read_noise", "REAL", "preset", "e-", "read noise per pixel and exposure (rms)"},
    {"-obs_gain", "REAL", "preset", "e-/ADU", "gain (adds digitisation noise gain^2/12)"},
    {"-obs_sky_subtract", "BOOL", "true", "", "subtract the mean sky from the noisy image"},
    {"-obs_mu_supersample", "INT", "S", "", "sub-pixels per axis for the source magnification in /params (0: off)"},
    {"-obs_snr_k", "REAL", "1", "sigma", "arc pixels for obs_snr: lensed source above k noise sigmas"},
    {"-obs_units", "e-/s|counts|adu", "e-/s", "", "stored images: e-/s per pixel, counts = e- in exposure x n_exposures, adu = counts / gain"},
    {"-ps_images", "BOOL", "false", "", "a point source per sample: /point_images, /point_images_count"},
    {"-ps_multiplicity", "none|any|2|4", "any", "", "place the source where it has 2 or 4 bright images (any: >= 2); none: -ps_x/-ps_y"},
    {"-ps_x", "PRIOR", "0", "arcsec", "source x when -ps_multiplicity none"},
    {"-ps_y", "PRIOR", "0", "arcsec", "source y when -ps_multiplicity none"},
    {"-ps_max_images", "INT", "8", "", "rows of /point_images per sample"},
    {"-ps_max_tries", "INT", "1000", "", "placement attempts per sample before it is recorded as not placed"},
    {"-ps_curves", "INT", "4", "", "critical curves (and caustics) stored per sample in /critical_curves (0: none)"},
    {"-ps_curve_points", "INT", "64", "", "points per stored curve (resampled by arc length)"},
    {"-run_backend", "auto|cpu|cuda", "auto", "", "auto: CUDA if a GPU is usable, else the CPU (said so)"},
    {"-run_batch", "INT", "64", "samples", "samples per rank per collective write (bounds memory)"},
    {"-run_progress", "REAL", "2", "s", "seconds between progress lines on rank 0 (0: every batch)"},
    {"-run_profile_json", "FILE", "", "", "also write the per-rank phase timings and run figures as JSON"},
    {"-run_fault_inject", "SPEC", "", "", "tests only: kill|fail:MOMENT[:K][@RANK] (SIGKILL or fail one rank at a moment; see README)"},
};

const char *lg_option_default(const char *name) {
  for (size_t i = 0; i < sizeof lg_option_table / sizeof lg_option_table[0]; i++)
    if (!strcmp(lg_option_table[i].name, name)) return lg_option_table[i].def;
  return "";
}

/* One kind's parameters: name, unit, allowed range, default prior, meaning. */
static void lg_help_params(FILE *f, const lg_param_info *param, int n) {
  for (int j = 0; j < n; j++) {
    const lg_param_info *q = &param[j];
    char range[64];
    snprintf(range, sizeof range, "[%g, %g]", q->lo, q->hi);
    fprintf(f, "      %-8s %-7s %-15s default %-22s %s\n", q->name, q->unit[0] ? q->unit : "-", range,
            q->default_prior, q->help);
  }
}

void lg_help_print(FILE *f) {
  fprintf(f, "lensgen: gravitational-lensing data sets for machine learning, written into one HDF5 file.\n"
             "Usage: mpirun -n RANKS lensgen [-options_file FILE] [-option value ...]\n\n"
             "Options (PETSc options database: command line or -options_file; an unknown option is an error):\n");
  const char *group = "";
  for (size_t i = 0; i < sizeof lg_option_table / sizeof lg_option_table[0]; i++) {
    const lg_option_info *o = &lg_option_table[i];
    const char *us = strchr(o->name + 1, '_');
    if (strncmp(group, o->name, (size_t)(us - o->name)) != 0) fprintf(f, "\n");
    group = o->name;
    fprintf(f, "  %-26s %-14s default %-14s %-9s %s\n", o->name, o->form, o->def[0] ? o->def : "-", o->unit, o->help);
  }
  fprintf(f, "\nLens components (-lens_components kinds; parameters -lens_<instance>_<param> PRIOR):\n");
  for (int k = 0; k < LG_PROFILE_COUNT; k++) {
    const lg_profile_info *p = lg_profile_get(k);
    fprintf(f, "  %-10s %s\n", p->name, p->help);
    lg_help_params(f, p->param, p->n_params);
  }
  fprintf(f, "\nLight components (-src_components, -lenslight_components; -src_<instance>_<param> PRIOR):\n");
  for (int k = 0; k < LG_LIGHT_COUNT; k++) {
    const lg_light_info *p = lg_light_get(k);
    fprintf(f, "  %-10s %s\n", p->name, p->help);
    lg_help_params(f, p->param, p->n_params);
  }
  fprintf(f, "\nInstrument presets (-obs_preset; values and sources in src/observe/presets.c):\n");
  for (int i = 0; i < lg_instrument_preset_count(); i++) {
    lg_instrument in;
    if (lg_instrument_preset(lg_instrument_preset_name(i), &in) != LG_OK) continue;
    fprintf(f, "  %-16s pixel %.3g\", PSF %s %.3g\", %d x %g s, zp %.4g, sky %.4g mag/arcsec^2, read %g e-\n",
            in.name, in.pixel_arcsec, lg_psf_kind_name(in.psf.kind), in.psf.fwhm_arcsec, in.n_exposures,
            in.exposure_s, in.zero_point_mag, in.sky_mag_arcsec2, in.read_noise_e);
  }
  fprintf(f, "\nPriors (any PRIOR above):\n"
             "  VALUE                 a constant, e.g. 1.2 or 1e12\n"
             "  uniform:a,b           uniform on [a, b]\n"
             "  loguniform:a,b        uniform in log on [a, b], 0 < a < b\n"
             "  normal:mean,sigma     Gaussian\n"
             "  truncnormal:m,s,a,b   Gaussian truncated to [a, b]\n"
             "  choice:v1,v2,...      one of the values, equally likely\n"
             "  Each drawn parameter is stored in /params as <group>_<instance>_<param>, e.g. lens_sie_theta_e.\n");
  fprintf(f, "\nProducts (-data_products):\n");
  for (int p = 0; p < LG_PRODUCT_COUNT; p++) {
    const lg_product_info *q = lg_product_get(p);
    fprintf(f, "  %-14s float32 [N%s, npix, npix]%s %-14s %s\n", q->name, q->planes == 2 ? ", 2" : "",
            q->planes == 2 ? "" : "   ", q->units, q->help);
  }
  fprintf(f, "\nExit codes: 0 done; 1 run-time failure; 2 bad option or value; 3 file problem (exists, missing,\n"
             "  made with other options); 4 stopped by SIGTERM/SIGINT/SIGUSR1 after a whole batch (resume with\n"
             "  -data_resume). Finished samples are never lost: /done marks follow the flushed data.\n");
  fprintf(f, "\nExample: mpirun -n 2 lensgen -options_file inputs/quickstart.opts\n");
}
