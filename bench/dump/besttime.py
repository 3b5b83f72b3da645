#!/usr/bin/env python3
"""Times commands against each other: ROUNDS rounds, each running every command once in turn, so a burst of
load on the machine hits all of them alike.

- Wall time is read with perf_counter around spawn and exit: /usr/bin/time's %e has 10 ms steps, a quarter
  of what `wc -l` takes on the bench dump. The cost of launching a process at all (the best time of `true`,
  launched the same way in the same rounds) is subtracted, so it does not flatter the slower command's ratio.
- Peak RSS is /usr/bin/time's %M, which every command is launched through: a process inherits its parent's
  high-water mark across exec, so a child spawned straight from this 14 MB Python would report 14 MB at least.
- User and sys CPU come from the child's rusage (microseconds; they include /usr/bin/time's own ~1 ms).

Usage: besttime.py ROUNDS OUT_DIR 'COMMAND 1' 'COMMAND 2' ...
Prints the launch overhead in seconds, then one line per command: best_wall_s median_wall_s user_s sys_s
max_rss_kb, walls net of the overhead, user and sys of the best run, max_rss the peak over all runs.
The last run's stdout of command i is OUT_DIR/out-i.txt.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv, out_dir, name):
    rss_path = os.path.join(out_dir, f"rss-{name}.txt")
    with open(os.path.join(out_dir, f"out-{name}.txt"), "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_path, *argv], stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"besttime: {shlex.join(argv)} exited with {child.returncode}")
    with open(rss_path) as f:
        rss_kb = int(f.read().split()[-1])
    return wall, usage.ru_utime, usage.ru_stime, rss_kb


def main():
    rounds, out_dir, commands = int(sys.argv[1]), sys.argv[2], [shlex.split(c) for c in sys.argv[3:]]
    launch = []
    runs = [[] for _ in commands]
    for _ in range(rounds):
        launch.append(run_once(["true"], out_dir, "true")[0])
        for i, argv in enumerate(commands):
            runs[i].append(run_once(argv, out_dir, str(i)))
    overhead = min(launch)
    print(f"{overhead:.4f}")
    for results in runs:
        best = min(results, key=lambda r: r[0])
        median = statistics.median(r[0] for r in results)
        peak = max(r[3] for r in results)
        print(f"{best[0] - overhead:.4f} {median - overhead:.4f} {best[1]:.3f} {best[2]:.3f} {peak}")


if __name__ == "__main__":
    main()
