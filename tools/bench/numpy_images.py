#!/usr/bin/python3
"""The plain NumPy/SciPy baseline for lensgen's image workload, and a checker of lensgen image files.

Generate mode (the baseline a user would write):
    numpy_images.py -n 4096 --out images.h5 [--npix 64 --fov 5.12 --supersample 2 --batch 16 --json]
    numpy_images.py --params-from lensgen.h5 --out images.h5      # render lensgen's systems instead
  SIE + external shear lens, elliptical Sersic source, observed with a Gaussian PSF and Poisson +
  Gaussian read noise (the hst_wfc3_f160w preset, or the instrument of --params-from's file):
  deflection on the (npix S)^2 sub-pixel grid, the source at beta = theta - alpha, the PSF applied
  at sub-pixel pitch by scipy.signal.fftconvolve (zero padding, mode "same"), S x S sums to pixels,
  numpy.random Poisson + normal noise, sky-subtracted; also obs_magnification, obs_flux_lensed and
  obs_snr as lensgen defines them. Computed in float64 and stored as float32 /image and
  /image_noiseless [N, npix, npix] (e-/s per pixel) with h5py, like lensgen. The stages (trace, psf,
  noise, write) are timed separately, wall and CPU; --json prints them as one JSON line.

Check mode (validates lensgen and this file against each other):
    numpy_images.py --check lensgen.h5 [--rtol 1e-6]
  reads /params, /grid and the instrument (root attribute config_key) of a lensgen SIE + shear +
  Sersic file with a Gaussian (or no) PSF, recomputes /image_noiseless and the obs_* fields and
  reports the largest differences (exit 1 above --rtol), and tests /image against the noise model:
  the residuals (image - noiseless) / sigma must have mean 0 and variance 1 (exit 1 when off by
  more than 6 standard errors).

Model as in src/observe (observe.c, render.h, psf.c, psf_kernel.c, noise.h, derived.c) and
src/observe/light.h: Sersic I = I_0 exp(-b_n (R^2/r_eff^2)^(1/2n)), R^2 = q x'^2 + y'^2/q,
P(2n, b_n) = 1/2 (scipy.special.gammaincinv), I_0 = e^(b_n) F / (r_eff^2 2 pi n e^(b_n) b_n^(-2n)
Gamma(2n)), F = 10^(-0.4 (mag - zp)); SIE and shear as src/physics/profiles/sie.h, shear.h.
Debian's /usr/bin/python3 with python3-numpy, python3-scipy and python3-h5py.
"""
import argparse
import json
import re
import sys
import time

import h5py
import numpy as np
from scipy import signal, special

R_MIN = 1e-9  # arcsec: lensgen raises smaller radii to this (physics/profiles/radial.h)
LENS_FIELDS = ("lens_sie_x", "lens_sie_y", "lens_sie_theta_e", "lens_sie_q", "lens_sie_phi",
               "lens_shear_gamma1", "lens_shear_gamma2")
SRC_FIELDS = ("src_sersic_x", "src_sersic_y", "src_sersic_mag", "src_sersic_r_eff", "src_sersic_n",
              "src_sersic_q", "src_sersic_phi")
OBS_FIELDS = ("obs_magnification", "obs_flux_lensed", "obs_snr")

# hst_wfc3_f160w (src/observe/presets.c): the default instrument of generate mode.
HST = {"psf": "gaussian", "fwhm": 0.151, "exposure": 5400.0, "n_exp": 1, "zp": 25.9463, "sky": 22.3,
       "read": 12.0, "gain": 2.5, "noise": "poisson", "subtract": 1, "normal_above": 1e4, "mu_s": None,
       "snr_k": 1.0}


