#!/usr/bin/env bash
# Runs the SQLite plugin measurements (not a unit test), e.g.:
#   storage-sqlite/bench.sh --dir /tmp/vmledger-sqlite-bench --vms 15000 --days 14 --runs 7
#   storage-sqlite/bench.sh layouts --dir /tmp/vmledger-layouts     (compares hourly table layouts)
#   storage-sqlite/bench.sh rollups --file STORE.db --month 2026-01   (monthly read and period writers on
#       an existing store, e.g. a copy of benchmarks/target/aggregation-bench-data/aggregation-bench.db)
# The store is built once in --dir and reused by later runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
main=io.vmledger.storage.sqlite.perf.SqliteCaptureBench
if [[ "${1:-}" == "layouts" ]]; then
    main=io.vmledger.storage.sqlite.perf.HourlyLayoutBench
    shift
elif [[ "${1:-}" == "rollups" ]]; then
    main=io.vmledger.storage.sqlite.perf.RollupBench
    shift
fi
cd "$here/.."
mvn -B -q -o -pl storage-sqlite test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="$here/target/classes:$here/target/test-classes:$(cat "$here/target/bench.classpath")"
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$cp" "$main" "$@"
