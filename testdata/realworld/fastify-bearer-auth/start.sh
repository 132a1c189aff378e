#!/bin/sh
# Serves the fastify-bearer-auth cases on 127.0.0.1:18127. To record again:
# (cd ../_node/app && node fastify-bearer-auth.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/fastify-bearer-auth -base http://127.0.0.1:18127
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node fastify-bearer-auth.js