def instrument_from(f):
    """The instrument of a lensgen file, from the obs_* lines of its config_key attribute."""
    key = f.attrs["config_key"]
    key = key.decode() if isinstance(key, bytes) else str(key)
    psf = re.search(r"^obs_psf = (\w+) fwhm (\S+) ", key, re.M)
    noise = re.search(r"^obs_noise = (\w+) exposure (\S+) x (\d+) zp (\S+) sky (\S+) read (\S+) gain (\S+) "
                      r"subtract (\d) normal (\S+)$", key, re.M)
    mu = re.search(r"^obs_mu_supersample = (\d+)$", key, re.M)
    snr = re.search(r"^obs_snr_k = (\S+)$", key, re.M)
    if not (psf and noise and mu and snr):
        return None
    return {"psf": psf[1], "fwhm": float(psf[2]), "noise": noise[1], "exposure": float(noise[2]),
            "n_exp": int(noise[3]), "zp": float(noise[4]), "sky": float(noise[5]), "read": float(noise[6]),
            "gain": float(noise[7]), "subtract": int(noise[8]), "normal_above": float(noise[9]),
            "mu_s": int(mu[1]), "snr_k": float(snr[1])}


def config_key(inst, mu_s):
    """The obs_* lines of a lensgen config_key (src/run/config_observe.c) for instrument inst."""
    i = inst
    return (f"obs_psf = {i['psf']} fwhm {i['fwhm']!r} beta 0 file '' oversample 1\n"
            f"obs_noise = {i['noise']} exposure {i['exposure']!r} x {i['n_exp']} zp {i['zp']!r} sky {i['sky']!r} "
            f"read {i['read']!r} gain {i['gain']!r} subtract {i['subtract']} normal {i['normal_above']!r}\n"
            f"obs_mu_supersample = {mu_s}\nobs_snr_k = {i['snr_k']!r}\n")


def draw_params(n, seed):
    """The quickstart lens priors (inputs/quickstart.opts) and lensgen's default Sersic source priors
    (src/observe/light.c), with NumPy's RNG: the same distributions, not lensgen's samples."""
    rng = np.random.default_rng(seed)

    def truncnormal(m, s, a, b):
        out = rng.normal(m, s, n)
        bad = (out < a) | (out > b)
        while bad.any():
            out[bad] = rng.normal(m, s, bad.sum())
            bad = (out < a) | (out > b)
        return out

    p = np.zeros(n, dtype=[(k, "<f8") for k in ("lens_z", "src_z") + LENS_FIELDS + SRC_FIELDS + OBS_FIELDS])
    p["lens_z"], p["src_z"] = rng.uniform(0.3, 0.7, n), rng.uniform(1.5, 3.0, n)
    p["lens_sie_x"], p["lens_sie_y"] = truncnormal(0, 0.1, -0.5, 0.5), truncnormal(0, 0.1, -0.5, 0.5)
    p["lens_sie_theta_e"], p["lens_sie_q"] = rng.uniform(0.8, 1.6, n), rng.uniform(0.5, 1.0, n)
    p["lens_sie_phi"] = rng.uniform(0.0, 180.0, n)
    p["lens_shear_gamma1"], p["lens_shear_gamma2"] = truncnormal(0, 0.05, -0.2, 0.2), truncnormal(0, 0.05, -0.2, 0.2)
    p["src_sersic_x"], p["src_sersic_y"] = rng.uniform(-0.2, 0.2, n), rng.uniform(-0.2, 0.2, n)
    p["src_sersic_mag"] = rng.uniform(21.0, 24.0, n)
    p["src_sersic_r_eff"] = np.exp(rng.uniform(np.log(0.1), np.log(0.6), n))
    p["src_sersic_n"], p["src_sersic_q"] = rng.uniform(0.5, 4.0, n), rng.uniform(0.5, 1.0, n)
    p["src_sersic_phi"] = rng.uniform(0.0, 180.0, n)
    return p


def col(p, field):
    """[B] -> [B, 1, 1], broadcasting against a [ny, nx] grid."""
    return np.asarray(p[field], dtype=np.float64)[:, None, None]


