#!/usr/bin/env bash
# Strong and weak scaling of lensgen (quickstart workload, CPU backend) over MPI rank counts:
# medians of R interleaved rounds, per-phase maxima from -run_profile_json, speed-up and efficiency
# tables, a JSON + CSV of the medians and a PNG (plot_scaling.py) in a results folder.
# Usage: tools/bench/bench_scaling.sh [RESULTS_DIR]   (default /tmp/lensgen-scaling; see tools/bench/README.md)
# Environment: RANKS (rank counts, "1 2 4"; the first is the reference), N_STRONG (total samples of the
#   strong runs, 4096), N_WEAK (samples per rank of the weak runs, 2048), R (repeats, 3), WARMUP (untimed
#   rounds, 1), NPIX (64), BATCH (64, -run_batch), BENCH_TMPDIR (where the data files go,
#   ${TMPDIR:-/tmp}), LENSGEN (build/lensgen), MPIRUN (mpirun), PYTHON (/usr/bin/python3), PLOT (1: make
#   the PNG), KEEP_RAW (a file to copy the raw per-run records to).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/tools/bench/lib.sh"
RESULTS=${1:-/tmp/lensgen-scaling}
RANKS=${RANKS:-1 2 4}
N_STRONG=${N_STRONG:-4096}
N_WEAK=${N_WEAK:-2048}
R=${R:-3}
WARMUP=${WARMUP:-1}
NPIX=${NPIX:-64}
BATCH=${BATCH:-64}
LENSGEN=${LENSGEN:-$ROOT/build/lensgen}
MPIRUN=${MPIRUN:-mpirun}
PYTHON=${PYTHON:-/usr/bin/python3}
PLOT=${PLOT:-1}
OPTS=$ROOT/inputs/quickstart.opts
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# More ranks than cores: a rank waiting in MPI must give its core away instead of spinning on it,
# or the oversubscribed timings measure the busy polling. Set for every rank count alike.
export OMPI_MCA_mpi_yield_when_idle=1

