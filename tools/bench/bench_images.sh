#!/usr/bin/env bash
# Benchmark of the standard image workload (SIE + external shear lens, elliptical Sersic source,
# 64x64 pixels, supersample 2, Gaussian PSF, Poisson + read noise: the hst_wfc3_f160w preset):
# lensgen on 1 and 2 MPI ranks (CPU backend) against the plain NumPy/SciPy implementation
# (numpy_images.py) rendering the same systems, interleaved, R rounds; prints medians of images/s,
# CPU time, and the per-image time of each stage (trace, psf, noise, write) on both sides.
# Usage: tools/bench/bench_images.sh      (from anywhere; see tools/bench/README.md)
# Environment: N (images, 2048), R (rounds, 5), WARMUP (untimed rounds, 1), BATCH (lensgen -run_batch,
#   64), NUMPY_BATCH (16), BENCH_TMPDIR (${TMPDIR:-/tmp}), LENSGEN (build/lensgen), MPIRUN (mpirun),
#   PYTHON (/usr/bin/python3: numpy, scipy, h5py), CHECK (1: check lensgen against NumPy and 1 rank
#   against 2), KEEP_RAW (a file to copy the raw per-run records to).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/tools/bench/lib.sh"
N=${N:-2048}
R=${R:-5}
WARMUP=${WARMUP:-1}
BATCH=${BATCH:-64}
NUMPY_BATCH=${NUMPY_BATCH:-16}
LENSGEN=${LENSGEN:-$ROOT/build/lensgen}
MPIRUN=${MPIRUN:-mpirun}
PYTHON=${PYTHON:-/usr/bin/python3}
CHECK=${CHECK:-1}
OPTS=$ROOT/inputs/quickstart.opts
NUMPY_IMAGES=$ROOT/tools/bench/numpy_images.py
# The workload: the quickstart lens priors and seed, lensgen's default Sersic source priors, HST
# WFC3/IR F160W at its drizzled 0.08"/px (64 x 0.08 = 5.12"), 2 x 2 sub-pixels.
WORKLOAD=(-data_products image,image_noiseless -grid_npix 64 -grid_fov 5.12 -grid_supersample 2
  -obs_preset hst_wfc3_f160w)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

die() { echo "bench_images: $*" >&2; exit 1; }
for v in N R BATCH NUMPY_BATCH; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: a positive integer is required"
done
[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP=$WARMUP: a non-negative integer is required"
[[ -x $LENSGEN ]] || die "$LENSGEN not found or not executable: build it first (cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2) or set LENSGEN"
[[ -r $OPTS ]] || die "$OPTS not found"
command -v "$MPIRUN" >/dev/null || die "$MPIRUN not found: install Open MPI or set MPIRUN"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian: apt-get install time): it measures the CPU time"
"$PYTHON" -c 'import numpy, scipy.signal, h5py' 2>/dev/null ||
  die "$PYTHON cannot import numpy, scipy and h5py (Debian: apt-get install python3-numpy python3-scipy python3-h5py; set PYTHON)"

