#!/usr/bin/env bash
# lensgen's collective HDF5 write against the disk: the write phase (max over ranks, from
# -run_profile_json) of the quickstart workload uncompressed and with -data_compress levels, and a
# durable dd of the same byte count on the same filesystem, interleaved, R times each.
# Usage: tools/bench/bench_write.sh [RESULTS_DIR]   (RESULTS_DIR: also write write.json and write.csv there)
# Environment: N (samples, 2048), R (repeats, 3), WARMUP (untimed rounds of the uncompressed run and dd,
#   1), RANKS (rank counts, "1 2"), LEVELS (-data_compress levels, "0 1 4 9"), NPIX (64), BATCH (64,
#   -run_batch), BENCH_TMPDIR (where the files go, ${TMPDIR:-/tmp}), LENSGEN (build/lensgen), MPIRUN
#   (mpirun), PYTHON (/usr/bin/python3), H5PY_REF (1: also time h5py writing the same arrays with the same
#   filters and chunks on one process: the cost of shuffle + deflate without MPI-IO), CHECK (1: compare
#   every compressed file of the last round with the uncompressed one), KEEP_RAW (a file to copy the raw
#   per-run records to).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/tools/bench/lib.sh"
RESULTS=${1:-}
N=${N:-2048}
R=${R:-3}
WARMUP=${WARMUP:-1}
RANKS=${RANKS:-1 2}
LEVELS=${LEVELS:-0 1 4 9}
NPIX=${NPIX:-64}
BATCH=${BATCH:-64}
LENSGEN=${LENSGEN:-$ROOT/build/lensgen}
MPIRUN=${MPIRUN:-mpirun}
PYTHON=${PYTHON:-/usr/bin/python3}
H5PY_REF=${H5PY_REF:-1}
CHECK=${CHECK:-1}
OPTS=$ROOT/inputs/quickstart.opts
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# a rank waiting in MPI gives its core away (matters once ranks outnumber cores; set alike for all)
export OMPI_MCA_mpi_yield_when_idle=1

