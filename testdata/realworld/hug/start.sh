#!/bin/sh
# hug (on Falcon) under waitress, from Debian, on 127.0.0.1:18035.
flock /tmp/apt.lock apt-get install -y -q python3-hug python3-waitress python3-jwt >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
