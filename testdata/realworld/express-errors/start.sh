#!/bin/sh
# Serves the express-errors cases on 127.0.0.1:18106 (development) and :18107 (production). To record again:
# (cd ../_node/app && node express-errors.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/express-errors -base http://127.0.0.1:18106
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node express-errors.js
