#!/bin/sh
# Serves the hono cases on 127.0.0.1:18140. To record again:
# (cd ../_node/app && node hono.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/hono -base http://127.0.0.1:18140
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node hono.js
