#!/bin/sh
# Flask-HTTPAuth from Debian on 127.0.0.1:18000.
flock /tmp/apt.lock apt-get install -y -q python3-flask python3-flask-httpauth >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
