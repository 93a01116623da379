#!/usr/bin/env bash
# The load benchmark. `bench/run.sh` (quick, a few minutes), `bench/run.sh compare` (one run of 15 s per
# scenario after a 10 s warm-up: for A/B checks of a change) or `bench/run.sh full` (the figures we quote: 15 s of warm-up, then 3 runs
# of 20 s per scenario, medians). Each peak (wrk, closed-loop) is followed by the same requests at a constant 70%
# of it (RateDriver, open-loop) for the latency target. Builds the server jar a user runs and the benchmark jar,
# installs wrk from Debian's packages if missing, and writes bench/results/<time>-<mode>/results.md and results.png
# (with the raw logs beside them, which bench/results/.gitignore keeps out of git). See docs/performance.md.
# BENCH_SCENARIOS=startup,bearer,refresh,exchange,flow,ops,webhooks picks scenarios (all when unset; ops: the bearer and
# refresh peaks of two servers side by side, taking turns, one with the access log, metrics and a health probe, one
# without, and their ratio); BENCH_SERVER_JVM_EXTRA
# adds JVM options to every server (a profiler, say).
# Set BENCH_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/switchback_bench) to run on PostgreSQL too;
# that database is dropped and created for every run (and, by the ops scenario, one beside it named <name>_ops_off).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
mvn -B -q -Pbench -DskipTests package
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)-$mode"
java -Dbench.lua=bench/lua -Dbench.launcher=./switchback -cp bench/target/benchmarks.jar dev.switchback.bench.LoadBench "$mode" \
  switchback-cli/target/switchback.jar "$out" ${BENCH_POSTGRES_URL:-}

# The webhooks scenario (docs/performance.md#bench-webhooks) runs in one process of its own; its rows go at the end
# of results.md.
if [[ -z "${BENCH_SCENARIOS:-}" || ",${BENCH_SCENARIOS}," == *",webhooks,"* ]]; then
  webhooks=("")
  [[ -n "${BENCH_POSTGRES_URL:-}" ]] && webhooks+=("$BENCH_POSTGRES_URL")
  {
    printf '\n## Webhooks\n\n%s\n%s\n' "| scenario | peak | commit to delivery at 70% of the peak |" "| --- | ---: | --- |"
    for url in "${webhooks[@]}"; do
      java -cp bench/target/benchmarks.jar dev.switchback.bench.WebhookBench ${url:+"$url"} | grep '^| webhooks'
    done
  } >> "$out/results.md"
  echo "Webhooks: $(grep -c '^| webhooks' "$out/results.md") row(s) added to $out/results.md"
fi
