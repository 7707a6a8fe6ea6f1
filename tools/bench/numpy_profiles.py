#!/usr/bin/python3
"""Plain vectorized NumPy versions of lensgen's profile formulas: the per-profile speed baseline.

Benchmark mode (timed, the baseline a user would start from):
    numpy_profiles.py --dump DIR [--kinds sie,nfw,...] [--reps 5] [--warmup 1] [--batch 16] [--json]
  reads the lenses bench_profiles wrote with --dump DIR (DIR/<kind>.params.npy: the components'
  parameters in lensing units, [N, 8], as physics/profiles.c prepares them; DIR/<kind>.meta.json: the
  grid), evaluates psi, alpha, the Hessian and from it kappa, alpha, psi, gamma and the signed
  magnification in float64 over the npix x npix pixel centres, vectorized over the pixels and a batch
  of samples, stores them into preallocated float32 arrays in lensgen's layout ([N, npix, npix] and
  [N, 2, npix, npix]) and prints the median pixel evaluations per second over the repeats, per wall
  second and per second of the thread's CPU time.

Check mode (the formulas are the same):
    numpy_profiles.py --dump DIR --check [--rtol 1e-6]
  recomputes the first samples bench_profiles rendered (DIR/<kind>.<product>.npy, float32) and prints
  the largest differences per product; exits 1 when one exceeds rtol.

Formulas as in src/physics/profiles/*.h (each function names its header): the same closed forms, the
same cancellation-free rewrites and the same series near u = 1, branches taken per pixel with boolean
masks (the way lenstronomy writes them). epl sums the Tessore & Metcalf hypergeometric series by the
same recurrence to lensgen's term count, which depends on q alone (epl.h). enfw and ehernquist (Oguri 2021 CSE sums)
are implemented too; einasto and sersic (quadratures with the incomplete gamma function) are not.
Debian's /usr/bin/python3 with python3-numpy; no numba, no threads.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

R_MIN = 1e-9  # arcsec: lensgen raises smaller radii to this (radial.h)
LN2 = np.log(2.0)
PI = np.pi
PRODUCTS = ("kappa", "alpha", "psi", "gamma", "magnification")
PLANES = {"kappa": 1, "alpha": 2, "psi": 1, "gamma": 2, "magnification": 1}


def grid_coords(npix, fov):
    """Pixel centres (i - (npix-1)/2) * fov/npix, arcsec (backends/backend.h lg_grid_coord)."""
    return (np.arange(npix) - 0.5 * (npix - 1)) * (fov / npix)


# ---- shared steps (radial.h) ---------------------------------------------------------------------

def radius(dx, dy):
    """max(|(dx, dy)|, R_MIN); at the floor the direction is +x (lg_radius)."""
    r = np.sqrt(dx * dx + dy * dy)
    tiny = r < R_MIN
    if tiny.any():
        dx, dy, r = np.where(tiny, R_MIN, dx), np.where(tiny, 0.0, dy), np.where(tiny, R_MIN, r)
    return dx, dy, r


def radial_add(dx, dy, r, psi, alpha, kappa):
    """psi, alpha, Hessian of a circular lens from psi(r), alpha(r), kappa(r) (lg_radial_add)."""
    inv_r = 1.0 / r
    c, s = dx * inv_r, dy * inv_r
    gt = alpha * inv_r - kappa
    g1, g2 = -gt * (c * c - s * s), -gt * 2.0 * c * s
    return psi, alpha * c, alpha * s, kappa + g1, g2, kappa - g1


def masked(cond, fn_true, fn_false, *args):
    """Tuple of arrays of cond's shape: fn_true(*args[cond]) where cond holds, fn_false elsewhere."""
    args = [np.broadcast_to(a, cond.shape) for a in args]
    out = None
    for m, fn in ((cond, fn_true), (~cond, fn_false)):
        if not m.any():
            continue
        res = fn(*[a[m] for a in args])
        if out is None:
            out = tuple(np.empty(cond.shape) for _ in res)
        for o, v in zip(out, res):
            o[m] = v
    return out


# ---- NFW family (nfw.h, nfw_family.h) ------------------------------------------------------------

def nfw_series(v):
    """sum_k v^k / (2k + 1) and sum_k v^k / (2k + 3), k < 9, for |v| < 0.02."""
    f, k, vk = np.zeros_like(v), np.zeros_like(v), np.ones_like(v)
    for n in range(9):
        f += vk * (1.0 / (2.0 * n + 1.0))
        k += vk * (1.0 / (2.0 * n + 3.0))
        vk = vk * v
    return f, k


