# Shared by the bench/*/run.sh scripts that time a command under `/usr/bin/time -v -o FILE`.
#
#   time_fields FILE   prints "wall_s cpu_s maxrss_kb" (CPU = user + system) from that file
time_fields() {
  awk '/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
       /User time/ { cpu += $NF } /System time/ { cpu += $NF }
       /Maximum resident set size/ { rss = $NF }
       END { printf "%.2f %.2f %d\n", wall, cpu, rss }' "$1"
}
