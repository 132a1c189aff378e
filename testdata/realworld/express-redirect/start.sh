#!/bin/sh
# Serves the express-redirect cases on 127.0.0.1:18124, with targets on localhost:18125 and 127.0.0.1:18126. To record again:
# (cd ../_node/app && node express-redirect.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/express-redirect -base http://127.0.0.1:18124
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node express-redirect.js