def _nfw_lo(u, need_h=True):
    # three logarithms, as lg_nfw_functions_c: ln u, log1p(s), log1p(-w)
    v = (1.0 - u) * (1.0 + u)
    s = np.sqrt(v)
    lu, ls = np.log(u), np.log1p(s)
    i1s, is_ = 1.0 / (1.0 + s), 1.0 / s
    f = (ls - lu) * is_
    u2 = u * u
    l1w = np.log1p(-(0.5 * u * u * i1s))
    g = np.where(u < 0.5, u * u * (LN2 - lu) * is_ * i1s + l1w * is_, (lu - LN2) + f)
    if not need_h:
        return (1.0 - f) / (u2 - 1.0), g
    return (1.0 - f) / (u2 - 1.0), g, (2.0 * lu - LN2 - ls) * l1w


def _nfw_hi(u, need_h=True):
    l2 = np.log(0.5 * u)
    s = np.sqrt((u - 1.0) * (u + 1.0))
    at = np.arctan(s)
    f = at / s
    if not need_h:
        return (1.0 - f) / (u * u - 1.0), l2 + f
    return (1.0 - f) / (u * u - 1.0), l2 + f, l2 * l2 + at * at


def nfw_functions(u, need_h=True):
    """kappa / (2 kappa_s), g(u), h(u) of the NFW (lg_nfw_functions); h is None unless need_h (the
    callers that drop it: gcc drops its computation from the C too)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        kfac, g, *h = masked(u < 1.0, lambda a: _nfw_lo(a, need_h), lambda a: _nfw_hi(a, need_h), u)
    h = h[0] if h else None
    v = (1.0 - u) * (1.0 + u)
    ser = np.abs(v) < 0.02
    if ser.any():
        f, k = nfw_series(v[ser])
        us = u[ser]
        kfac[ser], g[ser] = k, np.where(us < 1.0, np.log(us) - LN2, np.log(0.5 * us)) + f
    return kfac, g, h


def nfwf_F(u):
    """F(u) (lg_nfwf_F)."""
    v = (1.0 - u) * (1.0 + u)
    with np.errstate(invalid="ignore", divide="ignore"):
        (F,) = masked(u < 1.0, lambda a, b: ((np.log1p(np.sqrt(b)) - np.log(a)) * (1.0 / np.sqrt(b)),),
                      lambda a, b: (np.arctan(np.sqrt(-b)) / np.sqrt(-b),), u, v)
    ser = np.abs(v) < 0.02
    if ser.any():
        F[ser] = nfw_series(v[ser])[0]
    return F


def _g1_lo(u):
    s = np.sqrt((1.0 - u) * (1.0 + u))
    i1s = 1.0 / (1.0 + s)
    return (-u * u * (np.log1p(s) - np.log(u)) * i1s + np.log1p(-(0.5 * u * u * i1s)),)


def _g1_hi(u):
    s = np.sqrt((u - 1.0) * (u + 1.0))
    return (np.log(0.5 * u) - s * np.arctan(s),)


def nfwf_g1(u):
    """(1 - u^2) F(u) + ln(u/2) without cancellation (lg_nfwf_g1)."""
    return masked(u < 1.0, _g1_lo, _g1_hi, u)[0]


def _R_lo(u):
    s = np.sqrt((1.0 - u) * (1.0 + u))
    d = -np.log1p(-(0.5 * u * u * (1.0 / (1.0 + s))))
    return (d * (2.0 * (np.log(u) - LN2) + d),)


def _R_hi(u):
    l, at = np.log(0.5 * u), np.arctan(np.sqrt((u - 1.0) * (u + 1.0)))
    return (-(l * l + at * at),)


def nfwf_R(u):
    """Minus the NFW potential function h(u), cancellation-free (lg_nfwf_R)."""
    return masked(u < 1.0, _R_lo, _R_hi, u)[0]


# ---- per-kind evaluators: p is [B, 8] (lensgen's component parameters), x, y [npix, npix] ---------

def col(p, j):
    return p[:, j, None, None]


def eval_point(p, x, y):  # point.h
    dx, dy, r = radius(x - col(p, 0), y - col(p, 1))
    te2 = col(p, 2)
    return radial_add(dx, dy, r, te2 * np.log(r), te2 / r, 0.0)


def eval_sis(p, x, y):  # sis.h
    dx, dy, r = radius(x - col(p, 0), y - col(p, 1))
    te = col(p, 2)
    return radial_add(dx, dy, r, te * r, te, 0.5 * te / r)


def eval_sie(p, x, y):  # sie.h: Kormann et al. 1994 / Keeton 2001
    dx, dy, r = radius(x - col(p, 0), y - col(p, 1))
    q, cs, sn = col(p, 3), col(p, 4), col(p, 5)
    b = col(p, 2) * np.sqrt(q)
    e = np.sqrt((1.0 - q) * (1.0 + q))
    xp, yp = cs * dx + sn * dy, -sn * dx + cs * dy
    w = np.sqrt(q * q * xp * xp + yp * yp)
    iw, ir = 1.0 / w, 1.0 / r
    u, v = xp * iw, yp * iw
    tu, tv = e * u, e * v
    tu2, tv2 = tu * tu, tv * tv
    with np.errstate(invalid="ignore", divide="ignore"):  # e = 0 (q = 1): the series branch
        ie = 1.0 / e
        atn = np.where(np.abs(tu) < 1e-4, u * (1.0 - tu2 * (1.0 / 3.0) + tu2 * tu2 * (1.0 / 5.0)), np.arctan(tu) * ie)
        ath = np.where(np.abs(tv) < 1e-4, v * (1.0 + tv2 * (1.0 / 3.0) + tv2 * tv2 * (1.0 / 5.0)), np.arctanh(tv) * ie)
    axp, ayp = b * atn, b * ath
    ax, ay = cs * axp - sn * ayp, sn * axp + cs * ayp
    kappa = 0.5 * b * iw
    tx, ty = -dy * ir, dx * ir
    return dx * ax + dy * ay, ax, ay, 2.0 * kappa * tx * tx, 2.0 * kappa * tx * ty, 2.0 * kappa * ty * ty


def eval_nfw(p, x, y):  # nfw.h
    dx, dy, r = radius(x - col(p, 0), y - col(p, 1))
    rs, ks = col(p, 2), col(p, 3)
    u = r / rs
    kfac, g, h = nfw_functions(u)
    return radial_add(dx, dy, r, 2.0 * ks * rs * rs * h, 4.0 * ks * rs * g / u, 2.0 * ks * kfac)


def eval_shear(p, x, y):  # shear.h, about the grid origin
    g1, g2 = col(p, 0), col(p, 1)
    one = np.ones((p.shape[0],) + x.shape)
    return (0.5 * g1 * (x * x - y * y) + g2 * x * y, g1 * x + g2 * y, g2 * x - g1 * y, g1 * one, g2 * one,
            -g1 * one)


def eval_sheet(p, x, y):  # sheet.h
    k = col(p, 0)
    one = np.ones((p.shape[0],) + x.shape)
    return 0.5 * k * (x * x + y * y), k * x, k * y, k * one, 0.0 * one, k * one


def epl_terms(f):
    """Terms of the series at f = (1 - q)/(1 + q) (lg_epl_terms): ceil(log(0.5e-16 (1 - f)) / log f), >= 1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        n = np.ceil(np.log(0.5e-16 * (1.0 - f)) / np.log(f))
    return np.where(f < 1e-300, 1, np.maximum(n, 1.0)).astype(int)


