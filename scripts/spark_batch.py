#!/usr/bin/env python3
"""tripmap as a stage of Apache Spark, checked against a single process.

Usage: spark_batch.py INPUT_DIR TRIPMAP_BIN OUTPUT_DIR
                      [--partitions N] [--master URL] [--jobs-per-task N]
                      [--pattern GLOB]

1. Every article under INPUT_DIR (files matching --pattern, default *.txt,
   walked recursively in name order, hidden ones skipped) becomes one JSON
   line {"id", "text", "lang"?}: the id is the path relative to INPUT_DIR,
   the language comes from a file name like `name.xx.txt`. JSON escapes the
   newlines of the text, so each record is exactly one line.
2. A local SparkSession spreads the lines over N partitions and sends each
   partition through its own `tripmap batch -` process with RDD.pipe.
3. The same lines go through one `tripmap batch -` process.
4. The two result sets are compared by id, ignoring `millis` (a timing).

Writes into OUTPUT_DIR: corpus.jsonl (the input), spark.jsonl and
single.jsonl (the answers, in input order) and comparison.json (counts,
timings, differences). Exits 0 when both runs agree record for record,
1 when they differ, 2 on bad usage.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import time
from fnmatch import fnmatch
from pathlib import Path

# A file name such as `papa-colombia.es.txt` names the article's language.
LANG_IN_NAME = re.compile(r"\.([a-z]{2})\.[^.]+$")

# Fields of an answer that are not a function of the record alone:
# `millis` is a timing. An error answer also carries `line`, the record's
# position in the stream that one tripmap process read, which depends on
# how the records were split into partitions.
TIMING_FIELDS = ("millis",)
STREAM_FIELDS_OF_ERRORS = ("line",)


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Map a folder of articles with tripmap on Spark (RDD.pipe) "
        "and check the answers against a single tripmap process."
    )
    p.add_argument("input_dir", type=Path, help="folder of articles (walked recursively)")
    p.add_argument("tripmap", type=Path, help="the tripmap binary")
    p.add_argument("output_dir", type=Path, help="folder for the JSONL files (created)")
    p.add_argument("--partitions", type=int, default=4,
                   help="Spark partitions, one tripmap process each (default 4)")
    p.add_argument("--master", default="local[2]",
                   help="Spark master (default local[2]: two tasks at a time)")
    p.add_argument("--jobs-per-task", type=int, default=1,
                   help="tripmap worker threads in each Spark task (default 1: "
                   "Spark already runs one task per core)")
    p.add_argument("--pattern", default="*.txt",
                   help="which files are articles (default *.txt)")
    return p.parse_args(argv)


def article_files(root, pattern):
    """Files under `root` whose name matches `pattern`, in path order,
    without hidden files or folders."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and fnmatch(name, pattern):
                found.append(Path(dirpath) / name)
    found.sort(key=lambda p: p.relative_to(root).as_posix())
    return found


def build_corpus(root, pattern):
    """One JSON line per readable UTF-8 article; returns (lines, skipped)."""
    lines, skipped = [], []
    for path in article_files(root, pattern):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            skipped.append((rel, str(e)))
            continue
        record = {"id": rel, "text": text}
        m = LANG_IN_NAME.search(path.name)
        if m:
            record["lang"] = m.group(1)
        # ensure_ascii=False keeps the text as UTF-8, as Spark's pipe sends
        # it; json escapes \n, \r and every other control character, so a
        # record never spans lines. Line and paragraph separators (U+2028,
        # U+2029) stay raw but are not newlines to a byte stream.
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        assert "\n" not in line and "\r" not in line
        lines.append(line)
    return lines, skipped


def tripmap_command(binary, jobs):
    cmd = [str(binary), "batch", "-"]
    if jobs and jobs > 0:
        cmd += ["--jobs", str(jobs)]
    return cmd


