#!/bin/sh
# Serves the express-jwt-permissions cases on 127.0.0.1:18131. To record again:
# (cd ../_node/app && node express-jwt-permissions.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/express-jwt-permissions -base http://127.0.0.1:18131
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node express-jwt-permissions.js