def eval_epl(p, x, y):  # epl.h: Tessore & Metcalf 2015
    dx, dy, _ = radius(x - col(p, 0), y - col(p, 1))
    q, t, cs, sn = col(p, 4), col(p, 3), col(p, 5), col(p, 6)
    b = col(p, 2) * np.sqrt(q)
    xp, yp = cs * dx + sn * dy, -sn * dx + cs * dy
    R = np.sqrt(q * q * xp * xp + yp * yp)
    iR = 1.0 / R
    c1, s1 = q * xp * iR, yp * iR
    c2, s2 = c1 * c1 - s1 * s1, 2.0 * c1 * s1
    f = (1.0 - q) / (1.0 + q)
    terms = epl_terms(f)  # per sample; a sample's terms past its own count are 0 (exactly lensgen's sum)
    wr, wi, sr, si = c1, s1, c1.copy(), s1.copy()
    for n in range(1, int(terms.max())):
        fac = np.where(n < terms, -f * (2.0 * n - (2.0 - t)) / (2.0 * n + (2.0 - t)), 0.0)
        wr, wi = fac * (c2 * wr - s2 * wi), fac * (s2 * wr + c2 * wi)
        sr += wr
        si += wi
    br = b / R
    bt1 = np.exp((t - 1.0) * np.log(br))
    amp = 2.0 * b / (1.0 + q) * bt1
    axp, ayp = amp * sr, amp * si
    kappa = 0.5 * (2.0 - t) * (bt1 * br)
    ar, ai = (1.0 - t) * axp - kappa * xp, (1.0 - t) * ayp - kappa * yp
    iz2 = 1.0 / (xp * xp + yp * yp)
    g1p, g2p = (ar * xp - ai * yp) * iz2, (ar * yp + ai * xp) * iz2
    ax, ay = cs * axp - sn * ayp, sn * axp + cs * ayp
    c2r, s2r = cs * cs - sn * sn, 2.0 * cs * sn
    g1, g2 = c2r * g1p - s2r * g2p, s2r * g1p + c2r * g2p
    return (dx * ax + dy * ay) * (1.0 / (2.0 - t)), ax, ay, kappa + g1, g2, kappa - g1


