#!/usr/bin/env bash
# Starts a private one-node Slurm cluster on this machine: munged, slurmctld and slurmd, all
# configured, logged and pid-filed under one directory, no systemd, no /etc edits.
# Used by tests/slurm/test_slurm.sh and by hand to try the job scripts in jobs/.
#
# Usage: tools/slurm/start.sh [DIR]        (DIR: created if missing; default: a new mktemp dir)
#   then: source DIR/env.sh                 (exports SLURM_CONF for sbatch, srun, squeue, ...)
#   stop: tools/slurm/stop.sh DIR
# The last line of stdout is DIR. Exit codes: 0 up (or already up), 1 failed to start (the daemon
# logs are printed and whatever was started is stopped again), 77 Slurm or munge not installed.
#
# Environment:
#   LG_SLURM_CPUS, LG_SLURM_MEM_MB  node size (default: nproc and 90% of the memory seen)
#   LG_SLURM_GPUS        auto (as many as nvidia-smi lists) or a count; default 0
#   LG_SLURM_PORT        first port tried for slurmctld, slurmd takes the next (default 6817,
#                        moved up while busy: another private or system Slurm may hold it)
#   LG_SLURM_TIMEOUT     seconds to wait for the node to be idle (default 30)
#   LG_SLURM_CRED_EXPIRE job step credential lifetime, which is also how long a requeued job waits
#                        before it may start again (default Slurm's 120 s; the test uses 10)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
need=(munged mungekey slurmctld slurmd sinfo sbatch srun scontrol)
missing=()
for b in "${need[@]}"; do
  command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || missing+=("$b")
