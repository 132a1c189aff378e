#!/bin/sh
# Serves the express-rate-limit cases on 127.0.0.1:18105. To record again:
# (cd ../_node/app && node express-rate-limit.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/express-rate-limit -base http://127.0.0.1:18105
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node express-rate-limit.js