def tnfw_functions(x, tau):  # tnfw.h: Baltz, Marshall & Oguri 2009, n = 1
    kn, gn, _ = nfw_functions(x, need_h=False)
    F = nfwf_F(x)
    t2, x2 = tau * tau, x * x
    S = np.sqrt(t2 + x2)
    iS, d, itau = 1.0 / S, x2 / (S + tau), 1.0 / tau
    L = np.log(x) - np.log(tau + S)
    W = np.log1p(0.5 * itau * d)
    pre = t2 / ((t2 + 1.0) * (t2 + 1.0))
    kfac = pre * ((t2 + 1.0) * kn + 2.0 * F - PI * iS + (t2 - 1.0) * itau * L * iS)
    g = pre * ((t2 - 1.0) * (gn - W + itau * d * L) + 2.0 * x2 * F - PI * d)
    al2t = np.log(x) - np.log(2.0 * tau)
    hsum = (2.0 * t2 * PI * (tau * W - d) + 2.0 * (t2 - 1.0) * tau * (d * al2t - (tau + d) * W)
            + t2 * (t2 - 1.0) * (W * W - 2.0 * W * al2t - nfwf_R(x)) - 4.0 * t2 * nfwf_g1(x))
    return kfac, g, hsum * (1.0 / ((t2 + 1.0) * (t2 + 1.0)))


def eval_tnfw(p, x, y):
    dx, dy, r = radius(x - col(p, 0), y - col(p, 1))
    rs, ks = col(p, 2), col(p, 3)
    u = r / rs
    kfac, g, h = tnfw_functions(u, col(p, 4))
    return radial_add(dx, dy, r, 2.0 * ks * rs * rs * h, 4.0 * ks * rs * g / u, 2.0 * ks * kfac)


def cnfw_direct(x, b):  # cnfw.h lg_cnfw_direct
    kn, gn, _ = nfw_functions(x, need_h=False)
    F, nu = nfwf_F(x), x / b
    omb = 1.0 - b
    inv, b2 = 1.0 / (omb * omb), b * b
    g1x, g1n = nfwf_g1(x), nfwf_g1(nu)
    kfac = (F - nfwf_F(nu) - omb * (F - kn)) * inv
    g = (b2 * g1n + omb * gn - b * g1x) * inv
    P = -b2 * nfwf_R(nu) - (1.0 - 2.0 * b) * nfwf_R(x) + 2.0 * b2 * g1n - 2.0 * b * g1x
    return kfac, g, P * inv


CNFW_NODES = (-0.06, -0.04, -0.02, 0.02, 0.04, 0.06)


def cnfw_functions(x, b):
    """lg_cnfw_functions: b is per sample ([B, 1, 1]), so its three cases split the batch."""
    out = tuple(np.empty_like(x) for _ in range(3))
    bb = b[:, 0, 0]
    nfw = bb < 1e-12
    direct = ~nfw & (np.abs(bb - 1.0) >= 0.02)
    for sel, case in ((nfw, 0), (direct, 1), (~nfw & ~direct, 2)):
        if not sel.any():
            continue
        xs, bs = x[sel], b[sel]
        if case == 0:
            kfac, g, _ = nfw_functions(xs, need_h=False)
            res = (kfac, g, -nfwf_R(xs))
        elif case == 1:
            res = cnfw_direct(xs, bs)
        else:  # quintic Lagrange interpolation in b from the six nodes
            db = bs - 1.0
            res = [0.0, 0.0, 0.0]
            for i, ni in enumerate(CNFW_NODES):
                w = 1.0
                for j, nj in enumerate(CNFW_NODES):
                    if j != i:
                        w = w * (db - nj) / (ni - nj)
                for k, v in enumerate(cnfw_direct(xs, 1.0 + ni)):
                    res[k] = res[k] + w * v
        for o, v in zip(out, res):
            o[sel] = v
    return out


