#!/usr/bin/env bash
# Benchmark of the quickstart workload (SIE + external shear, all five products, float32 HDF5):
# lensgen on 1 and 2 MPI ranks (CPU backend), the plain NumPy baseline (numpy_maps.py) and the
# write bandwidth of the same filesystem, interleaved, R times each; prints a table of medians.
# Usage: tools/bench/bench_quickstart.sh      (from anywhere; see tools/bench/README.md)
# Environment: N (samples, 4096), R (repeats, 5), WARMUP (untimed rounds, 1), NPIX (64), BATCH (64,
#   lensgen -run_batch and the NumPy batch), BENCH_TMPDIR (where the files go, ${TMPDIR:-/tmp}),
#   LENSGEN (build/lensgen), MPIRUN (mpirun), PYTHON (/usr/bin/python3), CHECK (1: --check the last
#   lensgen file), KEEP_RAW (a file to copy the raw per-run records to).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/tools/bench/lib.sh"
N=${N:-4096}
R=${R:-5}
WARMUP=${WARMUP:-1}
NPIX=${NPIX:-64}
BATCH=${BATCH:-64}
LENSGEN=${LENSGEN:-$ROOT/build/lensgen}
MPIRUN=${MPIRUN:-mpirun}
PYTHON=${PYTHON:-/usr/bin/python3}
CHECK=${CHECK:-1}
OPTS=$ROOT/inputs/quickstart.opts
NUMPY_MAPS=$ROOT/tools/bench/numpy_maps.py
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

