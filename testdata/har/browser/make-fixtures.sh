#!/usr/bin/env bash
# Makes testdata/har/chromium-lab.har with Debian's chromium and
# playwright-core against a lab started here on a free loopback port.
#   apt-get install chromium; (cd testdata/har/browser && npm install)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../.."
port="${PORT:-18431}"
(cd "$root" && go build -o "$here/.authlens" .)
"$here/.authlens" lab --addr "127.0.0.1:$port" --seed 1 >/dev/null &
lab=$!
trap 'kill $lab; rm -f "$here/.authlens"' EXIT
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
node "$here/record.mjs" "http://127.0.0.1:$port" "$here/../chromium-lab.har"