def deflection(p, x, y):
    """SIE (Keeton 2001 closed form, intermediate-axis normalisation) + external shear: alpha_x, alpha_y."""
    x0, y0, te, q = col(p, "lens_sie_x"), col(p, "lens_sie_y"), col(p, "lens_sie_theta_e"), col(p, "lens_sie_q")
    phi = np.deg2rad(col(p, "lens_sie_phi"))
    g1, g2 = col(p, "lens_shear_gamma1"), col(p, "lens_shear_gamma2")
    cs, sn = np.cos(phi), np.sin(phi)
    dx, dy = x - x0, y - y0
    tiny = np.hypot(dx, dy) < R_MIN  # the cusp's centre: lensgen's floor, direction along +x
    if tiny.any():
        dx, dy = np.where(tiny, R_MIN, dx), np.where(tiny, 0.0, dy)
    b = te * np.sqrt(q)
    e = np.maximum(np.sqrt((1.0 - q) * (1.0 + q)), 1e-12)  # q = 1 (SIS): atan(e u)/e -> u
    xp, yp = cs * dx + sn * dy, -sn * dx + cs * dy
    w = np.sqrt(q * q * xp * xp + yp * yp)
    axp = (b / e) * np.arctan(e * xp / w)  # Keeton 2001 (astro-ph/0102341), s = 0
    ayp = (b / e) * np.arctanh(e * yp / w)
    ax = cs * axp - sn * ayp + g1 * x + g2 * y
    ay = sn * axp + cs * ayp + g2 * x - g1 * y
    return ax, ay


def sersic_sb(p, zp, x, y):
    """Surface brightness (e-/s/arcsec^2) of the elliptical Sersic source at (x, y)."""
    n, reff, q = col(p, "src_sersic_n"), col(p, "src_sersic_r_eff"), col(p, "src_sersic_q")
    phi = np.deg2rad(col(p, "src_sersic_phi"))
    flux = 10.0 ** (-0.4 * (col(p, "src_sersic_mag") - zp))
    bn = special.gammaincinv(2.0 * n, 0.5)  # P(2n, b_n) = 1/2 (Ciotti & Bertin 1999)
    factor = 2.0 * np.pi * n * np.exp(bn - 2.0 * n * np.log(bn) + special.gammaln(2.0 * n))  # Graham & Driver 2005
    i0 = flux / (reff * reff * factor) * np.exp(bn)
    cs, sn = np.cos(phi), np.sin(phi)
    dx, dy = x - col(p, "src_sersic_x"), y - col(p, "src_sersic_y")
    xp, yp = cs * dx + sn * dy, -sn * dx + cs * dy
    r2 = (q * xp * xp + yp * yp / q) / (reff * reff)
    with np.errstate(divide="ignore"):
        return i0 * np.exp(-bn * r2 ** (0.5 / n))


def gaussian_kernel(fwhm, pitch):
    """lensgen's sampled Gaussian (observe/psf_kernel.c): radius 3 FWHM, cell centres, sum 1."""
    sigma = fwhm / (2.0 * np.sqrt(2.0 * np.log(2.0)))
    h = int(np.ceil(3.0 * fwhm / pitch - 1e-9))
    d = (np.arange(-h, h + 1) * pitch / sigma) ** 2
    k = np.exp(-0.5 * (d[None, :] + d[:, None]))
    return k / k.sum()