def run_single(binary, lines):
    """All lines through one `tripmap batch -`; returns (answers, exit code)."""
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    proc = subprocess.run(tripmap_command(binary, None), input=data,
                          stdout=subprocess.PIPE, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"spark_batch: tripmap exited with {proc.returncode}")
    # Split on b"\n" only: a str.splitlines() would also split on U+2028
    # and friends, which may appear raw inside a JSON string.
    answers = [b.decode("utf-8") for b in proc.stdout.split(b"\n") if b.strip()]
    return answers, proc.returncode


def run_spark(binary, lines, master, partitions, jobs):
    """The lines through tripmap on Spark; returns (answers in input order,
    answers per partition, seconds to start Spark, seconds for the job)."""
    # Spark's Python workers must be this interpreter (the venv's).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # Local mode talks to itself only, on the loopback interface.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master(master)
        .appName("tripmap-batch")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    started = time.perf_counter() - t0
    try:
        sc = spark.sparkContext
        records = sc.parallelize(lines, partitions)
        # One tripmap process per partition. RDD.pipe writes each element
        # as a UTF-8 line to the process's standard input and yields each
        # line of its standard output, decoded as UTF-8. A non-zero exit
        # (1: some record failed) is not a task failure: failed records
        # are answered in-band with "status": "error".
        command = " ".join(shlex.quote(a) for a in tripmap_command(binary, jobs))
        answers = records.pipe(command, checkCode=False)
        tagged = answers.mapPartitionsWithIndex(
            lambda index, it: ((index, line) for line in it)
        )
        t1 = time.perf_counter()
        # collect() keeps partition order, and tripmap answers in input
        # order within a partition: the result is in input order.
        collected = tagged.collect()
        took = time.perf_counter() - t1
    finally:
        spark.stop()
    per_partition = [0] * partitions
    for index, _ in collected:
        per_partition[index] += 1
    return [line for _, line in collected], per_partition, started, took


def key_of(id_value):
    # Ids are compared as JSON, so 1 and "1" stay distinct.
    return json.dumps(id_value, sort_keys=True, ensure_ascii=False)


def comparable(answer):
    a = {k: v for k, v in answer.items() if k not in TIMING_FIELDS}
    if a.get("status") == "error":
        for k in STREAM_FIELDS_OF_ERRORS:
            a.pop(k, None)
    return a


def index_by_id(answers, label, problems):
    """The answers by id, and the ids in the order they came."""
    by_id, order = {}, []
    for raw in answers:
        try:
            answer = json.loads(raw)
        except json.JSONDecodeError as e:
            problems.append(f"{label}: a line is not JSON ({e}): {raw[:120]!r}")
            continue
        k = key_of(answer.get("id"))
        if k in by_id:
            problems.append(f"{label}: id {k} answered twice")
        by_id[k] = answer
        order.append(k)
    return by_id, order


def compare(corpus_ids, spark_answers, single_answers):
    """Problems found, the differing records, status counts of the single
    run, and how many records are identical in both runs."""
    problems = []
    wanted = [key_of(i) for i in corpus_ids]
    runs = {}
    for label, raw in (("spark", spark_answers), ("single", single_answers)):
        got, order = index_by_id(raw, label, problems)
        runs[label] = got
        if len(raw) != len(wanted):
            problems.append(f"{label}: {len(raw)} answers for {len(wanted)} records")
        missing = [k for k in wanted if k not in got]
        if missing:
            problems.append(f"{label}: no answer for {len(missing)} ids, e.g. {missing[:3]}")
        extra = sorted(set(got) - set(wanted))
        if extra:
            problems.append(f"{label}: answers for unknown ids, e.g. {extra[:3]}")
        # tripmap answers in input order, and so must the assembled
        # Spark output (partitions collected in order).
        if not missing and not extra and order != wanted:
            problems.append(f"{label}: answers are not in input order")
    spark, single = runs["spark"], runs["single"]
    differing, identical = [], 0
    for k in wanted:
        if k not in spark or k not in single:
            continue
        a, b = comparable(spark[k]), comparable(single[k])
        if a == b:
            identical += 1
        else:
            fields = sorted(f for f in set(a) | set(b) if a.get(f) != b.get(f))
            differing.append({"id": json.loads(k), "fields": fields})
    if differing:
        problems.append(f"{len(differing)} records differ between spark and single")
    statuses = {}
    for answer in single.values():
        s = answer.get("status")
        statuses[s] = statuses.get(s, 0) + 1
    return problems, differing, statuses, identical


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")


