#!/bin/sh
# Flask-Security from Debian on 127.0.0.1:18028 (in-memory SQLite, users made at start).
flock /tmp/apt.lock apt-get install -y -q python3-flask-security python3-flask-sqlalchemy >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
