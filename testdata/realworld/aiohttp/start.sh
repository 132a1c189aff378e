#!/bin/sh
# aiohttp from Debian on 127.0.0.1:18040. Nothing may listen on :18099.
flock /tmp/apt.lock apt-get install -y -q python3-aiohttp >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
