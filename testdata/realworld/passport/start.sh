#!/bin/sh
# Serves the passport cases on 127.0.0.1:18103. To record again:
# (cd ../_node/app && node passport.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/passport -base http://127.0.0.1:18103
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node passport.js
