#!/bin/sh
# Authlib (Flask integration) from Debian on 127.0.0.1:18090.
flock /tmp/apt.lock apt-get install -y -q python3-authlib python3-flask >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