class Observer:
    """The per-run set-up: sub-pixel grid, PSF kernel, noise constants."""

    def __init__(self, inst, npix, fov, ss):
        self.inst, self.npix, self.ss = inst, npix, ss
        nf = npix * ss
        c = (np.arange(nf) - 0.5 * (nf - 1)) * (fov / nf)  # sub-pixel centres (lg_grid_coord)
        self.y, self.x = np.meshgrid(c, c, indexing="ij")
        self.area = (fov / nf) ** 2
        pixel = fov / npix
        if inst["psf"] == "gaussian":
            k = gaussian_kernel(inst["fwhm"], pixel / ss)
            m = 2 * nf - 1  # lensgen crops wider kernels to 2 n - 1 (their rims reach no pixel pair)
            if k.shape[0] > m:
                o = (k.shape[0] - m) // 2
                k = k[o:o + m, o:o + m]
            self.kernel = k[None]
        elif inst["psf"] == "none":
            self.kernel = None
        else:
            raise ValueError(f"PSF '{inst['psf']}': this baseline models gaussian or none only")
        self.t = inst["exposure"] * inst["n_exp"]
        self.sky = 10.0 ** (-0.4 * (inst["sky"] - inst["zp"])) * pixel * pixel  # e-/s per pixel
        self.read_var = inst["n_exp"] * (inst["read"] ** 2 + inst["gain"] ** 2 / 12.0)
        self.mu_s = ss if inst["mu_s"] is None else inst["mu_s"]
        if self.mu_s not in (0, ss):
            raise ValueError(f"obs_mu_supersample {self.mu_s} != grid supersample {ss}: this baseline needs them equal")

    def trace(self, p):
        """Lensed and (for the magnification) unlensed source flux per sub-pixel, [B, nf, nf]."""
        ax, ay = deflection(p, self.x, self.y)
        zp = self.inst["zp"]
        fine = sersic_sb(p, zp, self.x - ax, self.y - ay) * self.area  # lens equation beta = theta - alpha
        fl = fine.sum(axis=(1, 2))
        fu = sersic_sb(p, zp, self.x, self.y).sum(axis=(1, 2)) * self.area if self.mu_s else None
        return fine, fl, fu

    def psf(self, fine):
        """The PSF at sub-pixel pitch, then S x S sums: [B, npix, npix]."""
        if self.kernel is not None:
            fine = signal.fftconvolve(fine, self.kernel, mode="same", axes=(1, 2))
        b, n, s = fine.shape[0], self.npix, self.ss
        return fine.reshape(b, n, s, n, s).sum(axis=(2, 4))

    def sigma(self, clean):
        """Expected noise (e-/s) of pixels of noiseless flux clean (lg_noise_sigma)."""
        return np.sqrt((np.maximum(clean, 0.0) + self.sky) * self.t + self.read_var) / self.t

    def noise(self, clean, rng):
        """Poisson (source + sky) + Gaussian read and digitisation noise, sky-subtracted, e-/s."""
        if self.inst["noise"] == "none":
            return clean.copy()
        lam = (np.maximum(clean, 0.0) + self.sky) * self.t
        counts = rng.poisson(lam) + np.sqrt(self.read_var) * rng.standard_normal(clean.shape)
        if self.inst["subtract"]:
            counts -= self.sky * self.t
        return counts / self.t

    def snr(self, src):
        """Arc SNR of lg_observe_arc_snr: pixels with S > k sigma, sum S / sqrt(sum sigma^2)."""
        sig = self.sigma(src)
        arc = src > self.inst["snr_k"] * sig
        s = np.where(arc, src, 0.0).sum(axis=(1, 2))
        v = np.where(arc, sig * sig, 0.0).sum(axis=(1, 2))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(arc.any(axis=(1, 2)), s / np.sqrt(v), 0.0)


def read_lensgen(path):
    """/params, grid (npix, fov, S) and instrument of a lensgen SIE + shear + Sersic image file, or an error."""
    with h5py.File(path, "r") as f:
        params = f["params"][...]
        names = params.dtype.names
        missing = [k for k in LENS_FIELDS + SRC_FIELDS if k not in names]
        other = [k for k in names if (k.startswith("lens_") and k != "lens_z" and k not in LENS_FIELDS)
                 or (k.startswith(("src_", "lenslight_")) and k != "src_z" and k not in SRC_FIELDS)]
        if missing or other:
            return None, f"{path}: not an SIE + shear lens with one Sersic source and no lens light " \
                         f"(missing: {', '.join(missing) or '-'}; other: {', '.join(other) or '-'})"
        inst = instrument_from(f)
        if inst is None:
            return None, f"{path}: no obs_* settings in the config_key attribute (not an image file?)"
        key = f.attrs["config_key"]
        units = re.search(r"^obs_units = (\S+)$", key.decode() if isinstance(key, bytes) else str(key), re.M)
        if units and units[1] != "e-/s":
            return None, f"{path}: images in {units[1]}: only e-/s (the default -obs_units) is implemented here"
        if inst["psf"] not in ("gaussian", "none"):
            return None, f"{path}: PSF {inst['psf']}: only gaussian and none are implemented here"
        g = f["grid"].attrs
        grid = (int(g["npix"]), float(g["fov"]), int(g.get("supersample", 1)))
        done = f["done"][...].astype(bool) if "done" in f else np.ones(len(params), bool)
    return (params, grid, inst, done), None