def main(argv):
    args = parse_args(argv)
    if not args.input_dir.is_dir():
        print(f"spark_batch: {args.input_dir}: not a folder", file=sys.stderr)
        return 2
    binary = args.tripmap.resolve()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        print(f"spark_batch: {args.tripmap}: not an executable file", file=sys.stderr)
        return 2
    if args.partitions < 1:
        print("spark_batch: --partitions must be at least 1", file=sys.stderr)
        return 2
    out = args.output_dir
    out.mkdir(parents=True, exist_ok=True)

    lines, skipped = build_corpus(args.input_dir, args.pattern)
    for rel, why in skipped:
        print(f"spark_batch: skipped {rel}: {why}", file=sys.stderr)
    if not lines:
        print(f"spark_batch: no article matching {args.pattern} under {args.input_dir}",
              file=sys.stderr)
        return 2
    ids = [json.loads(line)["id"] for line in lines]
    write_lines(out / "corpus.jsonl", lines)
    corpus_bytes = sum(len(line.encode("utf-8")) + 1 for line in lines)
    print(f"corpus:  {len(lines)} articles, {corpus_bytes} bytes -> {out / 'corpus.jsonl'}"
          + (f" ({len(skipped)} files skipped)" if skipped else ""))

    spark_answers, per_partition, spark_start, spark_job = run_spark(
        binary, lines, args.master, args.partitions, args.jobs_per_task
    )
    write_lines(out / "spark.jsonl", spark_answers)
    print(f"spark:   {len(spark_answers)} answers from {args.partitions} partitions "
          f"{per_partition} on {args.master}; session start {spark_start:.1f} s, "
          f"job {spark_job:.2f} s -> {out / 'spark.jsonl'}")

    t = time.perf_counter()
    single_answers, single_code = run_single(binary, lines)
    single_time = time.perf_counter() - t
    write_lines(out / "single.jsonl", single_answers)
    print(f"single:  {len(single_answers)} answers from one process in {single_time:.2f} s "
          f"(exit {single_code}) -> {out / 'single.jsonl'}")

    problems, differing, statuses, identical = compare(ids, spark_answers, single_answers)
    summary = {
        "records": len(lines),
        "skipped_files": [{"file": f, "reason": r} for f, r in skipped],
        "partitions": args.partitions,
        "records_per_partition": per_partition,
        "master": args.master,
        "spark_answers": len(spark_answers),
        "single_answers": len(single_answers),
        "statuses": statuses,
        "identical": identical,
        "ignored_fields": list(TIMING_FIELDS),
        "ignored_fields_of_errors": list(STREAM_FIELDS_OF_ERRORS),
        "seconds": {"spark_start": round(spark_start, 3), "spark_job": round(spark_job, 3),
                    "single": round(single_time, 3)},
        "differing": differing,
        "problems": problems,
        "equal": not problems,
    }
    with open(out / "comparison.json", "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=2)
        f.write("\n")

    status_text = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items(), key=str))
    print(f"compare: {identical}/{len(lines)} records identical (ignoring "
          f"{', '.join(TIMING_FIELDS)}); statuses: {status_text}")
    if problems:
        for p in problems:
            print(f"DIFFER:  {p}")
        for d in differing[:10]:
            print(f"         {d['id']}: {', '.join(d['fields'])}")
        return 1
    print("EQUAL:   Spark (RDD.pipe) and a single tripmap process give the same answers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