die() { echo "bench_quickstart: $*" >&2; exit 1; }
for v in N R NPIX BATCH; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: a positive integer is required"
done
[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP=$WARMUP: a non-negative integer is required"
[[ -x $LENSGEN ]] || die "$LENSGEN not found or not executable: build it first (tools/setup/quickstart.sh, or cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2) or set LENSGEN"
[[ -r $OPTS ]] || die "$OPTS not found"
command -v "$MPIRUN" >/dev/null || die "$MPIRUN not found: install Open MPI or set MPIRUN"
"$PYTHON" -c 'import numpy, h5py' 2>/dev/null ||
  die "$PYTHON cannot import numpy and h5py (Debian: apt-get install python3-numpy python3-h5py; set PYTHON)"

WORK=$(mktemp -d -p "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}" lensgen-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RAW=$WORK/raw.tsv # kind rep metric value
# Every run uses this snapshot, so a rebuild of build/ during the benchmark changes nothing.
cp "$LENSGEN" "$WORK/lensgen.bin"
LENSGEN_SRC=$LENSGEN
LENSGEN=$WORK/lensgen.bin
: >"$RAW"

# Time of a full sync (the page cache is flushed before every timed run, so runs start equal).
flush() { local t0; t0=$(now); sync; elapsed "$t0" "$(now)"; }

# lensgen on $1 ranks, repetition $2 (0: warm-up). Parses the summary and the phase table.
run_lensgen() {
  local ranks=$1 rep=$2 out=$WORK/lensgen.h5 log=$WORK/lensgen.log t0 t1
  rm -f "$out"
  flush >/dev/null
  t0=$(now)
  "$MPIRUN" --oversubscribe -n "$ranks" "$LENSGEN" -options_file "$OPTS" -data_n "$N" -grid_npix "$NPIX" \
    -run_batch "$BATCH" -run_backend cpu -data_output "$out" -data_overwrite -data_preview none \
    -run_progress 100000 >"$log" 2>&1 || { cat "$log" >&2; die "lensgen on $ranks ranks failed"; }
  t1=$(now)
  local kind=lensgen$ranks
  record "$kind" "$rep" process_s "$(elapsed "$t0" "$t1")"
  record "$kind" "$rep" sync_after_s "$(flush)"
  record "$kind" "$rep" bytes "$(stat -c %s "$out")"
  local wall render write
  wall=$(awk '/^ *wall time/ { print $3 }' "$log")
  render=$(awk '$1 == "render" { print $2 }' "$log")
  write=$(awk '$1 == "write" { print $2 }' "$log")
  [[ -n $wall && -n $render && -n $write ]] || { cat "$log" >&2; die "cannot parse lensgen's summary (wall time, render, write)"; }
  record "$kind" "$rep" wall_s "$wall"
  record "$kind" "$rep" render_s "$render"
  record "$kind" "$rep" write_s "$write"
}

run_numpy() {
  local rep=$1 out=$WORK/numpy.h5 t0 t1 js
  rm -f "$out"
  flush >/dev/null
  t0=$(now)
  js=$("$PYTHON" "$NUMPY_MAPS" -n "$N" --npix "$NPIX" --batch "$BATCH" --out "$out" --json) || die "numpy_maps.py failed"
  t1=$(now)
  record numpy "$rep" process_s "$(elapsed "$t0" "$t1")"
  record numpy "$rep" sync_after_s "$(flush)"
  record numpy "$rep" bytes "$(stat -c %s "$out")"
  local k
  for k in compute_s write_s total_s; do
    record numpy "$rep" "$k" "$("$PYTHON" -c "import json,sys; print(json.loads(sys.argv[1])['$k'])" "$js")"
  done
  rm -f "$out"
}

# dd of as many MiB as the lensgen file: buffered (page cache, as lensgen writes: it does not
# fsync) and durable (conv=fdatasync: until the data is on the device).
run_disk() {
  local rep=$1 mib=$2 out=$WORK/dd.bin t0 t1
  rm -f "$out"
  flush >/dev/null
  t0=$(now)
  dd if=/dev/zero of="$out" bs=1M count="$mib" conv=fdatasync status=none
  t1=$(now)
  record dd_fdatasync "$rep" seconds "$(elapsed "$t0" "$t1")"
  record dd_fdatasync "$rep" bytes $((mib * 1048576))
  rm -f "$out"
  flush >/dev/null
  t0=$(now)
  dd if=/dev/zero of="$out" bs=1M count="$mib" status=none
  t1=$(now)
  record dd_buffered "$rep" seconds "$(elapsed "$t0" "$t1")"
  record dd_buffered "$rep" bytes $((mib * 1048576))
  rm -f "$out"
}


echo "bench_quickstart: N=$N samples of ${NPIX}x$NPIX, batch $BATCH, R=$R repeats (+$WARMUP warm-up), in $WORK"
echo "  machine:    $(lscpu | awk -F: '/^Model name/ { gsub(/^ +/, "", $2); print $2 }'), $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  2 CPU-bound processes together do $(cpu_probe)x the work of one (2.00 = two free cores)"
echo "  filesystem: $(df -T "$WORK" | awk 'NR == 2 { print $1, $2, $7 }')"
# MiB of the dd files: the size of lensgen's output for this N (a first untimed lensgen run).
run_lensgen 1 0
MIB=$(($(stat -c %s "$WORK/lensgen.h5") / 1048576 + 1))
echo "  lensgen:    $LENSGEN_SRC (a copy), built from $("$PYTHON" -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r").attrs["git_commit"])' \
  "$WORK/lensgen.h5") (checkout HEAD $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '-'))"
for ((w = 1; w < WARMUP; w++)); do run_lensgen 1 0; done
for ((w = 0; w < WARMUP; w++)); do run_lensgen 2 0; run_numpy 0; run_disk 0 "$MIB"; done
for ((rep = 1; rep <= R; rep++)); do
  printf '  round %d/%d: lensgen 1 rank, lensgen 2 ranks, numpy, dd\n' "$rep" "$R"
  run_lensgen 1 "$rep"
  run_lensgen 2 "$rep"
  run_numpy "$rep"
  run_disk "$rep" "$MIB"
done
[[ -n ${KEEP_RAW:-} ]] && cp "$RAW" "$KEEP_RAW"
echo "  load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PYTHON" - "$RAW" "$N" <<'EOF'
import collections, statistics, sys
raw, n = sys.argv[1], int(sys.argv[2])
vals = collections.defaultdict(list)
for line in open(raw):
    kind, rep, metric, value = line.split("\t")
    vals[kind, metric].append(float(value))
