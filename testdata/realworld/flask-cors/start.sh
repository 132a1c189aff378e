#!/bin/sh
# Flask-CORS from Debian on 127.0.0.1:18024.
flock /tmp/apt.lock apt-get install -y -q python3-flask python3-flask-cors >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
