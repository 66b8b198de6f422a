#!/bin/sh
# Runs each fuzz target for SECONDS (default 600), one after another, with
# libFuzzer under AddressSanitizer. Needs the nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Each target starts from its committed seeds (fuzz/seeds/TARGET) and grows
# a working corpus in fuzz/corpus/TARGET (not committed). A finding stops
# its target and is saved under fuzz/artifacts/TARGET; reproduce it with
# `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/<file>`.
set -eu
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-"normalize recognize spec geojson_writer svg_writer"}
status=0
for t in $targets; do
    mkdir -p "corpus/$t"
    echo "== $t: $secs s"
    if ! cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 >"target/fuzz-$t.log" 2>&1; then
        status=1
        echo "$t: FINDING, see fuzz/target/fuzz-$t.log and fuzz/artifacts/$t"
    fi
    grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|#[0-9]+ *DONE" "target/fuzz-$t.log" || true
done
exit $status