def eval_cnfw(p, x, y):
    dx, dy, r = radius(x - col(p, 0), y - col(p, 1))
    rs, ks = col(p, 2), col(p, 3)
    u = r / rs
    kfac, g, h = cnfw_functions(u, col(p, 4))
    return radial_add(dx, dy, r, 2.0 * ks * rs * rs * h, 4.0 * ks * rs * g / u, 2.0 * ks * kfac)


def hernquist_H(u):  # hernquist.h
    v = (1.0 - u) * (1.0 + u)
    with np.errstate(invalid="ignore", divide="ignore"):
        H = ((2.0 + u * u) * nfwf_F(u) - 3.0) / (v * v)
    ser = np.abs(v) < 0.02
    if ser.any():
        vs = v[ser]
        s, vk = np.zeros_like(vs), np.ones_like(vs)
        for k in range(2, 13):
            s += vk * (4.0 * (k - 1) / (4.0 * k * k - 1.0))
            vk = vk * vs
        H[ser] = s
    return H


def eval_hernquist(p, x, y):
    dx, dy, r = radius(x - col(p, 0), y - col(p, 1))
    rs, m = col(p, 2), col(p, 3)
    u = r / rs
    kfac, g, _ = nfw_functions(u, need_h=False)
    return radial_add(dx, dy, r, m * g, m / rs * u * kfac, 0.5 * m / (rs * rs) * hernquist_H(u))


def burkert_functions(x, b):  # burkert.h
    x2 = x * x
    s = np.sqrt(1.0 + x2)
    sm1 = x2 / (s + 1.0)
    l, nu, b2 = np.log1p((1.0 + 1.0 / (s + x)) / x), x / b, b * b  # asinh(1/x)
    g1n = nfwf_g1(nu)
    kfac = l / s + 0.5 * b * PI / s - nfwf_F(nu)
    m = b2 * g1n + sm1 * (l + 0.5 * b * PI) + np.log1p(0.5 * sm1)
    e, lh = np.log1p(0.5 * sm1), np.log(0.5 * x)
    h = b2 * g1n - 0.5 * b2 * nfwf_R(nu) + lh * e - 0.5 * e * e + e + sm1 * l + 0.5 * b * PI * (sm1 - e)
    return kfac, m, h


def eval_burkert(p, x, y):
    dx, dy, r = radius(x - col(p, 0), y - col(p, 1))
    rs, k0, b = col(p, 2), col(p, 3), col(p, 4)
    a = 1.0 / (1.0 + b * b)
    u = r / rs
    kfac, m, h = burkert_functions(u, b)
    return radial_add(dx, dy, r, 4.0 * k0 * rs * rs * a * h, 4.0 * k0 * rs * a * m / u, 2.0 * k0 * a * kfac)


# Oguri 2021 (PASP 133, 074504) Tables 1 and 2, as in enfw.h and ehernquist.h
ENFW_S = np.array([
    1.082411e-06, 8.786566e-06, 3.292868e-06, 1.860019e-05, 3.274231e-05, 6.232485e-05, 9.256333e-05, 1.546762e-04,
    2.097321e-04, 3.391140e-04, 5.178790e-04, 8.636736e-04, 1.405152e-03, 2.193855e-03, 3.179572e-03, 4.970987e-03,
    7.631970e-03, 1.119413e-02, 1.827267e-02, 2.945251e-02, 4.562723e-02, 6.782509e-02, 1.596987e-01, 1.127751e-01,
    2.169469e-01, 3.423835e-01, 5.194527e-01, 8.623185e-01, 1.382737e+00, 2.034929e+00, 3.402979e+00, 5.594276e+00,
    8.052345e+00, 1.349045e+01, 2.603825e+01, 4.736823e+01, 6.559320e+01, 1.087932e+02, 1.477673e+02, 2.495341e+02,
    4.305999e+02, 7.760206e+02, 2.143057e+03, 1.935749e+03])
ENFW_A = np.array([
    1.648988e-18, 6.274458e-16, 3.646620e-17, 3.459206e-15, 2.457389e-14, 1.059319e-13, 4.211597e-13, 1.142832e-12,
    4.391215e-12, 1.556500e-11, 6.951271e-11, 3.147466e-10, 1.379109e-09, 3.829778e-09, 1.384858e-08, 5.370951e-08,
    1.804384e-07, 5.788608e-07, 3.205256e-06, 1.102422e-05, 4.093971e-05, 1.282206e-04, 4.575541e-04, 7.995270e-04,
    5.013701e-03, 1.403508e-02, 5.230727e-02, 1.898907e-01, 3.643448e-01, 7.203734e-01, 1.717667e+00, 2.217566e+00,
    3.187447e+00, 8.194898e+00, 1.765210e+01, 1.974319e+01, 2.783688e+01, 4.482311e+01, 5.598897e+01, 1.426485e+02,
    2.279833e+02, 5.401335e+02, 9.743682e+02, 1.775124e+03])
