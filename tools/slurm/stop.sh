#!/usr/bin/env bash
# Stops the private Slurm cluster that tools/slurm/start.sh started under DIR: cancels its jobs,
# ends any job step daemon (slurmstepd) of this cluster still left with its processes, then
# exactly the daemons named by the pid files in DIR (slurmd, slurmctld, munged). Idempotent: what
# is not running is skipped. DIR itself (logs, state) is kept.
#
# Usage: tools/slurm/stop.sh DIR        (or with LG_SLURM_DIR set, e.g. after sourcing DIR/env.sh)
set -uo pipefail

S=${1:-${LG_SLURM_DIR:-}}
if [ -z "$S" ] || [ ! -d "$S" ]; then
  echo "usage: stop.sh DIR (the directory given to or printed by start.sh)" >&2
  exit 2
fi
S=$(cd "$S" && pwd)
conf="$S/slurm.conf"
export SLURM_CONF="$conf"
export PATH="$PATH:/usr/sbin:/sbin"

# pid_of PIDFILE NAME: the pid in PIDFILE if it is a running NAME process (not a recycled pid)
pid_of() {
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1")
  [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] && echo "$pid"
}

# stop_pid PID NAME SECONDS: SIGTERM, wait, then SIGKILL
stop_pid() {
  local pid=$1 name=$2 wait_s=$3
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((wait_s * 10))); do
    [ -d "/proc/$pid" ] || { echo "stop.sh: stopped $name ($pid)"; return 0; }
    sleep 0.1
  done
  echo "stop.sh: $name ($pid) ignored SIGTERM for $wait_s s: SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null
  return 0
}

# descendants PID: every process below PID, deepest last
descendants() {
  local kids k
  kids=$(awk -v p="$1" '$4 == p {print $1}' /proc/[0-9]*/stat 2>/dev/null)
  for k in $kids; do
    echo "$k"
    descendants "$k"
  done
}

ctld=$(pid_of "$S/slurmctld.pid" slurmctld || true)
slurmd=$(pid_of "$S/slurmd.pid" slurmd || true)

# 1. jobs first, so that no job step outlives the daemons
if [ -n "$ctld" ] && [ -f "$conf" ]; then
  jobs=$(timeout 10 squeue -h -o %A 2>/dev/null | tr '\n' ' ')
  if [ -n "${jobs// /}" ]; then
    echo "stop.sh: cancelling jobs $jobs"
    # shellcheck disable=SC2086
    timeout 10 scancel $jobs 2>/dev/null
    for _ in $(seq 1 150); do
      [ -z "$(timeout 10 squeue -h -o %A 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
fi

# 2. step daemons left behind (slurmctld was gone, or a job outlived the wait): slurmd starts them
# detached (parent 1), but they carry the environment slurmd was started with, SLURM_CONF included
for f in /proc/[0-9]*/comm; do
  [ "$(cat "$f" 2>/dev/null)" = slurmstepd ] || continue
  pid=${f#/proc/}
  pid=${pid%/comm}
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "SLURM_CONF=$conf"; then
    procs=$(descendants "$pid" | tac)
    echo "stop.sh: step daemon $pid still running: ending it and its processes ${procs//$'\n'/ }" >&2
    for p in $procs; do kill -KILL "$p" 2>/dev/null; done
    kill -KILL "$pid" 2>/dev/null
  fi
done

# 3. the daemons, slurmd before slurmctld (slurmscriptd ends with slurmctld), munged last
[ -n "$slurmd" ] && stop_pid "$slurmd" slurmd 10
[ -n "$ctld" ] && stop_pid "$ctld" slurmctld 10
munged=$(pid_of "$S/munge/munged.pid" munged || true)
[ -n "$munged" ] && stop_pid "$munged" munged 10
rm -f "$S/slurmd.pid" "$S/slurmctld.pid"
exit 0
