#!/bin/sh
# Flask-Login from Debian on 127.0.0.1:18026 ("localhost" must resolve to 127.0.0.1).
flock /tmp/apt.lock apt-get install -y -q python3-flask python3-flask-login >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
