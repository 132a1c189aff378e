#!/bin/sh
# Serves the express-basic-auth cases on 127.0.0.1:18104. To record again:
# (cd ../_node/app && node express-basic-auth.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/express-basic-auth -base http://127.0.0.1:18104
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node express-basic-auth.js
