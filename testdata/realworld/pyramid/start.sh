#!/bin/sh
# Pyramid under waitress, both from Debian, on 127.0.0.1:18050.
flock /tmp/apt.lock apt-get install -y -q python3-pyramid python3-waitress >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
