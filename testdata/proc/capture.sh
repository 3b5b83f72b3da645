#!/bin/sh
# capture.sh PID DIR: copy what LeakFinder reads from /proc/PID into DIR, laid out like /proc/PID
# (the layout of the end-to-end harness, plus smaps for per-mapping RSS): status, smaps_rollup, smaps, maps, cgroup, net/tcp, net/tcp6 as
# files, fd/ as symbolic links to the same targets, and the memory cgroup's memory.* files in memory-cgroup/.
set -e
pid=$1; dir=$2
mkdir -p "$dir/net" "$dir/fd"
for f in status smaps_rollup smaps maps cgroup net/tcp net/tcp6; do cat "/proc/$pid/$f" > "$dir/$f"; done
for fd in /proc/$pid/fd/*; do ln -sf "$(readlink "$fd")" "$dir/fd/$(basename "$fd")"; done
cg=$(sed -n 's/^[0-9]*:\([^:]*,\)\{0,1\}memory\(,[^:]*\)\{0,1\}:\(.*\)$/\3/p' "/proc/$pid/cgroup")
if [ -n "$cg" ] && [ -d "/sys/fs/cgroup/memory$cg" ]; then src="/sys/fs/cgroup/memory$cg";
elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then src="/sys/fs/cgroup$(sed -n 's/^0:://p' "/proc/$pid/cgroup")"; fi
if [ -n "$src" ]; then
  mkdir -p "$dir/memory-cgroup"
  for f in "$src"/memory.*; do cat "$f" > "$dir/memory-cgroup/$(basename "$f")" 2>/dev/null || rm -f "$dir/memory-cgroup/$(basename "$f")"; done
fi
