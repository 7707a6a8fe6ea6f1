#!/usr/bin/env bash
# Per-profile speed on one core: lensgen's CPU backend as built (SIMD row loops, libmvec, AVX-512 or
# AVX2 clone), the same backend built scalar, and plain NumPy (numpy_profiles.py) run as a user would
# and tuned, interleaved round by round; prints medians, ratios, two floors (FLOORS=1: an empty lens,
# memset of the same output bytes), a check that both sides compute the same maps, and what each
# kind's row function in src/backends/cpu_backend.c compiled to.
# Usage: tools/bench/bench_profiles.sh        (from anywhere; see tools/bench/README.md)
# Environment: R (rounds, 3), REPS (timed renders per kind and round, 3), WARMUP (1), N (samples of
#   the closed-form kinds, 64), N_NUM (samples of the numerical kinds, 4), NPIX (128), FOV (12.8),
#   KINDS (comma list, all), CORE (the core to pin to, 1), BUILD (build folder, build), PYTHON
#   (/usr/bin/python3), NUMPY_BATCH (16), NUMPY_TUNED_BATCH (2), CHECK (1), VECREPORT (1), FLOORS (1),
#   BENCH_TMPDIR (${TMPDIR:-/tmp}), KEEP_RAW (a file to copy the raw JSON records to).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
R=${R:-3}
REPS=${REPS:-3}
WARMUP=${WARMUP:-1}
N=${N:-64}
N_NUM=${N_NUM:-4}
NPIX=${NPIX:-128}
FOV=${FOV:-12.8}
KINDS=${KINDS:-}
CORE=${CORE:-1}
BUILD=${BUILD:-$ROOT/build}
PYTHON=${PYTHON:-/usr/bin/python3}
NUMPY_BATCH=${NUMPY_BATCH:-16}
NUMPY_TUNED_BATCH=${NUMPY_TUNED_BATCH:-2}
CHECK=${CHECK:-1}
VECREPORT=${VECREPORT:-1}
FLOOR=$([[ ${FLOORS:-1} == 1 ]] && echo --floor || true)
NUMPY_PROFILES=$ROOT/tools/bench/numpy_profiles.py

