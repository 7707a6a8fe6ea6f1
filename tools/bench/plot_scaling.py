#!/usr/bin/env python3
"""Plot of bench_scaling.sh's medians: strong speed-up, strong and weak efficiency against the
ideal lines, and the time per phase behind them. Called by bench_scaling.sh; by hand:

    /usr/bin/python3 tools/bench/plot_scaling.py RESULTS/scaling.json RESULTS/scaling.png
"""
import argparse
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after the backend choice)

PHASES = [("draw", "draw", "tab:green"), ("render", "render", "tab:blue"), ("write", "write", "tab:orange"),
          ("wait", "wait", "tab:gray")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json", help="scaling.json written by bench_scaling.sh")
    ap.add_argument("png", help="the figure to write")
    ap.add_argument("--dpi", type=int, default=90)
    a = ap.parse_args()
    d = json.load(open(a.json))
    meta, strong, weak = d["meta"], d["strong"], d["weak"]
    ranks = [r["ranks"] for r in strong]
    cores = meta.get("nproc")

    fig, (ax_s, ax_e, ax_p) = plt.subplots(1, 3, figsize=(13, 4.0))

    ax_s.plot(ranks, ranks, "k--", lw=1, label="ideal S = p")
    if cores:
        ax_s.plot(ranks, [min(p, cores) for p in ranks], ":", color="tab:red", lw=1.5,
                  label=f"core limit ({cores} cores)")
    ax_s.plot(ranks, [r["speedup"] for r in strong], "o-", color="tab:blue", label="wall time (in-program)")
    ax_s.plot(ranks, [r["speedup_process"] for r in strong], "s-", color="tab:green", label="process (mpirun)")
    ax_s.plot(ranks, [r["speedup_render"] for r in strong], "^--", color="tab:purple", label="render phase only")
    ax_s.set(xlabel="MPI ranks p", ylabel="speed-up S(p) = T1 / Tp",
             title=f"strong scaling, {meta['n_strong']} samples")
    ax_s.set_ylim(0, max(ranks) * 1.05)

    ax_e.axhline(1.0, color="k", ls="--", lw=1, label="ideal")
    if cores:
        ax_e.plot(ranks, [min(1.0, cores / p) for p in ranks], ":", color="tab:red", lw=1.5,
                  label="core limit")
    ax_e.plot(ranks, [r["efficiency"] for r in strong], "o-", color="tab:blue", label="strong E = S / p")
    ax_e.plot(ranks, [r["efficiency"] for r in weak], "D-", color="tab:orange",
              label=f"weak E = T1 / Tp ({meta['n_weak_per_rank']} / rank)")
    ax_e.set(xlabel="MPI ranks p", ylabel="efficiency", title="parallel efficiency")
    ax_e.set_ylim(0, 1.15)

    # per-phase means over ranks (they add up to the mean total, about the wall time), strong (left
    # bar) and weak (right bar, hatched) at each rank count
    width = 0.38
    for k, (rows, label, hatch) in enumerate([(strong, "strong", ""), (weak, "weak", "//")]):
        x = [i + (k - 0.5) * width for i in range(len(ranks))]
        bottom = [0.0] * len(rows)
        for key, name, color in PHASES:
            h = [r[f"{key}_mean_s"] for r in rows]
            ax_p.bar(x, h, width, bottom=bottom, color=color, hatch=hatch, edgecolor="white",
                     label=name if k == 0 else None)
            bottom = [b + v for b, v in zip(bottom, h)]
        ax_p.plot(x, [r["wall_s"] for r in rows], "k_", ms=14, mew=2, label="wall time" if k == 0 else None)
    ax_p.set_xticks(range(len(ranks)), [f"{p}\nS | W" for p in ranks])
    ax_p.set(xlabel="MPI ranks p", ylabel="seconds (mean over ranks)",
             title="phases (mean over ranks): S strong, W weak")

    for ax in (ax_s, ax_e):
        ax.set_xticks(ranks)
        ax.grid(alpha=0.3)
    for ax in (ax_s, ax_e, ax_p):
        ax.legend(fontsize=7.5, loc="best")
    commit = meta["lensgen_git_commit"]
    commit = commit[:10] + ("-dirty" if commit.endswith("-dirty") else "")
    fig.suptitle(f"lensgen {commit}, {meta['npix']}x{meta['npix']} all products, "
                 f"medians of {meta['repeats']} — {meta['machine']}, {cores} cpus, "
                 f"2-process probe {meta['cpu_probe_2proc']:.2f}x, {meta['date_utc']} UTC", fontsize=9)
    fig.tight_layout()
    fig.savefig(a.png, dpi=a.dpi)


if __name__ == "__main__":
    main()