done
if [ ${#missing[@]} -ne 0 ]; then
  echo "start.sh: not installed: ${missing[*]} (Debian: apt-get install slurmctld slurmd slurm-client munge)" >&2
  exit 77
fi
export PATH="$PATH:/usr/sbin:/sbin"

S=${1:-}
if [ -z "$S" ]; then
  S=$(mktemp -d "${TMPDIR:-/tmp}/lg-slurm.XXXXXX")
fi
mkdir -p "$S"
S=$(cd "$S" && pwd)
conf="$S/slurm.conf"
export SLURM_CONF="$conf"

# alive PIDFILE NAME: the pid in PIDFILE is a running NAME process
alive() {
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1")
  [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$2" ]
}

node_state() { timeout 10 sinfo -h -n "$node" -o %T 2>/dev/null | head -1; }

show_logs() {
  local f
  echo "start.sh: node state: '$(node_state || true)'" >&2
  for f in "$S"/log/*.log; do
    [ -e "$f" ] || continue
    echo "---- $f (last 25 lines)" >&2
    tail -n 25 "$f" >&2
  done
}

die() {
  echo "start.sh: $*" >&2
  show_logs
  "$here/stop.sh" "$S" >&2 || true
  exit 1
}

node=$(hostname -s)
if alive "$S/munge/munged.pid" munged && alive "$S/slurmctld.pid" slurmctld && alive "$S/slurmd.pid" slurmd; then
  echo "start.sh: already running in $S (node $node: $(node_state || true))"
  echo "$S"
  exit 0
fi

mkdir -p "$S"/{munge,state,spool,log}
# munged insists that everyone can traverse to its socket, and that its directories are not
# writable by others.
chmod 755 "$S" "$S/munge"
chmod 700 "$S/state" "$S/spool"

# ---- the node: CPUs and memory as this process sees them (affinity and cgroup limits included)
cpus=${LG_SLURM_CPUS:-$(nproc)}
if [ -z "${LG_SLURM_MEM_MB:-}" ]; then
  mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
  mem_mb=$((mem_kb * 9 / 10 / 1024))
  lim=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || echo max)
  if [ "$lim" != max ] && [ "$((lim * 9 / 10 / 1048576))" -lt "$mem_mb" ]; then
    mem_mb=$((lim * 9 / 10 / 1048576))
  fi
else
  mem_mb=$LG_SLURM_MEM_MB
fi
# GPUs (LG_SLURM_GPUS=auto or a count; default 0): a gres line, so that --gpus-per-task works.
# Off by default: the CPU-only machine this was written on could not try it.
ngpu=${LG_SLURM_GPUS:-0}
if [ "$ngpu" = auto ]; then
  ngpu=0
  if command -v nvidia-smi >/dev/null 2>&1; then
    ngpu=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU ' || true)
  fi
fi
gres_node=""
gres_types=""
rm -f "$S/gres.conf"
if [ "$ngpu" -gt 0 ] && [ -e /dev/nvidia0 ]; then
  gres_types="GresTypes=gpu"
  gres_node="Gres=gpu:$ngpu"
  printf 'AutoDetect=off\nNodeName=%s Name=gpu File=/dev/nvidia[0-%d]\n' "$node" $((ngpu - 1)) >"$S/gres.conf"
fi

# ---- ports: the default pair unless another Slurm (another test, a system one) holds it
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${LG_SLURM_PORT:-6817}
for _ in $(seq 1 50); do
  if ! port_busy "$port" && ! port_busy $((port + 1)); then break; fi
  port=$((port + 2))
done

mpi=none
for f in /usr/lib/*/slurm-wlm/mpi_pmix.so /usr/lib*/slurm/mpi_pmix.so /usr/local/lib/slurm/mpi_pmix.so; do
  [ -e "$f" ] && mpi=pmix && break
done

user=$(id -un)
if [ ! -s "$S/munge/munge.key" ]; then
  mungekey --create --keyfile="$S/munge/munge.key" >/dev/null
fi

cat >"$conf" <<CONF
# Written by tools/slurm/start.sh: a private one-node cluster under $S.
ClusterName=lensgen
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
# cred_expire: a requeued job becomes eligible again only cred_expire + 1 s after the requeue
AuthInfo=socket=$S/munge/munge.socket.2,cred_expire=${LG_SLURM_CRED_EXPIRE:-120}
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups: the default proctrack/cgroup fails here ("cgroup namespace 'freezer' not mounted")
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# Open MPI 4 under srun needs PMIx ("OMPI was not built with SLURM's PMI support" otherwise)
MpiDefault=$mpi
MailProg=/bin/true
# a one-node cluster: look at pending (and requeued) jobs every 2 s, not every 60 s / 30 s
SchedulerParameters=sched_interval=2,bf_interval=2
ReturnToService=2
# a container may show fewer resources than the hardware: trust the node line below
SlurmdParameters=config_overrides
JobRequeue=1
KillWait=10
MinJobAge=600
$gres_types
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb $gres_node State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF

cat >"$S/env.sh" <<ENV
# source this file to use the private Slurm cluster under $S (tools/slurm/start.sh)
export SLURM_CONF=$conf
export LG_SLURM_DIR=$S
ENV

# ---- start (each daemon only if not already running from this directory)
if ! alive "$S/munge/munged.pid" munged; then
  munged --force --socket="$S/munge/munge.socket.2" --key-file="$S/munge/munge.key" \
    --log-file="$S/log/munged.log" --pid-file="$S/munge/munged.pid" --seed-file="$S/munge/munged.seed" ||
    die "munged did not start"
fi
for _ in $(seq 1 50); do
  munge -S "$S/munge/munge.socket.2" -n 2>/dev/null | unmunge -S "$S/munge/munge.socket.2" >/dev/null 2>&1 && break
  sleep 0.1
done
munge -S "$S/munge/munge.socket.2" -n | unmunge -S "$S/munge/munge.socket.2" >/dev/null 2>&1 ||
  die "munge credentials do not round-trip through $S/munge/munge.socket.2"

if ! alive "$S/slurmctld.pid" slurmctld; then
  slurmctld -f "$conf" || die "slurmctld did not start"
fi
if ! alive "$S/slurmd.pid" slurmd; then
  slurmd -f "$conf" -N "$node" || die "slurmd did not start"
fi

timeout_s=${LG_SLURM_TIMEOUT:-30}
t0=$SECONDS
state=""
while [ $((SECONDS - t0)) -lt "$timeout_s" ]; do
  state=$(node_state || true)
  case "$state" in
    idle | mixed | allocated) break ;;
  esac
  sleep 0.2
done
case "$state" in
  idle | mixed | allocated) ;;
  *) die "node $node is not idle after ${timeout_s} s (state '$state')" ;;
esac
echo "start.sh: Slurm up in $S: node $node, $cpus CPUs, $mem_mb MB, $ngpu GPUs, ports $port/$((port + 1)), MpiDefault=$mpi"
echo "start.sh: use it with: source $S/env.sh; stop it with: $here/stop.sh $S"
echo "$S"