die() { echo "bench_profiles: $*" >&2; exit 1; }
for v in R REPS N N_NUM NPIX NUMPY_BATCH NUMPY_TUNED_BATCH; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: a positive integer is required"
done
[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP=$WARMUP: a non-negative integer is required"
"$PYTHON" -c 'import numpy' 2>/dev/null ||
  die "$PYTHON cannot import numpy (Debian: apt-get install python3-numpy; or set PYTHON)"

# Build (incremental) the two variants; configure first if the folder is new.
if [[ ! -f $BUILD/CMakeCache.txt ]]; then
  cmake -S "$ROOT" -B "$BUILD" >/dev/null || die "cmake configure of $BUILD failed"
fi
cmake --build "$BUILD" -j2 --target bench_profiles bench_profiles_scalar >/dev/null ||
  die "building bench_profiles in $BUILD failed (run: cmake --build $BUILD --target bench_profiles)"

WORK=$(mktemp -d -p "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}" lensgen-bench-profiles.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# Snapshots: a rebuild of $BUILD during the benchmark changes nothing.
cp "$BUILD/tools/bench/bench_profiles" "$WORK/vector"
cp "$BUILD/tools/bench/bench_profiles_scalar" "$WORK/scalar"
RAW=$WORK/raw.jsonl
: >"$RAW"

PIN=()
if command -v taskset >/dev/null && taskset -c "$CORE" true 2>/dev/null; then
  PIN=(taskset -c "$CORE")
else
  echo "bench_profiles: warning: not pinned (taskset missing or core $CORE unusable)" >&2
fi
COMMON=(--n "$N" --n-numerical "$N_NUM" --npix "$NPIX" --fov "$FOV")
[[ -n $KINDS ]] && COMMON+=(--kinds "$KINDS")

echo "== bench_profiles: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (working tree differs from HEAD)')"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores online;" \
  "flags: $(for f in avx2 fma avx512f; do grep -qw "$f" /proc/cpuinfo && printf '%s ' "$f"; done)"
echo "$(${CC:-cc} --version | head -1); numpy $("$PYTHON" -c 'import numpy; print(numpy.__version__)')" \
  "(SIMD found: $("$PYTHON" -c 'import numpy.core._multiarray_umath as m; print(",".join(m.__cpu_features__[k] and k or "" for k in ("AVX2","AVX512F","AVX512_SKX")).strip(","))' 2>/dev/null || echo '?'))"
echo "pinned: ${PIN[*]:-no}; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workload: ${NPIX}x${NPIX} pixels over $FOV arcsec, $N samples (numerical kinds $N_NUM), one component per" \
  "sample, all five products; $R rounds x ($WARMUP warm-up + $REPS timed) renders per kind and program"

# Parameters for NumPy and maps for the check: written once by each build (untimed).
"${PIN[@]}" "$WORK/vector" "${COMMON[@]}" --reps 1 --warmup 0 --json --dump "$WORK/dump" >/dev/null
"${PIN[@]}" "$WORK/scalar" "${COMMON[@]}" --reps 1 --warmup 0 --json --dump "$WORK/dump_scalar" >/dev/null

run_numpy() { # $1 tag, $2 batch, then env assignments
  local tag=$1 batch=$2
  shift 2
  env "$@" "${PIN[@]}" "$PYTHON" "$NUMPY_PROFILES" --dump "$WORK/dump" --reps "$REPS" --warmup "$WARMUP" \
    --batch "$batch" --json ${KINDS:+--kinds "$(filter_numpy_kinds)"} | sed "s/\"variant\": \"numpy\"/\"variant\": \"$tag\"/"
}
filter_numpy_kinds() { # the KINDS NumPy has a version of
  "$PYTHON" -c 'import sys; sys.path.insert(0, sys.argv[1]); import numpy_profiles as m
print(",".join(k for k in sys.argv[2].split(",") if k in m.EVALUATORS))' "$ROOT/tools/bench" "$KINDS"
}
PROGRAMS=(vector scalar numpy numpy_tuned)
run_program() {
  case $1 in
    vector | scalar) "${PIN[@]}" "$WORK/$1" "${COMMON[@]}" --reps "$REPS" --warmup "$WARMUP" --json $FLOOR ;;
    numpy) run_numpy numpy "$NUMPY_BATCH" ;;
    # glibc's malloc otherwise returns big temporaries to the kernel and page-faults them back in
    numpy_tuned) run_numpy numpy_tuned "$NUMPY_TUNED_BATCH" MALLOC_MMAP_THRESHOLD_=1073741824 \
      MALLOC_TRIM_THRESHOLD_=1073741824 ;;
  esac
}
for ((round = 1; round <= R; round++)); do
  for ((i = 0; i < ${#PROGRAMS[@]}; i++)); do # rotated each round so no program always runs first
    prog=${PROGRAMS[(i + round - 1) % ${#PROGRAMS[@]}]}
    printf '\r  round %d/%d: %-12s' "$round" "$R" "$prog" >&2
    [[ -n $KINDS && $prog == numpy* && -z $(filter_numpy_kinds) ]] && continue
    run_program "$prog" | sed "s/^{/{\"round\": $round, /" >>"$RAW" || die "$prog failed in round $round"
  done
done
printf '\r%40s\r' '' >&2
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -n ${KEEP_RAW:-} ]] && cp "$RAW" "$KEEP_RAW"

"$PYTHON" - "$RAW" <<'EOF'
import json, sys
import numpy as np
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
kinds = list(dict.fromkeys(r["kind"] for r in rows))
cls = {r["kind"]: r["class"] for r in rows}
VARIANTS = ("vector", "scalar", "numpy", "numpy_tuned")

def medians(key):
    out = {}
    for v in VARIANTS:
        for k in kinds:
            x = [r[key] for r in rows if r["variant"] == v and r["kind"] == k]
            if x:
                out[v, k] = float(np.median(x))
    return out

def f(x): return f"{1e-6 * x:9.2f}" if x is not None else f"{'-':>9}"
def ratio(a, b): return f"{a / b:8.1f}" if a is not None and b is not None else f"{'-':>8}"
load = {v: float(np.median([r["cpu_s_median"] / r["wall_s_median"] for r in rows if r["variant"] == v]))
        for v in VARIANTS if any(r["variant"] == v for r in rows)}
for key, title in (("rate_cpu_median", "per second of CPU time (the benchmark's thread; primary)"),
                   ("rate_median", "per wall-clock second")):
    med = medians(key)
    print(f"\nMedian pixel evaluations (all five products at one pixel), Mpix/s {title}:")
    print(f"{'kind':<11} {'vector':>9} {'scalar':>9} {'numpy':>9} {'np tuned':>9} {'vec/np':>8} {'vec/npT':>8} "
          f"{'vec/scal':>8}  50x numpy? (default / tuned)")
    for c in ("closed", "numerical", "floor"):
        if c == "floor" and any(cls[k] == c for k in kinds):
            print("-- floors: 'empty', lenses of no components (the backend's own passes and float stores); "
                  "'memset', the same output bytes (28 per pixel) --")
        for k in [k for k in kinds if cls[k] == c]:
            v, s, n, t = (med.get((x, k)) for x in VARIANTS)
            goal = "" if n is None or c != "closed" else \
                ("yes" if v / n >= 50 else "no") + " / " + ("yes" if t and v / t >= 50 else "no")
            print(f"{k:<11} {f(v)} {f(s)} {f(n)} {f(t)} {ratio(v, n)} {ratio(v, t)} {ratio(v, s)}  {goal}")
        if c == "closed" and any(cls[k] == "numerical" for k in kinds):
            print("-- numerical kinds (quadratures; sums of 41-44 cored steep ellipsoids) --")
if any(r.get("rate_cpu_formula_median") for r in rows):
    # What the 50x goal asks per kind against what this machine can do in the same run: the kind's
    # render with no output traffic (formula only) and memset of the output bytes (the store floor).
    med = medians("rate_cpu_median")
    form = {k: float(np.median([r["rate_cpu_formula_median"] for r in rows
                                if r["variant"] == "vector" and r["kind"] == k])) for k in kinds
            if any(r["variant"] == "vector" and r["kind"] == k for r in rows)}
    mem = med.get(("vector", "memset"))
    print("\nThe 50x goal against this run's limits (vector build, Mpix/s per CPU second): '50x numpy' is the goal,"
          "\n'formula only' the same renders storing nothing (the profile's arithmetic and the backend's loops),"
          "\n'memset' a memset of the output bytes. A goal above memset cannot be met by any code that writes these"
          "\nmaps on this core; one above 'formula only' not by lensgen's formulas as they are, whatever is done"
          "\nabout the stores (it would take fewer or cheaper operations per pixel).")
    print(f"{'kind':<11} {'vector':>9} {'formula':>9} {'50x np':>9} {'50x npT':>9}  50x numpy (default / tuned) within reach?")
    for k in [k for k in kinds if cls[k] == "closed"]:
        v, n, t = med.get(("vector", k)), med.get(("numpy", k)), med.get(("numpy_tuned", k))
        fo = form.get(k)
        if n is None or not fo:
            continue
        def verdict(goal):
            if goal is None:
                return "-"
            if mem and goal > mem:
                return "no: above memset"
            if goal > fo:
                return f"no: {goal / fo:.1f}x formula only"
            return "yes" if v >= goal else "open"
        print(f"{k:<11} {f(v)} {f(fo)} {f(50 * n)} {f(50 * t if t else None)}  {verdict(50 * n)} / {verdict(50 * t if t else None)}")
    if mem:
        print(f"memset of the output bytes: {1e-6 * mem:.1f} Mpix/s")

print("\nvector: lensgen's CPU backend as built; scalar: the same source built without libmvec, target clones, "
      "omp simd and auto-vectorisation;\nnumpy: numpy_profiles.py, batch of NUMPY_BATCH samples, default malloc; "
      "np tuned: batch NUMPY_TUNED_BATCH, malloc thresholds raised.\nRatios are ratios of medians over "
      f"{max(r['round'] for r in rows)} rounds. CPU time / wall time (median): "
      + ", ".join(f"{v} {x:.2f}" for v, x in load.items()) + " (below 1: the core was shared).")
EOF

if [[ $CHECK == 1 ]]; then
  echo
  echo "== check: NumPy recomputes the first samples of each build's maps"
  for d in dump dump_scalar; do
    echo "-- $([[ $d == dump ]] && echo vector || echo scalar) build"
    "$PYTHON" "$NUMPY_PROFILES" --dump "$WORK/$d" --check ${KINDS:+--kinds "$(filter_numpy_kinds)"} || true
  done
fi

if [[ $VECREPORT == 1 ]]; then
  echo
  echo "== what each kind's row function became (src/backends/cpu_backend.c as built in $BUILD, objdump)"
  "$PYTHON" - "$ROOT" "$BUILD" <<'EOF'
# Per kind: the row function lg_row_component calls (its own, or the generated lg_row_<evaluator>),
# and in each target clone whether it runs packed double arithmetic (vectorised over pixels) and
# which vector (libmvec _ZGV*) and scalar libm functions it calls. It reads the machine code, not
# gcc's messages, so it does not depend on the order of the loops in the file.
import collections, glob, os, re, subprocess, sys
root, build = sys.argv[1:3]
objs = [o for o in glob.glob(os.path.join(build, "src", "**", "cpu_backend.c.o"), recursive=True) if "lensgen_app" in o]
if not objs:
    print("cpu_backend.c.o not found under", build)
    sys.exit(0)
src = open(os.path.join(root, "src/backends/cpu_backend.c")).read()
hdr = open(os.path.join(root, "src/physics/lens_eval.h")).read()
order = re.findall(r"X\((LG_PROFILE_\w+), (lg_\w+)\)", hdr.split("#define LG_PROFILE_EVALUATORS")[1].split("\n\n")[0])
body = src[src.index("static void lg_row_component("):]
body = body[:body.index("#define LG_ROW_CASE")]  # the switch over the kinds with a row function of their own
special = {}
for case in re.split(r"\bcase ", body)[1:]:
    k, rest = case.split(":", 1)
    m = re.search(r"\blg_row_(\w+)\(", rest)
    if m:
        special[k.strip()] = m.group(1)
rows = [(k.replace("LG_PROFILE_", "").lower(), "lg_row_" + special.get(k, fn)) for k, fn in order]
dis = subprocess.run(["objdump", "-dr", "--no-show-raw-insn", objs[0]], capture_output=True, text=True).stdout
funcs, cur = collections.defaultdict(lambda: [0, set(), set()]), None
for line in dis.splitlines():
    m = re.match(r"[0-9a-f]+ <([\w.]+)>:", line)
    if m:
        cur = m.group(1)
        continue
    if cur is None:
        continue
    if re.search(r"\sv?(mul|add|sub|div|sqrt)pd\s", line):
        funcs[cur][0] += 1
    r = re.search(r"R_X86_64_PLT32\s+(\w+)", line)
    if r:
        (funcs[cur][1] if r.group(1).startswith("_ZGV") else funcs[cur][2]).add(r.group(1))
LIBM = {"log", "log1p", "exp", "expm1", "atan", "atanh", "asinh", "acosh", "atan2", "sin", "cos", "pow", "cbrt"}
clones = [("arch_x86_64_v4", "AVX-512"), ("arch_x86_64_v3", "AVX2"), ("default", "SSE2")]
print(f"{'kind':<11} {'row function':<24} " + " ".join(f"{c[1]:>8}" for c in clones) +
      "  vector math called (AVX-512 clone); scalar libm called")
for kind, fn in rows:
    cells, vec, sca = [], set(), set()
    for suf, _ in clones:
        f = funcs.get(f"{fn}.{suf}")
        cells.append("-" if f is None else ("yes" if f[0] else "NO"))
        if f is not None and suf == clones[0][0]:
            vec = {re.sub(r"_ZGV\wN\d+v+_", "", v) for v in f[1]}
            sca = f[2] & LIBM
    print(f"{kind:<11} {fn:<24} " + " ".join(f"{c:>8}" for c in cells) + "  " + (", ".join(sorted(vec)) or "-") +
          "; " + (", ".join(sorted(sca)) or "-"))
print("yes: packed double arithmetic in the function (its pixel loops vectorised); scalar libm calls come from the "
      "remainder\nloops of short runs and blocks, or from a loop left scalar (NO). enfw, ehernquist: gcc vectorises their "
      "41-44 term\nCSE sum (cse.h) across terms, not the pixel loop across pixels.")
EOF
fi