def generate(args):
    t_start, c_start = time.perf_counter(), time.process_time()
    if args.params_from:
        got, err = read_lensgen(args.params_from)
        if err:
            print(err, file=sys.stderr)
            return 2
        params, (npix, fov, ss), inst, _ = got
        params = params[:args.n] if args.n else params
    else:
        params, npix, fov, ss, inst = draw_params(args.n, args.seed), args.npix, args.fov, args.supersample, HST
    n = len(params)
    obs = Observer(inst, npix, fov, ss)
    rng = np.random.default_rng(args.seed)
    wall = dict.fromkeys(("trace", "psf", "noise", "write"), 0.0)
    cpu = dict(wall)
    clock = lambda: (time.perf_counter(), time.process_time())  # noqa: E731

    def lap(stage, t0):
        t1 = clock()
        wall[stage] += t1[0] - t0[0]
        cpu[stage] += t1[1] - t0[1]
        return t1

    t_setup = time.perf_counter() - t_start
    t = clock()
    with h5py.File(args.out, "w") as f:
        img = f.create_dataset("image", (n, npix, npix), dtype="<f4")
        clean_ds = f.create_dataset("image_noiseless", (n, npix, npix), dtype="<f4")
        g = f.create_group("grid")
        g.attrs["npix"], g.attrs["fov"], g.attrs["supersample"] = npix, fov, ss
        f.attrs["config_key"] = config_key(inst, obs.mu_s)  # so that --check reads this file too
        t = lap("write", t)
        for lo in range(0, n, args.batch):
            p = params[lo:lo + args.batch]
            fine, fl, fu = obs.trace(p)
            if fu is not None:
                p["obs_magnification"] = np.where(fu > 0.0, fl / np.where(fu > 0.0, fu, 1.0), 0.0)
                p["obs_flux_lensed"] = fl
            t = lap("trace", t)
            clean = obs.psf(fine)
            t = lap("psf", t)
            noisy = obs.noise(clean, rng)
            p["obs_snr"] = obs.snr(clean)
            t = lap("noise", t)
            img[lo:lo + len(p)] = noisy.astype(np.float32)
            clean_ds[lo:lo + len(p)] = clean.astype(np.float32)
            t = lap("write", t)
        f.create_dataset("params", data=params)
    lap("write", t)  # closing flushes HDF5's buffers to the OS
    total = sum(wall.values())
    res = {"n": n, "npix": npix, "supersample": ss, "batch": args.batch, "psf": inst["psf"],
           **{k + "_s": v for k, v in wall.items()}, **{k + "_cpu_s": v for k, v in cpu.items()},
           "compute_s": total - wall["write"], "total_s": total, "cpu_s": sum(cpu.values()),
           "images_per_s": n / total, "setup_s": t_setup, "process_cpu_s": time.process_time() - c_start}
    if args.json:
        print(json.dumps(res))
    else:
        print(f"numpy_images: {n} images of {npix}x{npix} (S = {ss}), batch {args.batch}: "
              + ", ".join(f"{k} {wall[k]:.3f} s" for k in wall)
              + f"; total {total:.3f} s, {res['images_per_s']:.1f} images/s (CPU {res['cpu_s']:.3f} s)")
    return 0


