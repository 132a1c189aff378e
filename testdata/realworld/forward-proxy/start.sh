#!/bin/sh
# Serves the forward-proxy cases on 127.0.0.1:18115 (proxy) and :18116 (proxy-chain), with an origin on :18117. To record again:
# (cd ../_node/app && node forward-proxy.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/forward-proxy -base http://127.0.0.1:18115
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node forward-proxy.js