EHERNQUIST_S = np.array([
    1.199110e-06, 3.751762e-06, 9.927207e-06, 2.206076e-05, 3.781528e-05, 6.659808e-05, 1.154366e-04,
    1.924150e-04, 3.040440e-04, 4.683051e-04, 7.745084e-04, 1.175953e-03, 1.675459e-03, 2.801948e-03,
    9.712807e-03, 5.469589e-03, 1.104654e-02, 1.893893e-02, 2.792864e-02, 4.152834e-02, 6.640398e-02,
    1.107083e-01, 1.648028e-01, 2.839601e-01, 4.129439e-01, 8.239115e-01, 6.031726e-01, 1.145604e+00,
    1.401895e+00, 2.512223e+00, 2.038025e+00, 4.644014e+00, 9.301590e+00, 2.039273e+01, 4.896534e+01,
    1.252311e+02, 3.576766e+02, 2.579464e+04, 2.944679e+04, 2.834717e+03, 5.931328e+04])
EHERNQUIST_A = np.array([
    9.200445e-18, 2.184724e-16, 3.548079e-15, 2.823716e-14, 1.091876e-13, 6.998697e-13, 3.142264e-12,
    1.457280e-11, 4.472783e-11, 2.042079e-10, 8.708137e-10, 2.423649e-09, 7.353440e-09, 5.470738e-08,
    2.445878e-07, 4.541672e-07, 3.227611e-06, 1.110690e-05, 3.725101e-05, 1.056271e-04, 6.531501e-04,
    2.121330e-03, 8.285518e-03, 4.084190e-02, 5.760942e-02, 1.788945e-01, 2.092774e-01, 3.697750e-01,
    3.440555e-01, 5.792737e-01, 2.325935e-01, 5.227961e-01, 3.079968e-01, 1.633456e-01, 7.410900e-02,
    3.123329e-02, 1.292488e-02, 2.156527e+00, 1.652553e-02, 2.314934e-02, 3.992313e-01])


def cse_sum(a, s, amp, rs, q, cs, sn, dx, dy):
    """Sum of cored steep ellipsoids, rotated back to the sky (cse.h lg_cse_sum_eval, lg_cse_add)."""
    xp, yp = (cs * dx + sn * dy) / rs, (-sn * dx + cs * dy) / rs
    sq = np.sqrt(q)
    qf = 1.0 / (q * sq)
    q2, x2, y2 = q * q, xp * xp, yp * yp
    psi = ax = ay = hxx = hyy = hxy = 0.0
    for ai, si in zip(a, s):
        A, s_ = amp * ai * qf, si / sq
        w = np.sqrt(q2 * (s_ * s_ + x2) + y2)
        wqs, ws = w + q2 * s_, w + s_
        f = ws * ws + (1.0 - q2) * x2
        aq, fi, wi = A * q / s_, 1.0 / f, 1.0 / w
        wi3 = wi * wi * wi
        s1q = (1.0 + q) * s_
        df = (q2 * x2 + y2) * (w + (2.0 + q) * s_) / (w + q * s_) + (1.0 - q2) * x2
        psi = psi + aq * 0.5 * np.log1p(df / (s1q * s1q))
        ax = ax + aq * xp * wqs * wi * fi
        ay = ay + aq * yp * ws * wi * fi
        hxx = hxx + aq * fi * (1.0 + q2 * s_ * (q2 * s_ * s_ + y2) * wi3 - 2.0 * x2 * wqs * wqs * wi * wi * fi)
        hyy = hyy + aq * fi * (1.0 + q2 * s_ * (s_ * s_ + x2) * wi3 - 2.0 * y2 * ws * ws * wi * wi * fi)
        hxy = hxy - aq * xp * yp * fi * (q2 * s_ * wi3 + 2.0 * wqs * ws * wi * wi * fi)
    c2, s2, cssn = cs * cs, sn * sn, cs * sn
    return (rs * rs * psi, rs * (cs * ax - sn * ay), rs * (sn * ax + cs * ay),
            c2 * hxx - 2.0 * cssn * hxy + s2 * hyy, cssn * (hxx - hyy) + (c2 - s2) * hxy,
            s2 * hxx + 2.0 * cssn * hxy + c2 * hyy)


