#!/bin/sh
# Serves the fastify-http-proxy cases on 127.0.0.1:18128 (with upstreams on :18130). To record again:
# (cd ../_node/app && node fastify-http-proxy.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/fastify-http-proxy -base http://127.0.0.1:18128
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node fastify-http-proxy.js
