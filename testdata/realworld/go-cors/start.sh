#!/bin/sh
cd "$(dirname "$0")/../_go" && exec go run ./cmd/cors
