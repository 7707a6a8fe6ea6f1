# Shared by the benchmark scripts (sourced): clock, elapsed seconds, raw records, and the probe of
# how much two CPU-bound processes slow each other down on this machine (shared or oversubscribed
# cores make 2 ranks scale by less than 2 whatever lensgen does). Callers set WORK, RAW, PYTHON.
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }
record() { if [[ $2 -gt 0 ]]; then printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RAW"; fi; }

cpu_probe() {
  local spin='import time
t = time.perf_counter()
s = 0
for i in range(5_000_000): s += i
print(time.perf_counter() - t)'
  local solo a b
  solo=$("$PYTHON" -c "$spin")
  "$PYTHON" -c "$spin" >"$WORK/probe" &
  b=$("$PYTHON" -c "$spin")
  wait $!
  a=$(<"$WORK/probe")
  awk -v s="$solo" -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", 2 * s / (a > b ? a : b) }'
}
