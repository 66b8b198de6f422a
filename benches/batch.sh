#!/usr/bin/env bash
# Batch throughput, as the README quotes it: a folder of articles repeated
# to N files, mapped by `tripmap batch` to GeoJSON, then to SVG and GeoJSON,
# with 1 and 2 jobs; wall time (best of 3) and peak memory of the whole process. Each
# core's own rate is measured too, since 2 jobs can be no faster than both,
# and so are two separate processes mapping half each, which share nothing.
# Usage: benches/batch.sh ARTICLES_DIR [N]   (N default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
src="${1:?usage: benches/batch.sh ARTICLES_DIR [N]}"
n="${2:-2000}"
cargo build --release --quiet
bin="$PWD/target/release/tripmap"
# On tmpfs where there is one: the figures are tripmap's, not the disk's.
work="$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/half0" "$work/half1"
files=("$src"/*)
for ((i = 0; i < n; i++)); do
  f="${files[$((i % ${#files[@]}))]}"
  name="$(printf '%05d' "$i")-$(basename "$f")"
  cp "$f" "$work/in/$name"
  cp "$f" "$work/half$((i % 2))/$name"
done
python3 - "$bin" "$work" "$n" <<'PY'
import os, resource, shutil, subprocess, sys, time
bin, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def run(fmt, jobs, core=None, rounds=3):
    """Best wall time of a few rounds (the machine's own slow spells only
    ever add time), and the highest peak memory."""
    best, peak_mb = float("inf"), 0.0
    for _ in range(rounds):
        out = os.path.join(work, "out")
        shutil.rmtree(out, ignore_errors=True)
        pin = ["taskset", "-c", str(core)] if core is not None else []
        t = time.perf_counter()
        p = subprocess.run(pin + ["/usr/bin/time", "-f", "%M", bin, "batch", os.path.join(work, "in"),
                            "-o", out, "--format", fmt, "--jobs", str(jobs)],
                           stderr=subprocess.PIPE, text=True)
        best = min(best, time.perf_counter() - t)
        peak_mb = max(peak_mb, int(p.stderr.strip().splitlines()[-1]) / 1024)
    return best, peak_mb
cores = sorted(os.sched_getaffinity(0))[:2]
for fmt in ("geojson", "svg,geojson"):
    w1, m1 = run(fmt, 1)
    w2, m2 = run(fmt, 2)
    print(f"--format {fmt}: {n / w1:7.0f} articles/s with 1 job ({m1:.0f} MB peak), "
          f"{n / w2:7.0f} with 2 jobs ({m2:.0f} MB peak), speed-up {w1 / w2:.2f}x")
    # Cores of a virtual machine need not be equally fast: one job pinned
    # to each core in turn gives what the two can do at most together.
    if len(cores) == 2 and shutil.which("taskset"):
        a = n / run(fmt, 1, cores[0])[0]
        b = n / run(fmt, 1, cores[1])[0]
        print(f"    one job pinned to core {cores[0]}: {a:.0f}/s, to core {cores[1]}: {b:.0f}/s; "
              f"2 jobs reach {n / w2 / (a + b):.0%} of their sum")
    # Two processes sharing nothing, each mapping half: what the machine
    # gives two independent workers, the ceiling for 2 jobs of one process.
    best = float("inf")
    for _ in range(3):
        outs = [os.path.join(work, f"out{h}") for h in (0, 1)]
        for o in outs:
            shutil.rmtree(o, ignore_errors=True)
        t = time.perf_counter()
        procs = [subprocess.Popen([bin, "batch", os.path.join(work, f"half{h}"), "-o", outs[h],
                                   "--format", fmt, "--jobs", "1"], stderr=subprocess.DEVNULL)
                 for h in (0, 1)]
        for p in procs:
            p.wait()
        best = min(best, time.perf_counter() - t)
    print(f"    two separate 1-job processes, half each: {n / best:.0f}/s, speed-up {w1 / best:.2f}x; "
          f"2 jobs of one process reach {best / w2:.0%} of that")
PY
