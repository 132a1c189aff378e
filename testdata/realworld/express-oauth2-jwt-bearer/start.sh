#!/bin/sh
# Serves the express-oauth2-jwt-bearer cases on 127.0.0.1:18120 (development) and :18121 (production). To record again:
# (cd ../_node/app && node express-oauth2-jwt-bearer.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/express-oauth2-jwt-bearer -base http://127.0.0.1:18120
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node express-oauth2-jwt-bearer.js
