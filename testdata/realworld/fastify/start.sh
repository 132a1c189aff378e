#!/bin/sh
# Serves the fastify cases on 127.0.0.1:18111. To record again:
# (cd ../_node/app && node fastify.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/fastify -base http://127.0.0.1:18111
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node fastify.js
