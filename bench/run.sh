#!/usr/bin/env bash
# The load benchmark. `bench/run.sh` (quick, under a minute) or `bench/run.sh full` (the figures we quote:
# 3 runs of 20 s per scenario, medians). Builds the server jar a user runs and the benchmark jar, installs
# wrk from Debian's packages if missing, and writes bench/results/<time>/results.md and results.png.
# Set BENCH_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/switchback_bench) to run on PostgreSQL too;
# that database is dropped and created for every run.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
mvn -B -q -Pbench -DskipTests package
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)-$mode"
java -Dbench.lua=bench/lua -cp bench/target/benchmarks.jar dev.switchback.bench.LoadBench "$mode" \
  switchback-cli/target/switchback.jar "$out" ${BENCH_POSTGRES_URL:-}