WORK=$(mktemp -d -p "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}" lensgen-bench-images.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RAW=$WORK/raw.tsv # kind rep metric value
cp "$LENSGEN" "$WORK/lensgen.bin" # a snapshot: rebuilding meanwhile changes nothing
LENSGEN_SRC=$LENSGEN
LENSGEN=$WORK/lensgen.bin
: >"$RAW"

# user + system CPU seconds of a command and all its children, from /usr/bin/time's file $1
cpu_of() { awk '{ printf "%.3f", $1 + $2 }' "$1"; }

# lensgen on $1 ranks, repetition $2 (0: warm-up), output $3. Figures from the profile JSON.
run_lensgen() {
  local ranks=$1 rep=$2 out=$3 log=$WORK/lensgen.log js=$WORK/profile.json t0 t1
  rm -f "$out" "$js"
  sync
  t0=$(now)
  /usr/bin/time -f '%U %S' -o "$WORK/cpu" "$MPIRUN" --oversubscribe -n "$ranks" "$LENSGEN" -options_file "$OPTS" \
    "${WORKLOAD[@]}" -data_n "$N" -run_batch "$BATCH" -run_backend cpu -data_output "$out" -data_overwrite \
    -data_preview none -run_progress 100000 -run_profile_json "$js" >"$log" 2>&1 ||
    { cat "$log" >&2; die "lensgen on $ranks ranks failed"; }
  t1=$(now)
  [[ -s $js ]] || { cat "$log" >&2; die "lensgen wrote no profile JSON ($js)"; }
  local kind=lensgen$ranks
  record "$kind" "$rep" process_s "$(elapsed "$t0" "$t1")"
  record "$kind" "$rep" cpu_s "$(cpu_of "$WORK/cpu")"
  ((rep > 0)) || return 0
  "$PYTHON" - "$js" "$kind" "$rep" "$N" >>"$RAW" <<'EOF' || die "cannot read lensgen's profile JSON"
import json, sys
path, kind, rep, n = sys.argv[1:]
p = json.load(open(path))
assert p["samples_generated"] == int(n), p["samples_generated"]
print(f"{kind}\t{rep}\twall_s\t{p['wall_s']}")
for phase, s in p["summary"].items():  # max over ranks, and the sum (rank-seconds)
    print(f"{kind}\t{rep}\t{phase}_max_s\t{s['max']}")
    print(f"{kind}\t{rep}\t{phase}_sum_s\t{s['mean'] * p['n_ranks']}")
EOF
}

run_numpy() {
  local rep=$1 out=$WORK/numpy.h5 t0 t1 js
  rm -f "$out"
  sync
  t0=$(now)
  js=$(/usr/bin/time -f '%U %S' -o "$WORK/cpu" "$PYTHON" "$NUMPY_IMAGES" --params-from "$WORK/params.h5" -n "$N" \
    --batch "$NUMPY_BATCH" --out "$out" --json) || die "numpy_images.py failed"
  t1=$(now)
  ((rep > 0)) || return 0
  record numpy "$rep" process_s "$(elapsed "$t0" "$t1")"
  record numpy "$rep" cpu_s "$(cpu_of "$WORK/cpu")"
  "$PYTHON" - "$js" "$rep" >>"$RAW" <<'EOF' || die "cannot read numpy_images.py's JSON"
import json, sys
js, rep = json.loads(sys.argv[1]), sys.argv[2]
for k in ("total_s", "cpu_s", "trace_s", "psf_s", "noise_s", "write_s"):
    print(f"numpy\t{rep}\t{k.replace('cpu_s', 'inprog_cpu_s')}\t{js[k]}")
EOF
  rm -f "$out"
}

MODEL=$(lscpu | awk -F: '/^Model name/ { gsub(/^ +/, "", $2); print $2 }')
echo "bench_images: N=$N images of 64x64 (S = 2, hst_wfc3_f160w: Gaussian PSF, noise), lensgen batch $BATCH," \
  "NumPy batch $NUMPY_BATCH, R=$R rounds (+$WARMUP warm-up), in $WORK"
echo "  machine:    $MODEL, $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  2 CPU-bound processes together do $(cpu_probe)x the work of one (2.00 = two free cores)"
# The systems: a first, untimed lensgen run; NumPy renders its /params (same lenses, same sources).
run_lensgen 1 0 "$WORK/params.h5"
echo "  lensgen:    $LENSGEN_SRC (a copy), built from $("$PYTHON" -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r").attrs["git_commit"])' \
  "$WORK/params.h5") (checkout HEAD $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '-'))"
echo "  python:     $("$PYTHON" -c 'import numpy, scipy, sys; print(f"{sys.executable} {sys.version.split()[0]}, numpy {numpy.__version__}, scipy {scipy.__version__}")')"
for ((w = 0; w < WARMUP; w++)); do run_lensgen 2 0 "$WORK/lensgen2.h5"; run_numpy 0; done
for ((rep = 1; rep <= R; rep++)); do
  printf '  round %d/%d: lensgen 1 rank, lensgen 2 ranks, numpy\n' "$rep" "$R"
  run_lensgen 1 "$rep" "$WORK/lensgen1.h5"
  run_lensgen 2 "$rep" "$WORK/lensgen2.h5"
  run_numpy "$rep"
done
[[ -n ${KEEP_RAW:-} ]] && cp "$RAW" "$KEEP_RAW"
echo "  load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PYTHON" - "$RAW" "$N" <<'EOF'
import collections, statistics, sys
raw, n = sys.argv[1], int(sys.argv[2])
vals = collections.defaultdict(list)
for line in open(raw):
    kind, rep, metric, value = line.split("\t")
    if int(rep) > 0:
        vals[kind, metric].append(float(value))
