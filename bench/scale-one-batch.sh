#!/bin/bash
# Scale of one batch (issue #12): 1,000,000 `noop` jobs uploaded as a JSON-lines file through submitBatchFile to a
# real server process (apps/api/src/main.ts, as `npm start` runs it); the server's RSS is sampled every 200 ms until
# the batch ends. Prints the submit call's time, the wall time to the batch's end, the peak RSS and the RSS 2 s after.
# Not part of `npm run bench`: one run takes 40-60 s on the 2-core host. Usage: bench/scale-one-batch.sh [items]
# Env: PORT (default 4927), WORK (scratch directory, default /tmp/switchyard-scale), NODEFLAGS (extra node flags).
set -euo pipefail
N=${1:-1000000}
PORT=${PORT:-4927}
WORK=${WORK:-/tmp/switchyard-scale}
cd "$(dirname "$0")/.."
rm -rf "$WORK/db"; mkdir -p "$WORK/db"
ITEMS="$WORK/items-$N.jsonl"
[ -f "$ITEMS" ] || node -e "process.stdout.write('{}\n'.repeat($N))" > "$ITEMS"
PORT=$PORT SWITCHYARD_DB="$WORK/db/s.sqlite" SWITCHYARD_MAX_BATCH=$N node ${NODEFLAGS:-} --import tsx apps/api/src/main.ts > "$WORK/server.log" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.2; done
ps -o rss= -p $SPID | awk '{print "rss idle", $1/1024, "MB"}'
( while kill -0 $SPID 2>/dev/null; do ps -o rss= -p $SPID || true; sleep 0.2; done ) > "$WORK/rss.txt" &
T0=$(date +%s.%N)
SUBMIT=$(curl -s -o "$WORK/submit.json" -w '%{time_total}' "http://127.0.0.1:$PORT/graphql" -H 'x-graphql-yoga-csrf: 1' \
  -F operations='{"query":"mutation($input: SubmitBatchFileInput!, $file: File!){ submitBatchFile(input:$input, file:$file){ __typename ... on SubmitBatchSuccess { batch { id } } ... on Error { message } } }","variables":{"input":{"task":"noop","tag":"IO","format":"JSONL"},"file":null}}' \
  -F map='{"0":["variables.file"]}' -F 0=@"$ITEMS")
echo "submit answered in $SUBMIT s"
ID=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$WORK/submit.json')).data.submitBatchFile.batch.id)")
while true; do
  S=$(curl -s "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' -d "{\"query\":\"{ batch(id: \\\"$ID\\\") { status counts { succeeded queued } } }\"}")
  echo "$S" | grep -q '"status":"SUCCEEDED"\|"status":"FAILED"\|"status":"CANCELLED"' && break
  sleep 1
done
T1=$(date +%s.%N)
echo "$S"
echo "wall $(echo "$T1 - $T0" | bc) s"
sleep 2
ps -o rss= -p $SPID | awk '{print "rss after", $1/1024, "MB"}'
kill $SPID; wait $SPID 2>/dev/null || true
trap - EXIT
sort -n "$WORK/rss.txt" | tail -1 | awk '{print "peak rss", $1/1024, "MB"}'