die() { echo "bench_write: $*" >&2; exit 1; }
for v in N R NPIX BATCH; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: a positive integer is required"
done
[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP=$WARMUP: a non-negative integer is required"
read -r -a RANK_LIST <<<"$RANKS"
read -r -a LEVEL_LIST <<<"$LEVELS"
[[ ${#RANK_LIST[@]} -ge 1 ]] || die "RANKS is empty"
for p in "${RANK_LIST[@]}"; do [[ $p =~ ^[1-9][0-9]*$ ]] || die "RANKS=\"$RANKS\": $p is not a positive integer"; done
[[ ${LEVEL_LIST[0]:-} == 0 ]] || die "LEVELS=\"$LEVELS\": the first level must be 0 (the uncompressed reference)"
for l in "${LEVEL_LIST[@]}"; do [[ $l =~ ^[0-9]$ ]] || die "LEVELS=\"$LEVELS\": $l is not a level 0..9"; done
[[ -x $LENSGEN ]] || die "$LENSGEN not found or not executable: build it first (cmake --build build -j2) or set LENSGEN"
[[ -r $OPTS ]] || die "$OPTS not found"
command -v "$MPIRUN" >/dev/null || die "$MPIRUN not found: install Open MPI or set MPIRUN"
"$PYTHON" -c 'import numpy, h5py' 2>/dev/null ||
  die "$PYTHON cannot import numpy and h5py (Debian: apt-get install python3-numpy python3-h5py; set PYTHON)"
[[ -z $RESULTS ]] || mkdir -p "$RESULTS" || die "cannot create the results folder $RESULTS"

WORK=$(mktemp -d -p "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}" lensgen-write.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RAW=$WORK/raw.tsv # kind rep metric value
# Every run uses this snapshot, so a rebuild of build/ during the benchmark changes nothing.
cp "$LENSGEN" "$WORK/lensgen.bin"
LENSGEN_SRC=$LENSGEN
LENSGEN=$WORK/lensgen.bin
: >"$RAW"


# lensgen on $1 ranks at compression level $2, repetition $3 (0: warm-up, not recorded). The file
# of each (ranks, level) stays until the next run of that pair, for the checks at the end.
run_lensgen() {
  local ranks=$1 level=$2 rep=$3 out=$WORK/lensgen_p$1_c$2.h5 log=$WORK/lensgen.log js=$WORK/profile.json
  rm -f "$out" "$js"
  sync
  "$MPIRUN" --oversubscribe -n "$ranks" "$LENSGEN" -options_file "$OPTS" -data_n "$N" -grid_npix "$NPIX" \
    -run_batch "$BATCH" -run_backend cpu -data_output "$out" -data_overwrite -data_preview none \
    -data_compress "$level" -run_progress 100000 -run_profile_json "$js" >"$log" 2>&1 ||
    { cat "$log" >&2; die "lensgen ($ranks ranks, -data_compress $level) failed"; }
  [[ -s $js ]] || { cat "$log" >&2; die "lensgen wrote no profile JSON ($js)"; }
  local kind=p${ranks}_c$level
  record "$kind" "$rep" file_bytes "$(stat -c %s "$out")"
  local figures
  figures=$("$PYTHON" -c 'import json, sys
p = json.load(open(sys.argv[1]))
print(p["wall_s"], p["summary"]["write"]["max"], p["summary"]["write"]["min"], p["summary"]["render"]["max"], p["git_commit"])' "$js") ||
    die "cannot read lensgen's profile JSON"
  read -r wall write_max write_min render_max COMMIT <<<"$figures"
  record "$kind" "$rep" wall_s "$wall"
  record "$kind" "$rep" write_max_s "$write_max"
  record "$kind" "$rep" write_min_s "$write_min"
  record "$kind" "$rep" render_max_s "$render_max"
}

# dd of $2 MiB with conv=fdatasync (until the data is on the device), repetition $1.
run_dd() {
  local rep=$1 mib=$2 out=$WORK/dd.bin t0 t1
  rm -f "$out"
  sync
  t0=$(now)
  dd if=/dev/zero of="$out" bs=1M count="$mib" conv=fdatasync status=none
  t1=$(now)
  record dd_fdatasync "$rep" seconds "$(elapsed "$t0" "$t1")"
  record dd_fdatasync "$rep" bytes $((mib * 1048576))
  rm -f "$out"
}

# h5py on one process writes the arrays of the uncompressed lensgen file $2 again at every
# compressed level of LEVELS, with lensgen's layout (shuffle + deflate, one sample per chunk), closes
# and fsyncs the file; repetition $1. Reading the arrays is untimed. The cost of the filters alone.
run_h5py() {
  local rep=$1 src=$2 out=$WORK/h5py.h5 res
  sync
  res=$("$PYTHON" - "$src" "$out" "${LEVEL_LIST[@]:1}" <<'EOF'
import os, sys, time
import h5py
src, out, levels = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3:]]
with h5py.File(src, "r") as f:
    arrays = {k: f[k][()] for k in f if isinstance(f[k], h5py.Dataset) and k not in ("profile", "grid")}
for level in levels:
    t0 = time.perf_counter()
    with h5py.File(out, "w") as g:
        for k, a in arrays.items():
            g.create_dataset(k, data=a, chunks=(1,) + a.shape[1:], shuffle=True, compression="gzip",
                             compression_opts=level)
    fd = os.open(out, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    print(level, time.perf_counter() - t0, os.stat(out).st_size)
    os.remove(out)
EOF
) || die "the h5py reference failed"
  local level seconds bytes
  while read -r level seconds bytes; do
    record "h5py_c$level" "$rep" write_max_s "$seconds"
    record "h5py_c$level" "$rep" file_bytes "$bytes"
  done <<<"$res"
}


# Bytes the batches write (products, /params, /done: the raw data behind lensgen's write phase),
# read from an uncompressed file.
payload_bytes() {
  "$PYTHON" -c 'import h5py, sys
f = h5py.File(sys.argv[1], "r")
print(sum(f[k].size * f[k].dtype.itemsize for k in f if isinstance(f[k], h5py.Dataset) and k != "profile"))' "$1"
}

MODEL=$(lscpu | awk -F: '/^Model name/ { gsub(/^ +/, "", $2); print $2 }')
FS=$(df -T "$WORK" | awk 'NR == 2 { print $1, $2, $7 }')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
PROBE=$(cpu_probe)
HEAD=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '-')
COMMIT=-
echo "bench_write: N=$N samples of ${NPIX}x$NPIX, batch $BATCH, ranks $RANKS, -data_compress $LEVELS;" \
  "R=$R repeats (+$WARMUP warm-up), in $WORK"
echo "  machine:    $MODEL, $(nproc) cpus, load average $LOAD_BEFORE"
echo "  2 CPU-bound processes together do ${PROBE}x the work of one (2.00 = two free cores)"
echo "  filesystem: $FS"
run_lensgen "${RANK_LIST[0]}" 0 0
PAYLOAD=$(payload_bytes "$WORK/lensgen_p${RANK_LIST[0]}_c0.h5")
MIB=$(((PAYLOAD + 1048575) / 1048576))
echo "  lensgen:    $LENSGEN_SRC (a copy), git_commit $COMMIT (checkout HEAD $HEAD)"
echo "  raw data written by the batches: $PAYLOAD bytes; dd writes $MIB MiB"
for ((w = 0; w < WARMUP; w++)); do
  for p in "${RANK_LIST[@]}"; do run_lensgen "$p" 0 0; done
  run_dd 0 "$MIB"
done
for ((rep = 1; rep <= R; rep++)); do
  printf '  round %d/%d:' "$rep" "$R"
  for p in "${RANK_LIST[@]}"; do
    for l in "${LEVEL_LIST[@]}"; do
      printf ' p%d c%d,' "$p" "$l"
      run_lensgen "$p" "$l" "$rep"
    done
  done
  if [[ $H5PY_REF == 1 && ${#LEVEL_LIST[@]} -gt 1 ]]; then
    printf ' h5py,'
    run_h5py "$rep" "$WORK/lensgen_p${RANK_LIST[0]}_c0.h5"
  fi
  echo ' dd'
  run_dd "$rep" "$MIB"
done
[[ -n ${KEEP_RAW:-} ]] && cp "$RAW" "$KEEP_RAW"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
echo "  load average after the runs: $LOAD_AFTER"

MODEL=$MODEL FS=$FS PROBE=$PROBE LOAD_BEFORE=$LOAD_BEFORE LOAD_AFTER=$LOAD_AFTER HEAD=$HEAD COMMIT=$COMMIT \
  DATE_UTC=$(date -u '+%Y-%m-%d %H:%M') NPROC=$(nproc) R=$R N=$N NPIX=$NPIX BATCH=$BATCH PAYLOAD=$PAYLOAD \
  "$PYTHON" - "$RAW" "$RESULTS" <<'EOF'
import collections, csv, json, os, statistics, sys
raw, results = sys.argv[1], sys.argv[2]
env = os.environ
payload = int(env["PAYLOAD"])
vals = collections.defaultdict(list)
for line in open(raw):
    kind, rep, metric, value = line.rstrip("\n").split("\t")
    vals[kind, metric].append(float(value))
m = lambda kind, metric: statistics.median(vals[kind, metric])
dd_s = m("dd_fdatasync", "seconds")
dd_mb_s = m("dd_fdatasync", "bytes") / 1e6 / dd_s
# kinds: p<ranks>_c<level> (lensgen) and h5py_c<level> (the one-process h5py reference, ranks 0)
order = lambda k: (k.startswith("h5py"), tuple(int(x[1:]) if x[1:].isdigit() else 0 for x in k.split("_")))
kinds = sorted({k for k, _ in vals if k != "dd_fdatasync"}, key=order)
get = lambda k, metric: m(k, metric) if (k, metric) in vals else float("nan")
rows = []
for k in kinds:
    who, level = k.split("_")
    w = m(k, "write_max_s")
    fb = m(k, "file_bytes")
    rows.append({"writer": "h5py" if who == "h5py" else "lensgen", "ranks": 1 if who == "h5py" else int(who[1:]),
                 "level": int(level[1:]), "runs": len(vals[k, "write_max_s"]), "write_max_s": w,
                 "write_min_s": get(k, "write_min_s"), "wall_s": get(k, "wall_s"),
                 "render_max_s": get(k, "render_max_s"), "file_bytes": fb, "ratio": payload / fb, "raw_mb_s": payload / 1e6 / w, "file_mb_s": fb / 1e6 / w,
                 "raw_of_disk": payload / 1e6 / w / dd_mb_s, "file_of_disk": fb / 1e6 / w / dd_mb_s})
n = int(env["N"])
print(f"\nMedians of {rows[0]['runs']} runs; {n} samples, {payload / 1e6:.1f} MB of raw data "
      "(products + /params + /done) per run.")
print(f"Disk, same filesystem: dd bs=1M conv=fdatasync of {m('dd_fdatasync', 'bytes') / 1e6:.0f} MB: "
      f"{dd_s:.3f} s, {dd_mb_s:.0f} MB/s.")
print("write s = lensgen's write phase, max over ranks (profile JSON): the collective H5Dwrite of every dataset")
print("(with compression: shuffle + deflate inside it), the agreements and one H5Fflush (fsync) per batch.\n")
opt = lambda x: "—" if x != x else f"{x:.3f}"
print("| writer | ranks | -data_compress | write s | raw MB/s | raw / disk | file MB | ratio | file MB/s | file / disk | wall s | render s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['writer']} | {r['ranks']} | {r['level']} | {r['write_max_s']:.3f} | {r['raw_mb_s']:.0f} | {r['raw_of_disk']:.2f} | "
          f"{r['file_bytes'] / 1e6:.1f} | {r['ratio']:.3f} | {r['file_mb_s']:.0f} | {r['file_of_disk']:.2f} | "
          f"{opt(r['wall_s'])} | {opt(r['render_max_s'])} |")
print("\nraw MB/s = raw data / write s; ratio = raw data / file size; file MB/s = file size / write s;")
print("x / disk = that rate over the durable dd rate. h5py = the same arrays, filters and chunks written by h5py")
print("on one process (create, write, close, fsync; no MPI-IO): what shuffle + deflate cost by themselves.")
if results:
    meta = {k.lower(): env[k] for k in ("MODEL", "FS", "PROBE", "LOAD_BEFORE", "LOAD_AFTER", "HEAD", "COMMIT",
                                        "DATE_UTC", "NPROC", "R", "N", "NPIX", "BATCH")}
    rows = [{k: (None if v != v else v) for k, v in r.items()} for r in rows]  # NaN is not JSON
    json.dump({"meta": meta, "payload_bytes": payload, "dd_fdatasync_mb_s": dd_mb_s, "runs": rows},
              open(f"{results}/write.json", "w"), indent=1)
    with open(f"{results}/write.csv", "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=list(rows[0]))
        wr.writeheader()
        wr.writerows(rows)
    print(f"medians: {results}/write.json, {results}/write.csv")
EOF

if [[ $CHECK == 1 ]]; then
  echo
  echo "Validation: every compressed file of the last round holds the same data as the uncompressed one"
  for p in "${RANK_LIST[@]}"; do
    for l in "${LEVEL_LIST[@]:1}"; do
      "$PYTHON" - "$WORK/lensgen_p${p}_c0.h5" "$WORK/lensgen_p${p}_c$l.h5" "$p" "$l" <<'EOF' || die "compressed file differs"
import sys
import h5py, numpy as np
ref, other, p, level = sys.argv[1:]
with h5py.File(ref, "r") as a, h5py.File(other, "r") as b:
    names = [k for k in a if isinstance(a[k], h5py.Dataset) and k != "profile"]
    bad = [k for k in names if not np.array_equal(a[k][()], b[k][()])]
    filters = {k: sorted(b[k]._filters) for k in names if k not in ("params", "done")}
    chunks = {k: b[k].chunks for k in names}
print(f"  {p} ranks, -data_compress {level}: {'same' if not bad else 'DIFFERENT ' + ','.join(bad)} "
      f"({', '.join(names)}); filters {sorted(set(map(tuple, filters.values())))}, kappa chunks {chunks.get('kappa')}")
sys.exit(1 if bad else 0)
EOF
    done
  done
fi
