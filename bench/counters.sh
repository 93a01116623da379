#!/usr/bin/env bash
# Measures what counting one API request costs in each rate-limit store (memory, PostgreSQL, Redis),
# with 8 threads, so the shared store can be chosen by measurement. Prints JMH's table.
# Needs PostgreSQL (database switchback_bench is created if missing) and Redis on their usual ports.
set -euo pipefail
cd "$(dirname "$0")/.."
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'switchback_bench'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE switchback_bench"
mvn -B -q -Pbench -pl bench -am package -DskipTests
java -jar bench/target/benchmarks.jar UsageCountersBenchmark -t "${THREADS:-8}" -f 1 -wi 2 -w 5s -i 3 -r 10s "$@"
