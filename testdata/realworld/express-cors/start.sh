#!/bin/sh
# Serves the cors cases on 127.0.0.1:18123. To record again:
# (cd ../_node/app && node cors.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/express-cors -base http://127.0.0.1:18123
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node cors.js