m = lambda kind, metric: statistics.median(vals[kind, metric])
reps = len(vals["numpy", "total_s"])
mb = m("lensgen1", "bytes") / 1e6
dd_sync = m("dd_fdatasync", "bytes") / 1e6 / m("dd_fdatasync", "seconds")
dd_buf = m("dd_buffered", "bytes") / 1e6 / m("dd_buffered", "seconds")
print(f"\nMedians of {reps} runs; {n} samples, output {mb:.1f} MB per run.")
print("'in-program' = lensgen's summary 'wall time' (from after MPI_Init and option parsing to the file closed)")
print("or numpy_maps.py's compute + write; 'process' = the whole mpirun / python3 command (start-up included).\n")
print("| run | in-program s | samples/s | process s | samples/s | render/compute s | write s |")
print("|---|---:|---:|---:|---:|---:|---:|")
rows = [("lensgen, 1 rank", "lensgen1", "wall_s", "render_s"), ("lensgen, 2 ranks", "lensgen2", "wall_s", "render_s"),
        ("NumPy baseline", "numpy", "total_s", "compute_s")]
sps = {}
for label, k, wall, comp in rows:
    w, p = m(k, wall), m(k, "process_s")
    sps[k] = (n / w, n / p, n / m(k, comp))
    print(f"| {label} | {w:.3f} | {n / w:.0f} | {p:.3f} | {n / p:.0f} | {m(k, comp):.3f} | {m(k, 'write_s'):.3f} |")
print("\n| ratio | in-program | process | render vs compute only |")
print("|---|---:|---:|---:|")
for label, a, b in [("lensgen 1 rank / NumPy", "lensgen1", "numpy"), ("lensgen 2 ranks / NumPy", "lensgen2", "numpy"),
                    ("lensgen 2 ranks / 1 rank", "lensgen2", "lensgen1")]:
    print(f"| {label} | {sps[a][0] / sps[b][0]:.2f} | {sps[a][1] / sps[b][1]:.2f} | {sps[a][2] / sps[b][2]:.2f} |")
print(f"\nDisk (same filesystem, {m('dd_fdatasync', 'bytes') / 1e6:.0f} MB with dd bs=1M): "
      f"durable (conv=fdatasync) {dd_sync:.0f} MB/s, buffered (page cache, no sync) {dd_buf:.0f} MB/s.")
print("\n| output rate | MB/s | of durable disk | of buffered |")
print("|---|---:|---:|---:|")
for label, k, wall in [("lensgen 1 rank, end to end (bytes / wall)", "lensgen1", "wall_s"),
                       ("lensgen 1 rank, write phase only", "lensgen1", "write_s"),
                       ("lensgen 2 ranks, end to end", "lensgen2", "wall_s"),
                       ("lensgen 2 ranks, write phase only", "lensgen2", "write_s"),
                       ("NumPy + h5py, write only", "numpy", "write_s")]:
    r = m(k, "bytes") / 1e6 / m(k, wall)
    print(f"| {label} | {r:.0f} | {r / dd_sync:.2f} | {r / dd_buf:.2f} |")
for k, label in [("lensgen1", "lensgen 1 rank"), ("lensgen2", "lensgen 2 ranks"), ("numpy", "NumPy")]:
    s = m(k, "sync_after_s")
    print(f"\n{label}: sync after the run took {s:.3f} s more (data still in the page cache at exit); "
          f"durable end to end {n / (m(k, 'process_s') + s):.0f} samples/s.", end="")
print()
EOF

if [[ $CHECK == 1 ]]; then
  echo
  echo "Validation: numpy_maps.py --check on the last lensgen file ($N samples)"
  "$PYTHON" "$NUMPY_MAPS" --check "$WORK/lensgen.h5" || die "the NumPy recomputation disagrees with lensgen"
fi