def check(args):
    """Recompute a lensgen file's noiseless images and obs_* fields from /params; test its noise."""
    got, err = read_lensgen(args.check)
    if err:
        print(err, file=sys.stderr)
        return 2
    params, (npix, fov, ss), inst, done = got
    if not done.all():
        print(f"{args.check}: warning: /done is not all set; only written samples are compared", file=sys.stderr)
    obs = Observer(inst, npix, fov, ss)
    with h5py.File(args.check, "r") as f:
        has_clean, has_img = "image_noiseless" in f, "image" in f
        worst = {"image_noiseless": 0.0, "image_noiseless abs": 0.0}
        worst.update(dict.fromkeys(OBS_FIELDS, 0.0))
        z_sum = z2_sum = 0.0
        z_n = 0
        for lo in range(0, len(params), args.batch):
            p = params[lo:lo + args.batch].copy()
            ok = done[lo:lo + len(p)]
            fine, fl, fu = obs.trace(p)
            clean = obs.psf(fine)
            ref = {"obs_flux_lensed": fl, "obs_snr": obs.snr(clean)}
            if fu is not None:
                ref["obs_magnification"] = np.where(fu > 0.0, fl / np.where(fu > 0.0, fu, 1.0), 0.0)
            for k, v in ref.items():
                d = np.abs(p[k] - v) / np.maximum(np.abs(v), 1e-300)
                worst[k] = max(worst[k], float(np.max(np.where(ok, d, 0.0))))
            stored = f["image_noiseless"][lo:lo + len(p)].astype(np.float64) if has_clean else None
            if has_clean:
                # float32 storage: relative to max(|v|, 1e-3 max|v| of the image), as numpy_maps.py --check
                scale = np.max(np.abs(clean), axis=(1, 2), keepdims=True)
                d = np.abs(stored - clean)
                rel = d / np.maximum(np.abs(clean), 1e-3 * scale)
                worst["image_noiseless"] = max(worst["image_noiseless"], float(np.max(rel[ok])))
                worst["image_noiseless abs"] = max(worst["image_noiseless abs"], float(np.max(d[ok])))
            if has_img and inst["noise"] == "poisson":
                z = (f["image"][lo:lo + len(p)].astype(np.float64) - clean) / obs.sigma(clean)
                z = z[ok]
                z_sum, z2_sum, z_n = z_sum + z.sum(), z2_sum + (z * z).sum(), z_n + z.size
    print(f"check {args.check}: {len(params)} samples, {npix}x{npix}, fov {fov} arcsec, S = {ss}, "
          f"PSF {inst['psf']} FWHM {inst['fwhm']} arcsec, noise {inst['noise']}")
    ok = True
    print(f"  {'quantity':<22}{'max rel diff':>14}")
    rows = (["image_noiseless"] if has_clean else []) + [k for k in OBS_FIELDS if k in params.dtype.names]
    for k in rows:
        bad = not worst[k] <= args.rtol  # NaN fails too
        ok &= not bad
        extra = f"   (max abs {worst['image_noiseless abs']:.3e} e-/s)" if k == "image_noiseless" else ""
        print(f"  {k:<22}{worst[k]:>14.3e}{extra}{'   FAIL' if bad else ''}")
    print(f"  image_noiseless: |lensgen - numpy| / max(|numpy|, 1e-3 max|numpy| of the image); obs_*: relative; "
          f"float32 rounding {np.finfo(np.float32).eps / 2:.1e}")
    if z_n:
        mean, var = z_sum / z_n, z2_sum / z_n - (z_sum / z_n) ** 2
        # standard errors of the mean and variance of N(0, 1) draws: 1/sqrt(n), sqrt(2/n)
        zm, zv = mean * np.sqrt(z_n), (var - 1.0) / np.sqrt(2.0 / z_n)
        noise_ok = abs(zm) < 6 and abs(zv) < 6
        ok &= noise_ok
        print(f"  noise: (image - noiseless) / sigma over {z_n} pixels: mean {mean:+.5f} ({zm:+.1f} s.e.), "
              f"variance {var:.5f} ({zv:+.1f} s.e.){'' if noise_ok else '   FAIL'}")
    print(f"  {'PASS' if ok else 'FAIL'}: noiseless image and obs_* within rtol {args.rtol:g}"
          + (", noise residuals N(0, 1) within 6 s.e." if z_n else ""))
    return 0 if ok else 1


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=None, help="images (default 256; with --params-from: all of its samples)")
    ap.add_argument("--npix", type=int, default=64, help="pixels per side (default 64)")
    ap.add_argument("--fov", type=float, default=5.12, help="field of view, arcsec (default 5.12 = 64 x 0.08)")
    ap.add_argument("--supersample", type=int, default=2, help="sub-pixels per pixel and axis (default 2)")
    ap.add_argument("--batch", type=int, default=16, help="images per vectorized step and per write (default 16)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--params-from", metavar="FILE", help="render the /params (and grid, instrument) of a lensgen file")
    ap.add_argument("--out", default="numpy_images.h5", help="HDF5 file written (replaced)")
    ap.add_argument("--json", action="store_true", help="print the timings as one JSON line")
    ap.add_argument("--check", metavar="FILE", help="recompute a lensgen file's images from /params and compare")
    ap.add_argument("--rtol", type=float, default=1e-6, help="--check: largest rel diff allowed (default 1e-6)")
    args = ap.parse_args(argv[1:])
    if args.n is None and not args.params_from:
        args.n = 256
    if (args.n is not None and args.n < 1) or args.npix < 2 or args.batch < 1 or args.supersample < 1:
        ap.error("-n, --batch and --supersample must be >= 1, --npix >= 2")
    return check(args) if args.check else generate(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
