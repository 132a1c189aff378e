#!/bin/sh
# Serves the express-jwt cases on 127.0.0.1:18101 (development) and :18102
# (production). To record again: (cd ../_node/app && node express-jwt.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/express-jwt -base http://127.0.0.1:18101
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node express-jwt.js
