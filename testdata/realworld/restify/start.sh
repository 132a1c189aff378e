#!/bin/sh
# Serves the restify cases on 127.0.0.1:18141. To record again:
# (cd ../_node/app && node restify.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/restify -base http://127.0.0.1:18141
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node restify.js
