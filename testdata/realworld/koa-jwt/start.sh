#!/bin/sh
# Serves the koa-jwt cases on 127.0.0.1:18108 and :18109 (README 401 handler). To record again:
# (cd ../_node/app && node koa-jwt.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/koa-jwt -base http://127.0.0.1:18108
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node koa-jwt.js
