#!/bin/sh
# Serves the koa-ratelimit cases on 127.0.0.1:18136. To record again:
# (cd ../_node/app && node koa-ratelimit.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/koa-ratelimit -base http://127.0.0.1:18136
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node koa-ratelimit.js