die() { echo "bench_scaling: $*" >&2; exit 1; }
for v in N_STRONG N_WEAK R NPIX BATCH; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: a positive integer is required"
done
[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP=$WARMUP: a non-negative integer is required"
read -r -a RANK_LIST <<<"$RANKS"
[[ ${#RANK_LIST[@]} -ge 2 ]] || die "RANKS=\"$RANKS\": at least two rank counts are required"
for p in "${RANK_LIST[@]}"; do
  [[ $p =~ ^[1-9][0-9]*$ ]] || die "RANKS=\"$RANKS\": $p is not a positive integer"
done
[[ -x $LENSGEN ]] || die "$LENSGEN not found or not executable: build it first (cmake --build build -j2) or set LENSGEN"
[[ -r $OPTS ]] || die "$OPTS not found"
command -v "$MPIRUN" >/dev/null || die "$MPIRUN not found: install Open MPI or set MPIRUN"
"$PYTHON" -c 'import numpy' 2>/dev/null || die "$PYTHON cannot import numpy (Debian: apt-get install python3-numpy; set PYTHON)"
if [[ $PLOT == 1 ]]; then
  "$PYTHON" -c 'import matplotlib' 2>/dev/null ||
    die "$PYTHON cannot import matplotlib (Debian: apt-get install python3-matplotlib; or PLOT=0)"
fi
mkdir -p "$RESULTS" || die "cannot create the results folder $RESULTS"

WORK=$(mktemp -d -p "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}" lensgen-scaling.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RAW=$WORK/raw.tsv # mode ranks rep metric value
# Every run uses this snapshot, so a rebuild of build/ during the benchmark changes nothing.
cp "$LENSGEN" "$WORK/lensgen.bin"
LENSGEN_SRC=$LENSGEN
LENSGEN=$WORK/lensgen.bin
: >"$RAW"

# A full sync before every timed run: each starts with nothing of the previous one left to flush.
flush() { sync; }

# lensgen in mode $1 (strong|weak) on $2 ranks with $3 samples, repetition $4 (0: warm-up, not
# recorded). The figures come from the profile JSON; the process time from the clock around mpirun.
run_lensgen() {
  local mode=$1 ranks=$2 n=$3 rep=$4 out=$WORK/lensgen.h5 log=$WORK/lensgen.log js=$WORK/profile.json t0 t1
  rm -f "$out" "$js"
  flush
  t0=$(now)
  "$MPIRUN" --oversubscribe -n "$ranks" "$LENSGEN" -options_file "$OPTS" -data_n "$n" -grid_npix "$NPIX" \
    -run_batch "$BATCH" -run_backend cpu -data_output "$out" -data_overwrite -data_preview none \
    -run_progress 100000 -run_profile_json "$js" >"$log" 2>&1 ||
    { cat "$log" >&2; die "lensgen ($mode, $ranks ranks, $n samples) failed"; }
  t1=$(now)
  [[ -s $js ]] || { cat "$log" >&2; die "lensgen wrote no profile JSON ($js)"; }
  ((rep > 0)) || return 0
  printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "$ranks" "$rep" process_s "$(elapsed "$t0" "$t1")" >>"$RAW"
  printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "$ranks" "$rep" bytes "$(stat -c %s "$out")" >>"$RAW"
  "$PYTHON" - "$js" "$mode" "$ranks" "$rep" "$n" >>"$RAW" <<'EOF' || die "cannot read lensgen's profile JSON"
import json, sys
path, mode, ranks, rep, n = sys.argv[1:]
p = json.load(open(path))
assert p["n_ranks"] == int(ranks) and p["samples_generated"] == int(n), (p["n_ranks"], p["samples_generated"])
rows = [("wall_s", p["wall_s"])]
for phase, s in p["summary"].items():
    rows += [(phase + "_max_s", s["max"]), (phase + "_mean_s", s["mean"])]
for metric, value in rows:
    print(f"{mode}\t{ranks}\t{rep}\t{metric}\t{value}")
EOF
}


MODEL=$(lscpu | awk -F: '/^Model name/ { gsub(/^ +/, "", $2); print $2 }')
FS=$(df -T "$WORK" | awk 'NR == 2 { print $1, $2, $7 }')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
PROBE=$(cpu_probe)
HEAD=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '-')
echo "bench_scaling: ranks $RANKS; strong N=$N_STRONG total, weak N=$N_WEAK per rank; ${NPIX}x$NPIX, batch $BATCH;" \
  "R=$R repeats (+$WARMUP warm-up), data in $WORK, results in $RESULTS"
echo "  machine:    $MODEL, $(nproc) cpus, load average $LOAD_BEFORE"
echo "  2 CPU-bound processes together do ${PROBE}x the work of one (2.00 = two free cores)"
echo "  filesystem: $FS"
echo "  lensgen:    $LENSGEN_SRC (a copy), checkout HEAD $HEAD"
for ((w = 0; w < WARMUP; w++)); do
  for p in "${RANK_LIST[@]}"; do run_lensgen strong "$p" "$N_STRONG" 0; done
done
# Round by round, every configuration once, so slow spells of the shared machine hit all alike.
for ((rep = 1; rep <= R; rep++)); do
  printf '  round %d/%d:' "$rep" "$R"
  for p in "${RANK_LIST[@]}"; do
    printf ' strong %d' "$p"
    run_lensgen strong "$p" "$N_STRONG" "$rep"
    printf ', weak %d' "$p"
    run_lensgen weak "$p" $((N_WEAK * p)) "$rep"
  done
  echo
done
[[ -n ${KEEP_RAW:-} ]] && cp "$RAW" "$KEEP_RAW"
COMMIT=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["git_commit"])' "$WORK/profile.json" 2>/dev/null || echo '-')
echo "  lensgen reports git_commit $COMMIT"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
echo "  load average after the runs: $LOAD_AFTER"

MODEL=$MODEL NPROC=$(nproc) FS=$FS PROBE=$PROBE LOAD_BEFORE=$LOAD_BEFORE LOAD_AFTER=$LOAD_AFTER HEAD=$HEAD \
  COMMIT=$COMMIT DATE_UTC=$(date -u '+%Y-%m-%d %H:%M') R=$R NPIX=$NPIX BATCH=$BATCH N_STRONG=$N_STRONG N_WEAK=$N_WEAK \
  "$PYTHON" - "$RAW" "$RESULTS" <<'EOF'
import collections, csv, json, os, statistics, sys
raw, results = sys.argv[1], sys.argv[2]
env = os.environ
n_strong, n_weak = int(env["N_STRONG"]), int(env["N_WEAK"])
meta = {"machine": env["MODEL"], "nproc": int(env["NPROC"]), "filesystem": env["FS"],
        "cpu_probe_2proc": float(env["PROBE"]), "load_before": env["LOAD_BEFORE"], "load_after": env["LOAD_AFTER"],
        "checkout_head": env["HEAD"], "lensgen_git_commit": env["COMMIT"], "date_utc": env["DATE_UTC"],
        "repeats": int(env["R"]), "npix": int(env["NPIX"]), "batch": int(env["BATCH"]), "n_strong": n_strong,
        "n_weak_per_rank": n_weak, "mpi_yield_when_idle": 1}
vals = collections.defaultdict(list)
for line in open(raw):
    mode, ranks, rep, metric, value = line.rstrip("\n").split("\t")
    vals[mode, int(ranks), metric].append(float(value))
ranks = sorted({k[1] for k in vals})
med = lambda mode, p, metric: statistics.median(vals[mode, p, metric])
phases = ["draw", "render", "write", "wait", "total"]
out = {"meta": meta, "strong": [], "weak": []}
for mode in ("strong", "weak"):
    p1 = ranks[0]
    t1, pr1 = med(mode, p1, "wall_s"), med(mode, p1, "process_s")
    for p in ranks:
        n = n_strong if mode == "strong" else n_weak * p
        t, pr = med(mode, p, "wall_s"), med(mode, p, "process_s")
        row = {"ranks": p, "n_samples": n, "runs": len(vals[mode, p, "wall_s"]), "wall_s": t, "process_s": pr,
               "samples_per_s": n / t, "bytes": med(mode, p, "bytes")}
        row.update({f"{ph}_max_s": med(mode, p, f"{ph}_max_s") for ph in phases})
        row.update({f"{ph}_mean_s": med(mode, p, f"{ph}_mean_s") for ph in phases})
        if mode == "strong":
            # S(p) = T1/Tp; with a reference count p1 > 1, T1 is taken as p1 T(p1) (ideal up to p1)
            row["speedup"] = t1 / t * p1
            row["efficiency"] = row["speedup"] / p
            row["speedup_process"] = pr1 / pr * p1
            row["speedup_render"] = med(mode, p1, "render_max_s") / row["render_max_s"] * p1
        else:
            # p ranks do p times the work: ideal is T(p) = T(p1), weak efficiency = T(p1) / T(p)
            row["efficiency"] = t1 / t
            row["efficiency_process"] = pr1 / pr
            row["scaled_speedup"] = row["efficiency"] * p
        out[mode].append(row)

fmt = lambda x: f"{x:.3f}"
print(f"\nMedians of {out['strong'][0]['runs']} runs. T = lensgen's in-program wall time (profile JSON wall_s: after")
print("MPI_Init to the file closed); process = the whole mpirun command; phases = max over ranks (s).")
print(f"\nStrong scaling: {n_strong} samples in all.\n")
print("| ranks | T s | samples/s | S(p) = T1/Tp | E = S/p | process s | S process | draw | render | write | wait | total | S render |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in out["strong"]:
    print(f"| {r['ranks']} | {fmt(r['wall_s'])} | {r['samples_per_s']:.0f} | {r['speedup']:.2f} | {r['efficiency']:.2f} | "
          f"{fmt(r['process_s'])} | {r['speedup_process']:.2f} | "
          + " | ".join(fmt(r[f'{ph}_max_s']) for ph in phases) + f" | {r['speedup_render']:.2f} |")
print(f"\nWeak scaling: {n_weak} samples per rank.\n")
print("| ranks | samples | T s | samples/s | E = T1/Tp | scaled S = p T1/Tp | process s | E process | draw | render | write | wait | total |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in out["weak"]:
    print(f"| {r['ranks']} | {r['n_samples']} | {fmt(r['wall_s'])} | {r['samples_per_s']:.0f} | {r['efficiency']:.2f} | "
          f"{r['scaled_speedup']:.2f} | {fmt(r['process_s'])} | {r['efficiency_process']:.2f} | "
          + " | ".join(fmt(r[f'{ph}_max_s']) for ph in phases) + " |")

json.dump(out, open(f"{results}/scaling.json", "w"), indent=1)
cols = ["mode", "ranks", "n_samples", "runs", "wall_s", "process_s", "samples_per_s", "bytes"]
cols += [f"{ph}_max_s" for ph in phases] + [f"{ph}_mean_s" for ph in phases]
cols += ["speedup", "efficiency", "scaled_speedup"]
with open(f"{results}/scaling.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(cols)
    for mode in ("strong", "weak"):
        for r in out[mode]:
            w.writerow([mode] + [r.get(c, "") for c in cols[1:]])
print(f"\nmedians: {results}/scaling.json, {results}/scaling.csv")
EOF

if [[ $PLOT == 1 ]]; then
  "$PYTHON" "$ROOT/tools/bench/plot_scaling.py" "$RESULTS/scaling.json" "$RESULTS/scaling.png" ||
    die "plot_scaling.py failed"
  echo "figure:  $RESULTS/scaling.png"
fi