m = lambda kind, metric: statistics.median(vals[kind, metric])
print(f"\nMedians of {len(vals['numpy', 'total_s'])} rounds; {n} images per run.")
print("'in-program' = lensgen's wall_s (after MPI_Init and option parsing to the file closed) or numpy_images.py's")
print("stages (trace + psf + noise + write; excludes interpreter start, imports, reading /params); 'process' = the")
print("whole mpirun / python3 command; CPU = user + system seconds of the command and its children (/usr/bin/time).\n")
print("| run | in-program s | images/s | process s | images/s | CPU s | images per CPU s |")
print("|---|---:|---:|---:|---:|---:|---:|")
rows = [("lensgen, 1 rank", "lensgen1", "wall_s"), ("lensgen, 2 ranks", "lensgen2", "wall_s"),
        ("NumPy/SciPy", "numpy", "total_s")]
ips = {}
for label, k, wall in rows:
    w, p, c = m(k, wall), m(k, "process_s"), m(k, "cpu_s")
    ips[k] = (n / w, n / p, n / c)
    print(f"| {label} | {w:.3f} | {n / w:.0f} | {p:.3f} | {n / p:.0f} | {c:.3f} | {n / c:.0f} |")
print("\n| ratio (images/s) | in-program | process | per CPU s |")
print("|---|---:|---:|---:|")
for label, a, b in [("lensgen 1 rank / NumPy", "lensgen1", "numpy"), ("lensgen 2 ranks / NumPy", "lensgen2", "numpy"),
                    ("lensgen 2 ranks / 1 rank", "lensgen2", "lensgen1")]:
    print(f"| {label} | {ips[a][0] / ips[b][0]:.2f} | {ips[a][1] / ips[b][1]:.2f} | {ips[a][2] / ips[b][2]:.2f} |")
print("\nPer image, ms: lensgen's profile phases (1 rank; 2 ranks: summed over the ranks, i.e. rank-ms per image)")
print("against numpy_images.py's stages. trace = deflection + source on the sub-pixels (+ the unlensed source for")
print("obs_magnification); psf = convolution + binning; noise = Poisson + read noise (+ obs_snr); render = lensgen's")
print("map backend (runs although no map product is asked); draw = prior draws; write = HDF5.\n")
print("| stage | lensgen 1 rank | lensgen 2 ranks (sum) | NumPy | NumPy / lensgen 1 rank |")
print("|---|---:|---:|---:|---:|")
for ph in ("draw", "render", "trace", "psf", "noise", "write", "wait"):
    a, b = 1e3 * m("lensgen1", ph + "_max_s") / n, 1e3 * m("lensgen2", ph + "_sum_s") / n
    c = 1e3 * m("numpy", ph + "_s") / n if ("numpy", ph + "_s") in vals else None
    cs = f"{c:.3f}" if c is not None else "-"
    rs = f"{c / a:.2f}" if c is not None and a > 0 else "-"
    print(f"| {ph} | {a:.3f} | {b:.3f} | {cs} | {rs} |")
a, c = 1e3 * m("lensgen1", "total_max_s") / n, 1e3 * m("numpy", "total_s") / n
print(f"| total | {a:.3f} | {1e3 * m('lensgen2', 'total_sum_s') / n:.3f} | {c:.3f} | {c / a:.2f} |")
EOF

if [[ $CHECK == 1 ]]; then
  echo
  echo "Validation: numpy_images.py --check on the last 2-rank lensgen file; 1 rank vs 2 ranks bit for bit"
  "$PYTHON" "$NUMPY_IMAGES" --check "$WORK/lensgen2.h5" || die "the NumPy recomputation disagrees with lensgen"
  "$PYTHON" - "$WORK/lensgen1.h5" "$WORK/lensgen2.h5" <<'EOF' || die "1-rank and 2-rank images differ"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as a, h5py.File(sys.argv[2], "r") as b:
    for k in ("image", "image_noiseless", "params"):
        same = a[k][...].tobytes() == b[k][...].tobytes()
        print(f"  {k}: 1 rank and 2 ranks {'bit-identical' if same else 'DIFFER'}")
        if not same:
            sys.exit(1)
EOF
fi
