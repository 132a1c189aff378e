#!/bin/sh
# Serves the hapi-jwt cases on 127.0.0.1:18132. To record again:
# (cd ../_node/app && node hapi-jwt.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/hapi-jwt -base http://127.0.0.1:18132
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node hapi-jwt.js
