#!/bin/sh
# Serves the oauth2-server cases on 127.0.0.1:18112. To record again:
# (cd ../_node/app && node oauth2-server.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/oauth2-server -base http://127.0.0.1:18112
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node oauth2-server.js
