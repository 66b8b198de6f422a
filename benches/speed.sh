#!/usr/bin/env bash
# Speed figures quoted in the README, reproducible on any machine:
#   1. cold start: `tripmap lookup Samarkand` and `tripmap places` on an
#      example article, wall time (median of 30 runs) and peak memory;
#   2. in-process geoparsing throughput on a folder of articles, one core,
#      beside geotext 0.4.0 (PyPI; regex over capitalized words plus a
#      dictionary lookup, English only, no resolution) on the same text.
# Usage: benches/speed.sh [ARTICLES_DIR]   (default: data/examples)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-data/examples}"
cargo build --release --quiet
bin=target/release/tripmap

python3 - "$bin" <<'PY'
import statistics, subprocess, sys, time, resource
bin = sys.argv[1]
def cold(args, n=30):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run([bin] + args, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times) * 1000, peak
for args in (["lookup", "Samarkand"], ["places", "data/examples/xi-central-asia.ar.txt"]):
    ms, mb = cold(args)
    print(f"cold {' '.join(args)}: median {ms:.1f} ms wall, peak RSS {mb:.0f} MB (max over runs)")
PY

# The two throughputs are taken in turns, five times each, and the best
# of each is kept: a machine shared with other work slows both alike, and a
# slow spell during one of them does not decide the comparison. (With
# three turns, spells that last a whole turn still moved the ratio by a
# fifth on this project's build machine.)
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install --quiet geotext==0.4.0 || venv=""
fi
geotext() {
"$venv/bin/python" - "$dir" <<'PY'
import os, sys, time
from geotext import GeoText
d = sys.argv[1]
docs = [open(os.path.join(d, n), encoding="utf-8", errors="replace").read() for n in sorted(os.listdir(d))]
mb = sum(len(x.encode()) for x in docs) / 1e6
GeoText("warm up in Paris")
best = float("inf")
for _ in range(5):
    t = time.perf_counter()
    for x in docs:
        g = GeoText(x); g.cities; g.countries
    best = min(best, time.perf_counter() - t)
print(f"geotext 0.4.0: {len(docs)} articles, {mb:.2f} MB: {mb / best:.1f} MB/s (one core, best of 5)")
PY
}
cargo bench --quiet --bench throughput --no-run 2>/dev/null
mbs() { sed -E 's/.* ([0-9.]+) MB\/s.*/\1/'; }
# Of several result lines, the one with the highest MB/s.
fastest() { awk -F' MB/s' '{n=split($1,a," "); print a[n]"\t"$0}' | sort -g | tail -1 | cut -f2-; }
t_lines=""; c_lines=""; g_lines=""
for _ in 1 2 3 4 5; do
  out="$(cargo bench --quiet --bench throughput -- "$dir" 2>/dev/null)"
  t_lines+="$(printf '%s\n' "$out" | tail -1)"$'\n'
  c_lines+="$(printf '%s\n' "$out" | grep 'first round')"$'\n'
  [ -n "$venv" ] && g_lines+="$(geotext)"$'\n'
done
t_best=$(printf '%s' "$t_lines" | fastest)
echo "tripmap: $t_best"
# The same articles met for the first time (the memo of index steps cold).
echo "tripmap, $(printf '%s' "$c_lines" | fastest) (best of five turns)"
if [ -z "$venv" ]; then echo "geotext: not installable here, skipped"; exit 0; fi
g_best=$(printf '%s' "$g_lines" | fastest)
echo "$g_best"
python3 -c "import sys; print(f'tripmap / geotext: {float(sys.argv[1]) / float(sys.argv[2]):.2f}x (best of five turns each)')" \
  "$(echo "$t_best" | mbs)" "$(echo "$g_best" | mbs)"