def eval_enfw(p, x, y):  # enfw.h
    return cse_sum(ENFW_A, ENFW_S, 4.0 * col(p, 3), col(p, 2), col(p, 4), col(p, 5), col(p, 6),
                   x - col(p, 0), y - col(p, 1))


def eval_ehernquist(p, x, y):  # ehernquist.h
    rs = col(p, 2)
    return cse_sum(EHERNQUIST_A, EHERNQUIST_S, 0.5 * col(p, 3) / (rs * rs), rs, col(p, 4), col(p, 5), col(p, 6),
                   x - col(p, 0), y - col(p, 1))


EVALUATORS = {"point": eval_point, "sis": eval_sis, "sie": eval_sie, "nfw": eval_nfw, "shear": eval_shear,
              "sheet": eval_sheet, "epl": eval_epl, "tnfw": eval_tnfw, "cnfw": eval_cnfw,
              "hernquist": eval_hernquist, "burkert": eval_burkert, "enfw": eval_enfw,
              "ehernquist": eval_ehernquist}
CLOSED_FORM = ("point", "sis", "sie", "nfw", "shear", "sheet", "epl", "tnfw", "cnfw", "hernquist", "burkert")


# ---- products, benchmark, check ------------------------------------------------------------------

def allocate(n, npix):
    """Float32 product arrays in lensgen's layout."""
    return {k: np.empty((n, npix, npix) if PLANES[k] == 1 else (n, 2, npix, npix), dtype=np.float32)
            for k in PRODUCTS}


def render(kind, params, npix, fov, out, batch):
    """Every product of params' lenses at the pixel centres into out (float32), batch samples at a time."""
    c = grid_coords(npix, fov)
    y, x = np.meshgrid(c, c, indexing="ij")  # maps [iy][ix]
    ev = EVALUATORS[kind]
    for lo in range(0, params.shape[0], batch):
        hi = min(params.shape[0], lo + batch)
        psi, ax, ay, fxx, fxy, fyy = ev(params[lo:hi], x, y)
        out["kappa"][lo:hi] = 0.5 * (fxx + fyy)
        out["alpha"][lo:hi, 0] = ax
        out["alpha"][lo:hi, 1] = ay
        out["psi"][lo:hi] = psi
        out["gamma"][lo:hi, 0] = 0.5 * (fxx - fyy)
        out["gamma"][lo:hi, 1] = fxy
        with np.errstate(divide="ignore"):
            out["magnification"][lo:hi] = 1.0 / ((1.0 - fxx) * (1.0 - fyy) - fxy * fxy)


def load(dump, kind):
    with open(os.path.join(dump, kind + ".meta.json")) as f:
        meta = json.load(f)
    return meta, np.load(os.path.join(dump, kind + ".params.npy"))


def kinds_in(dump, wanted):
    have = [k for k in EVALUATORS if os.path.exists(os.path.join(dump, k + ".params.npy"))]
    return [k for k in have if not wanted or k in wanted]


def bench(args):
    rows = []
    for kind in kinds_in(args.dump, args.kinds):
        meta, params = load(args.dump, kind)
        npix, fov, n = meta["npix"], meta["fov"], params.shape[0]
        if meta.get("supersample", 1) != 1:
            sys.exit(f"numpy_profiles: {kind}: the dump has supersample {meta['supersample']}; this baseline "
                     "computes point-sampled maps (run bench_profiles with supersample 1)")
        out = allocate(n, npix)
        walls, cpus = [], []
        for rep in range(args.warmup + args.reps):
            t0, c0 = time.perf_counter(), time.thread_time()
            render(kind, params, npix, fov, out, args.batch)
            c1, t1 = time.thread_time(), time.perf_counter()
            if rep >= args.warmup:
                walls.append(t1 - t0)
                cpus.append(c1 - c0)
        evals = n * npix * npix
        rates = sorted(evals / w for w in walls)
        row = {"kind": kind, "class": "closed" if kind in CLOSED_FORM else "numerical", "variant": "numpy",
               "samples": n, "npix": npix, "batch": args.batch, "reps": args.reps, "pix_evals": evals,
               "wall_s_median": float(np.median(walls)), "cpu_s_median": float(np.median(cpus)),
               "rate_median": float(np.median(rates)), "rate_min": rates[0], "rate_max": rates[-1],
               "rate_cpu_median": float(np.median([evals / c for c in cpus]))}
        rows.append(row)
        if args.json:
            print(json.dumps(row), flush=True)
        else:
            if len(rows) == 1:
                print(f"# numpy {np.__version__}: batch {args.batch}, {args.warmup} warm-up + {args.reps} timed runs")
                print(f"{'kind':<11} {'samples':>7} {'wall_s':>10} {'cpu_s':>10} {'Mpix/s med':>12} {'min':>10} "
                      f"{'max':>10} {'by cpu time':>12}")
            print(f"{kind:<11} {n:>7} {row['wall_s_median']:>10.4f} {row['cpu_s_median']:>10.4f} "
                  f"{1e-6 * row['rate_median']:>12.3f} {1e-6 * rates[0]:>10.3f} {1e-6 * rates[-1]:>10.3f} "
                  f"{1e-6 * row['rate_cpu_median']:>12.3f}", flush=True)
    return 0


