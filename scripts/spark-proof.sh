#!/usr/bin/env bash
# tripmap as a stage of Apache Spark (local mode): maps a folder of articles
# through `tripmap batch -` with RDD.pipe and checks that the answers equal
# those of a single tripmap process (see scripts/spark_batch.py).
#
# Usage: scripts/spark-proof.sh [ARTICLES_DIR] [OUTPUT_DIR] [spark_batch.py options]
#   ARTICLES_DIR  default data/examples
#   OUTPUT_DIR    default target/spark-proof (corpus.jsonl, spark.jsonl,
#                 single.jsonl, comparison.json)
#   options       e.g. --partitions 8 --master 'local[2]' --pattern '*.txt'
#
# Needs Java 17 or later and python3 with venv. PySpark is installed into
# target/spark-venv, nothing globally; the first run downloads it (about
# 430 MB), later runs reuse it. Exit code: 0 equal, 1 different, 2 usage.
set -euo pipefail

PYSPARK_VERSION=4.0.1

root="$(cd "$(dirname "$0")/.." && pwd)"
say() { printf 'spark-proof: %s\n' "$*" >&2; }

# Folder arguments are taken relative to where the script was called from;
# options may follow them, or come alone.
src="$root/data/examples"
out="$root/target/spark-proof"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then src="$1"; shift; fi
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then out="$1"; shift; fi
if [ ! -d "$src" ]; then
  say "$src: not a folder"
  exit 2
fi
src="$(realpath "$src")"
out="$(realpath -m "$out")"
cd "$root"
start=$SECONDS

# Spark 4 runs on Java 17 and later.
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$java_bin" >/dev/null; then
  say "no java found (install a JDK 17 or later, e.g. openjdk-17-jre-headless)"
  exit 2
fi
java_major="$("$java_bin" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  say "Spark $PYSPARK_VERSION needs Java 17 or later; $java_bin is ${java_major:-unknown}"
  exit 2
fi

venv="$root/target/spark-venv"
py="$venv/bin/python"
if [ ! -x "$py" ]; then
  say "creating $venv"
  python3 -m venv "$venv"
fi
if ! "$py" -c "import sys, pyspark; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  say "installing pyspark==$PYSPARK_VERSION into $venv"
  t=$SECONDS
  "$py" -m pip install --quiet --progress-bar off "pyspark==$PYSPARK_VERSION"
  say "pyspark installed in $((SECONDS - t)) s"
fi

say "building tripmap"
cargo build --release --quiet
bin="$root/target/release/tripmap"

say "pyspark $("$py" -c 'import pyspark; print(pyspark.__version__)'), java $java_major, articles from $src"
status=0
"$py" scripts/spark_batch.py "$src" "$bin" "$out" "$@" || status=$?
say "done in $((SECONDS - start)) s (exit $status)"
exit "$status"
