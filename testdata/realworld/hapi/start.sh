#!/bin/sh
# Serves the hapi cases on 127.0.0.1:18110. To record again:
# (cd ../_node/app && node hapi.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/hapi -base http://127.0.0.1:18110
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node hapi.js
