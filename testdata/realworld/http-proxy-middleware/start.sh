#!/bin/sh
# Serves the http-proxy-middleware cases on 127.0.0.1:18113 (with upstreams on :18114). To record again:
# (cd ../_node/app && node http-proxy-middleware.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/http-proxy-middleware -base http://127.0.0.1:18113
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node http-proxy-middleware.js
