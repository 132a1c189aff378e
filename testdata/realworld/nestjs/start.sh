#!/bin/sh
# Serves the nestjs cases on 127.0.0.1:18122. To record again:
# (cd ../_node/app && node nestjs.js cases)
# then go run ./testdata/realworld/record -dir testdata/realworld/nestjs -base http://127.0.0.1:18122
cd "$(dirname "$0")/../_node/app" && npm ci --no-audit --no-fund && exec node nestjs.js
