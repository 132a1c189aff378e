#!/bin/sh
# Falcon under waitress, both from Debian, on 127.0.0.1:18080.
flock /tmp/apt.lock apt-get install -y -q python3-falcon python3-waitress python3-jwt >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