def compare(k, got, ref):
    """Largest abs and rel differences of one product (rel against a per-sample floor; numpy_maps.py)."""
    def pair(name, g, r, floor=1e-3):
        axes = tuple(range(1, r.ndim))
        scale = np.max(np.abs(r), axis=axes, keepdims=True)
        d = np.abs(g - r)
        den = np.maximum(np.maximum(np.abs(r), floor * scale), np.finfo(np.float64).tiny)  # all-zero maps
        return {name: (float(np.max(d)), float(np.max(d / den)))}

    out = {}
    if k == "magnification":
        finite = np.isfinite(ref) & np.isfinite(got)
        out.update(pair(k, np.where(finite, got, 0.0), np.where(finite, ref, 0.0)))
        with np.errstate(divide="ignore"):
            out.update(pair("1/magnification", 1.0 / got, 1.0 / ref))
    else:
        out.update(pair(k, got, ref))
    if k == "psi":
        out.update(pair("psi - mean", got - got.mean(axis=(1, 2), keepdims=True),
                        ref - ref.mean(axis=(1, 2), keepdims=True), floor=1.0))
    return out


def check(args):
    ok = True
    print(f"{'kind':<11} {'samples':>7}  " + "  ".join(f"{k:>13}" for k in PRODUCTS) + "   (max rel diff; "
          "magnification as 1/mu, psi up to a constant)")
    for kind in kinds_in(args.dump, args.kinds):
        meta, params = load(args.dump, kind)
        ns, npix, fov = meta["dump_samples"], meta["npix"], meta["fov"]
        if meta.get("supersample", 1) != 1:
            print(f"{kind}: supersample {meta['supersample']}: not checkable here", file=sys.stderr)
            ok = False
            continue
        ref = allocate(ns, npix)
        render(kind, params[:ns], npix, fov, ref, args.batch)
        cells, kind_ok = [], True
        for k in PRODUCTS:
            got = np.load(os.path.join(args.dump, f"{kind}.{k}.npy")).astype(np.float64)
            d = compare(k, got, ref[k].astype(np.float64))
            judged = {"psi": ("psi", "psi - mean"), "magnification": ("1/magnification",)}.get(k, (k,))
            rel = min(d[j][1] for j in judged)
            if not rel <= args.rtol:  # NaN fails too
                kind_ok = False
            cells.append(f"{rel:>13.3e}")
        ok = ok and kind_ok
        print(f"{kind:<11} {ns:>7}  " + "  ".join(cells) + ("" if kind_ok else "   FAIL"))
    print(f"{'PASS' if ok else 'FAIL'}: rtol {args.rtol:g}; float32 rounding is {np.finfo(np.float32).eps / 2:.1e}. "
          "rel diff = |lensgen - numpy| / max(|numpy|, 1e-3 max|numpy| of the sample)")
    return 0 if ok else 1


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dump", required=True, help="folder written by bench_profiles --dump")
    ap.add_argument("--kinds", default="", help="comma list (default: every kind found in --dump)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--batch", type=int, default=16, help="samples per vectorized step (default 16)")
    ap.add_argument("--json", action="store_true", help="one JSON line per kind")
    ap.add_argument("--check", action="store_true", help="compare with bench_profiles' dumped maps")
    ap.add_argument("--rtol", type=float, default=1e-6, help="--check: largest rel diff allowed (default 1e-6)")
    args = ap.parse_args(argv[1:])
    args.kinds = [k for k in args.kinds.split(",") if k]
    bad = [k for k in args.kinds if k not in EVALUATORS]
    if bad:
        ap.error(f"--kinds: no NumPy version of {', '.join(bad)} (have: {', '.join(EVALUATORS)})")
    if args.reps < 1 or args.warmup < 0 or args.batch < 1:
        ap.error("--reps and --batch must be >= 1, --warmup >= 0")
    return check(args) if args.check else bench(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
