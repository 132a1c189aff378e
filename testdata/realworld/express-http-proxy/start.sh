#!/bin/sh
# Serves the express-http-proxy cases on 127.0.0.1:18133 (with an upstream on :18134). To record again:
# (cd ../_node/app && node express-http-proxy.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/express-http-proxy -base http://127.0.0.1:18133
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node express-http-proxy.js
