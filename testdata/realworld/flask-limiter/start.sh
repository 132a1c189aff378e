#!/bin/sh
# Flask-Limiter from Debian on 127.0.0.1:18015 (limits reset on restart).
flock /tmp/apt.lock apt-get install -y -q python3-flask python3-flask-limiter >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
